package io.cosd.api.error;

import io.cosd.service.StorageFault;
import io.cosd.store.blob.DiskFullException;

/**
 * The wire answer to a {@link StorageFault} (docs/storage.md "Full disk", "Read integrity and
 * scrubbing"). Both are 5xx, which every COS and S3 SDK retries (docs/spec/protocol.md §4.3).
 */
public final class StorageFaults {
    private StorageFaults() {}

    /**
     * An unexpected failure that is really a full disk (ST-F4): SQLite's SQLITE_FULL ("database or
     * disk is full") on a metadata commit, or an ENOSPC that escaped as another exception. Those get
     * the same retryable 503 as a refused blob write instead of a 500; null for anything else.
     */
    public static ApiException diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof DiskFullException
                    || t instanceof java.sql.SQLException s && "53100".equals(s.getSQLState()) // PostgreSQL's disk_full (ST-F6)
                    || m != null && (m.contains("SQLITE_FULL") || m.contains("No space left on device"))) {
                return toApi(new StorageFault(StorageFault.Reason.DISK_FULL, m));
            }
        }
        return null;
    }

    /**
     * SC-T4: a metadata write the database kept aborting under contention until its attempts ran out
     * ({@link io.cosd.store.meta.StoreException#contended}) committed nothing, so it gets the retryable
     * 503 every SDK sends again; so do a wait for a pooled connection that ran out (SC-T8, SlowDown)
     * and a write whose blob was swept before it committed (SC-F2), and a transaction the database
     * rolled back for an environmental reason (ST-F6); null for anything else (a maybe-committed
     * write stays a 500, ST-P1).
     */
    public static ApiException contended(Throwable e) {
        var busy = io.cosd.store.meta.StoreException.busy(e);
        if (busy == null) return null;
        return switch (busy) {
            case CONTENDED -> ErrorCode.SERVICE_UNAVAILABLE.exception("The metadata database is busy with concurrent writes. Retry the request.");
            // SC-T8: every pooled connection stayed busy for the pool's whole wait; S3's own answer to
            // "too much at once" is SlowDown, which the AWS and COS SDKs retry with backoff.
            case POOL_TIMEOUT -> ErrorCode.SLOW_DOWN.exception();
            // SC-F2: the uploaded bytes were swept before the write could name them; nothing was
            // recorded, and the same request sent again stores them anew.
            case BLOB_SWEPT -> ErrorCode.SERVICE_UNAVAILABLE.exception(
                    "The uploaded data was removed before it could be recorded. Send the request again.");
            // ST-F6: the database rolled the transaction back for a passing reason of its environment;
            // a full disk says so as a full blob disk does (ST-F3, ST-F4), anything else says only that
            // the database is unavailable (the store's reason goes to the log, not to the client).
            case UNAVAILABLE -> {
                ApiException full = diskFull(e);
                yield full != null ? full : ErrorCode.SERVICE_UNAVAILABLE.exception(
                        "The metadata database is unavailable for a moment. Retry the request.");
            }
        };
    }

    public static ApiException toApi(StorageFault f) {
        return switch (f.reason()) {
            // Retryable, never a 4xx that blames the body. The detail (free bytes, reserve) is logged,
            // not sent: clients learn that the disk is full, not how the server's disks look.
            // No Retry-After: the AWS SDK honours it literally (30 s per attempt was tried), and the
            // SDKs' own backoff is the better guess for how long an operator needs to free space.
            case DISK_FULL -> ErrorCode.SERVICE_UNAVAILABLE
                    .exception("The server's disk is full: no new data can be stored now. Retry later.");
            // S3 and COS have no code for "your stored bytes are damaged"; InternalError with a message
            // that says so, rather than serving bytes that are not the object.
            case DAMAGED -> ErrorCode.INTERNAL_ERROR.exception(f.getMessage());
        };
    }
}
