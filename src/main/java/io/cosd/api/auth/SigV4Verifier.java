package io.cosd.api.auth;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.SigV4Signer;
import io.cosd.domain.signing.UriCodec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Verifies SigV4 in the Authorization header and in presigned query strings.
 *
 * <p>Compatibility choices: the canonical URI is tried first from the decoded path (what AWS SDKs
 * sign) and then as the raw wire path (clients that sign exactly what they send, e.g. with a literal
 * {@code %2F} inside a key); a raw '+' in the query is a space, as QueryParams reads it. The
 * credential scope must name this deployment's region and the service {@code s3} (AUTH-5), and
 * SignedHeaders must include {@code host} (AUTH-2), whose value is the routed host (AUTH-1). The signing math lives in {@link SigV4Signer}; this class only rebuilds what
 * the client signed from the request as received.
 */
final class SigV4Verifier {
    static final long MAX_PRESIGN_EXPIRES = 7 * 24 * 3600;
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private final Function<String, AccessKey> keys;
    private final Clock clock;
    private final Duration maxSkew;
    private final AuthSettings settings;

    /**
     * @param keys     returns an active key or throws {@code INVALID_ACCESS_KEY_ID}
     * @param settings the region (and aliases) a credential scope must name; region null: not checked (foreign test vectors)
     */
    SigV4Verifier(Function<String, AccessKey> keys, Clock clock, Duration maxSkew, AuthSettings settings) {
        this.keys = keys;
        this.clock = clock;
        this.maxSkew = maxSkew;
        this.settings = settings;
    }

    /**
     * AUTH-5: the scope's region must be this deployment's and its service {@code s3}, with AWS's
     * wording. No alias by default: AWS answers a us-east-1 scope sent to another region the same way,
     * and SDKs that default to us-east-1 then say which region to configure. The operator may name
     * aliases (--sigv4-region-alias), e.g. when other deployments replicate here as to a plain S3
     * endpoint under another region name.
     */
    private void checkScope(Credential c, boolean presigned) {
        String lead = presigned ? "Error parsing the X-Amz-Credential parameter; " : "The authorization header is malformed; ";
        ErrorCode code = presigned ? ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR : ErrorCode.AUTHORIZATION_HEADER_MALFORMED;
        if (!settings.acceptsRegion(c.region())) {
            throw code.exception(lead + "the region '" + c.region() + "' is wrong; expecting '" + settings.region() + "'")
                    .element("Region", settings.region());
        }
        if (!"s3".equals(c.service())) {
            throw code.exception(lead + "incorrect service '" + c.service() + "'. This endpoint belongs to 's3'.");
        }
    }

    /** AUTH-2: AWS refuses a signature that does not cover host, naming it in HeadersNotSigned. */
    private static void checkHostSigned(List<String> signed) {
        if (!signed.contains("host")) throw SignedCoverage.headerNotSigned("host");
    }

    /** A parsed credential scope {@code <ak>/<date>/<region>/<service>/aws4_request}. */
    record Credential(String accessKeyId, String date, String region, String service) {
        String scope() { return date + "/" + region + "/" + service + "/aws4_request"; }

        private static boolean eightDigits(String d) {
            if (d.length() != 8) return false;
            for (int i = 0; i < 8; i++) if (d.charAt(i) < '0' || d.charAt(i) > '9') return false;
            return true;
        }

        static Credential parse(String s) {
            String[] p = s == null ? new String[0] : s.trim().split("/");
            if (p.length < 5 || !p[p.length - 1].equals("aws4_request")) throw malformed("bad Credential scope");
            int n = p.length;
            String ak = String.join("/", Arrays.copyOf(p, n - 4));
            if (ak.isEmpty() || !eightDigits(p[n - 4]) || p[n - 3].isEmpty() || p[n - 2].isEmpty()) {
                throw malformed("bad Credential scope");
            }
            return new Credential(ak, p[n - 4], p[n - 3], p[n - 2]);
        }
    }

