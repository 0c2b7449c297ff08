package io.cosd.store;

import java.util.Iterator;

/**
 * The start-up orphan scan as a merge walk (docs/storage.md "Start-up cleanup", ST-G1): the blob ids
 * present (files and inline rows) arrive in ascending order, and so do the ids the metadata references
 * (duplicates allowed: copies of one id in several tables or versions); a present id is an orphan when
 * the referenced side, advanced up to it, does not hold it. One pass over each side, no lookup per
 * blob, so the metadata needs no index on blob ids. Pure: no I/O.
 * <p>
 * Order is what makes this safe: if either side were out of order, a referenced blob could be taken
 * for an orphan. So both sides are checked as they are read ({@link String#compareTo}, which for these
 * ASCII ids is SQLite's BINARY order), and the walk refuses to answer ({@link OutOfOrder}) at the first
 * id that breaks it, before deciding anything about that id.
 */
final class OrphanWalk {
    /** An input out of ascending order: the scan must stop deleting. */
    static final class OutOfOrder extends IllegalStateException {
        OutOfOrder(String message) { super(message); }
    }

    private final Iterator<String> referenced;
    private String ref;        // the current referenced id: the smallest not yet passed; null when exhausted
    private String lastPresent;

    /** @param referenced ascending (non-decreasing) referenced ids; read once, lazily */
    OrphanWalk(Iterator<String> referenced) {
        this.referenced = referenced;
        this.ref = nextRef(null);
    }

    /** @param present the next present id, strictly greater than the one before */
    boolean isOrphan(String present) {
        if (lastPresent != null && present.compareTo(lastPresent) <= 0) {
            throw new OutOfOrder("orphan scan: present blob ids out of order (" + lastPresent + " then " + present + ")");
        }
        lastPresent = present;
        while (ref != null && ref.compareTo(present) < 0) ref = nextRef(ref);
        return ref == null || !ref.equals(present);
    }

    private String nextRef(String previous) {
        if (!referenced.hasNext()) return null;
        String next = referenced.next();
        if (next == null) throw new OutOfOrder("orphan scan: a null referenced id");
        if (previous != null && next.compareTo(previous) < 0) {
            throw new OutOfOrder("orphan scan: referenced blob ids out of order (" + previous + " then " + next + ")");
        }
        return next;
    }
}
