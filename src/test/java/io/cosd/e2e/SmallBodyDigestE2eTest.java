package io.cosd.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/security.md UB-7 with the AWS SDK for Java v2: a Content-MD5 that is not the body's is 400
 * BadDigest on every operation that reads a small body: those whose handlers never checked it before
 * (PutBucketVersioning, PutObjectTagging, CompleteMultipartUpload, PutObjectAcl, RestoreObject) and those
 * that did (retention, legal hold, lock configuration), now all through Request.readSmallBody. Each
 * refusal changes nothing: read back, the state is the one before. The SDK also sends its default flexible checksum (UB-3), computed over the real body: the
 * digest alone is wrong, and that is enough.
 */
@CosdServer
class SmallBodyDigestE2eTest {
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static E2e env;

    private static final String BUCKET = E2e.bucket("md5");
    private static final String LOCKED = E2e.bucket("md5-lock");
    /** Well-formed (base64 of 16 bytes), the MD5 of some other body. */
    private static final String WRONG = md5("not the body");

    @BeforeAll
    static void buckets() {
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.createBucket(r -> r.bucket(LOCKED).objectLockEnabledForBucket(true));
    }

    @Test
    void aWrongContentMd5OnPutBucketVersioningIsBadDigestAndVersioningStaysOff_UB_7() {
        badDigest(() -> s3.putBucketVersioning(r -> r.bucket(BUCKET).contentMD5(WRONG)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED))));

        assertThat(s3.getBucketVersioning(r -> r.bucket(BUCKET)).status()).isNull();
    }

    @Test
    void aWrongContentMd5OnPutObjectTaggingIsBadDigestAndTheTagsStayAsTheyWere_UB_7() {
        s3.putObject(r -> r.bucket(BUCKET).key("tagged").tagging("keep=1"), RequestBody.fromString("x"));

        badDigest(() -> s3.putObjectTagging(r -> r.bucket(BUCKET).key("tagged").contentMD5(WRONG)
                .tagging(t -> t.tagSet(s -> s.key("changed").value("2")))));

        var tags = s3.getObjectTagging(r -> r.bucket(BUCKET).key("tagged")).tagSet();
        assertThat(tags).hasSize(1);
        assertThat(tags.get(0).key()).isEqualTo("keep");
    }

    @Test
    void aWrongContentMd5OnPutObjectAclIsBadDigestAndTheObjectStaysPrivate_UB_7() {
        s3.putObject(r -> r.bucket(BUCKET).key("acl"), RequestBody.fromString("x"));

        badDigest(() -> s3.putObjectAcl(r -> r.bucket(BUCKET).key("acl").contentMD5(WRONG).acl(ObjectCannedACL.PUBLIC_READ)));
        badDigest(() -> s3.putObjectAcl(r -> r.bucket(BUCKET).key("acl").contentMD5(WRONG).accessControlPolicy(p -> p
                .owner(s3.getObjectAcl(a -> a.bucket(BUCKET).key("acl")).owner())
                .grants(g -> g.grantee(e -> e.type("Group").uri("http://acs.amazonaws.com/groups/global/AllUsers"))
                        .permission(Permission.READ)))));

        assertThat(s3.getObjectAcl(r -> r.bucket(BUCKET).key("acl")).grants())
                .noneMatch(g -> g.grantee().uri() != null && g.grantee().uri().endsWith("AllUsers"));
    }

    @Test
    void aWrongContentMd5OnCompleteMultipartUploadIsBadDigestAndTheUploadStaysOpen_UB_7() {
        String id = s3.createMultipartUpload(r -> r.bucket(BUCKET).key("mpu")).uploadId();
        String etag = s3.uploadPart(r -> r.bucket(BUCKET).key("mpu").uploadId(id).partNumber(1), RequestBody.fromString("part")).eTag();

        badDigest(() -> s3.completeMultipartUpload(r -> r.bucket(BUCKET).key("mpu").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build()))
                .overrideConfiguration(o -> o.putHeader("Content-MD5", WRONG))));

        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("mpu")).contents()).isEmpty();
        assertThat(s3.listParts(r -> r.bucket(BUCKET).key("mpu").uploadId(id)).parts()).hasSize(1);
        s3.completeMultipartUpload(r -> r.bucket(BUCKET).key("mpu").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("mpu")).asUtf8String()).isEqualTo("part");
    }

    @Test
    void aWrongContentMd5OnPutObjectRetentionOrLegalHoldIsBadDigestAndTheVersionStaysUnlocked_UB_7() {
        s3.putObject(r -> r.bucket(LOCKED).key("worm"), RequestBody.fromString("x"));

        badDigest(() -> s3.putObjectRetention(r -> r.bucket(LOCKED).key("worm").contentMD5(WRONG)
                .retention(t -> t.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(Instant.now().plus(1, ChronoUnit.DAYS)))));
        badDigest(() -> s3.putObjectLegalHold(r -> r.bucket(LOCKED).key("worm").contentMD5(WRONG)
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON))));
        badDigest(() -> s3.putObjectLockConfiguration(r -> r.bucket(LOCKED).contentMD5(WRONG)
                .objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                        .rule(u -> u.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(1))))));

        var head = s3.headObject(r -> r.bucket(LOCKED).key("worm"));
        assertThat(head.objectLockModeAsString()).isNull();
        assertThat(head.objectLockLegalHoldStatusAsString()).isNull();
        assertThat(s3.getObjectLockConfiguration(r -> r.bucket(LOCKED)).objectLockConfiguration().rule()).isNull();
        // the right bodies still pass: the SDK's own (correct) digest and checksum
        s3.deleteObject(r -> r.bucket(LOCKED).key("worm").versionId(head.versionId()));
    }

    @Test
    void aWrongContentMd5OnRestoreObjectIsBadDigestAndNoRestoreStarts_UB_7() {
        s3.putObject(r -> r.bucket(BUCKET).key("cold").storageClass("ARCHIVE"), RequestBody.fromString("x"));

        badDigest(() -> s3.restoreObject(r -> r.bucket(BUCKET).key("cold").restoreRequest(q -> q.days(1))
                .overrideConfiguration(o -> o.putHeader("Content-MD5", WRONG))));

        assertThat(s3.headObject(r -> r.bucket(BUCKET).key("cold")).restore()).isNull();
    }

    @Test
    void theSdkDefaultChecksumOnASmallBodyStillPassesWhenTheBodyIsTheOneSent_UB_3() {
        // PutBucketTagging and DeleteObjects carry the SDK's x-amz-checksum-crc32 (or Content-MD5): verified, and accepted.
        s3.putBucketTagging(r -> r.bucket(BUCKET).tagging(t -> t.tagSet(s -> s.key("team").value("a"))));
        s3.putObject(r -> r.bucket(BUCKET).key("gone"), RequestBody.fromString("x"));
        s3.deleteObjects(r -> r.bucket(BUCKET).delete(d -> d.objects(o -> o.key("gone"))));

        assertThat(s3.getBucketTagging(r -> r.bucket(BUCKET)).tagSet()).hasSize(1);
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("gone")).contents()).isEmpty();
    }

    @Test
    void aGetWhoseBodyMatchesItsContentMd5AndChecksumIsServedNotBadDigest_UB_7_UB_3() throws Exception {
        // A GET's body is read before its authorization (ACL-E4) and checked there; the handler must not check
        // the same digest again against an emptied stream and answer BadDigest for a body that matched.
        s3.putObject(r -> r.bucket(BUCKET).key("read"), RequestBody.fromString("content"));
        byte[] body = "a body a GET does not need".getBytes(StandardCharsets.UTF_8);
        String crc = Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc32(body)).array());

        var md5 = SignedRaw.send(env.port(), "GET", BUCKET, "read", Map.of(), Map.of("Content-MD5", md5(body)), body);
        var checksum = SignedRaw.send(env.port(), "GET", BUCKET, "read", Map.of(), Map.of("x-amz-checksum-crc32", crc), body);
        var wrong = SignedRaw.send(env.port(), "GET", BUCKET, "read", Map.of(), Map.of("Content-MD5", WRONG), body);

        assertThat(md5.status()).as(md5.text()).isEqualTo(200);
        assertThat(md5.text()).isEqualTo("content");
        assertThat(checksum.status()).as(checksum.text()).isEqualTo(200);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.text()).contains("<Code>BadDigest</Code>");
    }

    @Test
    void aLoneSdkChecksumAlgorithmOnASmallBodyIsInvalidRequestAndChangesNothing_UB_3() throws Exception {
        // S3: x-amz-sdk-checksum-algorithm without the value header or trailer it names is 400 InvalidRequest; the
        // client asked for a checksum that never came, so the body is unchecked. docs/checksums.md "cannot stand alone".
        String tagging = "<Tagging><TagSet><Tag><Key>lone</Key><Value>1</Value></Tag></TagSet></Tagging>";
        byte[] body = tagging.getBytes(StandardCharsets.UTF_8);

        var lone = SignedRaw.send(env.port(), "PUT", BUCKET, "", Map.of("tagging", ""),
                Map.of("x-amz-sdk-checksum-algorithm", "CRC32", "Content-MD5", md5(body)), body);
        var other = SignedRaw.send(env.port(), "PUT", BUCKET, "", Map.of("tagging", ""), Map.of("x-amz-sdk-checksum-algorithm", "CRC32C",
                "x-amz-checksum-crc32", Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc32(body)).array())), body);
        var onGet = SignedRaw.send(env.port(), "GET", BUCKET, "", Map.of("tagging", ""), Map.of("x-amz-sdk-checksum-algorithm", "CRC32"), null);

        for (var r : java.util.List.of(lone, other, onGet)) {
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.text()).contains("<Code>InvalidRequest</Code>").contains("x-amz-sdk-checksum-algorithm");
        }
        var tags = SignedRaw.send(env.port(), "GET", BUCKET, "", Map.of("tagging", ""), Map.of(), null);
        assertThat(tags.text()).doesNotContain("lone");
    }

    @Test
    void aDigestOnARequestThatReadsNoBodyIsCheckedAgainstTheBodySentBeforeItActs_UB_7() throws Exception {
        // DeleteBucketCors and GetBucketTagging read no body; a Content-MD5 or checksum sent with one still describes
        // the body sent (minio-java sends the empty body's MD5 on such requests): checked, never ignored.
        s3.putBucketCors(r -> r.bucket(BUCKET).corsConfiguration(c -> c.corsRules(u -> u.allowedMethods("GET").allowedOrigins("*"))));
        String emptyMd5 = md5(new byte[0]);

        var wrong = SignedRaw.send(env.port(), "DELETE", BUCKET, "", Map.of("cors", ""), Map.of("Content-MD5", WRONG), new byte[0]);
        var wrongWithBody = SignedRaw.send(env.port(), "DELETE", BUCKET, "", Map.of("cors", ""), Map.of("Content-MD5", emptyMd5),
                "stray".getBytes(StandardCharsets.UTF_8));
        var wrongChecksum = SignedRaw.send(env.port(), "GET", BUCKET, "", Map.of("cors", ""),
                Map.of("x-amz-checksum-crc32", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4})), new byte[0]);
        var malformed = SignedRaw.send(env.port(), "DELETE", BUCKET, "", Map.of("cors", ""), Map.of("Content-MD5", "not-an-md5"), new byte[0]);

        for (var r : java.util.List.of(wrong, wrongWithBody, wrongChecksum)) {
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.text()).contains("<Code>BadDigest</Code>");
        }
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text()).contains("<Code>InvalidDigest</Code>");
        assertThat(s3.getBucketCors(r -> r.bucket(BUCKET)).corsRules()).hasSize(1); // nothing was deleted

        var right = SignedRaw.send(env.port(), "DELETE", BUCKET, "", Map.of("cors", ""), Map.of("Content-MD5", emptyMd5), new byte[0]);
        assertThat(right.status()).as(right.text()).isEqualTo(204);
    }

    private static long crc32(byte[] b) {
        var c = new java.util.zip.CRC32();
        c.update(b);
        return c.getValue();
    }

    private static String md5(byte[] b) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void badDigest(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
        });
    }

    private static String md5(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
