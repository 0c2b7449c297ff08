package io.cosd.store.meta.jdbc;

import io.cosd.store.fs.MasterKeyFile;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.CheckpointRepository;
import io.cosd.store.meta.IdentityRepository;
import io.cosd.store.meta.KmsKeyRepository;
import io.cosd.store.meta.LeaseRepository;
import io.cosd.store.meta.LifecycleRepository;
import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.ObjectRepository;
import io.cosd.store.meta.ReplicationOutbox;
import io.cosd.store.meta.SecretSealer;
import io.cosd.store.meta.StoreException;
import io.cosd.store.meta.UploadRepository;
import io.cosd.store.meta.UserPolicyRepository;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link MetadataStore} over JDBC. The repositories use portable SQL only; engine specifics
 * (pragmas, pools, isolation, error codes) live in the setup class of each engine ({@link SqliteSetup},
 * {@link PostgresSetup}).
 */
public final class JdbcMetadataStore implements MetadataStore {
    /** Ids per {@code IN (...)} list: well below SQLite's and PostgreSQL's parameter limits. */
    static final int IN_BATCH = 500;

    private final Tx tx;
    private final String description;
    private final Runnable closer;
    private final JdbcIdentityRepository identity;
    private final JdbcBucketRepository buckets;
    private final JdbcObjectRepository objects;
    private final JdbcUploadRepository uploads;
    private final JdbcCheckpointRepository checkpoints;
    private final JdbcLifecycleRepository lifecycle;
    private final JdbcReplicationOutbox replication;
    private final JdbcUserPolicyRepository userPolicies;
    private final JdbcKmsKeyRepository kmsKeys;
    private final JdbcLeaseRepository leases;
    private final JdbcInlineBlobs inline;

    JdbcMetadataStore(Tx tx, Dialect dialect, Clock clock, SecretSealer sealer, String description, Runnable closer) {
        this.tx = tx;
        this.description = description;
        this.closer = closer;
        this.identity = new JdbcIdentityRepository(tx, clock, sealer);
        this.buckets = new JdbcBucketRepository(tx, clock);
        this.inline = new JdbcInlineBlobs(tx);
        this.objects = new JdbcObjectRepository(tx, inline);
        this.uploads = new JdbcUploadRepository(tx);
        this.leases = new JdbcLeaseRepository(tx, dialect);
        this.checkpoints = new JdbcCheckpointRepository(tx, leases.heldCondition());
        this.lifecycle = new JdbcLifecycleRepository(tx);
        this.replication = new JdbcReplicationOutbox(tx, dialect);
        this.userPolicies = new JdbcUserPolicyRepository(tx, clock);
        this.kmsKeys = new JdbcKmsKeyRepository(tx, sealer);
    }

    /**
     * Opens (creating and migrating if needed) the SQLite database at {@code dbFile}, with the
     * default master key {@code master.key} beside it (created on first use; docs/storage.md
     * "Security at rest").
     */
    public static MetadataStore openSqlite(Path dbFile) {
        return openSqlite(dbFile, Clock.systemUTC());
    }

    /** As {@link #openSqlite(Path)}, with the clock used for created-at stamps of accounts, users, keys and buckets' configs. */
    public static MetadataStore openSqlite(Path dbFile, Clock clock) {
        Path key = dbFile.toAbsolutePath().resolveSibling(MasterKeyFile.DEFAULT_NAME);
        return openSqlite(dbFile, clock, new MasterKeyFile(key, "the default master key file"));
    }

    /**
     * As {@link #openSqlite(Path, Clock)}, with SecretKeys sealed under the key from {@code keys}.
     * @throws io.cosd.store.meta.MasterKeyException if that key is missing or not the one the database was sealed with
     */
    public static MetadataStore openSqlite(Path dbFile, Clock clock, MasterKeySource keys) {
        return SqliteSetup.open(dbFile, clock, keys);
    }

    /**
     * Opens (migrating if needed) the PostgreSQL database named by {@code url} (docs/scale-out.md),
     * SecretKeys sealed under the key from {@code keys}.
     * @throws io.cosd.store.meta.StoreException when the server cannot be reached, is older than 15 or not UTF8
     */
    public static MetadataStore openPostgres(PostgresUrl url, Clock clock, MasterKeySource keys) {
        return PostgresSetup.open(url, clock, keys);
    }

    @Override
    public IdentityRepository identity() { return identity; }

    @Override
    public io.cosd.store.meta.ChangeFeed changes() { return tx.changes(); }

    @Override
    public BucketRepository buckets() { return buckets; }

    @Override
    public ObjectRepository objects() { return objects; }

    @Override
    public UploadRepository uploads() { return uploads; }

    @Override
    public CheckpointRepository checkpoints() { return checkpoints; }

    @Override
    public LifecycleRepository lifecycle() { return lifecycle; }

    public ReplicationOutbox replication() { return replication; }

    @Override
    public UserPolicyRepository userPolicies() { return userPolicies; }

    @Override
    public LeaseRepository leases() { return leases; }

    @Override
    public KmsKeyRepository kmsKeys() { return kmsKeys; }