    AuthResult verifyHeader(AuthRequest r, String authorization) {
        String rest = authorization.trim().substring(SigV4Signer.ALGORITHM.length()).trim();
        String credential = null, signedHeaders = null, signature = null;
        for (String part : rest.split(",")) {
            String t = part.trim();
            int eq = t.indexOf('=');
            if (eq < 0) continue;
            String k = t.substring(0, eq).trim(), v = t.substring(eq + 1).trim();
            switch (k) {
                case "Credential" -> credential = v;
                case "SignedHeaders" -> signedHeaders = v;
                case "Signature" -> signature = v;
                default -> { }
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw malformed("Authorization must carry Credential, SignedHeaders and Signature");
        }
        Credential cred = Credential.parse(credential);
        checkScope(cred, false);
        List<String> signed = parseSignedHeaders(signedHeaders);
        checkHostSigned(signed);
        String amzDate = requestDate(r.headers());
        Instant when = parseAmzDate(amzDate);
        if (!amzDate.startsWith(cred.date())) throw malformed("Credential date does not match X-Amz-Date");

        AccessKey key = keys.apply(cred.accessKeyId());
        Instant now = clock.instant();
        if (Duration.between(when, now).abs().compareTo(maxSkew) > 0) {
            throw ErrorCode.REQUEST_TIME_TOO_SKEWED.exception();
        }

        String contentSha = r.headers().first("x-amz-content-sha256");
        contentSha = contentSha == null ? null : contentSha.trim();
        List<String> payloadCandidates = new ArrayList<>();
        if (contentSha == null || contentSha.isEmpty()) {
            // Lenient: generic SigV4 signers without the S3 header either used UNSIGNED-PAYLOAD or
            // hashed an empty body (GET/HEAD/DELETE). The latter becomes a Sha256 obligation.
            payloadCandidates.add(SigV4Signer.UNSIGNED_PAYLOAD);
            payloadCandidates.add(Hashes.EMPTY_SHA256);
        } else {
            payloadCandidates.add(contentSha);
        }

        SigV4Signer.SigningKey signingKey = SigV4Signer.key(key.secretKey(), cred.date(), cred.region(), cred.service());
        String canonicalHeaders = canonicalHeaders(r.headers(), signed, r.host());
        String signedList = String.join(";", signed);
        String query = canonicalQuery(r, null);
        for (String payload : payloadCandidates) {
            for (String uri : uris(r)) {
                String cr = SigV4Signer.canonicalRequest(r.method(), uri, query, canonicalHeaders, signedList, payload);
                String sig = signingKey.sign(SigV4Signer.stringToSign(amzDate, cred.scope(), cr));
                if (Hashes.hexEquals(sig, signature)) {
                    return new AuthResult.Authenticated(key, AuthResult.Scheme.SIGV4_HEADER,
                            payload(payload, r.headers(), signingKey.bytes(), amzDate, cred.scope(), sig), Authenticator.lowerCase(signed),
                            null); // the whole query is in the canonical request
                }
            }
        }
        throw ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception();
    }

    AuthResult verifyPresigned(AuthRequest r, QueryString q) {
        String alg = q.first("X-Amz-Algorithm");
        if (!SigV4Signer.ALGORITHM.equals(alg)) throw malformed("X-Amz-Algorithm must be AWS4-HMAC-SHA256");
        String credential = q.first("X-Amz-Credential");
        String amzDate = q.first("X-Amz-Date");
        String expires = q.first("X-Amz-Expires");
        String signedHeaders = q.first("X-Amz-SignedHeaders");
        String signature = q.first("X-Amz-Signature");
        if (credential == null || amzDate == null || expires == null || signedHeaders == null || signature == null) {
            throw malformed("presigned URL must carry X-Amz-Credential, X-Amz-Date, X-Amz-Expires, "
                    + "X-Amz-SignedHeaders and X-Amz-Signature");
        }
        Credential cred = Credential.parse(credential);
        checkScope(cred, true);
        List<String> signed = parseSignedHeaders(signedHeaders);
        checkHostSigned(signed);
        Instant when = parseAmzDate(amzDate);
        if (!amzDate.startsWith(cred.date())) throw malformed("Credential date does not match X-Amz-Date");
        long exp;
        try {
            exp = Long.parseLong(expires.trim());
        } catch (NumberFormatException e) {
            throw malformed("X-Amz-Expires must be a number of seconds");
        }
        if (exp < 1 || exp > MAX_PRESIGN_EXPIRES) throw malformed("X-Amz-Expires must be between 1 and 604800 seconds");
        // AUTH-6b: the operator's --qsign-max-window bounds a SigV4 URL's life as it bounds every other signature's
        // (a q-sign window, a SigV2 URL's Expires, a POST form); the default (7 days) is S3's own maximum above.
        if (exp > settings.maxQSignWindow().toSeconds()) {
            throw ErrorCode.ACCESS_DENIED.exception("X-Amz-Expires is longer than the " + settings.maxQSignWindow().toSeconds()
                    + " seconds this server accepts.");
        }

        AccessKey key = keys.apply(cred.accessKeyId());
        Instant now = clock.instant();
        if (now.isAfter(when.plusSeconds(exp))) throw ErrorCode.REQUEST_EXPIRED.exception("Request has expired");
        if (when.isAfter(now.plus(maxSkew))) throw ErrorCode.REQUEST_TIME_TOO_SKEWED.exception();

        SigV4Signer.SigningKey signingKey = SigV4Signer.key(key.secretKey(), cred.date(), cred.region(), cred.service());
        String canonicalHeaders = canonicalHeaders(r.headers(), signed, r.host());
        String signedList = String.join(";", signed);
        String query = canonicalQuery(r, "X-Amz-Signature");
        for (String uri : uris(r)) {
            String cr = SigV4Signer.canonicalRequest(r.method(), uri, query, canonicalHeaders, signedList,
                    SigV4Signer.UNSIGNED_PAYLOAD);
            String sig = signingKey.sign(SigV4Signer.stringToSign(amzDate, cred.scope(), cr));
            if (Hashes.hexEquals(sig, signature)) {
                return new AuthResult.Authenticated(key, AuthResult.Scheme.SIGV4_PRESIGNED,
                        new AuthResult.Payload.Unsigned(), Authenticator.lowerCase(signed), null);
            }
        }
        throw ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception();
    }

    private static Set<String> uris(AuthRequest r) {
        Set<String> s = new LinkedHashSet<>();
        s.add(SigV4Signer.canonicalUri(r.decodedPath()));
        s.add(r.rawPath() == null || r.rawPath().isEmpty() ? "/" : r.rawPath());
        return s;
    }

    /**
     * The canonical query: sorted {@code k=v} pairs, both sides decoded then re-encoded. One form only,
     * the one QueryParams executes: a raw '+' is a space there, so it is one here too (form decoding;
     * without '+' it equals plain percent-decoding). Accepting '+' as a literal as well let a signature
     * over "a%2Bb" run with "a b".
     *
     * @param exclude a parameter name to leave out ({@code X-Amz-Signature} for presigned URLs), or null
     */
    private static String canonicalQuery(AuthRequest r, String exclude) {
        List<String[]> pairs = new ArrayList<>();
        for (QueryString.Param p : QueryString.parse(r.rawQuery()).params()) {
            String k = p.formKey();
            if (k.equals(exclude)) continue;
            pairs.add(new String[] {UriCodec.encode(k), UriCodec.encode(p.formValue())});
        }
        pairs.sort(Comparator.<String[], String>comparing(a -> a[0]).thenComparing(a -> a[1]));
        List<String> out = new ArrayList<>(pairs.size());
        for (String[] a : pairs) out.add(a[0] + "=" + a[1]);
        return String.join("&", out);
    }

    /** {@code name:value\n} for each signed header, in the order of SignedHeaders. */
    static String canonicalHeaders(HeaderView h, List<String> signedHeaders) {
        return canonicalHeaders(h, signedHeaders, null);
    }

    /** As above, {@code host} being the routed Target's host (AUTH-1), never re-read from the headers. */
    static String canonicalHeaders(HeaderView h, List<String> signedHeaders, String host) {
        StringBuilder sb = new StringBuilder();
        for (String name : signedHeaders) {
            if (name.equals("host") && host != null) {
                sb.append("host:").append(SigV4Signer.normalizeValue(host)).append('\n');
                continue;
            }
            List<String> vals = new ArrayList<>();
            for (String v : h.all(name)) vals.add(SigV4Signer.normalizeValue(v));
            sb.append(name).append(':').append(String.join(",", vals)).append('\n');
        }
        return sb.toString();
    }

    static List<String> parseSignedHeaders(String s) {
        List<String> out = new ArrayList<>();
        for (String n : s.split(";")) {
            String t = n.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) out.add(t);
        }
        return out;
    }

