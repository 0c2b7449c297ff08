package io.cosd.api.replication;

import io.cosd.api.auth.AuthResult;
import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.VersionIds;
import io.cosd.domain.replication.ReplicaHeaderNames;

import java.time.Instant;

/**
 * cosd's private replica write (docs/replication.md): a PUT or DELETE object carrying
 * {@code x-cosd-replica-version-id} (and {@code x-cosd-replica-mtime}, epoch milliseconds; names in
 * {@link ReplicaHeaderNames}) stores a
 * replica with the source's version id and creation time (REP-R2) and status REPLICA. Honoured only
 * when signed by the destination bucket owner's root key and only into an Enabled bucket; anything
 * else is refused (403 / 400), never silently turned into an ordinary write.
 */
public record ReplicaHeaders(String versionId, Instant createdAt, String etag) {
    // Aliases of ReplicaHeaderNames, kept so that code written against the old names still compiles.
    public static final String VERSION_ID = ReplicaHeaderNames.VERSION_ID;
    public static final String MTIME = ReplicaHeaderNames.MTIME;
    public static final String ETAG = ReplicaHeaderNames.ETAG;

    /**
     * Whether the replica headers come from the bucket owner's root key itself: an Authorization
     * header (a presigned URL can be handed to anyone, who could add unsigned headers) whose signed
     * header list names every {@code x-cosd-replica-*} header present. The worker signs every header
     * it sends, so its requests pass.
     */
    public static boolean trusted(Request rc) {
        if (!(rc.principal() instanceof Principal.Root root) || rc.bucket() == null || !root.account().rootUin().equals(rc.bucket().ownerUin())) {
            return false;
        }
        boolean header = rc.authScheme() == AuthResult.Scheme.COS_HEADER
                || rc.authScheme() == AuthResult.Scheme.SIGV4_HEADER;
        if (!header) return false;
        for (String h : new String[] {ReplicaHeaderNames.VERSION_ID, ReplicaHeaderNames.MTIME, ReplicaHeaderNames.ETAG}) {
            if (rc.header(h) != null && !rc.signedHeaders().contains(h)) return false;
        }
        return true;
    }

    /** Null when the request is an ordinary write. */
    public static ReplicaHeaders of(Request rc) {
        String id = rc.header(ReplicaHeaderNames.VERSION_ID);
        if (id == null) return null;
        if (!trusted(rc)) {
            throw ErrorCode.ACCESS_DENIED.exception("Replica writes need the bucket owner's root key, in a signed Authorization header"
                    + " that covers every x-cosd-replica-* header.");
        }
        if (rc.bucket().versioning() != VersioningState.ENABLED) {
            throw ErrorCode.INVALID_REQUEST.exception("Destination bucket must have versioning enabled."); // REP-V2, REP-S5
        }
        id = id.trim();
        // INT-3: a version written before the source bucket was versioned (or while Suspended) is the
        // "null" version and replicates as "null"; its time cannot be read from the id.
        boolean nullVersion = ObjectVersion.NULL_VERSION.equals(id);
        if (!nullVersion && VersionIds.micros(id) < 0) throw ErrorCode.INVALID_ARGUMENT.exception("Invalid replica version id");
        String mtime = rc.header(ReplicaHeaderNames.MTIME);
        if (mtime == null && nullVersion) throw ErrorCode.INVALID_ARGUMENT.exception("A null replica version needs " + ReplicaHeaderNames.MTIME);
        Instant at;
        try {
            at = mtime == null ? Instant.ofEpochMilli(VersionIds.micros(id) / 1000) : Instant.ofEpochMilli(Long.parseLong(mtime.trim()));
        } catch (NumberFormatException e) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Invalid " + ReplicaHeaderNames.MTIME);
        }
        String etag = rc.header(ReplicaHeaderNames.ETAG);
        if (etag != null && !etag.matches("\"[0-9a-f]{32}(-[0-9]{1,5})?\"")) throw ErrorCode.INVALID_ARGUMENT.exception("Invalid " + ReplicaHeaderNames.ETAG);
        return new ReplicaHeaders(id, at, etag);
    }
}
