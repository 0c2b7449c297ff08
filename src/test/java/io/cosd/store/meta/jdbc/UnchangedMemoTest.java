package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bucket row off the event loop on SQLite (UnchangedMemo, docs/scale-out.md SC-C7,
 * docs/performance.md "The 4 KiB PUT's CPU, third pass"): a request's virtual thread reads it once
 * while the database is unchanged, and sees every commit (this server's, another process's) from the
 * next lookup on. "Another process" is a second store opened on the same file, as `cosd admin` does.
 */
class UnchangedMemoTest implements StoreFixture {
    static final String B = "memo-1250000000";
    @TempDir
    Path dir;
    SqliteTwoStores two;
    MetadataStore server;
    MetadataStore admin;

    @BeforeEach
    void open() {
        two = SqliteTwoStores.open(dir.resolve("meta.db"));
        server = two.a();
        admin = two.b();
    }

    @AfterEach
    void close() {
        two.close();
    }

    @Override
    public MetadataStore store() { return server; }

    @Test
    void aBucketLookedUpAgainWhileNothingCommittedRunsNoStatement() {
        bucket(B, VersioningState.UNVERSIONED);
        assertThat(server.buckets().find(B)).isPresent();
        long before = server.dbStatements();
        for (int i = 0; i < 5; i++) assertThat(server.buckets().find(B)).isPresent();
        assertThat(server.dbStatements()).isEqualTo(before);
    }

    @Test
    void aVersioningChangeByThisServerIsSeenByTheNextLookup() {
        bucket(B, VersioningState.UNVERSIONED);
        assertThat(server.buckets().find(B).map(Bucket::versioning)).contains(VersioningState.UNVERSIONED);
        server.buckets().setVersioning(B, VersioningState.ENABLED);
        assertThat(server.buckets().find(B).map(Bucket::versioning)).contains(VersioningState.ENABLED);
    }

    @Test
    void anyCommitMakesTheNextLookupReadTheRowAgain() {
        bucket(B, VersioningState.UNVERSIONED);
        server.buckets().find(B);
        server.objects().put(draft(B, "k", "null"), VersioningState.UNVERSIONED); // a commit that does not touch the row
        long before = server.dbStatements();
        assertThat(server.buckets().find(B)).isPresent();
        assertThat(server.dbStatements()).isEqualTo(before + 1);
    }

    @Test
    void aDeletionAndACreationByAnotherProcessAreSeenByTheNextLookup() {
        bucket(B, VersioningState.UNVERSIONED);
        assertThat(server.buckets().find(B)).isPresent();
        admin.buckets().delete(B); // e.g. a `cosd admin` command
        assertThat(server.buckets().find(B)).isEmpty();
        assertThat(server.buckets().find(B)).isEmpty(); // the absence is remembered too, while nothing commits

        var other = admin.identity().createAccount("100000000002", "1250000002");
        Bucket again = new Bucket(B, other.rootUin(), other.appId(), "ap-guangzhou", T0, VersioningState.ENABLED);
        admin.buckets().create(again);
        assertThat(server.buckets().find(B).map(Bucket::ownerUin)).contains(other.rootUin());
    }

    /**
     * A VACUUM and a truncating checkpoint (SecretUpgrade runs both when a store opens, so a `cosd admin`
     * process may run them under a live server) rewrite the database and restart the WAL: the header
     * changes with them, so a row deleted just before is not answered from the memo afterwards.
     */
    @Test
    void aVacuumAndATruncatingCheckpointByAnotherConnectionLeaveNoRowStale() throws Exception {
        bucket(B, VersioningState.UNVERSIONED);
        assertThat(server.buckets().find(B)).isPresent();
        admin.buckets().delete(B);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("meta.db"));
             java.sql.Statement s = c.createStatement()) {
            s.execute("VACUUM");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        assertThat(server.buckets().find(B)).isEmpty();
        bucket(B, VersioningState.ENABLED);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("meta.db"));
             java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        assertThat(server.buckets().find(B).map(Bucket::versioning)).contains(VersioningState.ENABLED);
        assertThat(((JdbcMetadataStore) server).tx().ownReaders().shared().readsWalHeader()).isTrue();
    }

    /**
     * Lookups racing a change: once the change has returned, every lookup that starts after it
     * sees it, whichever thread filed the entry it finds.
     */
    @Test
    void lookupsOnManyThreadsNeverSeeARowOlderThanAChangeThatReturnedBeforeThem() throws Exception {
        bucket(B, VersioningState.UNVERSIONED);
        AtomicInteger stale = new AtomicInteger();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 20; round++) {
                VersioningState want = round % 2 == 0 ? VersioningState.ENABLED : VersioningState.SUSPENDED;
                var lookups = new ArrayList<Future<?>>();
                for (int t = 0; t < 8; t++) lookups.add(threads.submit(() -> server.buckets().find(B)));
                server.buckets().setVersioning(B, want);
                for (int t = 0; t < 8; t++) {
                    lookups.add(threads.submit(() -> {
                        if (server.buckets().find(B).map(Bucket::versioning).orElseThrow() != want) stale.incrementAndGet();
                    }));
                }
                for (Future<?> f : lookups) f.get();
            }
        }
        assertThat(stale.get()).isZero();
    }

    @Test
    void theServersMemoChecksTheWalIndexHeader() {
        bucket(B, VersioningState.UNVERSIONED);
        server.buckets().find(B);
        UnchangedMemo memo = ((JdbcMetadataStore) server).tx().ownReaders().shared();
        assertThat(memo.readsWalHeader()).isTrue();
        assertThat(memo.size()).isEqualTo(1);
    }

    /**
     * A copy source names its bucket in a header of up to 64 KiB, looked up before anything checks the
     * name: 4,096 such absences kept would hold a quarter of a GiB. An overlong name is read each time.
     */
    @Test
    void anOverlongBucketNameIsLookedUpButNotRemembered() {
        bucket(B, VersioningState.UNVERSIONED);
        server.buckets().find(B);
        UnchangedMemo memo = ((JdbcMetadataStore) server).tx().ownReaders().shared();
        assertThat(memo.size()).isEqualTo(1);
        String huge = "x".repeat(60_000) + "-1250000000";
        assertThat(server.buckets().find(huge)).isEmpty();
        assertThat(memo.size()).isEqualTo(1);
    }

    @Test
    void theMemoForgetsEverythingWhenFull() {
        UnchangedMemo memo = ((JdbcMetadataStore) server).tx().ownReaders().shared();
        bucket(B, VersioningState.UNVERSIONED); // a commit, so the header is there to read
        for (int i = 0; i < UnchangedMemo.MAX_ENTRIES + 10; i++) {
            int n = i;
            assertThat(memo.get("row\0" + i, () -> Optional.of(n))).contains(n);
        }
        assertThat(memo.size()).isLessThanOrEqualTo(UnchangedMemo.MAX_ENTRIES);
        Object none = memo.get("null\0", () -> null);
        assertThat(none).isNull(); // nothing remembered for null
    }
}
