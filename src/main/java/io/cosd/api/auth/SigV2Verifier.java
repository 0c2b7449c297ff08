package io.cosd.api.auth;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.signing.SigV2Signer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Verifies AWS Signature Version 2: {@code Authorization: AWS <AccessKeyId>:<Signature>} and the query
 * form {@code ?AWSAccessKeyId=…&Expires=…&Signature=…} (docs/signing.md "SigV2"). Rebuilds the
 * StringToSign from the request as received and as it will run:
 * <ul>
 *   <li>the canonical resource is built from the routed path, prefixed by the routed bucket when the
 *       request is virtual-hosted, so it names exactly the bucket and key served (AUTH-7);</li>
 *   <li>every query parameter that chooses the operation, version, upload, part or a response override
 *       must be a SigV2 sub-resource, hence in the signed resource (AUTH-8);</li>
 *   <li>Content-MD5, Content-Type, the date and every {@code x-amz-*} header are signed by construction;
 *       what SigV2 cannot sign and cosd must not run unsigned ({@code x-cos-meta-*}, the effect-choosing
 *       {@code x-cos-*} headers) is refused by {@link SignedCoverage} (AUTH-9);</li>
 *   <li>Date / x-amz-date within the skew (header form), Expires not past and not further than the
 *       presign maximum (query form); constant-time comparison (AUTH-10).</li>
 * </ul>
 * Where the widespread signers disagree on a detail that cannot change what runs ({@code name} or
 * {@code name=} for an empty sub-resource, where {@code x-amz-date} goes), each candidate is tried;
 * every candidate covers the same executed request.
 */
final class SigV2Verifier {
    static final String HEADER_PREFIX = "AWS ";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern BUCKET_ONLY = Pattern.compile("^/[^/]+/?$");
    private static final Pattern WEEKDAY = Pattern.compile("^[A-Za-z]{3},\\s*");
    private static final Set<String> STANDARD_SIGNED = Set.of("content-md5", "content-type", "date");

    private final Function<String, AccessKey> keys;
    private final Clock clock;
    private final Duration maxSkew;
    private final AuthSettings settings;

    SigV2Verifier(Function<String, AccessKey> keys, Clock clock, Duration maxSkew, AuthSettings settings) {
        this.keys = keys;
        this.clock = clock;
        this.maxSkew = maxSkew;
        this.settings = settings;
    }

    AuthResult verifyHeader(AuthRequest r, String authorization) {
        String rest = authorization.trim().substring(HEADER_PREFIX.length()).trim();
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            throw ErrorCode.INVALID_ARGUMENT.exception("AWS authorization header is invalid. Expected AwsAccessKeyId:signature")
                    .element("ArgumentName", "Authorization");
        }
        String accessKeyId = rest.substring(0, colon).trim();
        String signature = rest.substring(colon + 1).trim();
        HeaderView h = r.headers();
        // x-amz-date, when sent at all, is the request time: sent empty it is no date (AWS: AccessDenied).
        boolean hasAmzDate = h.first("x-amz-date") != null;
        String amzDate = trimmed(h.first("x-amz-date"));
        String date = trimmed(h.first("date"));
        Instant when = httpDate(hasAmzDate ? amzDate : date);
        AccessKey key = keys.apply(accessKeyId);
        if (Duration.between(when, clock.instant()).abs().compareTo(maxSkew) > 0) throw ErrorCode.REQUEST_TIME_TOO_SKEWED.exception();

