package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GET that finds its version replaced between reading the version and opening its bytes reads the
 * version again (docs/storage.md "Read integrity and scrubbing": CHANGED is not damage). On the event
 * loop the version comes from the loop thread's remembered rows (docs/performance.md "The GET path");
 * the second read must see the database again, not the same remembered row, or every attempt finds
 * the same released blob and the client gets a 500 for a healthy object. Overwrites of one small
 * (inline) key race GETs of it through the AWS SDK; every GET must answer one of the bodies written.
 */
@CosdServer
class OverwriteDuringGetE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    @Test
    void getsRacingOverwritesOfTheSameKeyAlwaysServeAWrittenBodyNeverAServerError() throws Exception {
        String b = E2e.bucket("overwrite-race");
        s3.createBucket(r -> r.bucket(b));
        Set<String> written = ConcurrentHashMap.newKeySet();
        written.add(body(0));
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString(body(0)));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger gets = new AtomicInteger();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        // GETs without retries: the SDK would retry a 500 and hide it.
        try (S3Client reader = CrashLoopClient.s3(env.port()); ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                fs.add(pool.submit(() -> {
                    for (int i = 1; !stop.get(); i++) {
                        String body = body(writer * 1_000_000 + i);
                        written.add(body); // before the PUT: a GET may see it as soon as it commits
                        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString(body));
                    }
                    return null;
                }));
            }
            for (int g = 0; g < 3; g++) {
                fs.add(pool.submit(() -> {
                    while (!stop.get()) {
                        try {
                            String got = reader.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String();
                            if (!written.contains(got)) wrong.add("unwritten body " + got);
                        } catch (S3Exception e) {
                            wrong.add(e.statusCode() + " " + e.awsErrorDetails().errorCode() + " " + e.getMessage());
                        }
                        if (gets.incrementAndGet() >= 3000) stop.set(true); // without the fix a 500 came within the first few dozen
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!stop.get() && System.nanoTime() < deadline && wrong.isEmpty()) Thread.sleep(50);
            stop.set(true);
            for (Future<?> f : fs) f.get();
        }
        assertThat(wrong).as("after " + gets.get() + " GETs").isEmpty();
    }

    private static String body(int n) {
        return "body " + n + " " + "x".repeat(200);
    }
}
