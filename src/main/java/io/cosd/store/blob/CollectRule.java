package io.cosd.store.blob;

import java.time.Duration;
import java.time.Instant;

/**
 * The start-up cleanup's age rule on a shared blob root (docs/scale-out.md "Shared blob root",
 * ST-S2): a temporary file or an unreferenced blob may be removed only when its mtime is more than
 * the grace before now. Both times are read from the same file system, so clocks that differ
 * between nodes do not enter; a file stamped in the future (a clock stepped back) is young.
 */
final class CollectRule {
    private CollectRule() {}

    static boolean expired(Instant mtime, Instant now, Duration grace) {
        if (grace.isZero()) return true;
        return mtime.plus(grace).isBefore(now);
    }
}
