package io.cosd.api.auth;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.signing.SigV4Signer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 *   <li>SigV2 header: {@code Authorization: AWS <AccessKeyId>:<Signature>}, and presigned:
 *       {@code ?AWSAccessKeyId=...&Expires=...&Signature=...}, unless turned off (docs/signing.md "SigV2")</li>
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
    private final SigV2Verifier sigV2;
    private final AuthSettings settings;

    /** For tests that replay foreign vectors: SigV4 scope region unchecked, otherwise the defaults. */
    public Authenticator(Function<String, Optional<AccessKey>> keys, Clock clock) {
        this(keys, clock, DEFAULT_MAX_SKEW, AuthSettings.of(null));
    }

    public Authenticator(Function<String, Optional<AccessKey>> keys, Clock clock, AuthSettings settings) {
        this(keys, clock, DEFAULT_MAX_SKEW, settings);
    }

    public Authenticator(Function<String, Optional<AccessKey>> keys, Clock clock, Duration maxSkew, AuthSettings settings) {
        this.keys = Objects.requireNonNull(keys);
        this.clock = Objects.requireNonNull(clock);
        this.maxSkew = Objects.requireNonNull(maxSkew);
        this.settings = Objects.requireNonNull(settings);
        this.sigV4 = new SigV4Verifier(id -> activeKey(id, UNKNOWN_AWS_KEY), clock, maxSkew, settings);
        this.sigV2 = new SigV2Verifier(id -> activeKey(id, UNKNOWN_AWS_KEY), clock, maxSkew, settings);
    }

    /**
     * Verifies the request's signature, then what it must cover (docs/signing.md "Security"): the
     * headers that choose the operation, its source or its effect, and for SigV4 every x-amz-* header.
     *
     * @throws io.cosd.api.error.ApiException when the request carries credentials that do not verify,
     *         or a signature that does not cover what it must
     */
    public AuthResult authenticate(AuthRequest r) {
        // AUTH-3b: one value per effect-choosing header, whatever the spelling, for every request.
        String conflict = SignedCoverage.conflictingHeader(r.headers());
        if (conflict != null) {
            throw ErrorCode.INVALID_ARGUMENT.exception("The request carries " + conflict
                    + " more than once (x-cos- and x-amz- spellings or repeated) with different values.");
        }
        AuthResult result = verify(r);
        if (result instanceof AuthResult.Authenticated a) {
            // SigV4 and SigV2 (which signs every x-amz-* by construction, AUTH-9) refuse an unsigned x-cos-meta-* twin.
            boolean everyAmz = a.scheme() != AuthResult.Scheme.COS_HEADER && a.scheme() != AuthResult.Scheme.COS_PRESIGNED;
            String unsigned = SignedCoverage.unsignedHeader(r.headers(), a.signedHeaders(), everyAmz);
            if (unsigned == null) unsigned = SignedCoverage.unsignedWriteCondition(r.method(), r.headers(), a.signedHeaders());
            if (unsigned != null) throw SignedCoverage.headerNotSigned(unsigned);
            // AUTH-3c: SigV4 signs a repeated header as its values joined by commas, handlers read the
            // first; so `Content-Type: a, b` signed could be sent as two headers and run as `a`.
            // A list header read whole (SignedCoverage.JOINED_LISTS) may repeat under SigV4, which signs the same join.
            boolean sigV4 = a.scheme() == AuthResult.Scheme.SIGV4_HEADER || a.scheme() == AuthResult.Scheme.SIGV4_PRESIGNED;
            String repeated = SignedCoverage.repeatedSignedHeader(r.headers(), a.signedHeaders(), sigV4);
            if (repeated != null) {
                throw ErrorCode.INVALID_ARGUMENT.exception("The signed header " + repeated + " appears more than once.");
            }
        }
        return result;
    }

    private AuthResult verify(AuthRequest r) {
        String authz = r.headers().first("Authorization");
        if (authz != null && !authz.isBlank()) {
            String a = authz.trim();
            if (a.regionMatches(true, 0, "q-sign-algorithm=", 0, 17)) {
                return cos(r, CosAuthorization.parse(a), AuthResult.Scheme.COS_HEADER);
            }
            if (a.startsWith(SigV4Signer.ALGORITHM + " ")) return sigV4.verifyHeader(r, a);
            if (a.startsWith(SigV2Verifier.HEADER_PREFIX) && settings.sigV2()) return sigV2.verifyHeader(r, a);
            throw ErrorCode.INVALID_REQUEST.exception(
                    "The authorization mechanism you have provided is not supported. Use q-sign-algorithm=sha1 or AWS4-HMAC-SHA256.");
        }
        QueryString q = QueryString.parse(r.rawQuery());
        if (q.has("X-Amz-Algorithm")) return sigV4.verifyPresigned(r, q);
        // A SigV2 presigned URL (s3cmd signurl, boto's v2 signer); with SigV2 off it is refused as its header
        // form is, never served as if anonymous: the holder asked for a signed request (docs/signing.md "SigV2").
        if (q.has("AWSAccessKeyId") && q.has("Signature")) {
            if (settings.sigV2()) return sigV2.verifyPresigned(r, q);
            throw ErrorCode.INVALID_REQUEST.exception("The authorization mechanism you have provided is not supported "
                    + "(Signature Version 2 query parameters). Use q-sign or AWS4-HMAC-SHA256 (SigV4) presigned URLs.");
        }
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

    /**
     * A POST Object form's signature fields (docs/post-object.md "Signatures", {@link PostFormVerifier}):
     * the principal that signed the policy, or null when the form carries no signature (anonymous).
     *
     * @param field            form field by lower-case name, null when absent
     * @param policyExpiration the policy's expiration (bounded for SigV4 forms, AUTH-P3), null without a policy
     */
    public Principal verifyPostForm(Function<String, String> field, String policyBase64, String policyJson, Instant policyExpiration) {
        AccessKey k = PostFormVerifier.verify(field, policyBase64, policyJson, policyExpiration, clock.instant(), settings,
                id -> activeKey(id, UNKNOWN_COS_KEY), id -> activeKey(id, UNKNOWN_AWS_KEY));
        return k == null ? null : k.principal();
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
        AccessKey key = activeKey(a.secretId(), UNKNOWN_COS_KEY);
        long now = clock.instant().getEpochSecond();
        if (now > a.end()) throw ErrorCode.REQUEST_EXPIRED.exception("Request has expired");
        if (Instant.ofEpochSecond(a.start()).isAfter(clock.instant().plus(maxSkew))) {
            throw ErrorCode.REQUEST_TIME_TOO_SKEWED.exception();
        }
        // AUTH-6: a bounded window. The skew allowance is added because a start may lie that far from
        // the server's clock (Python backdates it by 60 s), so an SDK asking for the maximum still fits.
        long maxWindow = settings.maxQSignWindow().plus(maxSkew).toSeconds();
        // Both SDKs send q-key-time equal to q-sign-time: parse it only when it differs.
        long[] keyWindow = a.keyTime().equals(a.signTime()) ? new long[] {a.start(), a.end()} : CosAuthorization.window(a.keyTime());
        // AUTH-6c: q-key-time is the validity of the SignKey derived from it (COS: "the same value as q-sign-time";
        // a signature whose q-sign-time or q-key-time has ended has expired), checked as a POST form's is: else a
        // SignKey whose window ended long ago would sign fresh requests forever with a new q-sign-time.
        if (now > keyWindow[1]) throw ErrorCode.REQUEST_EXPIRED.exception("Request has expired");
        if (Instant.ofEpochSecond(keyWindow[0]).isAfter(clock.instant().plus(maxSkew))) {
            throw ErrorCode.REQUEST_TIME_TOO_SKEWED.exception();
        }
        if (a.start() < keyWindow[0] || a.end() > keyWindow[1]) {
            throw ErrorCode.ACCESS_DENIED.exception("The q-sign-time window must lie within the q-key-time window that derives its key.");
        }
        long keyLength = length(keyWindow);
        if (a.end() - a.start() > maxWindow || keyLength > maxWindow) {
            throw ErrorCode.ACCESS_DENIED.exception("The q-sign-time/q-key-time window is longer than the "
                    + settings.maxQSignWindow().toSeconds() + " seconds this server accepts.");
        }
        // AUTH-2: the signed host is what binds the signature to one bucket (virtual-hosted requests).
        if (!settings.allowUnsignedQSignHost() && !a.headerList().contains("host")) {
            throw ErrorCode.ACCESS_DENIED.exception("The q-sign signature must cover the host header: host is not in q-header-list.");
        }
        // AUTH-4: q-sign folds parameter names to lower case, so names that differ only in case would
        // let the signature vouch for one value while another is executed.
        QueryString query = QueryString.parse(r.rawQuery());
        String repeated = SignedCoverage.repeatedCosParam(query);
        if (repeated != null) throw ErrorCode.INVALID_ARGUMENT.exception("The query parameter " + repeated + " is given more than once.");
        // ...and a known name in another case (VersionId) would be signed as the known one but ignored by the Router.
        String variant = SignedCoverage.caseVariantParam(query);
        if (variant != null) {
            throw ErrorCode.INVALID_ARGUMENT.exception("The query parameter " + variant
                    + " differs only in case from one cosd reads; q-sign cannot tell them apart.");
        }
        // x-cos-security-token may ride along unsigned (Java adds it after signing); it is verified
        // with temporary credentials, not here.
        if (!CosVerifier.verify(r, a, key.secretKey(), query)) throw ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception();
        String unsignedParam = SignedCoverage.unsignedParam(query, a.paramList());
        if (unsignedParam != null) {
            throw ErrorCode.ACCESS_DENIED.exception("The q-sign signature does not cover the query parameter " + unsignedParam
                    + ": it must be in q-url-param-list.");
        }
        return new AuthResult.Authenticated(key, scheme, new AuthResult.Payload.Unsigned(), lowerCase(a.headerList()), lowerCase(a.paramList()),
                Instant.ofEpochSecond(a.end()));
    }

    private static long length(long[] window) { return window[1] - window[0]; }

    static Set<String> lowerCase(List<String> names) {
        Set<String> out = new HashSet<>();
        for (String n : names) out.add(n.toLowerCase(Locale.ROOT));
        return Set.copyOf(out);
    }

    /**
     * An unknown or revoked key is {@code InvalidAccessKeyId} in each scheme's own words (S3's, and
     * COS's for q-sign: docs/spec/protocol.md §4.4), saying the key does not exist rather than that its
     * format is wrong, which sent operators looking at the wrong thing.
     */
    static final String UNKNOWN_AWS_KEY = "The AWS Access Key Id you provided does not exist in our records.";
    static final String UNKNOWN_COS_KEY = "The SecretId you provided does not exist in our records, please check.";

    private AccessKey activeKey(String secretId, String unknown) {
        Optional<AccessKey> k = keys.apply(secretId);
        if (k == null || k.isEmpty() || !k.get().active()) {
            throw ErrorCode.INVALID_ACCESS_KEY_ID.exception(unknown);
        }
        return k.get();
    }

    @Override
    public String toString() { return "Authenticator[maxSkew=" + maxSkew + "]"; }
}
