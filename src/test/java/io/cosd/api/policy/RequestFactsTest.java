package io.cosd.api.policy;

import io.cosd.api.route.Operation;
import io.cosd.domain.policy.ContextKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request-derived condition keys (docs/spec/semantics.md POL-C9, POL-S9..S12) as tables: which
 * operation carries which value, read by the parsers the writes use, as the write will apply it.
 */
class RequestFactsTest {

    /** Facts for {@code op} with these request headers (names case-insensitive) and no query. */
    static RequestFacts facts(Operation op, String... headerPairs) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headerPairs.length; i += 2) h.put(headerPairs[i], headerPairs[i + 1]);
        return new RequestFacts(op, () -> new ClientAddress.Client("127.0.0.1", false), q -> null, h::get, Map::of);
    }

    static String one(RequestFacts f, ContextKey key, String arg) {
        List<String> v = f.values(key, arg);
        if (v == null) return null;
        assertThat(v).hasSize(1);
        return v.get(0);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "COPY_OBJECT | src-1250000000/public/a.txt | src-1250000000/public/a.txt",
            "COPY_OBJECT | /src-1250000000/public/a.txt | src-1250000000/public/a.txt",
            "COPY_OBJECT | src-1250000000/public/a%20b.txt?versionId=v1 | src-1250000000/public/a b.txt",
            "COPY_OBJECT | src-1250000000/dir%2Fkey | src-1250000000/dir/key",
            "COPY_OBJECT | src-1250000000.cos.ap-guangzhou.myqcloud.com/public/a.txt | src-1250000000/public/a.txt",
            "UPLOAD_PART_COPY | /src-1250000000/k | src-1250000000/k",
            "COPY_OBJECT | src-1250000000.cos-internal.ap-guangzhou.tencentcos.cn/k | src-1250000000/k",
            "COPY_OBJECT | SRC-1250000000.COS.AP-GUANGZHOU.MYQCLOUD.COM/k | src-1250000000/k",
            "COPY_OBJECT | logs.example.cos.ap-guangzhou.myqcloud.com/k | logs.example/k",
            "COPY_OBJECT | a.cos.b.cos.ap-guangzhou.myqcloud.com/k | a.cos.b/k",
            "COPY_OBJECT | src-1250000000 | ",
            "COPY_OBJECT | /src-1250000000/ | ",
            "PUT_OBJECT | src-1250000000/k | ",
            "GET_OBJECT | src-1250000000/k | ",
    })
    void theCopySourceIsBucketSlashDecodedKeyWithoutLeadingSlashOrVersionOnCopiesOnly_POL_S9(Operation op, String header, String want) {
        assertThat(one(facts(op, "x-amz-copy-source", header), ContextKey.COPY_SOURCE, null)).isEqualTo(want);
        assertThat(one(facts(op), ContextKey.COPY_SOURCE, null)).isNull();
    }

    /** A first segment that is not a COS host is the bucket, dots included (an S3-form bucket, --bucket-names s3). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "logs.example/k | logs.example/k",
            "/logs.example/k | logs.example/k",
            "logs.example.com/a/b | logs.example.com/a/b",
            "b-1250000000.cos.local.test/k | b-1250000000.cos.local.test/k",
            "b-1250000000.myqcloud.com/k | b-1250000000.myqcloud.com/k",
            "b.cos.ap-guangzhou.myqcloud.com.evil/k | b.cos.ap-guangzhou.myqcloud.com.evil/k",
    })
    void aDottedFirstSegmentIsTheBucketUnlessItIsACosHost_POL_S9(String header, String want) {
        assertThat(one(facts(Operation.COPY_OBJECT, "x-amz-copy-source", header), ContextKey.COPY_SOURCE, null)).isEqualTo(want);
        assertThat(one(facts(Operation.UPLOAD_PART_COPY, "x-cos-copy-source", header), ContextKey.COPY_SOURCE, null)).isEqualTo(want);
    }

    /** POL-C9: the directive as the copy acts on it, by the copy's own parse (ObjectHeaders.isReplace). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "REPLACE | REPLACE",
            "replace | REPLACE",
            "' Replace ' | REPLACE",
            "Replaced | REPLACE",
            "COPY | COPY",
            "Copy | COPY",
            "' copy' | COPY",
            "Replacement | Replacement",
    })
    void theMetadataDirectiveIsTheOneTheCopyAppliesInEitherDialect_POL_S9(String header, String want) {
        assertThat(one(facts(Operation.COPY_OBJECT, "x-amz-metadata-directive", header), ContextKey.METADATA_DIRECTIVE, null)).isEqualTo(want);
        assertThat(one(facts(Operation.COPY_OBJECT, "x-cos-metadata-directive", header), ContextKey.METADATA_DIRECTIVE, null)).isEqualTo(want);
        assertThat(one(facts(Operation.COPY_OBJECT), ContextKey.METADATA_DIRECTIVE, null)).isNull();
    }

    @Test
    void theCosCopySourceHeaderWinsOverTheS3OneAsInTheCopyItself_POL_S9() {
        var f = facts(Operation.COPY_OBJECT, "x-cos-copy-source", "a-1250000000.cos.ap-guangzhou.myqcloud.com/x", "x-amz-copy-source", "b-1250000000/y");
        assertThat(one(f, ContextKey.COPY_SOURCE, null)).isEqualTo("a-1250000000/x");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "GRANT_READ, grant-read",
            "GRANT_WRITE, grant-write",
            "GRANT_READ_ACP, grant-read-acp",
            "GRANT_WRITE_ACP, grant-write-acp",
            "GRANT_FULL_CONTROL, grant-full-control",
            "SSE, server-side-encryption",
            "SSE_KMS_KEY_ID, server-side-encryption-aws-kms-key-id",
            "SSE_CUSTOMER_ALGORITHM, server-side-encryption-customer-algorithm",
    })
    void headerKeysAreTheHeaderAsSentInEitherDialectAndAbsentWithoutIt_POL_S9_S10_S12(ContextKey key, String suffix) {
        String value = "id=\"100000000001\", Mixed Case";
        assertThat(one(facts(Operation.PUT_OBJECT, "x-amz-" + suffix, value), key, null)).isEqualTo(value);
        assertThat(one(facts(Operation.COPY_OBJECT, "X-Cos-" + suffix.toUpperCase(Locale.ROOT), value), key, null)).isEqualTo(value);
        assertThat(one(facts(Operation.PUT_OBJECT), key, null)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "OBJECT_LOCK_MODE, object-lock-mode",
            "OBJECT_LOCK_RETAIN_UNTIL_DATE, object-lock-retain-until-date",
            "OBJECT_LOCK_LEGAL_HOLD, object-lock-legal-hold",
    })
    void theObjectLockKeysAreTheHeadersAsSentInEitherDialect_LOCK_11(ContextKey key, String suffix) {
        assertThat(one(facts(Operation.PUT_OBJECT, "x-amz-" + suffix, "GOVERNANCE"), key, null)).isEqualTo("GOVERNANCE");
        assertThat(one(facts(Operation.COPY_OBJECT, "x-cos-" + suffix, "ON"), key, null)).isEqualTo("ON");
        assertThat(one(facts(Operation.PUT_OBJECT), key, null)).isNull();
    }

    @ParameterizedTest(name = "{0} tagging={1} directive={2}")
    @CsvSource(delimiter = '|', value = {
            "PUT_OBJECT | security=public&team=a | | public | security,team",
            "PUT_OBJECT | security=top%20secret | | top secret | security",
            "INITIATE_MULTIPART_UPLOAD | security=public | | public | security",
            "POST_OBJECT | security=public | | public | security",
            "COPY_OBJECT | security=public | REPLACE | public | security",
            "COPY_OBJECT | security=public | COPY | | ",
            "COPY_OBJECT | security=public | | | ",
            "PUT_OBJECT | | | | ",
            "PUT_OBJECT | security=a&security=b | | | ",
            "PUT_OBJECT | =nokey | | | ",
            "UPLOAD_PART | security=public | | | ",
            "GET_OBJECT | security=public | | | ",
    })
    void requestTagsAreTheTagsTheWriteStoresParsedByItsOwnParser_POL_S11(Operation op, String tagging, String directive,
                                                                         String security, String keys) {
        String[] h = directive == null ? new String[]{"x-amz-tagging", tagging} : new String[]{"x-amz-tagging", tagging, "x-amz-tagging-directive", directive};
        if (tagging == null) h = new String[0];
        var f = facts(op, h);
        assertThat(one(f, ContextKey.REQUEST_OBJECT_TAG, "security")).isEqualTo(security);
        assertThat(one(f, ContextKey.REQUEST_OBJECT_TAG, "Security")).as("tag keys are case-sensitive").isNull();
        List<String> k = f.values(ContextKey.REQUEST_OBJECT_TAG_KEYS, null);
        if (keys == null) assertThat(k).isNull();
        else assertThat(k).containsExactlyInAnyOrder(keys.split(","));
    }

    @Test
    void aPutObjectTaggingAsksForTheTagsTheHeaderNameCarriesWhichAccessFillsFromTheBody_POL_S11() {
        // TaggingBody.facts puts the held body's tags under the tagging header's name (never the request's own header).
        var f = facts(Operation.PUT_OBJECT_TAGGING, "x-amz-tagging", "security=public");
        assertThat(one(f, ContextKey.REQUEST_OBJECT_TAG, "security")).isEqualTo("public");
        assertThat(facts(Operation.PUT_OBJECT_TAGGING).values(ContextKey.REQUEST_OBJECT_TAG_KEYS, null)).isNull();
    }

    /** Facts are the applied value (POL-C9, docs/policy.md): the storage class the write stores, however it is spelled. */
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "x-cos-storage-class | ARCHIVE              | ARCHIVE",
            "x-cos-storage-class | archive              | ARCHIVE",
            "x-cos-storage-class | ' ARCHIVE '          | ARCHIVE",
            "x-amz-storage-class | standard_ia          | STANDARD_IA",
            "x-cos-storage-class | Standard_IA          | STANDARD_IA",
            "x-cos-storage-class | ''                   | null",
            "x-cos-storage-class | GLACIER              | GLACIER",
            "x-cos-storage-class | null                 | null",
    })
    void theStorageClassFactIsTheClassTheWriteApplies_POL_C9(String header, String value, String fact) {
        var f = value == null ? facts(Operation.PUT_OBJECT) : facts(Operation.PUT_OBJECT, header, value);
        assertThat(one(f, ContextKey.STORAGE_CLASS, null)).isEqualTo(fact);
    }

    /** The canned ACL as the write applies it: trimmed; one that does not parse (the write refuses it) as sent. */
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "x-cos-acl | public-read      | public-read",
            "x-cos-acl | ' public-read '  | public-read",
            "x-amz-acl | 'private '       | private",
            "x-cos-acl | default          | default",
            "x-cos-acl | Public-Read      | Public-Read",
            "x-amz-acl | null             | null",
    })
    void theCannedAclFactIsTheAclTheWriteApplies_POL_C9(String header, String value, String fact) {
        var f = value == null ? facts(Operation.PUT_OBJECT) : facts(Operation.PUT_OBJECT, header, value);
        assertThat(one(f, ContextKey.ACL, null)).isEqualTo(fact);
    }
}
