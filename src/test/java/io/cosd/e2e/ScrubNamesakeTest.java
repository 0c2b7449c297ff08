package io.cosd.e2e;

import io.cosd.app.Config;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.service.IntegrityEvents;
import io.cosd.service.ObjectService;
import io.cosd.service.ScrubService;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.FreeSpaceReserve;
import io.cosd.store.blob.TieredBlobStore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security.md AUTH-13, docs/storage.md ST-I6: the scrubber marks damage by bucket name, key,
 * version id and seq, after checking that the version it read has not changed. A re-created
 * bucket's seqs start at 1 again, and a multipart version has no blob id, so the same key uploaded
 * into a namesake looked "unchanged": a scrub that found the old bucket's parts gone (released
 * with the deleted bucket) marked the namesake's healthy object damaged, and its GETs answered 500.
 */
@CosdServer(factory = "server")
class ScrubNamesakeTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    static E2e server() throws Exception {
        return new E2e(Files.createTempDirectory("cosd-e2e"), new Config.Integrity(FreeSpaceReserve.parse("0"), Duration.ZERO, 0, -1));
    }

    private static void uploadInTwoParts(String bucket, String key, long seed) {
        byte[] first = new byte[5 * 1024 * 1024];
        new Random(seed).nextBytes(first);
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        String e1 = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(1), RequestBody.fromBytes(first)).eTag();
        parts.add(CompletedPart.builder().partNumber(1).eTag(e1).build());
        String e2 = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(2), RequestBody.fromString("tail" + seed)).eTag();
        parts.add(CompletedPart.builder().partNumber(2).eTag(e2).build());
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
    }

    @Test
    void aScrubOfADeletedBucketsMultipartVersionDoesNotMarkTheNamesakesVersionOfTheSameKeyAndSeq_AUTH_13() throws Exception {
        String bucket = E2e.bucket("scrub-reborn");
        s3.createBucket(b -> b.bucket(bucket));
        uploadInTwoParts(bucket, "k", 1);
        var meta = env.server.metadata();
        ObjectVersion scanned = meta.objects().latest(bucket, "k").orElseThrow();
        var blobs = new TieredBlobStore(new DiskBlobStore(env.dir), new DiskBlobStore(env.dir.resolve("cold")));
        var objects = new ObjectService(meta, blobs, Clock.systemUTC(), Long.MAX_VALUE);
        var scrub = new ScrubService(meta, blobs, objects, IntegrityEvents.NONE, Clock.systemUTC());
        // While the scrub reads the first part: the bucket is emptied, deleted and created again, and
        // the same key uploaded the same way (so with the same seq); the old second part is gone.
        ScrubService.Throttle recreateOnce = new ScrubService.Throttle() {
            boolean done;
            @Override public void consumed(long bytes) {
                if (done) return;
                done = true;
                s3.deleteObject(b -> b.bucket(bucket).key("k"));
                s3.deleteBucket(b -> b.bucket(bucket));
                s3.createBucket(b -> b.bucket(bucket));
                uploadInTwoParts(bucket, "k", 2);
            }
        };
        scrub.step(scrub.start(bucket), true, 100, recreateOnce);

        ObjectVersion theirs = meta.objects().latest(bucket, "k").orElseThrow();
        assertThat(theirs.seq()).as("a re-created bucket's seqs start again").isEqualTo(scanned.seq());
        assertThat(theirs.damage()).as("the namesake's healthy version is not marked").isNull();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asByteArray()).hasSize(5 * 1024 * 1024 + 5);
    }
}
