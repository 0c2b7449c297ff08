package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DeleteBucket racing a write (docs/storage.md "DeleteBucket racing a write"): a PUT or an
 * InitiateMultipartUpload whose bucket is deleted after the request looked it up answers
 * 404 NoSuchBucket (it was 500) and leaves no blob and no temporary file behind.
 */
@CosdServer
class DeleteBucketRaceTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    static long dataFiles() throws Exception {
        long n = 0;
        for (String sub : new String[] {"blobs", "tmp"}) {
            Path p = env.dir.resolve(sub);
            if (!Files.exists(p)) continue;
            n += LiveDir.count(p); // requests in flight create and rename temporary files
        }
        return n;
    }

    static void assertNoSuchBucket(RawHttp.Reply r) {
        assertThat(r.status()).as(r.text()).isEqualTo(404);
        assertThat(r.text()).contains("<Code>NoSuchBucket</Code>");
    }

    @Test
    void aPutWhoseBucketIsDeletedWhileItsBodyStreamsGetsNoSuchBucketAndLeavesNoFile() throws Exception {
        String bucket = E2e.bucket("race-put");
        s3.createBucket(b -> b.bucket(bucket));
        long before = dataFiles();
        Socket s = SignedRaw.start(env.port(), "PUT", bucket, "k", Map.of(), Map.of(), 2 * 65536, new byte[65536]);
        TempFiles.await(env.dir, true); // the handler has looked the bucket up and is writing the body to its file
        s3.deleteBucket(b -> b.bucket(bucket)); // still empty: allowed
        assertNoSuchBucket(SignedRaw.finish(s, new byte[65536]));
        assertThat(dataFiles()).isEqualTo(before);
    }

    @Test
    void anInitiateWhoseBucketIsDeletedWhileItsBodyIsReadGetsNoSuchBucket() throws Exception {
        String bucket = E2e.bucket("race-init");
        s3.createBucket(b -> b.bucket(bucket));
        Socket s = SignedRaw.start(env.port(), "POST", bucket, "k", Map.of("uploads", ""), Map.of(), 10, new byte[5]);
        Thread.sleep(300);
        s3.deleteBucket(b -> b.bucket(bucket));
        assertNoSuchBucket(SignedRaw.finish(s, new byte[5]));
        s3.createBucket(b -> b.bucket(bucket));
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        s3.deleteBucket(b -> b.bucket(bucket));
    }

    /** A few seconds of PUTs and initiates against DeleteBucket: never a 500, never a file left over. */
    @Test
    void putsAndInitiatesRacingDeleteBucketNeverAnswer500AndLeaveNoFile() throws Exception {
        String bucket = E2e.bucket("race-stress");
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        long end = System.nanoTime() + 4_000_000_000L;
        int rounds = 0;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            while (System.nanoTime() < end) {
                rounds++;
                s3.createBucket(b -> b.bucket(bucket));
                List<Future<Integer>> writes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String key = "k" + i;
                    writes.add(pool.submit(() -> SignedRaw.send(env.port(), "PUT", bucket, key, Map.of(), Map.of(), new byte[32 * 1024]).status()));
                }
                writes.add(pool.submit(() -> SignedRaw.send(env.port(), "POST", bucket, "mp", Map.of("uploads", ""), Map.of(), null).status()));
                Thread.sleep(ThreadLocalRandom.current().nextInt(0, 4));
                try {
                    s3.deleteBucket(b -> b.bucket(bucket));
                    statuses.add(204);
                } catch (S3Exception e) {
                    statuses.add(e.statusCode()); // BucketNotEmpty when a write won
                }
                for (Future<Integer> f : writes) statuses.add(f.get());
                cleanUp(bucket);
            }
        }
        assertThat(statuses).as("statuses over %d rounds", rounds).doesNotContain(500).isSubsetOf(200, 204, 404, 409);
        assertThat(dataFiles()).isZero();
    }

    static void cleanUp(String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            return; // deleted in this round
        }
        s3.listObjectsV2(b -> b.bucket(bucket)).contents().forEach(o -> s3.deleteObject(b -> b.bucket(bucket).key(o.key())));
        s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()
                .forEach(u -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
        s3.deleteBucket(b -> b.bucket(bucket));
    }
}
