package io.cosd.domain.lock;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A bucket's object lock configuration (docs/object-lock.md, LOCK-1, LOCK-2): lock is enabled (the only
 * state a stored configuration has: it cannot be turned off) with an optional default retention, a mode
 * and exactly one of days or years, applied to every new version that names no retention of its own.
 *
 * @param mode  default retention mode, null: no default retention (then days and years are null)
 * @param days  default period in days, or null
 * @param years default period in years, or null
 */
public record LockConfiguration(LockMode mode, Integer days, Integer years) {
    /** Lock enabled, no default retention (CreateBucket with lock enabled). */
    public static final LockConfiguration ENABLED = new LockConfiguration(null, null, null);

    public LockConfiguration {
        if (mode == null ? days != null || years != null : (days == null) == (years == null)) {
            throw new IllegalArgumentException("a default retention has a mode and exactly one of days or years");
        }
    }

    public boolean hasDefaultRetention() { return mode != null; }

    /**
     * The lock a new version gets (LOCK-2): what the request asked for, else the default retention counted
     * from {@code now} (days as 24-hour days, years as calendar years in UTC), plus the asked legal hold.
     */
    public ObjectLock forNewVersion(ObjectLock asked, Instant now) {
        if (asked.hasRetention() || mode == null) return asked;
        Instant until = days != null ? now.plus(Duration.ofDays(days))
                : now.atOffset(ZoneOffset.UTC).plusYears(years).toInstant();
        return asked.withRetention(mode, until);
    }
}
