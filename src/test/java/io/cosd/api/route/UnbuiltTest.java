package io.cosd.api.route;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both lists of what cosd recognises but does not build, as tables (docs/unbuilt.md): every
 * sub-resource of {@link Router#UNSUPPORTED} routes to its own operation (501), and every unbuilt header is refused on
 * the operations where it would change a write's meaning, with the deliberate exceptions accepted.
 */
class UnbuiltTest {
    static Stream<String> unsupportedSubresources() {
        return Router.UNSUPPORTED.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "?{0} on a bucket and on an object is unsupported (501)")
    @MethodSource("unsupportedSubresources")
    void everyRecognisedButUnbuiltSubresourceIsNotImplemented(String sub) {
        Operation own = Router.UNSUPPORTED.get(sub);
        assertThat(Router.route("GET", "b-1", null, QueryParams.parse(sub), false)).isEqualTo(own);
        assertThat(Router.route("PUT", "b-1", "k", QueryParams.parse(sub + "="), false)).isEqualTo(own);
        // the Dispatcher answers every UNSUPPORTED_* constant 501 NotImplemented (UnsupportedSubresourcesE2eTest)
        assertThat(own.name()).startsWith("UNSUPPORTED_");
    }

    @org.junit.jupiter.api.Test
    void everyUnbuiltSubresourceHasItsOwnOperationSoMetricsAndLogsCanNameIt() {
        assertThat(Set.copyOf(Router.UNSUPPORTED.values())).hasSize(Router.UNSUPPORTED.size());
        var unsupported = Arrays.stream(Operation.values()).filter(o -> o.name().startsWith("UNSUPPORTED_")).toList();
        assertThat(unsupported).containsExactlyInAnyOrderElementsOf(Router.UNSUPPORTED.values());
    }

    @ParameterizedTest(name = "{0} with {1}: {2} is refused as {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // server-side encryption: SSE-KMS and SSE headers where S3 takes none (SSE-S3 and SSE-C are built, SSE-9)
            "PUT_OBJECT                | x-amz-server-side-encryption                    | aws:kms             | SSE-KMS",
            "PUT_OBJECT                | x-cos-server-side-encryption                    | cos/kms             | SSE-KMS",
            "PUT_OBJECT                | x-amz-server-side-encryption-aws-kms-key-id     | k                   | SSE-KMS",
            "PUT_OBJECT                | x-amz-server-side-encryption-bucket-key-enabled | true                | SSE-KMS",
            "PUT_OBJECT                | x-amz-server-side-encryption-context            | e30=                | SSE-KMS",
            "PUT_OBJECT_TAGGING        | x-amz-server-side-encryption                    | AES256              | server-side encryption on PUT_OBJECT_TAGGING",
            "PUT_OBJECT_TAGGING        | x-cos-server-side-encryption-customer-key       | a2V5                | SSE-C keys on PUT_OBJECT_TAGGING",
            "PUT_OBJECT                | x-amz-copy-source-server-side-encryption-customer-key | a2V5          | SSE-C keys on PUT_OBJECT",
            "CREATE_BUCKET             | x-cos-server-side-encryption                    | AES256              | server-side encryption on CREATE_BUCKET",
            "INITIATE_MULTIPART_UPLOAD | X-Amz-Server-Side-Encryption                    | aws:kms             | SSE-KMS",
            // object lock
            // object lock: built where a version is written (LOCK-2) and on CreateBucket (LOCK-1); refused elsewhere
            "POST_OBJECT               | x-amz-object-lock-token                         | t                   | object lock",
            "UPLOAD_PART               | x-amz-object-lock-retain-until-date             | 2030-01-01T00:00:00Z | object lock",
            "PUT_OBJECT_TAGGING        | x-amz-object-lock-legal-hold                    | ON                  | object lock",
            "PUT_OBJECT                | x-amz-object-lock-token                         | t                   | object lock",
            "PUT_BUCKET_ACL            | x-amz-bucket-object-lock-enabled                | true                | object lock",
            "PUT_BUCKET_VERSIONING     | x-cos-bucket-object-lock-enabled                | true                | object lock",
            // ACLs: applied on CreateBucket, PutObject, Copy, InitiateMultipartUpload and PUT ?acl (docs/acl.md); refused elsewhere
            "UPLOAD_PART               | x-amz-acl                                       | public-read         | canned ACL public-read",
            "PUT_OBJECT_TAGGING        | x-cos-acl                                       | public-read-write   | canned ACL public-read-write",
            "COMPLETE_MULTIPART_UPLOAD | x-cos-grant-read                                | uin=\"1\"           | ACL grants",
            "PUT_OBJECT_TAGGING        | x-amz-grant-read                                | id=123              | ACL grants",
            "GET_OBJECT                | x-amz-grant-write-acl                           | id=123              | ACL grants",
            "PUT_OBJECT                | x-amz-object-ownership                          | BucketOwnerEnforced | object ownership BucketOwnerEnforced",
            // even ObjectWriter: in a bucket with controls the write would not get what it asked for
            "PUT_OBJECT                | x-amz-object-ownership                          | ObjectWriter        | object ownership ObjectWriter",
            "COPY_OBJECT               | x-amz-object-ownership                          | ObjectWriter        | object ownership ObjectWriter",
            "PUT_BUCKET_ACL            | x-amz-object-ownership                          | ObjectWriter        | object ownership ObjectWriter",
            // other write semantics cosd would silently drop
            "PUT_OBJECT                | x-amz-website-redirect-location                 | /other              | website redirects",
            "PUT_OBJECT                | x-cos-website-redirect-location                 | /other              | website redirects",
            // expected-owner checks are built where S3 takes them (api/core/ExpectedOwner), refused elsewhere
            "CREATE_BUCKET             | x-amz-expected-bucket-owner                     | 123456789012        | expected bucket owner checks",
            "POST_OBJECT               | x-amz-expected-bucket-owner                     | 123456789012        | expected bucket owner checks",
            "LIST_BUCKETS              | x-amz-expected-bucket-owner                     | 123456789012        | expected bucket owner checks",
            "PUT_OBJECT                | x-amz-source-expected-bucket-owner              | 123456789012        | expected bucket owner checks",
            "DELETE_OBJECT             | x-amz-mfa                                       | 123 456             | MFA delete",
            "PUT_OBJECT                | x-amz-write-offset-bytes                        | 0                   | appends",
            "PUT_OBJECT                | x-cos-forbid-overwrite                          | true                | create-only writes",
            "PUT_OBJECT                | Pic-Operations                                  | {\"is_pic_info\":1}  | image processing on upload",
            // POST Object's conditional headers are not built (PutObject, Copy and Complete build them: OBJ-CW1)
            "DELETE_OBJECT             | x-amz-if-match-initiated-time                   | Wed, 01 Jan 2025 00:00:00 GMT | conditional deletes",
            "ABORT_MULTIPART_UPLOAD    | x-amz-if-match-initiated-time                   | Wed, 01 Jan 2025 00:00:00 GMT | conditional aborts",
            // checksums cosd cannot verify
            "PUT_OBJECT                | x-amz-checksum-xxhash64                         | AAAAAAAAAAA=        | checksum xxhash64",
            "PUT_OBJECT                | x-amz-sdk-checksum-algorithm                    | XXHASH3             | checksum algorithm XXHASH3",
            "PUT_OBJECT                | x-amz-trailer                                   | x-amz-checksum-sha512 | trailing checksum x-amz-checksum-sha512",
            "PUT_OBJECT                | x-amz-checksum-type                             | FULL_OBJECT         | full-object checksums",
            "COPY_OBJECT               | x-amz-checksum-crc32                            | AAAAAA==            | full-object checksums",
            "UPLOAD_PART_COPY          | x-amz-checksum-sha256                           | AAAA                | full-object checksums",
    })
    void aHeaderAskingForSomethingUnbuiltIsRefusedNamingIt(Operation op, String header, String value, String feature) {
        assertThat(UnbuiltHeaders.refusal(op, List.of(Map.entry("Host", "h"), Map.entry(header, value))))
                .hasValueSatisfying(m -> assertThat(m).contains(header.toLowerCase(Locale.ROOT)).contains("(" + feature + ";")
                        .startsWith("A header you provided implies functionality that is not implemented"));
    }

    @ParameterizedTest(name = "{0} with {1}: {2} is built (SSE-9)")
    @CsvSource(delimiter = '|', value = {
            "PUT_OBJECT                | x-amz-server-side-encryption                          | AES256",
            "PUT_OBJECT                | x-cos-server-side-encryption                          | AES256",
            "COPY_OBJECT               | x-amz-server-side-encryption                          | AES256",
            "PUT_OBJECT                | x-amz-server-side-encryption                          | bogus",
            "PUT_OBJECT                | x-amz-server-side-encryption-customer-algorithm       | AES256",
            "GET_OBJECT                | x-cos-server-side-encryption-customer-key             | a2V5",
            "HEAD_OBJECT               | x-amz-server-side-encryption-customer-key-MD5         | a2V5",
            "GET_OBJECT_ATTRIBUTES     | x-amz-server-side-encryption-customer-key             | a2V5",
            "POST_OBJECT               | x-amz-server-side-encryption                          | AES256",
            "UPLOAD_PART               | x-amz-server-side-encryption-customer-algorithm       | AES256",
            "UPLOAD_PART_COPY          | x-amz-copy-source-server-side-encryption-customer-key | a2V5",
            "COPY_OBJECT               | x-amz-copy-source-server-side-encryption-customer-key | a2V5",
    })
    void encryptionHeadersAreBuiltWhereS3TakesThem_SSE_9(Operation op, String header, String value) {
        assertThat(UnbuiltHeaders.refusal(op, List.of(Map.entry(header, value)))).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void withAKeyServiceSseKmsIsBuiltOnWritesButTheBucketKeyIsNot_SSE_16() {
        var kms = List.of(Map.entry("x-amz-server-side-encryption", "aws:kms"), Map.entry("x-amz-server-side-encryption-aws-kms-key-id", "k"),
                Map.entry("x-amz-server-side-encryption-context", "e30="));
        assertThat(UnbuiltHeaders.refusal(Operation.PUT_OBJECT, kms, true)).isEmpty();
        assertThat(UnbuiltHeaders.refusal(Operation.INITIATE_MULTIPART_UPLOAD, List.of(Map.entry("x-cos-server-side-encryption", "cos/kms"),
                Map.entry("x-cos-server-side-encryption-cos-kms-key-id", "k")), true)).isEmpty();
        assertThat(UnbuiltHeaders.refusal(Operation.PUT_OBJECT, kms, false)).hasValueSatisfying(m -> assertThat(m).contains("SSE-KMS"));
        assertThat(UnbuiltHeaders.refusal(Operation.PUT_OBJECT, List.of(Map.entry("x-amz-server-side-encryption-bucket-key-enabled", "true")), true))
                .isPresent();
        assertThat(UnbuiltHeaders.refusal(Operation.DELETE_OBJECT, List.of(Map.entry("x-amz-server-side-encryption-aws-kms-key-id", "k")), true))
                .isPresent();
    }

    @ParameterizedTest(name = "{0} {1} with {2}: refused {3}")
    @CsvSource(delimiter = '|', value = {
            // conditions a write or delete does not evaluate are refused, never ignored
            "PUT_OBJECT                | PUT    | If-Unmodified-Since | true",
            "PUT_OBJECT                | PUT    | If-Modified-Since   | true",
            "COPY_OBJECT               | PUT    | If-Unmodified-Since | true",
            "COMPLETE_MULTIPART_UPLOAD | POST   | if-modified-since   | true",
            "DELETE_OBJECT             | DELETE | If-Unmodified-Since | true",
            "DELETE_OBJECT             | DELETE | If-None-Match       | true",
            "PUT_OBJECT_TAGGING        | PUT    | If-Match            | true",
            "PUT_OBJECT_TAGGING        | PUT    | If-None-Match       | true",
            "DELETE_OBJECTS            | POST   | If-Match            | true",
            "PUT_BUCKET_TAGGING        | PUT    | If-Unmodified-Since | true",
            "UPLOAD_PART               | PUT    | If-Match            | true",
            // a POST form's headers are not its fields; S3 takes no write condition on a part or an initiation
            "POST_OBJECT               | POST   | If-None-Match       | true",
            "UPLOAD_PART               | PUT    | If-None-Match       | true",
            "UPLOAD_PART_COPY          | PUT    | If-Match            | true",
            "INITIATE_MULTIPART_UPLOAD | POST   | If-None-Match       | true",
            // the ones the operation evaluates (OBJ-CW1, OBJ-CD1)
            "PUT_OBJECT                | PUT    | If-Match            | false",
            "PUT_OBJECT                | PUT    | If-None-Match       | false",
            "COPY_OBJECT               | PUT    | If-None-Match       | false",
            "COMPLETE_MULTIPART_UPLOAD | POST   | If-Match            | false",
            "DELETE_OBJECT             | DELETE | If-Match            | false",
            // reads keep their read conditionals (browsers send them everywhere)
            "GET_OBJECT                | GET    | If-Modified-Since   | false",
            "HEAD_OBJECT               | HEAD   | If-None-Match       | false",
            "GET_OBJECT_TAGGING        | GET    | If-Match            | false",
            "LIST_OBJECTS              | GET    | If-Unmodified-Since | false",
            // not a conditional
            "PUT_OBJECT                | PUT    | If-Range            | false",
    })
    void aConditionalAWriteDoesNotEvaluateIsRefusedWhileReadsKeepTheirs_UB_1(Operation op, String method, String header, boolean refused) {
        var m = UnbuiltHeaders.conditionRefusal(op, method.trim(), List.of(Map.entry("Host", "h"), Map.entry(header, "x")));
        assertThat(m.isPresent()).isEqualTo(refused);
        m.ifPresent(t -> assertThat(t).contains(header.toLowerCase(Locale.ROOT))
                .startsWith("A header you provided implies functionality that is not implemented"));
    }

    @ParameterizedTest(name = "{0} with {1}: {2} is left to the ACL code")
    @CsvSource(delimiter = '|', value = {
            "PUT_OBJECT     | x-amz-acl                | public-read",
            "PUT_OBJECT     | x-cos-acl                | public-read-write",
            "CREATE_BUCKET  | x-cos-acl                | public-read",
            "CREATE_BUCKET  | x-amz-acl                | authenticated-read",
            "COPY_OBJECT    | x-amz-acl                | bucket-owner-full-control",
            "PUT_OBJECT     | x-amz-acl                | Private",
            "PUT_OBJECT     | x-amz-grant-read         | id=123",
            "CREATE_BUCKET  | x-cos-grant-full-control | id=\"100000000011\"",
            "PUT_BUCKET_ACL | x-amz-grant-write-acp    | uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"",
            "PUT_OBJECT_ACL | x-cos-acl                | default",
            "INITIATE_MULTIPART_UPLOAD | x-amz-acl     | public-read",
            "INITIATE_MULTIPART_UPLOAD | x-cos-grant-read | uin=\"1\"",
            // POST Object's form fields, checked through this table as headers (PostObjectHandler.refuseUnbuilt)
            "POST_OBJECT    | x-cos-acl                | public-read",
            "POST_OBJECT    | x-amz-grant-read         | uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"",
            // a grant name none of the five: AclHeaders refuses it 400 InvalidArgument naming it (ACL-H4, AclHeadersTest)
            "PUT_OBJECT     | x-amz-grant-write-acl    | id=123",
            "POST_OBJECT    | x-cos-grant-fullcontrol  | id=123",
    })
    void aCannedAclOrGrantOnAnOperationThatAppliesItIsNotRefusedHereUB1(Operation op, String header, String value) {
        // Validated, and refused with the exact S3 error if bad, by api/acl/AclHeaders (ACL-C1, ACL-H1).
        assertThat(UnbuiltHeaders.refusal(op, List.of(Map.entry(header, value)))).isEmpty();
    }

    @ParameterizedTest(name = "{0} with {1}: {2} is accepted")
    @CsvSource(delimiter = '|', value = {
            "GET_OBJECT                | x-amz-expected-bucket-owner        | 123456789012",
            "LIST_OBJECTS              | x-amz-expected-bucket-owner        | 123456789012",
            "COPY_OBJECT               | x-amz-source-expected-bucket-owner | 123456789012",
            "UPLOAD_PART_COPY          | x-amz-source-expected-bucket-owner | 123456789012",
            // what cosd does anyway: private, owner-enforced, no lock (rclone sends x-amz-acl: private)
            "PUT_OBJECT                | x-amz-acl                        | private",
            "PUT_OBJECT                | x-cos-acl                        | private",
            "PUT_OBJECT                | x-cos-acl                        | default",
            "CREATE_BUCKET             | x-amz-acl                        | private",
            "CREATE_BUCKET             | x-amz-bucket-object-lock-enabled | false",
            "CREATE_BUCKET             | x-amz-object-ownership           | ObjectWriter",
            // object lock is built on CreateBucket and where versions are written (docs/object-lock.md, LOCK-1, LOCK-2)
            "CREATE_BUCKET             | x-amz-bucket-object-lock-enabled | true",
            "CREATE_BUCKET             | x-cos-bucket-object-lock-enabled | true",
            "PUT_OBJECT                | x-amz-object-lock-mode           | GOVERNANCE",
            "PUT_OBJECT                | x-amz-object-lock-retain-until-date | 2030-01-01T00:00:00Z",
            "COPY_OBJECT               | x-cos-object-lock-mode           | COMPLIANCE",
            "INITIATE_MULTIPART_UPLOAD | x-amz-object-lock-legal-hold     | ON",
            "POST_OBJECT               | x-amz-object-lock-mode           | GOVERNANCE",
            // built on CreateBucket (docs/acl.md "Object Ownership", ACL-O2)
            "CREATE_BUCKET             | x-amz-object-ownership           | BucketOwnerEnforced",
            "CREATE_BUCKET             | x-amz-object-ownership           | BucketOwnerPreferred",
            // tags at creation are built (api/bucket/TaggingHeader, BT-6)
            "CREATE_BUCKET             | x-cos-tagging                    | team=secops",
            "CREATE_BUCKET             | x-amz-tagging                    | a=1&b=2",
            "PUT_OBJECT                | x-cos-forbid-overwrite           | false",
            // reads keep their conditionals; copy-source conditions are built
            "GET_OBJECT                | If-None-Match                    | \"abc\"",
            "HEAD_OBJECT               | If-Match                         | \"abc\"",
            "COPY_OBJECT               | x-amz-copy-source-if-none-match  | \"abc\"",
            "UPLOAD_PART_COPY          | x-cos-copy-source-if-match       | \"abc\"",
            // conditional writes and deletes are built (OBJ-CW1, OBJ-CD1); their values are read by api/object/WriteConditions
            "PUT_OBJECT                | If-None-Match                    | *",
            "PUT_OBJECT                | If-Match                         | \"abc\"",
            "COPY_OBJECT               | If-None-Match                    | *",
            "COMPLETE_MULTIPART_UPLOAD | if-none-match                    | *",
            "COMPLETE_MULTIPART_UPLOAD | If-Match                         | \"abc\"",
            "DELETE_OBJECT             | If-Match                         | \"abc\"",
            "DELETE_OBJECT             | x-amz-if-match-size              | 5",
            "DELETE_OBJECT             | x-amz-if-match-last-modified-time | Wed, 01 Jan 2025 00:00:00 GMT",
            // checksums cosd verifies (the AWS SDK v2 default: CRC32 in a trailer, or a header on XML bodies)
            "PUT_OBJECT                | x-amz-sdk-checksum-algorithm     | CRC32",
            "PUT_OBJECT                | x-amz-trailer                    | x-amz-checksum-crc32",
            "PUT_OBJECT                | x-amz-trailer                    | x-amz-checksum-crc64nvme",
            "UPLOAD_PART               | x-amz-checksum-crc64nvme         | AAAAAAAAAAA=",
            "DELETE_OBJECTS            | x-amz-checksum-crc32             | n7NJGg==",
            "PUT_BUCKET_CORS           | x-amz-checksum-sha256            | AAAA",
            "INITIATE_MULTIPART_UPLOAD | x-amz-checksum-algorithm         | SHA1",
            "INITIATE_MULTIPART_UPLOAD | x-amz-checksum-type              | COMPOSITE",
            // the upload's type and the object's checksum at completion are built (docs/checksums.md, OBJ-K5, OBJ-K8)
            "INITIATE_MULTIPART_UPLOAD | x-amz-checksum-type              | FULL_OBJECT",
            "COMPLETE_MULTIPART_UPLOAD | x-amz-checksum-type              | FULL_OBJECT",
            "COMPLETE_MULTIPART_UPLOAD | x-amz-checksum-crc32             | AAAAAA==",
            "GET_OBJECT                | x-amz-checksum-mode              | ENABLED",
            // built headers and plain ones
            "PUT_OBJECT                | x-cos-storage-class              | ARCHIVE",
            "PUT_OBJECT                | x-amz-request-payer              | requester",
            "PUT_OBJECT                | Content-Type                     | text/plain",
    })
    void whatCosdDoesAnywayIsAccepted(Operation op, String header, String value) {
        assertThat(UnbuiltHeaders.refusal(op, List.of(Map.entry(header, value)))).isEmpty();
    }

    /** The admin endpoints check no expected owner, so the headers asking for one are refused there. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "x-amz-expected-bucket-owner        | expected bucket owner checks",
            "X-Amz-Expected-Bucket-Owner        | expected bucket owner checks",
            "x-amz-source-expected-bucket-owner | expected bucket owner checks",
            "x-amz-checksum-crc32               | checksums on the admin endpoints (x-amz-checksum-crc32)",
            "x-amz-sdk-checksum-algorithm       | checksums on the admin endpoints (x-amz-sdk-checksum-algorithm)",
            "If-None-Match                      | conditional requests on the admin endpoints (if-none-match)",
            "x-amz-if-match-size                | conditional requests on the admin endpoints (x-amz-if-match-size)",
            "x-amz-acl                          | -",
            "Host                               | -",
            "Content-MD5                        | -",
    })
    void anAdminEndpointRefusesTheExpectedBucketOwnerChecksumAndConditionHeadersUB1(String header, String message) {
        assertThat(UnbuiltHeaders.adminRefusal(List.of(Map.entry(header, "123456789012")))).isEqualTo(java.util.Optional.ofNullable(message));
    }

    /**
     * UB-1, SSE-17: S3's dual-layer SSE-KMS ({@code aws:kms:dsse}) is a real value cosd does not build, so a write asking
     * for it is 501 NotImplemented wherever S3 takes an SSE value (PutObject, Copy, InitiateMultipartUpload, POST form
     * fields; PutBucketEncryption's default: EncryptionXml), with or without a key service. Before, it was the
     * handler's 400 "not supported", as for a value S3 does not know. COS has no such value: its header stays 400.
     */
    @ParameterizedTest(name = "{0}: x-amz-server-side-encryption: aws:kms:dsse is 501, with or without a key service")
    @CsvSource({"PUT_OBJECT", "COPY_OBJECT", "INITIATE_MULTIPART_UPLOAD", "POST_OBJECT"})
    void dualLayerSseKmsIsNotImplementedOnEveryWriteThatTakesAnSseValue_SSE_17(Operation op) {
        for (boolean kms : new boolean[] {false, true}) {
            assertThat(UnbuiltHeaders.refusal(op, List.of(Map.entry("X-Amz-Server-Side-Encryption", "aws:kms:dsse")), kms))
                    .hasValueSatisfying(m -> assertThat(m).contains("x-amz-server-side-encryption").contains("aws:kms:dsse"));
            assertThat(UnbuiltHeaders.refusal(op, List.of(Map.entry("x-cos-server-side-encryption", "aws:kms:dsse")), kms)).isEmpty();
        }
    }
}
