package io.cosd.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.cosd.e2e.CosSdkMultipartTest.MIB;
import static io.cosd.e2e.CosSdkMultipartTest.concat;
import static io.cosd.e2e.CosSdkMultipartTest.md5;
import static io.cosd.e2e.CosSdkMultipartTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Multipart upload through the AWS SDK for Java v2 (SigV4, path style). */
@CosdServer
class AwsSdkMultipartTest {
    @CosdServer.Inject static S3Client s3;
    static final String BUCKET = E2e.bucket("aws-mpu");

    @BeforeAll
    static void fixtures() throws Exception {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    static void assertS3(Runnable r, int status, String code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        });
    }

    String initiate(String key) {
        return s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key).contentType("application/x-test")).uploadId();
    }

    CompletedPart upload(String key, String id, int n, byte[] data) {
        String etag = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(id).partNumber(n), RequestBody.fromBytes(data)).eTag();
        return CompletedPart.builder().partNumber(n).eTag(etag).build();
    }

    void complete(String key, String id, CompletedPart... parts) {
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
    }

    byte[] get(String key, String range) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key).range(range)).asByteArray();
    }

    @Test
    void createUploadListCompleteAndRangeGetAcrossPartBoundaries() throws Exception {
        String key = "aws/obj";
        String id = initiate(key);
        byte[] p1 = random(MIB, 21), p2 = random(MIB, 22), p3 = random(777, 23);
        var c1 = upload(key, id, 1, p1);
        var c2 = upload(key, id, 2, p2);
        var c3 = upload(key, id, 3, p3);
        assertThat(c1.eTag()).isEqualTo("\"" + md5(p1) + "\"");
        assertThat(s3.listParts(b -> b.bucket(BUCKET).key(key).uploadId(id)).parts())
                .extracting(p -> p.partNumber() + ":" + p.size()).containsExactly("1:" + MIB, "2:" + MIB, "3:777");
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).extracting(u -> u.uploadId()).contains(id);
        var done = s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(id).multipartUpload(m -> m.parts(c1, c2, c3)));
        assertThat(done.eTag()).endsWith("-3\"");

        var head = s3.headObject(b -> b.bucket(BUCKET).key(key));
        assertThat(head.eTag()).isEqualTo(done.eTag());
        assertThat(head.contentLength()).isEqualTo(2L * MIB + 777);
        assertThat(head.contentType()).isEqualTo("application/x-test");
        byte[] all = concat(p1, p2, p3);
        assertThat(md5(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray())).isEqualTo(md5(all));
        assertThat(get(key, "bytes=" + (MIB - 5) + "-" + (2 * MIB + 4))).isEqualTo(Arrays.copyOfRange(all, MIB - 5, 2 * MIB + 5));
        assertThat(get(key, "bytes=-800")).isEqualTo(Arrays.copyOfRange(all, all.length - 800, all.length));
        // Two ranges in different parts: multipart/byteranges.
        var multi = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key).range("bytes=0-3," + (2 * MIB) + "-" + (2 * MIB + 3)));
        assertThat(multi.response().contentType()).startsWith("multipart/byteranges");
        String body = multi.asString(StandardCharsets.ISO_8859_1);
        assertThat(body).contains(new String(Arrays.copyOfRange(all, 2 * MIB, 2 * MIB + 4), StandardCharsets.ISO_8859_1));

        // GET/HEAD ?partNumber=N: the N-th part, with the parts count.
        var part2 = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key).partNumber(2));
        assertThat(part2.asByteArray()).isEqualTo(p2);
        assertThat(part2.response().partsCount()).isEqualTo(3);
        assertThat(part2.response().contentRange()).isEqualTo("bytes " + MIB + "-" + (2 * MIB - 1) + "/" + all.length);
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key(key).partNumber(3)).contentLength()).isEqualTo(777);
        assertS3(() -> s3.getObject(b -> b.bucket(BUCKET).key(key).partNumber(4)), 416, "InvalidPartNumber");

        // CopyObject of a multipart source makes a whole copy.
        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(key).destinationBucket(BUCKET).destinationKey("aws/copy"));
        assertThat(md5(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("aws/copy")).asByteArray())).isEqualTo(md5(all));
    }

    @Test
    void uploadPartCopyTakesSourceRangesIncludingRangesAcrossAMultipartSourcesParts() throws Exception {
        // a multipart source: 1 MiB + 1 MiB + 10 bytes
        String srcKey = "aws/src";
        String sid = initiate(srcKey);
        byte[] a = random(MIB, 31), b2 = random(MIB, 32), c = random(10, 33);
        complete(srcKey, sid, upload(srcKey, sid, 1, a), upload(srcKey, sid, 2, b2), upload(srcKey, sid, 3, c));
        byte[] src = concat(a, b2, c);

        String key = "aws/assembled";
        String id = initiate(key);
        long cut = MIB + 100; // part 1 crosses the source's part boundary
        var r1 = s3.uploadPartCopy(r -> r.sourceBucket(BUCKET).sourceKey(srcKey).destinationBucket(BUCKET).destinationKey(key)
                .uploadId(id).partNumber(1).copySourceRange("bytes=0-" + (cut - 1)));
        var r2 = s3.uploadPartCopy(r -> r.sourceBucket(BUCKET).sourceKey(srcKey).destinationBucket(BUCKET).destinationKey(key)
                .uploadId(id).partNumber(2).copySourceRange("bytes=" + cut + "-" + (src.length - 1)));
        assertThat(r1.copyPartResult().eTag()).isEqualTo("\"" + md5(Arrays.copyOfRange(src, 0, (int) cut)) + "\"");
        complete(key, id, CompletedPart.builder().partNumber(1).eTag(r1.copyPartResult().eTag()).build(),
                CompletedPart.builder().partNumber(2).eTag(r2.copyPartResult().eTag()).build());
        assertThat(md5(s3.getObjectAsBytes(x -> x.bucket(BUCKET).key(key)).asByteArray())).isEqualTo(md5(src));

        String id2 = initiate("aws/bad-range");
        assertS3(() -> s3.uploadPartCopy(r -> r.sourceBucket(BUCKET).sourceKey(srcKey).destinationBucket(BUCKET)
                .destinationKey("aws/bad-range").uploadId(id2).partNumber(1).copySourceRange("bytes=0-" + src.length)),
                400, "InvalidArgument");
        s3.abortMultipartUpload(x -> x.bucket(BUCKET).key("aws/bad-range").uploadId(id2));
    }

    @Test
    void completionAndPartErrorsUseTheExactCodes() {
        String key = "aws/errors";
        String id = initiate(key);
        var c1 = upload(key, id, 1, random(100, 41));
        var c2 = upload(key, id, 2, random(100, 42));
        assertS3(() -> complete(key, id, c2, c1), 400, "InvalidPartOrder");
        assertS3(() -> complete(key, id, c1, c2), 400, "EntityTooSmall");
        assertS3(() -> complete(key, id, CompletedPart.builder().partNumber(3).eTag(c1.eTag()).build()), 400, "InvalidPart");
        assertS3(() -> complete(key, id, CompletedPart.builder().partNumber(1).eTag("\"00000000000000000000000000000000\"").build()),
                400, "InvalidPart");
        assertS3(() -> complete(key, "no-such-upload", c1), 404, "NoSuchUpload");
        assertS3(() -> upload(key, id, 10001, new byte[1]), 400, "InvalidArgument");
        assertS3(() -> s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(id).partNumber(3).contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="),
                RequestBody.fromBytes(new byte[]{1, 2, 3})), 400, "BadDigest");
        assertThat(s3.listParts(b -> b.bucket(BUCKET).key(key).uploadId(id)).parts()).extracting(p -> p.partNumber()).containsExactly(1, 2);
        assertS3(() -> s3.listParts(b -> b.bucket(BUCKET).key("aws/other").uploadId(id)), 404, "NoSuchUpload");
        s3.abortMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(id));
        assertS3(() -> upload(key, id, 1, new byte[1]), 404, "NoSuchUpload");
        assertS3(() -> s3.getObject(b -> b.bucket(BUCKET).key(key)), 404, "NoSuchKey");
    }

    @Test
    void listMultipartUploadsHonoursPrefixDelimiterAndMaxUploads() {
        String b = E2e.bucket("aws-mpu-list");
        s3.createBucket(x -> x.bucket(b));
        List<String> ids = new ArrayList<>();
        for (String k : List.of("x/1", "x/2", "y")) ids.add(s3.createMultipartUpload(x -> x.bucket(b).key(k)).uploadId());
        var grouped = s3.listMultipartUploads(x -> x.bucket(b).delimiter("/"));
        assertThat(grouped.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("x/");
        assertThat(grouped.uploads()).extracting(u -> u.key()).containsExactly("y");
        var page = s3.listMultipartUploads(x -> x.bucket(b).maxUploads(2));
        assertThat(page.isTruncated()).isTrue();
        assertThat(page.uploads()).extracting(u -> u.key()).containsExactly("x/1", "x/2");
        var rest = s3.listMultipartUploads(x -> x.bucket(b).keyMarker(page.nextKeyMarker()).uploadIdMarker(page.nextUploadIdMarker()));
        assertThat(rest.uploads()).extracting(u -> u.uploadId()).containsExactly(ids.get(2));
        assertThat(s3.listMultipartUploads(x -> x.bucket(b).prefix("x/")).uploads()).hasSize(2);
    }

    @Test
    void tagsAndMetadataGivenAtInitiateLandOnTheCompletedObject() {
        String key = "aws/tagged";
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key).tagging("team=blue&tier=2")
                .metadata(Map.of("color", "red"))).uploadId();
        complete(key, id, upload(key, id, 1, random(10, 51)));
        assertThat(s3.getObjectTagging(b -> b.bucket(BUCKET).key(key)).tagSet())
                .extracting(t -> t.key() + "=" + t.value()).containsExactly("team=blue", "tier=2");
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key(key)).metadata()).containsEntry("color", "red");
    }

    /** VER-I1, INT-11: in an Enabled bucket the version id is assigned at completion; older versions stay readable. */
    @Test
    void completionInAVersionedBucketCreatesANewVersion_VER_I1() throws Exception {
        String b = E2e.bucket("aws-mpu-versioned");
        s3.createBucket(x -> x.bucket(b));
        s3.putBucketVersioning(x -> x.bucket(b).versioningConfiguration(v -> v.status("Enabled")));
        String key = "v";
        List<String> versions = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            String id = s3.createMultipartUpload(x -> x.bucket(b).key(key)).uploadId();
            byte[] p1 = random(MIB, 60 + round), p2 = random(3, 70 + round);
            String e1 = s3.uploadPart(x -> x.bucket(b).key(key).uploadId(id).partNumber(1), RequestBody.fromBytes(p1)).eTag();
            String e2 = s3.uploadPart(x -> x.bucket(b).key(key).uploadId(id).partNumber(2), RequestBody.fromBytes(p2)).eTag();
            var done = s3.completeMultipartUpload(x -> x.bucket(b).key(key).uploadId(id).multipartUpload(m -> m.parts(
                    CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build())));
            assertThat(done.versionId()).isNotBlank().isNotEqualTo("null");
            versions.add(done.versionId());
            bodies.add(concat(p1, p2));
        }
        for (int i = 0; i < 2; i++) {
            String vid = versions.get(i);
            assertThat(md5(s3.getObjectAsBytes(x -> x.bucket(b).key(key).versionId(vid)).asByteArray())).isEqualTo(md5(bodies.get(i)));
        }
    }
}