    private static AuthResult.Payload payload(String contentSha, HeaderView h, byte[] signingKey, String amzDate,
                                              String scope, String seedSignature) {
        switch (contentSha) {
            case SigV4Signer.UNSIGNED_PAYLOAD:
                return new AuthResult.Payload.Unsigned();
            case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD":
                return new AuthResult.Payload.AwsChunked(true, false, signingKey, amzDate, scope, seedSignature, decodedLength(h));
            case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER":
                return new AuthResult.Payload.AwsChunked(true, true, signingKey, amzDate, scope, seedSignature, decodedLength(h));
            case "STREAMING-UNSIGNED-PAYLOAD-TRAILER":
                return new AuthResult.Payload.AwsChunked(false, true, null, amzDate, scope, null, decodedLength(h));
            default:
                if (HEX64.matcher(contentSha).matches()) return new AuthResult.Payload.Sha256(contentSha.toLowerCase(Locale.ROOT));
                if (contentSha.startsWith("STREAMING-AWS4-ECDSA")) {
                    throw ErrorCode.NOT_IMPLEMENTED.exception("SigV4a (ECDSA) streaming payloads are not supported");
                }
                throw ErrorCode.INVALID_ARGUMENT.exception("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                        + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER], STREAMING-UNSIGNED-PAYLOAD-TRAILER or a SHA-256 hex digest");
        }
    }

