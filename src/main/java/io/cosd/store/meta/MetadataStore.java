package io.cosd.store.meta;

import java.util.Collection;
import java.util.Set;

/**
 * The metadata port. Implementations keep everything in one SQL database and make every method
 * below a single transaction: either all of its effects become visible at commit, or none do.
 * The commit is the point of visibility for an object (the blob was made durable before).
 */
public interface MetadataStore extends AutoCloseable {
    IdentityRepository identity();

    BucketRepository buckets();

    ObjectRepository objects();

    UploadRepository uploads();

    CheckpointRepository checkpoints();

    LifecycleRepository lifecycle();

    /** The replication outbox (docs/replication.md#engine); rows are written by {@link #objects()} in the version's transaction. */
    ReplicationOutbox replication();

    /** Nodes and worker leases (docs/scale-out.md "Workers across nodes"). */
    LeaseRepository leases();

    /** Identity policies of sub-users (docs/policy.md "Identity policies"). */
    UserPolicyRepository userPolicies();

    /** The built-in key service's keys (docs/encryption.md "Key service"), material sealed under the master key. */
    KmsKeyRepository kmsKeys();

    /**
     * Of {@code candidates}, the blob ids that some object version, completed multipart part, in-progress
     * upload part or restored copy references. Reads the whole objects table (no index on blob ids since
     * V21): for tests and small checks; the start-up scan uses {@link #walkReferencedBlobs}.
     */
    Set<String> referencedBlobs(Collection<String> candidates);

    /**
     * Calls {@code walk} with every blob id that some object version, completed multipart part, in-progress
     * upload part or restored copy references, in ascending {@link String#compareTo} order, duplicates
     * possible, all from one snapshot; the iterator is valid only inside {@code walk}. One sorted read for
     * the start-up orphan scan's merge walk (docs/storage.md "Start-up cleanup", ST-G1..G2).
     */
    <R> R walkReferencedBlobs(java.util.function.Function<java.util.Iterator<String>, R> walk);

    /**
     * The change feed caches of this store's state subscribe to (docs/scale-out.md "Caches across
     * nodes"); {@link ChangeFeed#NONE} for a store no other object writes.
     */
    default ChangeFeed changes() {
        return ChangeFeed.NONE;
    }

    /** Inline small blobs kept in this store (docs/storage.md "Small objects inline"); null: none. */
    default io.cosd.store.blob.InlineBlobs inlineBlobs() {
        return null;
    }

    /**
     * Write transactions run again since this store opened because the database aborted them to keep
     * concurrent writers apart (docs/scale-out.md SC-T5); always 0 for a single-writer engine.
     */
    default long writeRetries() {
        return 0;
    }

    /**
     * Transactions this process has begun on the metadata database (BEGIN … COMMIT or ROLLBACK), and
     * statements it has run, inside transactions or alone (docs/scale-out.md "What a request costs
     * the database"): what a request costs the database, counted where it runs.
     */
    default long dbTransactions() {
        return 0;
    }

    /** @see #dbTransactions() */
    default long dbStatements() {
        return 0;
    }

    /**
     * Waits for a pooled database connection that ran out since this store opened; each was answered
     * 503 SlowDown (docs/scale-out.md SC-T8).
     */
    default long poolTimeouts() {
        return 0;
    }

    /**
     * SC-F1: attaches the blob store's half of the orphan sweep's fence. From then on every write that
     * names a new blob (a version, a part, a replica, a cold copy, a restored copy) calls
     * {@code check} for it as its transaction's last step, inside the fence, and fails (SC-F2,
     * {@link StoreException#blobSwept}) when the blob is gone. Wired once, before writes are served.
     */
    default void attachBlobCheck(BlobCheck check) {
    }

    /**
     * SC-F1, SC-F3: runs one batch of the orphan sweep (its re-checks and deletes) while no writer is
     * between its fence and its commit, in every process of the deployment. Throws a
     * {@link StoreException} when the fence could not be taken in time; nothing was deleted then.
     */
    default <T> T sweepFenced(java.util.function.Supplier<T> batch) {
        return batch.get();
    }

    /** Writes refused since this store opened because their blob had been swept (SC-F2). */
    default long fenceRefusals() {
        return 0;
    }

    /** {@code sqlite} or {@code postgresql}: the engine's name alone, for the health answer and metrics. */
    String engine();

    /**
     * One trivial query ({@code SELECT 1}) in a read transaction, as a request's read would run it
     * (the same pool): the health check's probe of the database (docs/scale-out.md "Operations").
     * Throws what a request's read would throw when the database is unreachable.
     */
    void ping();

    /** Human description of the engine, e.g. {@code sqlite 3.50.3 (WAL) at data/meta.db}. */
    String describe();

    @Override
    void close();
}
