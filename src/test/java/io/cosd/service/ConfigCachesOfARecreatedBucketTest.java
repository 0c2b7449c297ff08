package io.cosd.service;

import io.cosd.domain.acl.Acl;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.policy.Policy;
import io.cosd.store.meta.ChangeFeed;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.NoSuchBucketException;
import io.cosd.store.meta.jdbc.SqliteTwoStores;
import io.cosd.store.meta.jdbc.TwoStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.cosd.store.meta.jdbc.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/security.md AUTH-15 for a node's configuration caches (ConfigCache: CORS, public access
 * block, Object Ownership, ...; PolicyService) and the bucket ACL: node B cached the configuration
 * of bucket row 1; node A deletes the bucket and another account creates it again (row 2) with
 * other documents; B has not heard of it yet (on PostgreSQL the change feed's lag, held here by a
 * subscriber that blocks B's listener inside the stale bound, so B's feed still counts as current; on
 * SQLite a second store, which no change of the first ever reaches). A request on B authorized
 * against row 2 gets row 2's configuration, never row 1's cached one, and a request still holding
 * row 1 gets NoSuchBucket, never row 2's configuration. The lookup by name alone (a worker's) still
 * answers from the entry: that is the old behaviour, which would have served row 1's documents.
 */
class ConfigCachesOfARecreatedBucketTest {
    static final String BUCKET = "nsc-1250000000";

    @TempDir
    Path dir;
    AutoCloseable nodes;

    @AfterEach
    void close() throws Exception {
        if (nodes != null) nodes.close();
    }

    /** Node B's caches, as the server builds them (the compiled policy's version field carries its text). */
    record CachesAt(ConfigCache<String> cors, ConfigCache<String> blocks, PolicyService policies, AclService acls) {
        static CachesAt node(MetadataStore store) {
            return new CachesAt(new ConfigCache<>(store.buckets(), ConfigKind.CORS, d -> d),
                    new ConfigCache<>(store.buckets(), ConfigKind.PUBLIC_ACCESS_BLOCK, d -> d),
                    new PolicyService(store, (text, b) -> new Policy(text, List.of())), new AclService(store));
        }

        String policy(Bucket row) {
            Policy p = policies.policy(row);
            return p == null ? null : p.version();
        }
    }

    /** Row 1 of the bucket through A, with documents of every cached kind. */
    private static void firstRow(MetadataStore a) {
        a.identity().createAccount("100000000001", "1250000000");
        a.identity().createAccount("100000000002", "1250000001");
        a.buckets().create(new Bucket(BUCKET, "100000000001", "1250000000", "ap-guangzhou", Instant.EPOCH, VersioningState.UNVERSIONED));
        a.buckets().putConfig(BUCKET, ConfigKind.CORS, "<cors-of-row-1/>");
        a.buckets().putConfig(BUCKET, ConfigKind.PUBLIC_ACCESS_BLOCK, "<block-of-row-1/>");
        a.buckets().putConfig(BUCKET, ConfigKind.POLICY, "policy-of-row-1");
        a.buckets().putConfig(BUCKET, ConfigKind.ACL, Acl.ownerOnly("100000000001").encode());
    }

    /** B reads row 1 and caches its documents. */
    private static Bucket cachedAtB(CachesAt atB, MetadataStore b) {
        Bucket row1 = b.buckets().find(BUCKET).orElseThrow();
        assertThat(atB.cors().find(row1)).contains("<cors-of-row-1/>");
        assertThat(atB.blocks().find(row1)).contains("<block-of-row-1/>");
        assertThat(atB.policy(row1)).isEqualTo("policy-of-row-1");
        return row1;
    }

    /** Through A: row 1 deleted, row 2 created by the other account, with a policy and an ACL of its own and no CORS or block. */
    private static Bucket secondRow(MetadataStore a) {
        assertThat(a.buckets().delete(BUCKET)).isEqualTo(io.cosd.store.meta.BucketRepository.DeleteResult.DELETED);
        a.buckets().create(new Bucket(BUCKET, "100000000002", "1250000001", "ap-guangzhou", Instant.EPOCH, VersioningState.UNVERSIONED));
        Bucket row2 = a.buckets().find(BUCKET).orElseThrow();
        a.buckets().putConfig(BUCKET, ConfigKind.POLICY, "policy-of-row-2", row2.incarnation());
        a.buckets().putConfig(BUCKET, ConfigKind.ACL, Acl.ownerOnly("100000000002").encode(), row2.incarnation());
        return row2;
    }

