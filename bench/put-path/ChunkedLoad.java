import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/put-path/run --chunked: PUTs through the AWS SDK for Java v2 with its defaults, as an
 * application sends them: aws-chunked on, the request checksum WHEN_SUPPORTED, so over http every PUT
 * is STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER (each chunk signed, a CRC32 trailer signed after the
 * last). Run with the shared harness's shaded loadgen jar on the class path (it carries the SDK):
 *   java -cp s3-loadgen.jar ChunkedLoad.java ENDPOINT BUCKET REGION KEY SECRET SIZE CONC SECONDS PREFIX
 * Prints one JSON line: {"requests", "duration_us", "p50_us", "p99_us", "errors"}. No retries.
 */
public class ChunkedLoad {
    public static void main(String[] a) throws Exception {
        String endpoint = a[0], bucket = a[1], region = a[2], key = a[3], secret = a[4], prefix = a[8];
        int size = Integer.parseInt(a[5]), conc = Integer.parseInt(a[6]);
        long seconds = Long.parseLong(a[7]);
        byte[] data = new byte[size];
        new Random(42L + size).nextBytes(data);
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .forcePathStyle(true)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(ApacheHttpClient.builder().maxConnections(conc + 4)
                        .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60)).build())
                .build()) {
            List<Long> lat = Collections.synchronizedList(new ArrayList<>());
            AtomicLong errors = new AtomicLong(), seq = new AtomicLong();
            long t0 = System.nanoTime(), end = t0 + seconds * 1_000_000_000L;
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < conc; i++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    while (System.nanoTime() < end) {
                        long s = System.nanoTime();
                        try {
                            s3.putObject(r -> r.bucket(bucket).key(prefix + seq.incrementAndGet()).contentLength((long) size),
                                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data), size, "application/octet-stream"));
                            lat.add(System.nanoTime() - s);
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : threads) t.join();
            long dur = System.nanoTime() - t0;
            List<Long> l = new ArrayList<>(lat);
            Collections.sort(l);
            double p50 = l.isEmpty() ? 0 : l.get(l.size() / 2) / 1e3, p99 = l.isEmpty() ? 0 : l.get(Math.min(l.size() - 1, l.size() * 99 / 100)) / 1e3;
            System.out.printf("{\"requests\": %d, \"duration_us\": %.0f, \"p50_us\": %.0f, \"p99_us\": %.0f, \"errors\": %d}%n",
                    l.size(), dur / 1e3, p50, p99, errors.get());
        }
    }
}
