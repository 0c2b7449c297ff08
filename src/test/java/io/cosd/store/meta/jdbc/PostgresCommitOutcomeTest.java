package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * ST-P1 (docs/scale-out.md "Transactions"): a write whose COMMIT reached the server but whose answer
 * was lost with the connection may have committed. It is reported as such, so callers keep the blobs
 * it names, and it is never run again (a second run of a committed write would apply it twice). A
 * real PostgreSQL behind {@link CommitCuttingProxy}, which drops the connection right after the
 * server carried the COMMIT out.
 */
class PostgresCommitOutcomeTest {
    TestPostgres pg;
    String db;
    CommitCuttingProxy proxy;
    MetadataStore store;

    @BeforeEach
    void open() throws Exception {
        pg = TestPostgres.get();
        db = pg.createDatabase("cosd_commit_outcome");
        proxy = new CommitCuttingProxy(pg.port());
        store = JdbcMetadataStore.openPostgres(PostgresUrl.parse("postgresql://127.0.0.1:" + proxy.port() + "/" + db
                + "?user=postgres&prepareThreshold=0"), Clock.systemUTC(), MasterKeySource.of(PostgresMetadataStoreTest.SEALER));
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        proxy.close();
        pg.dropDatabase(db);
    }

    @Test
    void aWriteWhoseCommitAnswerIsLostIsReportedAsMaybeCommittedAndIsNotRunAgain_ST_P1() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        proxy.arm("'cut-here'");
        Throwable thrown = catchThrowable(() -> ((JdbcMetadataStore) store).tx().write(c -> {
            runs.incrementAndGet();
            try (var s = c.createStatement()) {
                s.execute("INSERT INTO worker_checkpoints (worker, cursor, updated_at) VALUES ('cut-here', 'x', 0)");
            }
            return null;
        }));
        assertThat(proxy.awaitCut(5)).isTrue();
        assertThat(thrown).isInstanceOf(StoreException.class);
        assertThat(StoreException.mayHaveCommitted(thrown)).as("%s", thrown).isTrue();
        assertThat(runs).hasValue(1);
        // It did commit: what the caller was told "may have" is there.
        assertThat(store.checkpoints().cursor("cut-here")).isPresent();
    }

    @Test
    void aWriteThatFailsBeforeItsCommitIsAnOrdinaryFailure_ST_P1() {
        store.checkpoints().save("w", "1", Instant.EPOCH);
        Throwable thrown = catchThrowable(() -> ((JdbcMetadataStore) store).tx().write(c -> {
            try (var s = c.createStatement()) {
                s.execute("SELECT no_such_column FROM worker_checkpoints");
            }
            return null;
        }));
        assertThat(thrown).isInstanceOf(StoreException.class);
        assertThat(StoreException.mayHaveCommitted(thrown)).isFalse();
    }

    /** An inline body: its version committed, so its bytes are read back, and nothing stays staged in memory. */
    @Test
    void anInlinePutWhoseCommitAnswerIsLostKeepsItsBytesAndStagesNothing_ST_P1() throws Exception {
        var acc = store.identity().createAccount("100000000001", "1250000000");
        store.buckets().create(new io.cosd.domain.bucket.Bucket("b-1250000000", acc.rootUin(), acc.appId(), "ap-guangzhou",
                io.cosd.store.meta.StoreFixture.T0, io.cosd.domain.bucket.VersioningState.UNVERSIONED));
        String id = "inl-" + "%032x".formatted(77);
        store.inlineBlobs().stage(id, "small".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var draft = io.cosd.domain.object.ObjectVersion.builder("b-1250000000", "k").versionId("null").size(5).etag("\"e\"")
                .content(io.cosd.domain.object.ContentHeaders.ofType("text/plain")).userMetadata(java.util.Map.of()).tags(java.util.Map.of())
                .blobId(id).lastModified(io.cosd.store.meta.StoreFixture.T0).build();
        proxy.arm("INSERT INTO objects");
        Throwable thrown = catchThrowable(() -> store.objects().put(draft, io.cosd.domain.bucket.VersioningState.UNVERSIONED));
        assertThat(proxy.awaitCut(5)).isTrue();
        assertThat(StoreException.mayHaveCommitted(thrown)).as("%s", thrown).isTrue();
        assertThat(new String(store.inlineBlobs().read(id), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("small");
        assertThat(((JdbcMetadataStore) store).inlineBlobsStaged()).isZero();
    }
}
