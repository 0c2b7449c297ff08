package io.cosd.e2e;

import io.cosd.app.Config;
import io.cosd.app.Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EDGE-B1..B4 (docs/edge.md "One budget for buffered bodies") end to end: a server whose body budget
 * ({@code --max-body-buffer}) is 256 KiB, far below what 16 concurrent 4 MiB PUTs would buffer
 * (up to 1 MiB each), pauses connections for want of room and still completes every PUT, each read
 * back byte for byte with the AWS SDK; afterwards nothing is buffered.
 */
@CosdServer(factory = "smallBudget")
class BodyBudgetE2eTest {
    static final String B = E2e.bucket("budget");
    static final int PUTS = 16;
    static final int SIZE = 4 << 20;
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    /** This class's server: the flag's own parser reads the size, as {@code cosd serve --max-body-buffer 256KiB} does. */
    static E2e smallBudget() throws Exception {
        long budget = Config.Edge.maxBodyBuffer("256KiB");
        return new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000)
                .withEdge(new Config.Edge(10_000, 1024, 30_000, 16, 25_000, budget)));
    }

    @BeforeAll
    static void bucket() {
        s3.createBucket(b -> b.bucket(B));
    }

    @Test
    void sixteenConcurrentFourMebibytePutsThroughA256KiBBudgetAllCompleteAndReadBackByteIdentical_EDGE_B2_EDGE_B3() throws Exception {
        assertThat(Config.Edge.maxBodyBuffer("256KiB")).isEqualTo(256 * 1024);
        double pausesBefore = metric(env.server, "cosd_body_buffer_pauses_total");
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < PUTS; i++) {
            byte[] b = new byte[SIZE];
            new Random(7_000 + i).nextBytes(b);
            bodies.add(b);
        }
        ExecutorService pool = Executors.newFixedThreadPool(PUTS);
        try {
            List<CompletableFuture<Void>> puts = new ArrayList<>();
            for (int i = 0; i < PUTS; i++) {
                int n = i;
                puts.add(CompletableFuture.runAsync(() ->
                        s3.putObject(p -> p.bucket(B).key("k" + n), RequestBody.fromBytes(bodies.get(n))), pool));
            }
            CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < PUTS; i++) {
            String key = "k" + i;
            byte[] got = s3.getObjectAsBytes(g -> g.bucket(B).key(key)).asByteArray();
            assertThat(MessageDigest.isEqual(sha256(got), sha256(bodies.get(i)))).as("object k" + i + " byte-identical").isTrue();
            assertThat(got).hasSize(SIZE);
        }
        assertThat(metric(env.server, "cosd_body_buffer_pauses_total") - pausesBefore)
                .as("16 bodies arriving faster than they are stored fill a 256 KiB budget: connections were paused").isPositive();
        assertThat(metric(env.server, "cosd_body_buffer_bytes")).as("nothing buffered once every PUT is answered").isZero();
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private static double metric(Server s, String name) throws Exception {
        var h = new LinkedHashMap<String, String>();
        h.put("Host", "127.0.0.1:" + s.port());
        String text = MetricsText.withoutNode(RawHttp.send(s.port(), "GET", "/-/metrics", h, null).text());
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+]+)$").matcher(text);
        assertThat(m.find()).as(name + " is exported").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