        // Where the date goes: the guide's rule (x-amz-date signed among the x-amz headers, Date line empty),
        // the guide's DELETE example (x-amz-date's value on the Date line) and botocore (Date kept as well).
        List<String[]> dates = new ArrayList<>();
        if (amzDate.isEmpty()) {
            dates.add(new String[] {date, null});
        } else {
            dates.add(new String[] {"", null});
            dates.add(new String[] {amzDate, "x-amz-date"});
            if (!date.isEmpty()) dates.add(new String[] {date, null});
        }
        return verify(r, key, signature, dates, AuthResult.Scheme.SIGV2_HEADER);
    }

    AuthResult verifyPresigned(AuthRequest r, QueryString q) {
        String accessKeyId = q.first("AWSAccessKeyId");
        String signature = q.first("Signature");
        String expires = q.first("Expires");
        if (accessKeyId == null || signature == null || expires == null || accessKeyId.isBlank()) {
            throw ErrorCode.ACCESS_DENIED.exception(
                    "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
        }
        long exp;
        try {
            exp = Long.parseLong(expires.trim());
        } catch (NumberFormatException e) {
            throw ErrorCode.ACCESS_DENIED.exception("Invalid date (should be seconds since epoch): " + expires);
        }
        AccessKey key = keys.apply(accessKeyId.trim());
        long now = clock.instant().getEpochSecond();
        if (now > exp) throw ErrorCode.REQUEST_EXPIRED.exception("Request has expired");
        // AUTH-10: SigV2 has no limit of its own; a URL lives no longer than in the other dialects (AUTH-6).
        if (exp - now > settings.maxQSignWindow().plus(maxSkew).toSeconds()) {
            throw ErrorCode.ACCESS_DENIED.exception("Expires lies more than " + settings.maxQSignWindow().toSeconds()
                    + " seconds ahead, longer than this server accepts for a presigned URL.");
        }
        List<String[]> dates = new ArrayList<>();
        dates.add(new String[] {expires, null});
        return verify(r, key, signature, dates, AuthResult.Scheme.SIGV2_PRESIGNED);
    }

    private AuthResult verify(AuthRequest r, AccessKey key, String signature, List<String[]> dates, AuthResult.Scheme scheme) {
        QueryString q = QueryString.parse(r.rawQuery());
        Set<String> resources = canonicalResources(r, q);
        HeaderView h = r.headers();
        String md5 = trimmed(h.first("content-md5"));
        String type = trimmed(h.first("content-type"));
        for (String[] d : dates) {
            String amz = SigV2Signer.canonicalAmzHeaders(h.entries(), d[1]);
            for (String resource : resources) {
                String sts = SigV2Signer.stringToSign(r.method(), md5, type, d[0], amz, resource);
                if (SigV2Signer.signatureEquals(SigV2Signer.sign(key.secretKey(), sts), signature)) {
                    return new AuthResult.Authenticated(key, scheme, payload(h), signedHeaders(h), Set.of());
                }
            }
        }
        throw ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception();
    }

    /**
     * SigV2 signs no body. An x-amz-content-sha256 it carries (signed, as every x-amz-* header) is held to
     * its word rather than ignored (UB-1): a hex digest is verified as for SigV4; an aws-chunked streaming
     * value needs SigV4's chunk signatures and is refused.
     */
    static AuthResult.Payload payload(HeaderView h) {
        String sha = trimmed(h.first("x-amz-content-sha256"));
        if (sha.isEmpty() || sha.equals("UNSIGNED-PAYLOAD")) return new AuthResult.Payload.Unsigned();
        if (HEX64.matcher(sha).matches()) return new AuthResult.Payload.Sha256(sha.toLowerCase(Locale.ROOT));
        throw ErrorCode.INVALID_REQUEST.exception("x-amz-content-sha256 " + sha + " needs Signature Version 4; "
                + "with Signature Version 2 send UNSIGNED-PAYLOAD or a SHA-256 hex digest.");
    }

    /** Content-MD5, Content-Type, Date and every x-amz-* header present: what a SigV2 signature covers. */
    static Set<String> signedHeaders(HeaderView h) {
        Set<String> out = new HashSet<>(STANDARD_SIGNED);
        for (var e : h.entries()) {
            String n = e.getKey().toLowerCase(Locale.ROOT);
            if (n.startsWith("x-amz-")) out.add(n);
        }
        return Set.copyOf(out);
    }

    /**
     * The canonical resources that name the request as it will run (AUTH-7, AUTH-8): the path as sent
     * (every widespread signer signs the encoded path; a decoded candidate would let a signature over
     * {@code /b/a%20b} run on the key {@code a%20b} sent as {@code /b/a%2520b}), the sub-resources with
     * their decoded values (as they run), an empty one as {@code name} or {@code name=}. Throws when a
     * parameter that chooses what runs cannot be signed by SigV2, a sub-resource is repeated, or a value
     * holds '&' (the resource string could then be read as other parameters).
     */
    static Set<String> canonicalResources(AuthRequest r, QueryString q) {
        List<String[]> subs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (QueryString.Param p : q.params()) {
            String name = p.formKey();
            if (SigV2Signer.SUB_RESOURCES.contains(name)) {
                if (!seen.add(name)) throw ErrorCode.INVALID_ARGUMENT.exception("The query parameter " + name + " is given more than once.");
                String value = p.formValue();
                if (value.indexOf('&') >= 0) {
                    throw ErrorCode.INVALID_ARGUMENT.exception("The value of " + name + " contains '&', which Signature Version 2 cannot sign "
                            + "unambiguously. Sign the request with SigV4.");
                }
                subs.add(new String[] {name, value});
            } else if (SignedCoverage.selecting(name)) {
                throw ErrorCode.ACCESS_DENIED.exception("Signature Version 2 cannot sign the query parameter " + name
                        + ": it is not a SigV2 sub-resource. Sign the request with SigV4.");
            }
        }
        String path = (r.virtualBucket() == null ? "" : "/" + r.virtualBucket())
                + (r.rawPath() == null || r.rawPath().isEmpty() ? "/" : r.rawPath());
        Set<String> paths = new LinkedHashSet<>();
        paths.add(path);
        // A bucket-scope request: botocore signs "/bucket/" for the path "/bucket"; both name the bucket and no key.
        if (BUCKET_ONLY.matcher(path).matches()) paths.add(path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/");
        Set<String> out = new LinkedHashSet<>();
        for (String p : paths) {
            out.add(SigV2Signer.canonicalResource(p, subs, false));
            out.add(SigV2Signer.canonicalResource(p, subs, true));
        }
        return out;
    }

    /** RFC 1123 (what every SigV2 signer sends) from 1970 on; anything else is AccessDenied as at AWS. */
    private static Instant httpDate(String v) {
        if (v.isEmpty()) throw ErrorCode.ACCESS_DENIED.exception("AWS authentication requires a valid Date or x-amz-date header");
        Instant t;
        try {
            // The weekday is not checked (AWS does not; s3-tests send "Tue, 07 Jul 2010", a Wednesday, and expect
            // RequestTimeTooSkewed): RFC_1123_DATE_TIME would reject it, so it is dropped before parsing.
            t = ZonedDateTime.parse(WEEKDAY.matcher(v).replaceFirst(""), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ErrorCode.ACCESS_DENIED.exception("AWS authentication requires a valid Date or x-amz-date header");
        }
        if (t.isBefore(Instant.EPOCH)) throw ErrorCode.ACCESS_DENIED.exception("AWS authentication requires a valid Date or x-amz-date header");
        return t;
    }

    private static String trimmed(String s) { return s == null ? "" : s.trim(); }
}
