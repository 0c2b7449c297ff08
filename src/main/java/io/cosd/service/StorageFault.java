package io.cosd.service;

/**
 * The storage, not the request, is at fault (docs/storage.md "Full disk", "Read integrity and
 * scrubbing"). A domain reason: the api layer chooses the wire error (api.error.StorageFaults), so
 * no HTTP vocabulary lives here.
 */
public final class StorageFault extends RuntimeException {
    public enum Reason {
        /** The blob store refused or could not finish a write for lack of space (ENOSPC, or the free-space reserve). */
        DISK_FULL,
        /** A version's bytes do not match its metadata (blob missing, wrong size, marked by the scrubber). */
        DAMAGED
    }

    private final Reason reason;

    public StorageFault(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    static StorageFault diskFull(String detail) {
        return new StorageFault(Reason.DISK_FULL, detail);
    }

    static StorageFault damaged(String detail) {
        return new StorageFault(Reason.DAMAGED, detail);
    }

    public Reason reason() { return reason; }
}
