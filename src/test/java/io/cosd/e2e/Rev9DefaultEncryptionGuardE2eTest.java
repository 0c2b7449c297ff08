package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.SetBucketReplicationConfigurationRequest;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ReplicationStatus;
import software.amazon.awssdk.services.s3.model.S3Object;

import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Review (rev9) of SSE-D10 (docs/encryption.md "Until the write path applies it"): while the write
 * path does not apply bucket defaults, no object may be stored plain in a bucket whose default
 * stands. The guard (EncryptionHandler.refuseUnapplied) checks four operations at dispatch; these
 * tests store plain objects past it by other paths.
 */
@CosdServer
class Rev9DefaultEncryptionGuardE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;

    private static String newBucket(String name) {
        String b = E2e.bucket(name);
        s3.createBucket(r -> r.bucket(b));
        return b;
    }

    private static void putDefault(String b) {
        s3.putBucketEncryption(r -> r.bucket(b).serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm("AES256")))));
    }

    /**
     * The invariant under review: while a default stands, an object written into the bucket is
     * refused (501, SSE-D10) or, once the write path applies defaults, stored encrypted; never plain.
     */
    private static void assertNotStoredPlain(String b, String key, Object how) {
        if (!exists(b, key)) return;
        assertThat(s3.headObject(r -> r.bucket(b).key(key)).serverSideEncryption())
                .as("%s stored plain in a bucket whose default encryption stands (%s)", key, how).isNotNull();
    }

    /**
     * DECISION (SSE-D11): a default applies to writes that begin after it, as S3 applies it per request: a
     * PutObject takes the one in force when it is dispatched, a multipart upload the one at its initiation.
     * A write begun before the default is stored as it began (here: plain), never half of each.
     */
    private static void assertStoredAsItBegan(String b, String key, Object how) {
        assertThat(exists(b, key)).as("%s (%s)", key, how).isTrue();
        assertThat(s3.headObject(r -> r.bucket(b).key(key)).serverSideEncryption())
                .as("%s began before the default and keeps its own mode (%s)", key, how).isNull();
    }

    private static boolean exists(String b, String key) {
        return s3.listObjectsV2(r -> r.bucket(b).prefix(key)).contents().stream().map(S3Object::key).anyMatch(key::equals);
    }

    /*
     * The guard refuses InitiateMultipartUpload but not UploadPart or CompleteMultipartUpload: an
     * upload initiated before the default was put completes afterwards into a plain object.
     */
    @Test
    void aMultipartUploadStartedBeforeTheDefaultCompletesInTheModeItWasInitiatedWith_SSE_D11() {
        String b = newBucket("rev9-mpu-guard");
        String id = s3.createMultipartUpload(r -> r.bucket(b).key("mp.txt")).uploadId();
        putDefault(b);
        Throwable t = catchThrowable(() -> {
            String etag = s3.uploadPart(r -> r.bucket(b).key("mp.txt").uploadId(id).partNumber(1), RequestBody.fromString("secret")).eTag();
            s3.completeMultipartUpload(r -> r.bucket(b).key("mp.txt").uploadId(id)
                    .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
        });
        assertStoredAsItBegan(b, "mp.txt", t == null ? "UploadPart and Complete answered 200" : t);
    }

    /* The same by UploadPartCopy: the part's data is copied in plain from any readable object. */
    @Test
    void anUploadPartCopyIntoAnUploadStartedBeforeTheDefaultKeepsTheUploadsMode_SSE_D11() {
        String src = newBucket("rev9-upc-src");
        s3.putObject(r -> r.bucket(src).key("plain.txt"), RequestBody.fromString("copied secret"));
        String b = newBucket("rev9-upc-guard");
        String id = s3.createMultipartUpload(r -> r.bucket(b).key("mp.txt")).uploadId();
        putDefault(b);
        Throwable t = catchThrowable(() -> {
            String etag = s3.uploadPartCopy(r -> r.sourceBucket(src).sourceKey("plain.txt").destinationBucket(b).destinationKey("mp.txt")
                    .uploadId(id).partNumber(1)).copyPartResult().eTag();
            s3.completeMultipartUpload(r -> r.bucket(b).key("mp.txt").uploadId(id)
                    .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
        });
        assertStoredAsItBegan(b, "mp.txt", t == null ? "UploadPartCopy and Complete answered 200" : t);
    }

    /*
     * Same-region replication writes the replica through the service (ReplicationWorker.local), not
     * through the Dispatcher, so the guard never sees it: the replica lands plain in a destination
     * whose default promises encryption.
     */
    @Test
    void sameRegionReplicationStoresNoPlainReplicaInADestinationWithADefault_SSE_D10() throws Exception {
        String src = E2e.bucket("rev9-repl-src"), dst = E2e.bucket("rev9-repl-dst");
        for (String b : new String[] {src, dst}) {
            cos.createBucket(b);
            cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(b,
                    new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED)));
        }
        putDefault(dst);
        cos.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(src,
                ReplicationConfigApiTest.config("all", "", "qcs::cos:" + E2e.REGION + "::" + dst, null)));
        s3.putObject(r -> r.bucket(src).key("r.txt"), RequestBody.fromString("secret"));
        Instant until = Instant.now().plus(Duration.ofSeconds(60)); // a bound on a stuck worker, not a speed claim
        ReplicationStatus st = null;
        while (Instant.now().isBefore(until)) {
            st = s3.headObject(r -> r.bucket(src).key("r.txt")).replicationStatus();
            if (st == ReplicationStatus.COMPLETED || st == ReplicationStatus.FAILED) break;
            Thread.sleep(100);
        }
        assertNotStoredPlain(dst, "r.txt", "replication status " + st);
    }

    /*
     * The guard runs once, at dispatch, before the body is read; nothing checks again when the
     * object commits. A PutObject whose body is still arriving when the default is put commits plain
     * under it (the invariant "no plain object while a default stands" holds only for requests that
     * start after the default).
     */
    @Test
    void aPutObjectWhoseBodyIsStillArrivingWhenTheDefaultIsPutKeepsTheModeItBeganWith_SSE_D11() throws Exception {
        String b = newBucket("rev9-race-guard");
        int total = 256 * 1024, half = 128 * 1024;
        HalfwayBody body = new HalfwayBody(total, half, 's');
        ObjectMetadata meta = new ObjectMetadata();
        meta.setContentLength(total);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                cos.putObject(new PutObjectRequest(b, "race.txt", body, meta));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        writer.start();
        assertThat(body.awaitHalf()).as("half the body sent").isTrue();
        TempFiles.await(env.dir, true); // the server is writing the body to its file: the guard has run
        putDefault(b);
        body.release();
        writer.join(30_000);
        assertStoredAsItBegan(b, "race.txt", "writer outcome: " + outcome.get());
    }
}