    /** What B answers while it has not heard of row 2. */
    private static void bServesEachRowOnlyItsOwnConfiguration(CachesAt atB, Bucket row1, Bucket row2) {
        assertThat(row2.incarnation()).isNotEqualTo(row1.incarnation());
        // the lookup by name alone, a worker's (and, before AUTH-15 covered the caches, every request's): row 1's entry
        assertThat(atB.cors().find(BUCKET)).as("the entry B holds, by name").contains("<cors-of-row-1/>");

        // a request authorized against row 2: row 2's configuration, none of row 1's
        assertThat(atB.cors().find(row2)).isEmpty();
        assertThat(atB.blocks().find(row2)).isEmpty();
        assertThat(atB.policy(row2)).isEqualTo("policy-of-row-2");
        assertThat(atB.acls().storedBucketAcl(row2).ownerUin()).isEqualTo("100000000002");

        // a request still holding row 1 (a node's kept bucket row): NoSuchBucket, never row 2's
        assertThatThrownBy(() -> atB.cors().find(row1)).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> atB.blocks().find(row1)).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> atB.policy(row1)).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> atB.acls().storedBucketAcl(row1)).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> atB.policies().document(row1)).isInstanceOf(NoSuchBucketException.class);

        // and row 2's entries, once loaded, are kept: a second request reads no document
        assertThat(atB.cors().find(row2)).isEmpty();
        assertThat(atB.policy(row2)).isEqualTo("policy-of-row-2");
    }

    @Test
    void aNodeThatHasNotHeardOfTheRecreationServesTheNamesakeItsOwnConfigurationOnPostgres_AUTH_15() throws Exception {
        TwoStores two = TwoStores.open("cosd_nsc");
        nodes = two;
        MetadataStore a = two.a(), b = two.b();
        // Subscribed before B's caches: while it holds a change, B's listener delivers nothing more to them.
        Holder holder = new Holder();
        b.changes().subscribe(holder);
        CachesAt atB = CachesAt.node(b);
        await("B's feed current", () -> b.changes().current());
        firstRow(a);
        // every change of row 1's set-up has reached B, so none of them can evict what B caches next
        await("B heard row 1's ACL", () -> holder.seen.contains(ChangeFeed.Change.config(BUCKET, ConfigKind.ACL)));
        Bucket row1 = cachedAtB(atB, b);

        holder.holdTheNext(BUCKET);
        Bucket row2;
        try {
            row2 = secondRow(a);
            assertThat(holder.held.await(5, TimeUnit.SECONDS)).as("B's listener holds the deletion").isTrue();
            long heldAt = System.nanoTime();
            bServesEachRowOnlyItsOwnConfiguration(atB, row1, row2);
            // All of it inside the stale bound: B's feed counted as current, so its caches answered from
            // memory (a feed not current would read every lookup through, which proves nothing here).
            assertThat(b.changes().current()).as("B's feed still current").isTrue();
            assertThat((System.nanoTime() - heldAt) / 1_000_000).isLessThan(ChangeFeed.STALE_BOUND_MILLIS);
        } finally {
            holder.release.countDown();
        }
        await("B hears row 2's ACL", () -> holder.seen.stream().filter(ChangeFeed.Change.config(BUCKET, ConfigKind.ACL)::equals).count() == 2);
        assertThat(atB.policy(row2)).isEqualTo("policy-of-row-2");
    }

    @Test
    void aStoreThatNoChangeOfTheOtherReachesServesTheNamesakeItsOwnConfigurationOnSqlite_AUTH_15() {
        SqliteTwoStores two = SqliteTwoStores.open(dir.resolve("meta.db"));
        nodes = two;
        MetadataStore a = two.a(), b = two.b();
        CachesAt atB = CachesAt.node(b);
        firstRow(a);
        Bucket row1 = cachedAtB(atB, b);
        Bucket row2 = secondRow(a);
        bServesEachRowOnlyItsOwnConfiguration(atB, row1, row2);
    }

    /** Blocks the listener thread of its store on the next change of one bucket, until released. */
    static final class Holder implements ChangeFeed.Subscriber {
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<ChangeFeed.Change> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile String bucket;

        void holdTheNext(String name) {
            bucket = name;
        }

        @Override
        public void changed(ChangeFeed.Change change) {
            seen.add(change);
            if (bucket == null || !change.id().equals(bucket)) return;
            bucket = null;
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void forgetAll() {}
    }
}
