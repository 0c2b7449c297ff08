package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.ChangeFeed;
import io.cosd.store.meta.ChangeFeed.Change;
import io.cosd.store.meta.ChangeFeed.Kind;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.ConflictException;
import io.cosd.store.meta.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The change feed on SQLite (docs/scale-out.md "Caches across nodes"): one process, so it is local and
 * synchronous, the single node's behaviour: a committed write's change reaches the subscribers before
 * the write returns, on the writing thread; a failed write publishes nothing; the feed is always current.
 */
class SqliteChangeFeedTest {
    static final String B = "feed-1250000000";
    @TempDir
    Path dir;
    MetadataStore store;
    final List<Change> heard = new CopyOnWriteArrayList<>();
    final List<Thread> on = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        store.changes().subscribe(new ChangeFeed.Subscriber() {
            @Override
            public void changed(Change change) {
                heard.add(change);
                on.add(Thread.currentThread());
            }

            @Override
            public void forgetAll() {
                throw new AssertionError("a local feed never loses a change");
            }
        });
        store.identity().createAccount("100000000001", "1250000000");
    }

    @AfterEach
    void close() { store.close(); }

    @Test
    void aCommittedChangeReachesTheSubscribersOnTheWritingThreadBeforeTheWriteReturns_SC_C1() {
        assertThat(store.changes().current()).isTrue();
        store.buckets().create(new Bucket(B, "100000000001", "1250000000", "ap-guangzhou", Instant.EPOCH, VersioningState.UNVERSIONED));
        assertThat(heard).containsExactly(Change.of(Kind.BUCKET, B));
        store.buckets().putConfig(B, ConfigKind.LIFECYCLE, "<LifecycleConfiguration/>");
        assertThat(heard).endsWith(Change.config(B, ConfigKind.LIFECYCLE));
        assertThat(on).containsOnly(Thread.currentThread());
        assertThat(store.changes().current()).isTrue();
    }

    @Test
    void aWriteThatFailsOrChangesNothingPublishesNothing_SC_C1() {
        assertThatThrownBy(() -> store.buckets().putConfig("no-such-1250000000", ConfigKind.CORS, "<CORSConfiguration/>"))
                .isInstanceOf(ConflictException.class);
        assertThat(store.buckets().deleteConfig("no-such-1250000000", ConfigKind.CORS)).isFalse();
        assertThat(store.identity().revokeKey("AKIDnosuchkey")).isFalse();
        Tx tx = ((JdbcMetadataStore) store).tx();
        assertThatThrownBy(() -> tx.write(c -> {
            tx.changes().publish(c, Change.of(Kind.KEY, "AKIDrolledback"));
            throw new IllegalStateException("fails after publishing");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(heard).isEmpty();
    }
}
