package io.cosd.domain.lock;

import java.util.Optional;

/**
 * The two retention modes of object lock (docs/object-lock.md, LOCK-3): GOVERNANCE may be lifted by a
 * caller who asks to bypass it and holds {@code s3:BypassGovernanceRetention}; COMPLIANCE by nobody, not
 * even the bucket owner's root, until its date passes. Names are exact and upper case on the wire.
 */
public enum LockMode {
    GOVERNANCE, COMPLIANCE;

    /** The mode spelled exactly as the APIs spell it ({@code governance} is not one: S3 refuses it too). */
    public static Optional<LockMode> parse(String s) {
        if (s == null) return Optional.empty();
        for (LockMode m : values()) if (m.name().equals(s)) return Optional.of(m);
        return Optional.empty();
    }
}