    private static long decodedLength(HeaderView h) {
        String v = h.first("x-amz-decoded-content-length");
        if (v == null || v.isBlank()) return -1;
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw ErrorCode.INVALID_ARGUMENT.exception("x-amz-decoded-content-length must be a non-negative integer");
        }
    }

    /** X-Amz-Date, else the HTTP Date header rewritten in the compact ISO form that SigV4 signs. */
    private static String requestDate(HeaderView h) {
        String d = h.first("x-amz-date");
        if (d != null && !d.isBlank()) return d.trim();
        String http = h.first("date");
        if (http == null || http.isBlank()) throw ErrorCode.ACCESS_DENIED.exception("AWS authentication requires a valid Date or x-amz-date header");
        try {
            return AMZ_DATE.format(ZonedDateTime.parse(http.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException e) {
            throw ErrorCode.ACCESS_DENIED.exception("AWS authentication requires a valid Date or x-amz-date header");
        }
    }

    static Instant parseAmzDate(String s) {
        Instant fast = basicAmzDate(s.trim());
        if (fast != null) return fast;
        try {
            return Instant.from(AMZ_DATE.parse(s.trim()));
        } catch (DateTimeParseException e) {
            throw malformed("X-Amz-Date must look like 20130524T000000Z");
        }
    }

    /**
     * {@code yyyyMMddTHHmmssZ} read digit by digit (a formatter parse per request costs more than the
     * signature); null when it is not exactly that, or not a real date, and the formatter decides.
     */
    static Instant basicAmzDate(String s) {
        if (s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') return null;
        int[] d = new int[14];
        for (int i = 0, j = 0; i < 15; i++) {
            if (i == 8) continue;
            char c = s.charAt(i);
            if (c < '0' || c > '9') return null;
            d[j++] = c - '0';
        }
        int year = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3], month = d[4] * 10 + d[5], day = d[6] * 10 + d[7];
        int hour = d[8] * 10 + d[9], minute = d[10] * 10 + d[11], second = d[12] * 10 + d[13];
        if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) return null;
        return java.time.LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    }

    private static ApiException malformed(String why) {
        return ErrorCode.AUTHORIZATION_HEADER_MALFORMED.exception(why);
    }
}
