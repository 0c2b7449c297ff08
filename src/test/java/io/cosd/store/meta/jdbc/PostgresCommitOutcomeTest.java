package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
    ProxiedStore proxied;
    CommitCuttingProxy proxy;
    MetadataStore store;

    @BeforeEach
    void open() throws Exception {
        proxied = new ProxiedStore("cosd_commit_outcome", "prepareThreshold=0"); // the proxy must see each statement's text
        proxy = proxied.proxy;
        store = proxied.store();
    }

    @AfterEach
    void close() throws Exception {
        proxied.close();
    }

    @Test
    void aWriteWhoseCommitAnswerIsLostIsReportedAsMaybeCommittedAndIsNotRunAgain_ST_P1() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        proxy.arm("'cut-here'");
        Throwable thrown = catchThrowable(() -> proxied.jdbc().tx().write(c -> {
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
        Throwable thrown = catchThrowable(() -> proxied.jdbc().tx().write(c -> {
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
        proxied.bucket("b-1250000000", VersioningState.UNVERSIONED);
        String id = "inl-" + "%032x".formatted(77);
        store.inlineBlobs().stage(id, "small".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var draft = proxied.draft("b-1250000000", "k", "null").withBlob(id);
        proxy.arm("INSERT INTO objects");
        Throwable thrown = catchThrowable(() -> store.objects().put(draft, VersioningState.UNVERSIONED));
        assertThat(proxy.awaitCut(5)).isTrue();
        assertThat(StoreException.mayHaveCommitted(thrown)).as("%s", thrown).isTrue();
        assertThat(new String(store.inlineBlobs().read(id), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("small");
        assertThat(proxied.jdbc().inlineBlobsStaged()).isZero();
    }
}
