package io.cosd.domain.replication;

/**
 * Header names of cosd's private replica write (docs/replication.md): sent by the replication worker
 * of the source region and honoured by the destination's object handler ({@code api.replication.ReplicaHeaders}).
 * Kept in the domain so both sides share one spelling without the worker depending on the api layer.
 */
public final class ReplicaHeaderNames {
    /** The source version id; the replica is stored under it (REP-R2). */
    public static final String VERSION_ID = "x-cosd-replica-version-id";
    /** The source version's creation time, epoch milliseconds. */
    public static final String MTIME = "x-cosd-replica-mtime";
    /** The source ETag, kept for multipart objects whose ETag is not the MD5 of the bytes. */
    public static final String ETAG = "x-cosd-replica-etag";

    private ReplicaHeaderNames() {}
}
