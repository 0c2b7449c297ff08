package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.meta.EventLoopReads;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads on an event loop (docs/performance.md "The GET path", EventLoopReads): they go through the
 * thread's own connection, remember hot rows while SQLite's data_version is unchanged, and refuse
 * to write. "Another process" is a second store opened on the same file, as `cosd admin` does.
 */
class EventLoopReadsTest implements StoreFixture {
    static final String B = "hot-1250000000";
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

    /** One request on an event loop: EventLoopReads.run, as ApiHandler runs a GET there. */
    static <T> T onLoop(Supplier<T> read) {
        return EventLoopReads.run(read);
    }

    @Test
    void aRememberedVersionIsForgottenOnTheNextRequestAfterAnOverwriteOrADeleteByThisServer() {
        bucket(B, VersioningState.UNVERSIONED);
        ObjectVersion first = server.objects().put(draft(B, "k", "null"), VersioningState.UNVERSIONED).stored();
        assertThat(onLoop(() -> server.objects().latest(B, "k"))).contains(first);
        assertThat(onLoop(() -> server.objects().latest(B, "k"))).contains(first); // remembered

        ObjectVersion second = server.objects().put(draft(B, "k", "null"), VersioningState.UNVERSIONED).stored();
        assertThat(second.blobId()).isNotEqualTo(first.blobId());
        assertThat(onLoop(() -> server.objects().latest(B, "k"))).contains(second);

        server.objects().deleteVersion(B, "k", "null");
        assertThat(onLoop(() -> server.objects().latest(B, "k"))).isEmpty();
    }

    @Test
    void aWriteByAnotherProcessIsSeenOnTheNextRequest() {
        bucket(B, VersioningState.UNVERSIONED);
        ObjectVersion first = server.objects().put(draft(B, "k", "null"), VersioningState.UNVERSIONED).stored();
        assertThat(onLoop(() -> server.objects().latest(B, "k"))).contains(first);
        assertThat(onLoop(() -> server.buckets().find(B))).isPresent();

        admin.objects().deleteVersion(B, "k", "null"); // e.g. `cosd admin lifecycle run`
        assertThat(onLoop(() -> server.objects().latest(B, "k"))).isEmpty();
        admin.buckets().delete(B);
        assertThat(onLoop(() -> server.buckets().find(B))).isEmpty();
    }

    @Test
    void aKeyRevokedByAnotherProcessIsRefusedFromTheNextRequestOn() {
        Account a = account("100000000001", "1250000000");
        server.identity().createKey(a, a.rootUin(), "AKIDhot", "secret-of-hot-key-000000000000");
        assertThat(onLoop(() -> server.identity().findKey("AKIDhot"))).isPresent();
        assertThat(onLoop(() -> server.identity().findKey("AKIDhot"))).isPresent();

        admin.identity().revokeKey("AKIDhot"); // `cosd admin key ...`
        assertThat(onLoop(() -> server.identity().findKey("AKIDhot"))).isEmpty();
    }

    @Test
    void aRowWrittenAfterItWasFoundMissingIsFound() {
        bucket(B, VersioningState.UNVERSIONED);
        assertThat(onLoop(() -> server.objects().latest(B, "new"))).isEmpty();
        ObjectVersion v = admin.objects().put(draft(B, "new", "null"), VersioningState.UNVERSIONED).stored();
        assertThat(onLoop(() -> server.objects().latest(B, "new"))).contains(v);
    }

    @Test
    void aWriteOnAnEventLoopIsDeferredAndChangesNothing() {
        bucket(B, VersioningState.UNVERSIONED);
        assertThatThrownBy(() -> onLoop(() -> server.objects().put(draft(B, "w", "null"), VersioningState.UNVERSIONED)))
                .isInstanceOf(EventLoopReads.Defer.class);
        assertThat(server.objects().latest(B, "w")).isEmpty();
        assertThat(EventLoopReads.active()).isFalse();
    }

    @Test
    void offTheEventLoopNothingIsRememberedAndEveryReadSeesTheDatabase() {
        bucket(B, VersioningState.UNVERSIONED);
        ObjectVersion first = server.objects().put(draft(B, "k", "null"), VersioningState.UNVERSIONED).stored();
        assertThat(server.objects().latest(B, "k")).contains(first);
        admin.objects().deleteVersion(B, "k", "null");
        assertThat(server.objects().latest(B, "k")).isEqualTo(Optional.empty());
    }

    @Test
    void aThreadsMemoKeepsItsEntryAndByteBoundsForgettingTheLeastRecentlyUsedFirst() throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:")) {
            ThreadReaders.Reader r = new ThreadReaders.Reader(c);
            int blob = (int) Math.min(4096, ThreadReaders.MEMO_LARGEST);
            long fit = ThreadReaders.MEMO_BYTES / blob;
            for (int i = 0; i < fit + 10; i++) r.remember("inline\0" + i, new byte[blob]);
            assertThat(r.memoBytes()).isLessThanOrEqualTo(ThreadReaders.MEMO_BYTES);
            assertThat(r.memo("inline\0" + 0)).isNull();           // the eldest went first
            assertThat(r.memo("inline\0" + (fit + 9))).isNotNull(); // the newest stays
            r.remember("too-large", new byte[(int) ThreadReaders.MEMO_LARGEST + 1]);
            assertThat(r.memo("too-large")).isNull();                // read each time instead
            for (int i = 0; i < ThreadReaders.MEMO_ENTRIES + 10; i++) r.remember("row\0" + i, Optional.empty());
            assertThat(r.memoEntries()).isEqualTo(ThreadReaders.MEMO_ENTRIES);
            assertThat(r.memoBytes()).isZero();                      // the bodies were the eldest
            r.remember("key\0" + "x".repeat(ThreadReaders.MEMO_KEY_CHARS), Optional.empty());
            assertThat(r.memo("key\0" + "x".repeat(ThreadReaders.MEMO_KEY_CHARS))).isNull(); // a client's overlong name: read each time
        }
    }

    /**
     * The per-request check reads SQLite's WAL-index header without a transaction (WalIndexHeader);
     * the tests above then prove it sees this server's and another process's commits.
     */
    @Test
    void theEventLoopsCheckTheWalIndexHeaderAndItChangesWithEveryCommitByAnyConnection() throws Exception {
        bucket(B, VersioningState.UNVERSIONED);
        try (WalIndexHeader h = WalIndexHeader.open(dir.resolve("meta.db"))) {
            assertThat(h).isNotNull();
            long[] before = new long[WalIndexHeader.LONGS], after = new long[WalIndexHeader.LONGS];
            assertThat(h.read(before)).isTrue();
            server.objects().put(draft(B, "a", "null"), VersioningState.UNVERSIONED);
            assertThat(h.read(after)).isTrue();
            assertThat(after).isNotEqualTo(before);
            admin.objects().put(draft(B, "b", "null"), VersioningState.UNVERSIONED);
            assertThat(h.read(before)).isTrue();
            assertThat(before).isNotEqualTo(after);
            assertThat(onLoop(() -> server.objects().latest(B, "b"))).isPresent(); // nothing else changes it
            assertThat(h.read(after)).isTrue();
            assertThat(after).isEqualTo(before);
        }
        assertThat(onLoop(() -> ((JdbcMetadataStore) server).tx().ownReaderChecksWalHeader())).isTrue();
    }

    @Test
    void withoutAWalIndexTheHeaderIsNotUsedAndTheDataVersionPragmaDecides() {
        assertThat(WalIndexHeader.open(dir.resolve("absent.db"))).isNull();
    }
}
