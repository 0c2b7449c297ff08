package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * S3 additional checksums with the AWS SDK v2 and its defaults (docs/checksums.md): the SDK sends a CRC32
 * trailer on every upload and validates GetObject against the checksum cosd returns.
 */
@CosdServer
class ChecksumE2eTest {
    @CosdServer.Inject static S3Client s3;

    private static String bucket(String name) {
        String b = E2e.bucket(name);
        s3.createBucket(r -> r.bucket(b));
        return b;
    }

    @Test
    void theSdksDefaultChecksumIsStoredReturnedOnlyWhenAskedAndValidatedOnGet_OBJ_K2_OBJ_K3() {
        String b = bucket("ck-default");
        byte[] data = "checked by default".getBytes(StandardCharsets.UTF_8);
        var put = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromBytes(data));
        assertThat(put.checksumCRC32()).isEqualTo(crc32(data));
        assertThat(put.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);

        assertThat(s3.headObject(r -> r.bucket(b).key("k")).checksumCRC32()).isNull();
        var head = s3.headObject(r -> r.bucket(b).key("k").checksumMode(ChecksumMode.ENABLED));
        assertThat(head.checksumCRC32()).isEqualTo(crc32(data));
        assertThat(head.checksumTypeAsString()).isEqualTo("FULL_OBJECT");
        // the SDK asks for the checksum and checks the body against it
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket(b).key("k").checksumMode(ChecksumMode.ENABLED));
        assertThat(got.asByteArray()).isEqualTo(data);
        assertThat(got.response().checksumCRC32()).isEqualTo(crc32(data));
        // ListObjectsV2 names the algorithm and type of each object's checksum
        var listed = s3.listObjectsV2(r -> r.bucket(b)).contents().get(0);
        assertThat(listed.checksumAlgorithmAsStrings()).containsExactly("CRC32");
        assertThat(listed.checksumTypeAsString()).isEqualTo("FULL_OBJECT");
        var version = s3.listObjectVersions(r -> r.bucket(b)).versions().get(0);
        assertThat(version.checksumAlgorithmAsStrings()).containsExactly("CRC32");
        assertThat(version.checksumTypeAsString()).isEqualTo("FULL_OBJECT");
        // a range has no stored checksum
        var ranged = s3.getObjectAsBytes(r -> r.bucket(b).key("k").range("bytes=0-3").checksumMode(ChecksumMode.ENABLED));
        assertThat(ranged.response().checksumCRC32()).isNull();
        assertThat(ranged.asUtf8String()).isEqualTo("chec");
    }

    @Test
    void eachAlgorithmTheSdkComputesIsStoredAsItsValue_OBJ_K1_OBJ_K2() {
        String b = bucket("ck-algs");
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        for (ChecksumAlgorithm a : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C, ChecksumAlgorithm.CRC64_NVME,
                ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256)) {
            String expected = switch (a) {
                case CRC32 -> b64("cbf43926");
                case CRC32_C -> b64("e3069283");
                case CRC64_NVME -> b64("ae8b14860a799888");
                case SHA1 -> b64("f7c3bc1d808e04732adf679965ccc34ca7ae3441");
                default -> b64("15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225");
            };
            // the SDK computes CRC64NVME only with the CRT on the class path: the value is given as the AWS CLI sends it
            var put = a == ChecksumAlgorithm.CRC64_NVME
                    ? s3.putObject(r -> r.bucket(b).key(a.toString()).checksumCRC64NVME(expected), RequestBody.fromBytes(data))
                    : s3.putObject(r -> r.bucket(b).key(a.toString()).checksumAlgorithm(a), RequestBody.fromBytes(data));
            var head = s3.headObject(r -> r.bucket(b).key(a.toString()).checksumMode(ChecksumMode.ENABLED));
            String[] fromPut = {put.checksumCRC32(), put.checksumCRC32C(), put.checksumCRC64NVME(), put.checksumSHA1(), put.checksumSHA256()};
            String[] fromHead = {head.checksumCRC32(), head.checksumCRC32C(), head.checksumCRC64NVME(), head.checksumSHA1(), head.checksumSHA256()};
            assertThat(Arrays.stream(fromPut).filter(v -> v != null).toList()).as(a.toString()).containsExactly(expected);
            assertThat(Arrays.stream(fromHead).filter(v -> v != null).toList()).as(a.toString()).containsExactly(expected);
            // read back with the SDK's validation of the checksum cosd returns
            assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key(a.toString()).checksumMode(ChecksumMode.ENABLED)).asByteArray())
                    .as(a.toString()).isEqualTo(data);
            var attrs = s3.getObjectAttributes(r -> r.bucket(b).key(a.toString()).objectAttributes(ObjectAttributes.CHECKSUM));
            assertThat(attrs.checksum().checksumTypeAsString()).isEqualTo("FULL_OBJECT");
        }
    }

    @Test
    void aChecksumOfOtherBytesIsBadDigestAndNothingIsStored_UB_3_OBJ_K2() {
        String b = bucket("ck-bad");
        byte[] data = "the bytes sent".getBytes(StandardCharsets.UTF_8);
        var e = catchThrowableOfType(S3Exception.class, () -> s3.putObject(r -> r.bucket(b).key("k")
                .checksumSHA256(sha256(new byte[]{1})), RequestBody.fromBytes(data)));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The x-amz-checksum-sha256 you specified did not match the calculated checksum.");
        assertThat(catchThrowableOfType(S3Exception.class, () -> s3.headObject(r -> r.bucket(b).key("k"))).statusCode()).isEqualTo(404);
        // a malformed value is refused before the body is read
        var malformed = catchThrowableOfType(S3Exception.class, () -> s3.putObject(r -> r.bucket(b).key("k").checksumSHA256("bad"),
                RequestBody.fromBytes(data)));
        assertThat(malformed.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
        assertThat(malformed.awsErrorDetails().errorMessage()).isEqualTo("Value for x-amz-checksum-sha256 header is invalid.");
    }

    @Test
    void aCompositeMultipartChecksumIsTheChecksumOfThePartsChecksums_OBJ_K4_OBJ_K5_OBJ_K6() throws Exception {
        String b = bucket("ck-composite");
        var created = s3.createMultipartUpload(r -> r.bucket(b).key("m").checksumAlgorithm(ChecksumAlgorithm.SHA256));
        assertThat(created.checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.SHA256);
        assertThat(created.checksumType()).isEqualTo(ChecksumType.COMPOSITE);
        String id = created.uploadId();
        byte[][] parts = {filled(5 << 20, 'A'), "tail".getBytes(StandardCharsets.US_ASCII)};
        List<CompletedPart> done = new ArrayList<>();
        MessageDigest ofParts = MessageDigest.getInstance("SHA-256");
        for (int n = 1; n <= parts.length; n++) {
            int pn = n;
            var up = s3.uploadPart(r -> r.bucket(b).key("m").uploadId(id).partNumber(pn).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                    RequestBody.fromBytes(parts[n - 1]));
            assertThat(up.checksumSHA256()).isEqualTo(sha256(parts[n - 1]));
            ofParts.update(Base64.getDecoder().decode(up.checksumSHA256()));
            done.add(CompletedPart.builder().partNumber(pn).eTag(up.eTag()).checksumSHA256(up.checksumSHA256()).build());
        }
        var listed = s3.listParts(r -> r.bucket(b).key("m").uploadId(id));
        assertThat(listed.checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.SHA256);
        assertThat(listed.parts()).extracting(p -> p.checksumSHA256()).containsExactly(sha256(parts[0]), sha256(parts[1]));

        String composite = Base64.getEncoder().encodeToString(ofParts.digest()) + "-2";
        var complete = s3.completeMultipartUpload(r -> r.bucket(b).key("m").uploadId(id).multipartUpload(u -> u.parts(done)));
        assertThat(complete.checksumSHA256()).isEqualTo(composite);
        assertThat(complete.checksumType()).isEqualTo(ChecksumType.COMPOSITE);

        var head = s3.headObject(r -> r.bucket(b).key("m").checksumMode(ChecksumMode.ENABLED));
        assertThat(head.checksumSHA256()).isEqualTo(composite);
        var part2 = s3.getObjectAsBytes(r -> r.bucket(b).key("m").partNumber(2).checksumMode(ChecksumMode.ENABLED));
        assertThat(part2.asUtf8String()).isEqualTo("tail");
        assertThat(part2.response().checksumSHA256()).isEqualTo(sha256(parts[1]));
        var attrs = s3.getObjectAttributes(r -> r.bucket(b).key("m").objectAttributes(ObjectAttributes.CHECKSUM, ObjectAttributes.OBJECT_PARTS));
        assertThat(attrs.checksum().checksumSHA256()).isEqualTo(composite);
        assertThat(attrs.checksum().checksumType()).isEqualTo(ChecksumType.COMPOSITE);
        assertThat(attrs.objectParts().parts()).extracting(p -> p.checksumSHA256()).containsExactly(sha256(parts[0]), sha256(parts[1]));
        // the whole object, read with the SDK's default validation (it skips a composite value)
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("m")).asByteArray()).hasSize((5 << 20) + 4);
    }

    @Test
    void aFullObjectCrcIsCombinedFromThePartsAndTheSdkValidatesTheWholeBodyAgainstIt_OBJ_K5_OBJ_K6() {
        String b = bucket("ck-full");
        var created = s3.createMultipartUpload(r -> r.bucket(b).key("m").checksumAlgorithm(ChecksumAlgorithm.CRC32)
                .checksumType(ChecksumType.FULL_OBJECT));
        assertThat(created.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
        String id = created.uploadId();
        byte[][] parts = {filled(5 << 20, 'x'), filled(5 << 20, 'y'), "end".getBytes(StandardCharsets.US_ASCII)};
        CRC32 whole = new CRC32();
        List<CompletedPart> done = new ArrayList<>();
        for (int n = 1; n <= parts.length; n++) {
            int pn = n;
            whole.update(parts[n - 1]);
            var up = s3.uploadPart(r -> r.bucket(b).key("m").uploadId(id).partNumber(pn).checksumAlgorithm(ChecksumAlgorithm.CRC32),
                    RequestBody.fromBytes(parts[n - 1]));
            done.add(CompletedPart.builder().partNumber(pn).eTag(up.eTag()).checksumCRC32(up.checksumCRC32()).build());
        }
        String expected = Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) whole.getValue()).array());
        var complete = s3.completeMultipartUpload(r -> r.bucket(b).key("m").uploadId(id).checksumCRC32(expected)
                .checksumType(ChecksumType.FULL_OBJECT).multipartUpload(u -> u.parts(done)));
        assertThat(complete.checksumCRC32()).isEqualTo(expected);
        assertThat(complete.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
        var got = s3.getObjectAsBytes(r -> r.bucket(b).key("m").checksumMode(ChecksumMode.ENABLED));
        assertThat(got.response().checksumCRC32()).isEqualTo(expected);
        assertThat(got.asByteArray()).hasSize((10 << 20) + 3);
    }

    @Test
    void aCompletionWhosePartsChecksumsAreMissingOrWrongIsRefusedAndTheUploadStays_OBJ_K7_OBJ_K8() {
        String b = bucket("ck-refused");
        String id = s3.createMultipartUpload(r -> r.bucket(b).key("m").checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        byte[] data = "one part".getBytes(StandardCharsets.UTF_8);
        var up = s3.uploadPart(r -> r.bucket(b).key("m").uploadId(id).partNumber(1).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromBytes(data));
        // a part of another algorithm than the upload's
        var other = catchThrowableOfType(S3Exception.class, () -> s3.uploadPart(r -> r.bucket(b).key("m").uploadId(id).partNumber(2)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(data)));
        assertThat(other.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
        assertThat(other.awsErrorDetails().errorMessage()).contains("expected checksum Type: sha256, actual checksum Type: crc32");
        // a part whose checksum header is of other bytes: checked in the pass that stores it, nothing stored
        var bad = catchThrowableOfType(S3Exception.class, () -> s3.uploadPart(r -> r.bucket(b).key("m").uploadId(id).partNumber(2)
                .checksumSHA256(sha256(new byte[]{9})), RequestBody.fromBytes(data)));
        assertThat(bad.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
        assertThat(bad.awsErrorDetails().errorMessage()).isEqualTo("The x-amz-checksum-sha256 you specified did not match the calculated checksum.");
        assertThat(s3.listParts(r -> r.bucket(b).key("m").uploadId(id)).parts()).hasSize(1);

        var missing = catchThrowableOfType(S3Exception.class, () -> s3.completeMultipartUpload(r -> r.bucket(b).key("m").uploadId(id)
                .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(up.eTag()).build()))));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
        assertThat(missing.awsErrorDetails().errorMessage()).contains("must include the checksum for each part");
        var wrong = catchThrowableOfType(S3Exception.class, () -> s3.completeMultipartUpload(r -> r.bucket(b).key("m").uploadId(id)
                .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(up.eTag()).checksumSHA256(sha256(new byte[0])).build()))));
        assertThat(wrong.awsErrorDetails().errorCode()).isEqualTo("InvalidPart");
        var badWhole = catchThrowableOfType(S3Exception.class, () -> s3.completeMultipartUpload(r -> r.bucket(b).key("m").uploadId(id)
                .checksumSHA256(sha256(data) + "-1")
                .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(up.eTag()).checksumSHA256(up.checksumSHA256()).build()))));
        assertThat(badWhole.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
        assertThat(catchThrowableOfType(S3Exception.class, () -> s3.headObject(r -> r.bucket(b).key("m"))).statusCode()).isEqualTo(404);

        var ok = s3.completeMultipartUpload(r -> r.bucket(b).key("m").uploadId(id)
                .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(up.eTag()).checksumSHA256(up.checksumSHA256()).build())));
        assertThat(ok.checksumSHA256()).endsWith("-1");
    }

    @Test
    void aCopyComputesTheAlgorithmAskedForElseKeepsTheSourcesAndAPartCopyItsUploads_OBJ_K9_OBJ_K6() {
        String b = bucket("ck-copy");
        byte[] data = "copied bytes".getBytes(StandardCharsets.UTF_8);
        s3.putObject(r -> r.bucket(b).key("src").checksumAlgorithm(ChecksumAlgorithm.CRC32_C), RequestBody.fromBytes(data));
        var asked = s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey("sha1")
                .checksumAlgorithm(ChecksumAlgorithm.SHA1));
        assertThat(asked.copyObjectResult().checksumSHA1()).isEqualTo(b64(hex(digest("SHA-1", data))));
        s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey("kept"));
        var kept = s3.headObject(r -> r.bucket(b).key("kept").checksumMode(ChecksumMode.ENABLED));
        var source = s3.headObject(r -> r.bucket(b).key("src").checksumMode(ChecksumMode.ENABLED));
        assertThat(kept.checksumCRC32C()).isNotNull().isEqualTo(source.checksumCRC32C());

        // UploadPartCopy computes the upload's algorithm over the bytes it copies (OBJ-K6)
        String id = s3.createMultipartUpload(r -> r.bucket(b).key("mp").checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        var part = s3.uploadPartCopy(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey("mp")
                .uploadId(id).partNumber(1).copySourceRange("bytes=0-5"));
        assertThat(part.copyPartResult().checksumSHA256()).isEqualTo(sha256(Arrays.copyOf(data, 6)));
        var done = s3.completeMultipartUpload(r -> r.bucket(b).key("mp").uploadId(id).multipartUpload(u -> u.parts(CompletedPart.builder()
                .partNumber(1).eTag(part.copyPartResult().eTag()).checksumSHA256(part.copyPartResult().checksumSHA256()).build())));
        assertThat(done.checksumSHA256()).endsWith("-1");
    }

    static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    static String crc32(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    static String sha256(byte[] data) {
        return Base64.getEncoder().encodeToString(digest("SHA-256", data));
    }

    static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    static String b64(String hex) {
        return Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(hex));
    }
}
