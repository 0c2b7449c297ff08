package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REP-S7 (docs/replication.md "Deleted with its bucket"): a server that finds outbox rows of a deleted
 * bucket row (left by an older node, whatever their status) purges them in its worker's first
 * housekeeping and counts them in {@code cosd_replication_deleted_bucket_rows_purged_total}; a live
 * bucket's rows stay.
 */
class OutboxDeletedBucketPurgeE2eTest {
    static final String LIVE = E2e.bucket("purgelive");

    @Test
    void aServerPurgesTheOutboxRowsOfADeletedBucketAndCountsThemWhileALiveBucketsRowsStay_REP_S7() throws Exception {
        Path dir = Files.createTempDirectory("cosd-e2e");
        E2e first = new E2e(dir);
        try (S3Client s3 = first.s3()) {
            s3.createBucket(b -> b.bucket(LIVE));
        } finally {
            first.server.close(); // the data dir stays for the second server
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("meta.db")); Statement s = c.createStatement()) {
            row(s, 1, LIVE, "FAILED");
            row(s, 2, "gone-1250000000", "FAILED");   // no bucket row of its name (V24's trigger names none)
            row(s, 3, "gone-1250000000", "PENDING");
        }
        try (E2e second = new E2e(dir)) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (purged(second) < 2) {
                assertThat(System.nanoTime()).as("purged within the first housekeeping").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(purged(second)).isEqualTo(2);
            assertThat(ids(dir)).containsExactly(1L);
        }
    }

    private static void row(Statement s, long id, String bucket, String status) throws Exception {
        long now = System.currentTimeMillis() + 3_600_000; // not due: the worker must not send it meanwhile
        s.executeUpdate("INSERT INTO replication_outbox (id, bucket, key, version_id, operation, destination, status, attempts,"
                + " next_attempt_at, last_error, created_at) VALUES (" + id + ", '" + bucket + "', 'k', 'v" + id
                + "', 'PUT', 'ap-shanghai/dst-1250000001', '" + status + "', 0, " + now + ", NULL, " + now + ")");
    }

    private static long purged(E2e env) throws Exception {
        String text = MetricsText.withoutNode(RawHttp.send(env.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), new byte[0]).text());
        Matcher m = Pattern.compile("(?m)^cosd_replication_deleted_bucket_rows_purged_total ([0-9.E+]+)$").matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static List<Long> ids(Path dir) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("meta.db")); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM replication_outbox ORDER BY id")) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }
}
