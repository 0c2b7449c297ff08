package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;

import java.security.SecureRandom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A seeded, model-based differential test of the object API (docs/testing.md "The model-based object
 * test"): a random mix of PutObject (sizes around the inline threshold and the SSE chunk, SSE-S3,
 * SSE-C), CopyObject, multipart uploads with part copies, GetObject (ranges, part numbers, versions,
 * preconditions, SSE-C keys right, wrong and missing), HeadObject, GetObjectAttributes, DeleteObject,
 * DeleteObjects, versioning changes and paged listings, each answer compared with an in-memory model
 * of the buckets' version stacks (ObjectModel: VER-I1, VER-I4, VER-D2, VER-L2, SSE-8), ending with every
 * version read back by id. The seed is random unless {@code -Dcosd.model.seed} names one; a failure
 * names it and the step, with the command that replays it.
 */
@CosdServer(factory = "server")
class ObjectModelE2eTest {
    /** Steps of the default run: about 12 s on an idle two-core machine, under 60 s on a busy one (docs/testing.md). */
    static final int DEFAULT_STEPS = 800;

    @CosdServer.Inject static COSClient cos;

    /** The COS SDK run's server; the AWS run starts its own, to restart it. */
    static E2e server() throws Exception {
        return SseServers.plainHttp(); // SSE-C keys over loopback HTTP (docs/encryption.md, SSE-9)
    }

    static long seed() {
        String s = System.getProperty("cosd.model.seed");
        return s == null || s.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(s.trim());
    }

    static int steps(int fallback) {
        String s = System.getProperty("cosd.model.steps");
        return s == null || s.isBlank() ? fallback : Integer.parseInt(s.trim());
    }

    @Test
    void aSeededMixOfWritesReadsDeletesAndListingsAnswersAsTheModelSaysAndNeverServesWrongBytes_VER_I1_VER_I4_VER_D2_VER_L2() throws Exception {
        awsRun("ObjectModelE2eTest", DEFAULT_STEPS, SseServers::plainHttpOn);
    }

    /** A server on a data dir: a fresh one, or the dir a stopped one left. */
    interface Start {
        E2e on(Path dir) throws Exception;
    }

    /**
     * The AWS SDK run on a server of its own, which {@code start} starts on a fresh data dir and restart
     * steps start again on the same one (ObjectModelOnPostgresTest: the same run, metadata on PostgreSQL).
     */
    static void awsRun(String name, int defaultSteps, Start start) throws Exception {
        long seed = seed();
        int steps = steps(defaultSteps);
        System.out.println(name + ": seed " + seed + ", " + steps + " steps (replay: -Dtest=" + name + " -Dcosd.model.seed=" + seed + ")");
        // Never retried: a PUT the SDK sent twice would stack a version the model did not make.
        RetryStrategy none = AwsRetryStrategy.doNotRetry();
        String a = E2e.bucket("model-a"), b = E2e.bucket("model-b");
        E2e[] server = {start.on(Files.createTempDirectory("cosd-e2e"))};
        S3Client[] client = {server[0].s3(c -> c.overrideConfiguration(o -> o.retryStrategy(none)))};
        Supplier<S3Client> restart = () -> {
            client[0].close();
            server[0].server.close();
            try {
                server[0] = start.on(server[0].dir);
            } catch (Exception e) {
                throw new IllegalStateException("cosd did not start again on its data dir", e);
            }
            return client[0] = server[0].s3(c -> c.overrideConfiguration(o -> o.retryStrategy(none)));
        };
        try {
            client[0].createBucket(x -> x.bucket(a));
            client[0].createBucket(x -> x.bucket(b));
            ModelDriver driver = new ModelDriver(seed, client[0], List.of(a, b), restart);
            driver.versioning(b, ObjectModel.Versioning.ENABLED); // one bucket versioned from the start, one not
            long t0 = System.nanoTime();
            driver.steps(steps);
            System.out.printf("%s: seed %d, %d steps clean in %.1f s: %s%n", name, seed, steps,
                    (System.nanoTime() - t0) / 1e9, driver.run().counts);
        } finally {
            client[0].close();
            server[0].close();
        }
    }

    @Test
    void theCosSdkPutsReadsRangesCopiesDeletesAndListsVersionsAsTheModelSays_VER_L5_VER_C1() {
        long seed = seed();
        int steps = Math.max(10, steps(DEFAULT_STEPS) / 5);
        System.out.println("ObjectModelE2eTest (COS SDK): seed " + seed + ", " + steps + " steps");
        String bucket = E2e.bucket("model-cos");
        cos.createBucket(bucket);
        new ModelCosRun(seed, cos, bucket).steps(steps);
    }
}
