package io.cosd.domain.signing;

import java.nio.charset.StandardCharsets;

/**
 * AWS Signature Version 4 math, S3 flavour (no double encoding of the path, no path
 * normalisation). Pure functions shared by request verification ({@code api.auth.SigV4Verifier},
 * which decides which candidate forms to try) and {@link OutboundSigner}.
 *
 * <p>The signing key (four chained HMACs) only changes with (secret, date, region, service), so it is
 * memoised in a bounded cache; {@link SigningKey#sign} also reuses the keyed HMAC.
 */
public final class SigV4Signer {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final String HMAC = "HmacSHA256";

    static final DerivedKeyCache<SigningKey> SIGNING_KEYS = new DerivedKeyCache<>(4096);

    private SigV4Signer() {}

    /** A derived signing key with its HMAC key schedule done once. */
    public static final class SigningKey {
        private final KeyedMac mac;

        SigningKey(byte[] key) { this.mac = new KeyedMac(HMAC, key); }

        /** A copy of the 32 key bytes (aws-chunked payloads carry them on). */
        public byte[] bytes() { return mac.key(); }

        /** hex(HMAC-SHA256(key, stringToSign)), the same as {@link SigV4Signer#sign(byte[], String)}. */
        public String sign(String stringToSign) { return Hashes.hex(mac.doFinal(stringToSign)); }
    }

    /** The cached signing key for (secret, date, region, service). */
    public static SigningKey key(String secretKey, String date, String region, String service) {
        return SIGNING_KEYS.get(secretKey, () -> new SigningKey(derive(secretKey, date, region, service)), date, region, service);
    }

    public static byte[] signingKey(String secretKey, String date, String region, String service) {
        return key(secretKey, date, region, service).bytes();
    }

    static byte[] derive(String secretKey, String date, String region, String service) {
        byte[] k = Hashes.hmacSha256(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        k = Hashes.hmacSha256(k, region);
        k = Hashes.hmacSha256(k, service);
        return Hashes.hmacSha256(k, "aws4_request");
    }

    public static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
                                          String canonicalHeaders, String signedHeaders, String payloadHash) {
        return method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
                + signedHeaders + "\n" + payloadHash;
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + Hashes.sha256Hex(canonicalRequest);
    }

    public static String sign(byte[] signingKey, String stringToSign) {
        return Hashes.hex(Hashes.hmacSha256(signingKey, stringToSign));
    }

    /** aws-chunked: one chunk's string-to-sign, chained on the previous signature. */
    public static String chunkStringToSign(String amzDate, String scope, String previousSignature, String chunkSha256Hex) {
        return "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n"
                + Hashes.EMPTY_SHA256 + "\n" + chunkSha256Hex;
    }

    /** aws-chunked with signed trailer: the trailer's string-to-sign. */
    public static String trailerStringToSign(String amzDate, String scope, String previousSignature, String trailerSha256Hex) {
        return "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n" + trailerSha256Hex;
    }

    /** Each path segment RFC 3986-encoded, '/' kept. S3 signs the path once-encoded. */
    public static String canonicalUri(String decodedPath) {
        String p = decodedPath == null || decodedPath.isEmpty() ? "/" : decodedPath;
        return UriCodec.encode(p, true);
    }

    /** Trim and collapse inner runs of spaces/tabs to one space. */
    public static String normalizeValue(String v) {
        if (v == null) return "";
        String t = v.trim();
        // Most values have no run of spaces or tab: returned as they are, without a regex per header.
        boolean plain = true;
        for (int i = 0; i < t.length() && plain; i++) {
            char c = t.charAt(i);
            if (c == '\t' || (c == ' ' && i + 1 < t.length() && (t.charAt(i + 1) == ' ' || t.charAt(i + 1) == '\t'))) plain = false;
        }
        if (plain) return t;
        StringBuilder out = new StringBuilder(t.length());
        boolean blank = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == ' ' || c == '\t') {
                if (!blank) out.append(' ');
                blank = true;
            } else {
                out.append(c);
                blank = false;
            }
        }
        return out.toString();
    }
}
