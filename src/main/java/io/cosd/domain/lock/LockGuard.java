package io.cosd.domain.lock;

import java.time.Instant;

/**
 * What a removal of a version is checked against, inside the transaction that removes it (LOCK-5):
 * the caller's bypass right and the time. The store calls {@link #check} with the row's lock after it
 * took the bucket's write lock, so a retention or legal hold set a moment earlier is never missed.
 *
 * @param bypass the caller asked to bypass GOVERNANCE retention and holds s3:BypassGovernanceRetention
 */
public record LockGuard(boolean bypass, Instant now) {
    /** @throws io.cosd.domain.Refusal OBJECT_LOCKED when the version is protected */
    public void check(ObjectLock lock) {
        LockRules.checkRemove(lock, bypass, now);
    }
}
