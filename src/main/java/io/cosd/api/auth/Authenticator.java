package io.cosd.api.auth;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.signing.SigV4Signer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Entry point of request authentication. Detects which of the four supported forms a request uses
 * and verifies it:
 * <ul>
 *   <li>COS header: {@code Authorization: q-sign-algorithm=sha1&q-ak=...}</li>
 *   <li>COS presigned: {@code ?q-sign-algorithm=...&q-signature=...} (Python, Java simple overloads)
 *       or {@code ?sign=<urlencoded auth string>} (Java default)</li>
 *   <li>SigV4 header: {@code Authorization: AWS4-HMAC-SHA256 Credential=...}</li>
 *   <li>SigV4 presigned: {@code ?X-Amz-Algorithm=AWS4-HMAC-SHA256&...}</li>
 * </ul>
 * Anything else is anonymous. A non-empty Authorization header wins over query parameters.
 * Never logs or echoes secrets or computed signatures.
 */
public final class Authenticator {
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(15);

    private final Function<String, Optional<AccessKey>> keys;
    private final Clock clock;
    private final Duration maxSkew;
    private final SigV4Verifier sigV4;

    public Authenticator(Function<String, Optional<AccessKey>> keys, Clock clock) {
        this(keys, clock, DEFAULT_MAX_SKEW);
    }

    public Authenticator(Function<String, Optional<AccessKey>> keys, Clock clock, Duration maxSkew) {
        this.keys = Objects.requireNonNull(keys);
        this.clock = Objects.requireNonNull(clock);
        this.maxSkew = Objects.requireNonNull(maxSkew);
        this.sigV4 = new SigV4Verifier(this::activeKey, clock, maxSkew);
    }

    /** @throws io.cosd.api.error.ApiException when the request carries credentials that do not verify */
    public AuthResult authenticate(AuthRequest r) {
        String authz = r.headers().first("Authorization");
        if (authz != null && !authz.isBlank()) {
            String a = authz.trim();
            if (a.regionMatches(true, 0, "q-sign-algorithm=", 0, 17)) {
                return cos(r, CosAuthorization.parse(a), AuthResult.Scheme.COS_HEADER);
            }
            if (a.startsWith(SigV4Signer.ALGORITHM + " ")) return sigV4.verifyHeader(r, a);
            throw ErrorCode.INVALID_REQUEST.exception(
                    "The authorization mechanism you have provided is not supported. Use q-sign-algorithm=sha1 or AWS4-HMAC-SHA256.");
        }
        QueryString q = QueryString.parse(r.rawQuery());
        if (q.has("X-Amz-Algorithm")) return sigV4.verifyPresigned(r, q);
        if (q.has("q-signature") || q.has("q-sign-algorithm")) {
            return cos(r, CosAuthorization.parse(cosQueryAuth(q)), AuthResult.Scheme.COS_PRESIGNED);
        }
        String sign = q.first("sign");
        // Java's signPrefixMode: ?sign=<urlencoded auth string>. Only treat it as a signature if it
        // really looks like one, so that a user parameter called "sign" stays harmless.
        if (sign != null && sign.trim().regionMatches(true, 0, "q-sign-algorithm=", 0, 17)) {
            return cos(r, CosAuthorization.parse(sign), AuthResult.Scheme.COS_PRESIGNED);
        }
        return new AuthResult.Anonymous();
    }

    /** Rebuilds the auth string from the decoded q-* query values (Python presigned form). */
    private static String cosQueryAuth(QueryString q) {
        StringBuilder sb = new StringBuilder();
        for (String f : new String[] {"q-sign-algorithm", "q-ak", "q-sign-time", "q-key-time", "q-header-list",
                "q-url-param-list", "q-signature"}) {
            String v = q.first(f);
            if (v == null) continue;
            if (!sb.isEmpty()) sb.append('&');
            sb.append(f).append('=').append(v);
        }
        return sb.toString();
    }

    private AuthResult cos(AuthRequest r, CosAuthorization a, AuthResult.Scheme scheme) {
        AccessKey key = activeKey(a.secretId());
        long now = clock.instant().getEpochSecond();
        if (now > a.end()) throw ErrorCode.REQUEST_EXPIRED.exception("Request has expired");
        if (Instant.ofEpochSecond(a.start()).isAfter(clock.instant().plus(maxSkew))) {
            throw ErrorCode.REQUEST_TIME_TOO_SKEWED.exception();
        }
        // x-cos-security-token may ride along unsigned (Java adds it after signing); it is verified
        // with temporary credentials, not here.
        if (!CosVerifier.verify(r, a, key.secretKey())) throw ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception();
        return new AuthResult.Authenticated(key, scheme, new AuthResult.Payload.Unsigned(), lowerCase(a.headerList()));
    }

    static java.util.Set<String> lowerCase(java.util.List<String> names) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String n : names) out.add(n.toLowerCase(java.util.Locale.ROOT));
        return java.util.Set.copyOf(out);
    }

    private AccessKey activeKey(String secretId) {
        Optional<AccessKey> k = keys.apply(secretId);
        if (k == null || k.isEmpty() || !k.get().active()) {
            throw ErrorCode.INVALID_ACCESS_KEY_ID.exception();
        }
        return k.get();
    }

    @Override
    public String toString() { return "Authenticator[maxSkew=" + maxSkew + "]"; }
}
