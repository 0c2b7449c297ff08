package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.UploadedPart;
import io.cosd.store.meta.BucketRepository.CreateResult;
import io.cosd.store.meta.BucketRepository.DeleteResult;
import io.cosd.store.meta.BucketRepository.Deleted;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreException;
import io.cosd.store.meta.StoreFixture;
import io.cosd.store.meta.UploadRepository.PutPartOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The second review of the READ COMMITTED write path (docs/scale-out.md "Transactions", "Third
 * review"): writes that do not lock what their neighbours lock, on a real PostgreSQL, from two
 * stores (two pools, as two nodes).
 */
class PostgresLockedWritesTest {
    static final String B = "locked-1250000000";
    String db;
    MetadataStore a, b;
    Account acc;

    @BeforeEach
    void open() {
        TestPostgres pg = TestPostgres.get();
        db = pg.createDatabase("cosd_locked");
        a = PostgresMetadataStoreTest.open(pg, db);
        b = PostgresMetadataStoreTest.open(pg, db);
        acc = a.identity().createAccount("100000000777", "1250000777");
        Bucket bucket = new Bucket(B, acc.rootUin(), acc.appId(), "ap-guangzhou", StoreFixture.T0, VersioningState.UNVERSIONED);
        assertThat(a.buckets().create(bucket)).isEqualTo(CreateResult.CREATED);
    }

    @AfterEach
    void close() {
        if (a != null) a.close();
        if (b != null) b.close();
        TestPostgres.get().dropDatabase(db);
    }

    private static ObjectVersion draft(String key) {
        return ObjectVersion.builder(B, key).versionId("null").size(5).etag("\"e\"")
                .content(ContentHeaders.ofType("text/plain")).userMetadata(Map.of()).tags(Map.of())
                .blobId(StoreFixture.newBlobId()).lastModified(StoreFixture.T0).build();
    }

    /**
     * A single-statement read runs outside a transaction (Tx.readOne, one round trip), where pgjdbc's
     * BEGIN READ ONLY does not reach: the reader session itself is read-only, so the server still
     * refuses a write there (docs/scale-out.md "Transactions", the read pool).
     */
    @Test
    void aReadRunOutsideATransactionIsStillRefusedAWriteByTheServer() {
        Tx tx = ((JdbcMetadataStore) a).tx();
        boolean autoCommit = tx.readOne(c -> c.getAutoCommit());
        assertThat(autoCommit).as("no transaction around it").isTrue();
        assertThatThrownBy(() -> tx.readOne(c -> Sql.update(c, "UPDATE buckets SET next_seq = next_seq + 100 WHERE name = ?", B)))
                .isInstanceOf(StoreException.class).hasMessageContaining("read-only");
        long nextSeq = tx.readOne(c -> {
            try (var ps = Sql.prepare(c, "SELECT next_seq FROM buckets WHERE name = ?", B); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(nextSeq).isLessThan(100);
    }

    /**
     * A PUT on PostgreSQL locks its bucket with the next_seq bump itself (HeldSeq): the seqs of racing
     * writers of two stores are still unique and dense, every one below next_seq, and a write the
     * bump found no bucket for is NoSuchBucket (SC-T1).
     */
    @Test
    void racingPutsLockedByTheirNextSeqBumpGetUniqueDenseSeqs_SC_T1() throws Exception {
        List<CompletableFuture<ObjectVersion>> puts = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            MetadataStore store = i % 2 == 0 ? a : b;
            String key = "k" + (i % 7);
            puts.add(CompletableFuture.supplyAsync(() -> store.objects().put(draft(key), VersioningState.UNVERSIONED, null).stored()));
        }
        java.util.Set<Long> seqs = new java.util.TreeSet<>();
        for (var p : puts) seqs.add(p.get(60, java.util.concurrent.TimeUnit.SECONDS).seq());
        assertThat(seqs).hasSize(40);
        assertThat(seqs).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(seqs.iterator().next(),
                seqs.iterator().next() + 39).boxed().toList());
        for (int k = 0; k < 7; k++) assertThat(a.objects().latest(B, "k" + k)).isPresent();
        assertThatThrownBy(() -> a.objects().put(ObjectVersion.builder("gone-1250000000", "x").versionId("null").size(5).etag("\"e\"")
                .content(ContentHeaders.ofType("text/plain")).userMetadata(Map.of()).tags(Map.of())
                .blobId(StoreFixture.newBlobId()).lastModified(StoreFixture.T0).build(), VersioningState.UNVERSIONED, null))
                .isInstanceOf(io.cosd.store.meta.NoSuchBucketException.class);
    }

    /**
     * SC-T6: a bucket's configuration writes (versioning, any sub-resource document) take the bucket's
     * lock like its object writes. As SERIALIZABLE writes of the bucket row (or, through the foreign
     * key, a lock on it) they were aborted whenever a PUT had bumped {@code next_seq} while they waited
     * for the row, which on a bucket under steady PUT load is every time: they used up their attempts
     * and answered 503 for as long as the load lasted.
     */
    @Test
    void configurationWritesOfABucketUnderSteadyPutLoadQueueBehindItsWritersAndSucceed_SC_T6() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        int writers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> load = new ArrayList<>();
        AtomicInteger puts = new AtomicInteger();
        try {
            for (int t = 0; t < writers; t++) {
                MetadataStore node = t % 2 == 0 ? a : b;
                int me = t;
                load.add(pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        node.objects().put(draft("k-" + me + "-" + (i % 50)), VersioningState.UNVERSIONED);
                        puts.incrementAndGet();
                    }
                    return null;
                }));
            }
            // The load is under way (two PUTs per writer stored, however slow the machine): the bucket row
            // is always locked by some PUT. A fixed 300 ms could end before the first PUT did.
            long started = System.nanoTime() + 60_000_000_000L;
            while (puts.get() < 2 * writers && System.nanoTime() < started) Thread.sleep(10);
            assertThat(puts.get()).as("PUTs stored before the configuration writes").isGreaterThanOrEqualTo(2 * writers);
            List<Throwable> failed = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                MetadataStore node = i % 2 == 0 ? a : b;
                try {
                    node.buckets().putConfig(B, ConfigKind.TAGGING, "<Tagging><i>" + i + "</i></Tagging>");
                    node.buckets().setVersioning(B, i % 2 == 0 ? VersioningState.ENABLED : VersioningState.SUSPENDED);
                    node.buckets().deleteConfig(B, ConfigKind.TAGGING);
                } catch (RuntimeException e) {
                    failed.add(e);
                }
            }
            assertThat(failed).as("configuration writes that ran out of attempts (503) under the bucket's PUT load")
                    .noneMatch(StoreException::isContended).isEmpty();
        } finally {
            stop.set(true);
            for (Future<?> f : load) f.get(60, TimeUnit.SECONDS);
            pool.shutdown();
        }
    }

    /**
     * SC-T7: an S3 DeleteBucket that aborts the bucket's uploads ({@code deleteAbortingUploads}) locks
     * each upload before reading its parts, as a part upload does. Locking only the bucket, it read the
     * part blobs to release, then a part stored meanwhile by an UploadPart (which locks only its
     * upload) was deleted with the upload by the foreign key's cascade: answered 200 to the client,
     * its blob released by nobody (an orphan), and the part it replaced released twice.
     */
    @Test
    void aPartStoredWhileAnS3DeleteBucketAbortsTheUploadIsEitherReleasedByTheDeleteOrRefused_SC_T7() throws Exception {
        a.uploads().create(new MultipartUpload("u1", B, "big", StoreFixture.T0, StorageClass.STANDARD, ContentHeaders.ofType("a/b"),
                Map.of(), Map.of(), "100000000001"));
        UploadedPart first = new UploadedPart(1, 5, "\"p1\"", StoreFixture.newBlobId(), StoreFixture.T0);
        UploadedPart second = new UploadedPart(2, 5, "\"p2\"", StoreFixture.newBlobId(), StoreFixture.T0);
        assertThat(a.uploads().putPart(B, "big", "u1", first).stored()).isTrue();

        // A third transaction holds part 1's row, so the delete (if it reads the parts before it
        // locks the upload) stops on its DELETE of the parts; the part upload of part 2 runs then.
        ExecutorService threads = Executors.newFixedThreadPool(2); // not the common pool: one thread on a 2-core machine
        try (Connection holder = DriverManager.getConnection(TestPostgres.get().jdbcUrl(db))) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT 1 FROM upload_parts WHERE upload_id = 'u1' AND part_number = 1 FOR UPDATE");
            }
            CompletableFuture<Deleted> deleting = CompletableFuture.supplyAsync(() -> a.buckets().deleteAbortingUploads(B), threads);
            waitForALockWait();
            CompletableFuture<PutPartOutcome> part = CompletableFuture.supplyAsync(() -> b.uploads().putPart(B, "big", "u1", second), threads);
            // Either the part upload waits for the delete (fixed) or it commits at once (before the fix).
            try {
                part.get(2, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException waiting) {
                // queued behind the delete's lock on the upload
            }
            holder.rollback();
            Deleted d = deleting.get(30, TimeUnit.SECONDS);
            PutPartOutcome p = part.get(30, TimeUnit.SECONDS);
            assertThat(d.result()).isEqualTo(DeleteResult.DELETED);
            List<String> released = new ArrayList<>(d.releasedBlobs());
            released.addAll(p.releasedBlobs());
            if (p.stored()) {
                assertThat(released).as("a part the client was told is stored is released by the delete that removed it")
                        .contains(second.blobId());
            }
            assertThat(released).as("every part blob released exactly once").doesNotHaveDuplicates();
            assertThat(released).contains(first.blobId());
        } finally {
            threads.shutdown();
        }
    }

    /**
     * ST-P8: a migration is not cut by the pools' socket timeout (ST-P7). A migration's DDL waits for
     * the tables it alters and rewrites or indexes whole tables, which on a large database takes
     * minutes: cut after 30 s, it rolled back on every start and no node of a large deployment could
     * start on the new version. Here the pools' timeout is 1 s (from the URL) and the last two migrations are
     * undone; V24's {@code ALTER TABLE replication_outbox} waits for a reader of that table, which commits once the ALTER has
     * waited 2 s; the store opens. (The
     * last ones, undone, are applied again in order; an earlier one alone would take the late path.)
     */
    @Test
    void aMigrationThatWaitsLongerThanThePoolsSocketTimeoutCompletesAndTheStoreOpens_ST_P8() throws Exception {
        a.close();
        b.close();
        a = b = null;
        try (Connection c = DriverManager.getConnection(TestPostgres.get().jdbcUrl(db)); Statement s = c.createStatement()) {
            // V25 and V24 undone: applied again, in order, by the next open (V24 alone, below an applied V25,
            // would take the late path, whose statement splitter does not read V24's dollar-quoted trigger body)
            s.execute("DROP INDEX replication_outbox_pending_by_key");
            s.execute("DELETE FROM flyway_schema_history WHERE version = '25'");
            s.execute("DROP TRIGGER replication_outbox_bucket_row ON replication_outbox");
            s.execute("DROP FUNCTION replication_outbox_bucket_row()");
            s.execute("ALTER TABLE replication_outbox DROP COLUMN bucket_incarnation");
            s.execute("DELETE FROM flyway_schema_history WHERE version = '24'");
        }
        try (Connection reader = DriverManager.getConnection(TestPostgres.get().jdbcUrl(db))) {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement()) {
                s.execute("SELECT 1 FROM replication_outbox LIMIT 1"); // ACCESS SHARE until the commit
            }
            CompletableFuture<MetadataStore> opening = CompletableFuture.supplyAsync(() -> JdbcMetadataStore.openPostgres(
                    PostgresUrl.parse(TestPostgres.get().url(db) + "&socketTimeout=1"), java.time.Clock.systemUTC(),
                    io.cosd.store.meta.MasterKeySource.of(PostgresMetadataStoreTest.SEALER)));
            waitForALockWait(2_000); // twice the pools' socket timeout: the migration's ALTER outlived it
            reader.commit();
            a = opening.get(60, TimeUnit.SECONDS);
        }
        assertThat(a.engine()).isEqualTo("postgresql");
        // V24's column is there: a resync of the bucket made before it queues rows that name its row (ADM-13)
        Bucket row = a.buckets().find(B).orElseThrow();
        assertThat(a.replication().stats(B, row.incarnation(), java.time.Instant.EPOCH).pending()).isZero();
    }

    /**
     * ST-P10: the start-up orphan walk's one statement (every referenced blob id, sorted) may run
     * longer than the pools' socket timeout on a large database; cut, the start-up failed on every
     * attempt. Here the pools' timeout is 1 s and the statement waits for a table another
     * transaction holds until the statement has waited 2 s; the walk completes and sees the blob.
     */
    @Test
    void theStartUpOrphanWalkWaitsForItsStatementLongerThanThePoolsSocketTimeout_ST_P10() throws Exception {
        a.close();
        b.close();
        a = b = null;
        a = JdbcMetadataStore.openPostgres(PostgresUrl.parse(TestPostgres.get().url(db) + "&socketTimeout=1"),
                java.time.Clock.systemUTC(), io.cosd.store.meta.MasterKeySource.of(PostgresMetadataStoreTest.SEALER));
        ObjectVersion v = a.objects().put(draft("k"), VersioningState.UNVERSIONED).stored();
        try (Connection holder = DriverManager.getConnection(TestPostgres.get().jdbcUrl(db))) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE object_restores IN ACCESS EXCLUSIVE MODE");
            }
            MetadataStore store = a;
            CompletableFuture<List<String>> walking = CompletableFuture.supplyAsync(() -> store.walkReferencedBlobs(ids -> {
                List<String> all = new ArrayList<>();
                ids.forEachRemaining(all::add);
                return all;
            }));
            waitForALockWait(2_000); // twice the pools' socket timeout: the walk's statement outlived it
            holder.commit();
            assertThat(walking.get(60, TimeUnit.SECONDS)).containsExactly(v.blobId());
        }
    }

    /** Until one backend of the test database waits for a lock. */
    private void waitForALockWait() throws Exception {
        waitForALockWait(0);
    }

    /**
     * Until one backend of the test database waits for a lock in a statement begun at least
     * {@code millis} ago: its client has had no answer for that long, whatever the load made of the
     * time it took to get there (a fixed pause could end before the statement even started).
     */
    private void waitForALockWait(long millis) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L; // a bound on a hung transaction, not a speed claim
        try (Connection c = DriverManager.getConnection(TestPostgres.get().jdbcUrl(db));
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND wait_event_type = 'Lock' AND clock_timestamp() - query_start >= ? * INTERVAL '1 millisecond'")) {
            ps.setLong(1, millis);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) return;
                }
                Thread.sleep(25);
            }
        }
        throw new AssertionError("no transaction waited for a lock for " + millis + " ms");
    }
}