    /** Looks in object versions (inline ids included), completed multipart parts, in-progress upload parts and restored copies. */
    @Override
    public Set<String> referencedBlobs(Collection<String> candidates) {
        List<String> ids = new ArrayList<>(new HashSet<>(candidates));
        // One read transaction (one snapshot) for all batches.
        return tx.read(c -> {
            Set<String> found = new HashSet<>();
            for (int from = 0; from < ids.size(); from += IN_BATCH) {
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + IN_BATCH));
                String marks = String.join(",", Collections.nCopies(batch.size(), "?"));
                String sql = "SELECT blob_id FROM objects WHERE blob_id IN (" + marks + ")"
                        + " UNION SELECT blob_id FROM object_parts WHERE blob_id IN (" + marks + ")"
                        + " UNION SELECT blob_id FROM upload_parts WHERE blob_id IN (" + marks + ")"
                        + " UNION SELECT blob_id FROM object_restores WHERE blob_id IN (" + marks + ")";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int i = 1;
                    for (int table = 0; table < 4; table++) {
                        for (String id : batch) ps.setString(i++, id);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) found.add(rs.getString(1));
                    }
                }
            }
            return found;
        });
    }

    /**
     * Every referenced id in one sorted stream. SQLite merges the four sorted inputs (MERGE (UNION ALL));
     * the objects side, which has no blob index since V21, is sorted by SQLite's external sorter, which
     * spills to temporary files beyond its cache, so memory stays bounded at any size.
     * {@code SqliteMetadataStoreTest.theOrphanScanReadsReferencedBlobsInOneSortedMergeWithoutAnIndexOnObjects} pins the plan.
     */
    static final String REFERENCED_BLOBS_SQL = "SELECT blob_id FROM objects WHERE blob_id IS NOT NULL"
            + " UNION ALL SELECT blob_id FROM object_parts"
            + " UNION ALL SELECT blob_id FROM upload_parts"
            + " UNION ALL SELECT blob_id FROM object_restores WHERE blob_id IS NOT NULL"
            + " ORDER BY 1";

    /**
     * ST-P10: the walk's one statement sorts every blob id of a database of any size before its first
     * row, which takes longer than a pooled connection's socket timeout (ST-P7) on a large one, and the
     * start-up would fail on every attempt: this connection waits for it without a timeout (restored
     * when it goes back to the pool). The rows come in pages ({@link #WALK_PAGE}) rather than all at
     * once (PostgreSQL's driver would otherwise hold every id in memory).
     */
    @Override
    public <R> R walkReferencedBlobs(Function<Iterator<String>, R> walk) {
        return tx.read(c -> {
            try {
                c.setNetworkTimeout(Runnable::run, 0);
            } catch (java.sql.SQLFeatureNotSupportedException e) {
                // SQLite: no network, nothing to wait for
            }
            try (PreparedStatement ps = c.prepareStatement(REFERENCED_BLOBS_SQL)) {
                ps.setFetchSize(WALK_PAGE);
                try (ResultSet rs = ps.executeQuery()) {
                return walk.apply(new Iterator<>() {
                    private Boolean ahead; // null: not yet stepped to the next row

                    @Override
                    public boolean hasNext() {
                        if (ahead == null) {
                            try {
                                ahead = rs.next();
                            } catch (SQLException e) {
                                throw new StoreException("reading referenced blob ids", e);
                            }
                        }
                        return ahead;
                    }

                    @Override
                    public String next() {
                        if (!hasNext()) throw new NoSuchElementException();
                        ahead = null;
                        try {
                            return rs.getString(1);
                        } catch (SQLException e) {
                            throw new StoreException("reading referenced blob ids", e);
                        }
                    }
                });
                }
            }
        });
    }

    static final int WALK_PAGE = 10_000;

    @Override
    public String describe() { return description; }

    @Override
    public long writeRetries() { return tx.retries(); }

    @Override
    public long dbTransactions() { return tx.meter().transactions(); }

    @Override
    public long dbStatements() { return tx.meter().statements(); }

    @Override
    public long poolTimeouts() { return tx.poolTimeouts(); }

    @Override
    public void attachBlobCheck(io.cosd.store.meta.BlobCheck check) { tx.fence().attach(check); }

    @Override
    public <T> T sweepFenced(java.util.function.Supplier<T> batch) { return tx.fence().sweep(tx, batch); }

    @Override
    public long fenceRefusals() { return tx.fence().refused(); }

    @Override
    public String engine() { return description.substring(0, description.indexOf(' ')); }

    @Override
    public void ping() {
        tx.read(c -> {
            try (var s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
                r.next();
                return null;
            }
        });
    }

    @Override
    public io.cosd.store.blob.InlineBlobs inlineBlobs() { return inline; }

    /** Inline bytes staged and not yet stored or dropped (tests: nothing leaks). */
    int inlineBlobsStaged() { return inline.stagedCount(); }

    /** For engine-specific tests (pragmas, query plans). */
    Tx tx() { return tx; }

    @Override
    public void close() { closer.run(); }
}
