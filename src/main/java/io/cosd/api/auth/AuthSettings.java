package io.cosd.api.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The deployment's authentication rules (docs/signing.md "Security").
 *
 * @param region                 this deployment's region: a SigV4 credential scope must name it (AUTH-5);
 *                               null only for tests that replay foreign vectors (scope region not checked)
 * @param allowUnsignedQSignHost accept q-sign without {@code host} in q-header-list (old SDKs; off by default, AUTH-2)
 * @param maxQSignWindow         longest q-sign-time / q-key-time window accepted (AUTH-6)
 * @param regionAliases          other region names a SigV4 scope may name: the operator's statement that
 *                               this deployment is reached under those names too (AUTH-5); usually empty
 * @param sigV2                  verify AWS Signature Version 2 (--sigv2, default on); off: SigV2 is 400
 *                               InvalidRequest (docs/signing.md "SigV2")
 */
public record AuthSettings(String region, boolean allowUnsignedQSignHost, Duration maxQSignWindow, Set<String> regionAliases, boolean sigV2) {
    /** Seven days, SigV4's presign maximum (docs/signing.md AUTH-6). */
    public static final Duration DEFAULT_MAX_QSIGN_WINDOW = Duration.ofDays(7);

    public AuthSettings {
        Objects.requireNonNull(maxQSignWindow);
        regionAliases = Set.copyOf(regionAliases);
        if (maxQSignWindow.isNegative() || maxQSignWindow.isZero()) throw new IllegalArgumentException("maxQSignWindow must be positive");
    }

    /** SigV2 on, its default. */
    public AuthSettings(String region, boolean allowUnsignedQSignHost, Duration maxQSignWindow, Set<String> regionAliases) {
        this(region, allowUnsignedQSignHost, maxQSignWindow, regionAliases, true);
    }

    /** The defaults for a deployment of {@code region}. */
    public static AuthSettings of(String region) { return new AuthSettings(region, false, DEFAULT_MAX_QSIGN_WINDOW, Set.of()); }

    /** Whether a SigV4 credential scope may name {@code scopeRegion} (AUTH-5); always, when no region is set. */
    public boolean acceptsRegion(String scopeRegion) {
        return region == null || region.equals(scopeRegion) || regionAliases.contains(scopeRegion);
    }
}
