package io.cosd.domain.lock;

import io.cosd.domain.Refusal;

import java.time.Instant;

/**
 * The decisions of object lock, pure functions of the version's lock, what the request asks, whether
 * the caller may bypass governance, and {@code now} (docs/object-lock.md, LOCK-5..LOCK-8). Tested as
 * tables ({@code LockRulesTest}). Callers evaluate them inside the transaction that removes or changes
 * the version, so a concurrent change of the lock is never missed.
 */
public final class LockRules {
    private LockRules() {}

    /** Why a version may not be removed or have its retention changed now; ALLOWED when it may. */
    public enum Verdict { ALLOWED, LEGAL_HOLD, COMPLIANCE, GOVERNANCE }

    /**
     * Whether a version may be removed for good (LOCK-5): a legal hold blocks whatever else is asked;
     * an unexpired COMPLIANCE retention blocks everyone; an unexpired GOVERNANCE retention blocks unless
     * {@code bypass} (the caller asked with {@code x-amz-bypass-governance-retention: true} AND holds
     * {@code s3:BypassGovernanceRetention}). Expired retentions block nothing.
     */
    public static Verdict mayRemove(ObjectLock lock, boolean bypass, Instant now) {
        if (lock == null) return Verdict.ALLOWED;
        if (lock.legalHold()) return Verdict.LEGAL_HOLD;
        if (!lock.retainedAt(now)) return Verdict.ALLOWED;
        if (lock.mode() == LockMode.COMPLIANCE) return Verdict.COMPLIANCE;
        return bypass ? Verdict.ALLOWED : Verdict.GOVERNANCE;
    }

    /**
     * Whether the retention may become ({@code mode}, {@code until}) — both null: removed — (LOCK-6).
     * Without an unexpired retention anything goes. Under COMPLIANCE only the same mode with an equal or
     * later date. Under GOVERNANCE the same mode with an equal or later date; anything else (a shorter
     * date, removal, a switch to COMPLIANCE) needs {@code bypass}. The legal hold plays no part.
     */
    public static Verdict mayChangeRetention(ObjectLock current, LockMode mode, Instant until, boolean bypass, Instant now) {
        if (current == null || !current.retainedAt(now)) return Verdict.ALLOWED;
        boolean extends_ = mode == current.mode() && until != null && !until.isBefore(current.retainUntil());
        if (extends_) return Verdict.ALLOWED;
        if (current.mode() == LockMode.COMPLIANCE) return Verdict.COMPLIANCE;
        return bypass ? Verdict.ALLOWED : Verdict.GOVERNANCE;
    }

    /** {@link #mayRemove}, refusing with OBJECT_LOCKED (403 AccessDenied) and why. */
    public static void checkRemove(ObjectLock lock, boolean bypass, Instant now) {
        refuse(mayRemove(lock, bypass, now), "deleted");
    }

    /** {@link #mayChangeRetention}, refusing with OBJECT_LOCKED (403 AccessDenied) and why. */
    public static void checkChangeRetention(ObjectLock current, LockMode mode, Instant until, boolean bypass, Instant now) {
        refuse(mayChangeRetention(current, mode, until, bypass, now), "changed that way");
    }

    /** The words of a refusal, also used by the lifecycle dry run to say why a version was skipped. */
    public static String why(Verdict v) {
        return switch (v) {
            case ALLOWED -> "not locked";
            case LEGAL_HOLD -> "a legal hold is on";
            case COMPLIANCE -> "COMPLIANCE retention has not expired";
            case GOVERNANCE -> "GOVERNANCE retention has not expired";
        };
    }

    private static void refuse(Verdict v, String what) {
        if (v == Verdict.ALLOWED) return;
        String how = v == Verdict.GOVERNANCE ? " (bypassing it needs x-amz-bypass-governance-retention and s3:BypassGovernanceRetention)" : "";
        throw new Refusal(Refusal.Reason.OBJECT_LOCKED,
                "Access Denied because object protected by object lock: " + why(v) + "; it cannot be " + what + how + ".");
    }
}
