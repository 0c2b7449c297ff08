package io.cosd.domain.lock;

import java.time.Instant;
import java.util.Objects;

/**
 * The lock of one object version (docs/object-lock.md): a retention (mode and retain-until date, both or
 * neither) and a legal hold, independent of each other. Stored with the version, in its row (LOCK-4).
 *
 * @param mode        retention mode, null: no retention
 * @param retainUntil the instant the retention ends, null exactly when {@code mode} is null
 * @param legalHold   whether a legal hold is on
 */
public record ObjectLock(LockMode mode, Instant retainUntil, boolean legalHold) {
    public static final ObjectLock NONE = new ObjectLock(null, null, false);

    public ObjectLock {
        if ((mode == null) != (retainUntil == null)) throw new IllegalArgumentException("mode and retain-until date go together");
    }

    public boolean hasRetention() { return mode != null; }

    /** Whether the retention still protects the version at {@code now} (its date is strictly later). */
    public boolean retainedAt(Instant now) { return mode != null && retainUntil.isAfter(now); }

    /** Whether anything protects the version at {@code now}: an unexpired retention or a legal hold. */
    public boolean protectsAt(Instant now) { return legalHold || retainedAt(now); }

    public ObjectLock withRetention(LockMode m, Instant until) { return new ObjectLock(m, until, legalHold); }

    public ObjectLock withLegalHold(boolean on) { return new ObjectLock(mode, retainUntil, on); }

    public boolean isNone() { return mode == null && !legalHold; }

    /** The one-column form multipart uploads keep until completion: {@code MODE|epochMillis|0or1}, or null for NONE. */
    public String encode() {
        if (isNone()) return null;
        return (mode == null ? "" : mode.name()) + "|" + (retainUntil == null ? "" : retainUntil.toEpochMilli()) + "|" + (legalHold ? 1 : 0);
    }

    /** The inverse of {@link #encode}; null is NONE. */
    public static ObjectLock decode(String s) {
        if (s == null || s.isEmpty()) return NONE;
        String[] p = s.split("\\|", -1);
        LockMode m = p[0].isEmpty() ? null : LockMode.valueOf(p[0]);
        Instant until = p[1].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(p[1]));
        return new ObjectLock(m, until, Objects.equals(p[2], "1"));
    }
}
