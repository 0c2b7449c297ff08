package io.cosd.bench.fill;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.VersionIds;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;

/**
 * Direct fill for the listver workload (bench/README.md "Listing and lifecycle at scale"): a data
 * dir whose versioned bucket holds ONE key with N versions and one with 1,000, written as SQL batches
 * into the server's own schema (opened and migrated by {@link JdbcMetadataStore}), because a million
 * signed PUTs of one key take far longer on two cores than the listing being measured. bench/run
 * then starts the real server on this data dir and every listing goes over HTTP.
 * <p>
 * Also creates what the server's first start would (the root account and its key, from
 * COSD_ROOT_UIN/COSD_APPID/COSD_ROOT_SECRET_ID/KEY), so that start finds them and agrees. Versions
 * are 0-byte objects without a blob (listing reads metadata only). Version i of a key (0 = oldest)
 * was created at {@link #T0_MICROS} + i µs, so its id is {@code VersionIds.format(T0_MICROS + i)}:
 * the client computes a marker at any depth without walking there.
 */
public final class VersionsFill {
    public static final String BUCKET = "benchver-1250000000";
    public static final String SMALL_KEY = "versions/1k", BIG_KEY = "versions/big";
    public static final int SMALL = 1000;
    /** 2025-06-15T15:06:40Z in µs; bench/src ListVersionsWorkload uses the same constant. */
    public static final long T0_MICROS = 1_750_000_000_000_000L;

    public static void main(String[] args) throws Exception {
        Path dir = null;
        int n = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dir = Path.of(args[++i]);
                case "--versions" -> n = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: VersionsFill --data-dir DIR [--versions N]");
            }
        }
        if (dir == null) throw new IllegalArgumentException("--data-dir is required");
        Files.createDirectories(dir);
        String uin = env("COSD_ROOT_UIN"), appId = env("COSD_APPID");
        long t0 = System.nanoTime();
        try (MetadataStore meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"))) {
            var account = meta.identity().createAccount(uin, appId);
            meta.identity().createKey(account, uin, env("COSD_ROOT_SECRET_ID"), env("COSD_ROOT_SECRET_KEY"));
            meta.buckets().create(new Bucket(BUCKET, account.rootUin(), account.appId(), "ap-guangzhou",
                    Instant.ofEpochSecond(T0_MICROS / 1_000_000 - 86_400), VersioningState.ENABLED));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("meta.db"))) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=OFF"); // the fill only; the server opens it with synchronous=FULL
            }
            c.setAutoCommit(false);
            long seq = 1;
            seq = key(c, SMALL_KEY, SMALL, seq);
            seq = key(c, BIG_KEY, n, seq);
            try (PreparedStatement ps = c.prepareStatement("UPDATE buckets SET next_seq = ? WHERE name = ?")) {
                ps.setLong(1, seq);
                ps.setString(2, BUCKET);
                ps.executeUpdate();
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        System.out.printf("versions fill: %,d versions of %s and %,d of %s in %s, %.1f s%n", n, BIG_KEY, SMALL, SMALL_KEY, BUCKET,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Versions 0..count-1 of one key, oldest first (ascending seq); the last one is the latest. */
    private static long key(Connection c, String key, int count, long seq) throws Exception {
        String sql = "INSERT INTO objects (bucket, key, version_id, seq, is_latest, delete_marker, size, etag, storage_class,"
                + " user_meta, tags, parts_count, created_at, noncurrent_since) VALUES (?, ?, ?, ?, ?, 0, 0,"
                + " '\"d41d8cd98f00b204e9800998ecf8427e\"', 'STANDARD', '{}', '{}', 0, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < count; i++) {
                long us = T0_MICROS + i;
                boolean latest = i == count - 1;
                ps.setString(1, BUCKET);
                ps.setString(2, key);
                ps.setString(3, VersionIds.format(us));
                ps.setLong(4, seq++);
                ps.setInt(5, latest ? 1 : 0);
                ps.setLong(6, us / 1000);
                if (latest) ps.setNull(7, java.sql.Types.BIGINT); else ps.setLong(7, (us + 1) / 1000); // superseded by version i+1
                ps.addBatch();
                if ((i + 1) % 50_000 == 0) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            ps.executeBatch();
        }
        return seq;
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) throw new IllegalArgumentException(name + " must be set (bench/run sets it)");
        return v;
    }
}
