package io.cosd.domain.signing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * COS q-sign (HMAC-SHA1) math exactly as docs/spec/protocol.md §2.1/§2.4 describes it:
 * <pre>
 * SignKey      = hex(HMAC-SHA1(SecretKey, KeyTime))
 * HttpString   = lower(method) \n decodedPath \n params \n headers \n
 * StringToSign = "sha1" \n SignTime \n hex(SHA1(HttpString)) \n
 * Signature    = hex(HMAC-SHA1(SignKey-as-hex-text, StringToSign))
 * </pre>
 * Shared by request verification ({@code api.auth.CosVerifier}) and {@link OutboundSigner}.
 *
 * <p>SDKs sign many requests with one KeyTime (Java: one per signer call with a long expiry, Python:
 * per request but often reused through presigned URLs; cosd's own outbound signer reuses a window),
 * so the SignKey, already keyed as an HMAC, is memoised per (SecretKey, KeyTime) in a bounded cache.
 */
public final class CosSigner {
    /** A few thousand active (key, window) pairs; more only costs re-derivations. */
    static final DerivedKeyCache<SignKey> SIGN_KEYS = new DerivedKeyCache<>(4096);

    /** The derived SignKey as hex text and as a ready HMAC key (the hex text is the HMAC key, §2.1). */
    record SignKey(String hex, KeyedMac mac) {
        static SignKey derive(String secretKey, String keyTime) {
            String hex = Hashes.hex(Hashes.hmacSha1(secretKey.getBytes(StandardCharsets.UTF_8), keyTime));
            return new SignKey(hex, new KeyedMac("HmacSHA1", hex.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private CosSigner() {}

    /** Forgets every memoised SignKey, of q-sign and SigV4 alike (SC-C6: a revoked key's derived keys leave memory). */
    public static void forgetDerivedKeys() {
        SIGN_KEYS.clear();
        SigV4Signer.SIGNING_KEYS.clear();
    }

    static SignKey cachedSignKey(String secretKey, String keyTime) {
        return SIGN_KEYS.get(secretKey, () -> SignKey.derive(secretKey, keyTime), keyTime);
    }

    public static String signKey(String secretKey, String keyTime) {
        return cachedSignKey(secretKey, keyTime).hex();
    }

    public static String stringToSign(String signTime, String httpString) {
        return "sha1\n" + signTime + "\n" + Hashes.sha1Hex(httpString) + "\n";
    }

    public static String signature(String secretKey, String keyTime, String signTime, String httpString) {
        return Hashes.hex(cachedSignKey(secretKey, keyTime).mac().doFinal(stringToSign(signTime, httpString)));
    }

    /**
     * @param params  encoded lower-case key → encoded value
     * @param headers encoded lower-case name → encoded trimmed value
     */
    public static String httpString(String method, String decodedPath, List<String> paramList, Map<String, String> params,
                                    List<String> headerList, Map<String, String> headers) {
        return method.toLowerCase(Locale.ROOT) + "\n" + decodedPath + "\n"
                + pairs(paramList, params) + "\n" + pairs(headerList, headers) + "\n";
    }

    private static String pairs(List<String> names, Map<String, String> values) {
        List<String> out = new ArrayList<>();
        for (String n : new TreeSet<>(names)) out.add(n + "=" + values.getOrDefault(n, ""));
        return String.join("&", out);
    }
}
