package io.cosd.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * COS "q-sign" (HMAC-SHA1) request signing, client side, as in docs/spec/protocol.md §2.1:
 * <pre>
 * KeyTime      = start;end
 * SignKey      = hex(HMAC-SHA1(SecretKey, KeyTime))
 * HttpString   = lower(method)\n decodedPath\n params\n headers\n
 * StringToSign = "sha1\n" + KeyTime + "\n" + hex(SHA1(HttpString)) + "\n"
 * Signature    = hex(HMAC-SHA1(SignKey, StringToSign))
 * </pre>
 * Keys of params/headers are encode(key).toLowerCase(), values encode(value) (RFC 3986, upper-case hex),
 * pairs sorted by key. Thread-safe: Mac/MessageDigest instances are per thread.
 */
final class Signer {
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try { return Mac.getInstance("HmacSHA1"); } catch (NoSuchAlgorithmException e) { throw new IllegalStateException(e); }
    });
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try { return MessageDigest.getInstance("SHA-1"); } catch (NoSuchAlgorithmException e) { throw new IllegalStateException(e); }
    });
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UP = "0123456789ABCDEF".toCharArray();

    private final String secretId;
    private final String secretKey;

    Signer(String secretId, String secretKey) {
        this.secretId = secretId;
        this.secretKey = secretKey;
    }

    /** Authorization header for a request valid from now-60 s to now+3600 s (like the Python SDK). */
    String authorization(String method, String decodedPath, Map<String, String> params, Map<String, String> headers) {
        long now = System.currentTimeMillis() / 1000;
        return authorization(now - 60, now + 3600, method, decodedPath, params, headers);
    }

    /**
     * @param params  query parameters to sign, raw (decoded) names and values; may be empty
     * @param headers headers to sign, raw names and values; must include "host"
     */
    String authorization(long start, long end, String method, String decodedPath,
                         Map<String, String> params, Map<String, String> headers) {
        String keyTime = start + ";" + end;
        TreeMap<String, String> p = encodeAll(params), h = encodeAll(headers);
        String httpString = method.toLowerCase() + "\n" + decodedPath + "\n" + join(p) + "\n" + join(h) + "\n";
        String stringToSign = "sha1\n" + keyTime + "\n" + hex(sha1(httpString)) + "\n";
        String signKey = hex(hmac(secretKey, keyTime));
        String signature = hex(hmac(signKey, stringToSign));
        return "q-sign-algorithm=sha1&q-ak=" + secretId + "&q-sign-time=" + keyTime + "&q-key-time=" + keyTime
                + "&q-header-list=" + String.join(";", h.keySet())
                + "&q-url-param-list=" + String.join(";", p.keySet())
                + "&q-signature=" + signature;
    }

    private static TreeMap<String, String> encodeAll(Map<String, String> in) {
        TreeMap<String, String> out = new TreeMap<>();
        for (var e : in.entrySet()) {
            out.put(encode(e.getKey().trim()).toLowerCase(), encode(e.getValue() == null ? "" : e.getValue().trim()));
        }
        return out;
    }

    private static String join(TreeMap<String, String> m) {
        StringBuilder sb = new StringBuilder();
        for (var e : m.entrySet()) {
            if (!sb.isEmpty()) sb.append('&');
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /** RFC 3986 percent-encoding of UTF-8 bytes; unreserved A-Za-z0-9-_.~ kept; upper-case hex. */
    static String encode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length + 8);
        for (byte x : b) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX_UP[c >> 4]).append(HEX_UP[c & 15]);
            }
        }
        return sb.toString();
    }

    /** Percent-encodes a path for the wire, keeping '/'. */
    static String encodePath(String decodedPath) {
        return encode(decodedPath).replace("%2F", "/");
    }

    private static byte[] sha1(String s) {
        MessageDigest md = SHA1.get();
        md.reset();
        return md.digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String key, String data) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 15];
            out[2 * i + 1] = HEX[b[i] & 15];
        }
        return new String(out);
    }

    // ---- self test against docs/spec/protocol.md §2.7 ----

    private static Map<String, String> map(String... kv) {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    /** Returns the number of failed vectors (0 = all good); prints one line per vector. */
    static int selfTest() {
        Signer s = new Signer("AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q", "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz");
        String beijing = "examplebucket-1250000000.cos.ap-beijing.myqcloud.com";
        String gz = "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com";
        int failed = 0;
        failed += check("D1 PUT object (official)", s.authorization(1557989151L, 1557996351L, "PUT", "/exampleobject(腾讯云)", map(),
                map("Date", "Thu, 16 May 2019 06:45:51 GMT", "Host", beijing, "Content-Type", "text/plain", "Content-Length", "13",
                        "Content-MD5", "mQ/fVh815F3k6TAUm8m0eg==", "x-cos-acl", "private", "x-cos-grant-read", "uin=\"100000000011\"")),
                "3b8851a11a569213c17ba8fa7dcf2abec6935172");
        failed += check("D2 GET object (official)", s.authorization(1557989753L, 1557996953L, "GET", "/exampleobject(腾讯云)",
                map("response-content-type", "application/octet-stream", "response-cache-control", "max-age=600"),
                map("Date", "Thu, 16 May 2019 06:55:53 GMT", "Host", beijing)),
                "01681b8c9d798a678e43b685a9f1bba0f6c0e012");
        failed += check("V1 PUT object non-ASCII key", s.authorization(1557989151L, 1557996351L, "PUT", "/exampleobject(腾讯云)", map(),
                map("Content-Type", "text/plain", "Content-Length", "13", "Content-MD5", "mQ/fVh815F3k6TAUm8m0eg==",
                        "x-cos-acl", "private", "x-cos-grant-read", "uin=\"100000000011\"", "host", beijing)),
                "fc4e4717b501da12715d5fc84a4880a87ad2b7ab");
        failed += check("V2 list objects with params", s.authorization(1699999940L, 1700000600L, "GET", "/",
                map("prefix", "photos/2024 summer/", "delimiter", "/", "max-keys", "20", "encoding-type", "url", "marker", ""),
                map("host", gz)),
                "b47e15ea98eea56fddad00ee345c9138d3c6eead");
        failed += check("V3 PUT ?cors with token", s.authorization(1699999940L, 1700003600L, "PUT", "/", map("cors", ""),
                map("Content-Type", "application/xml", "Content-MD5", "ZcNN3U0Bm0n9EbJDF2+mng==", "Content-Length", "294",
                        "x-cos-security-token", "EXAMPLETOKEN/with+special=chars", "host", gz)),
                "727ddf4ed946233e8dba4e1098efebdff6b202d4");
        failed += check("V4 presigned GET params", s.authorization(1699999940L, 1700000300L, "GET", "/dir/a b.txt",
                map("response-content-disposition", "attachment; filename=\"a b.txt\"", "versionId", "MTg0NDUxNzYzMDc0MzMxMDUxMjE"),
                map("host", gz)),
                "6c2329d9c5dc7f9279f66e0a5ab75e1d2d144337");
        failed += check("V5 DELETE ?lifecycle, no host", s.authorization(1699999940L, 1700010000L, "DELETE", "/", map("lifecycle", ""), map()),
                "ec4cac2cf924f9f38764ab769a93013b19599c7f");
        System.out.println(failed == 0 ? "signer self-test: all vectors OK" : "signer self-test: " + failed + " FAILED");
        return failed;
    }

    private static int check(String name, String auth, String expectedSig) {
        String got = auth.substring(auth.indexOf("q-signature=") + "q-signature=".length());
        boolean ok = got.equals(expectedSig);
        System.out.printf("  %-34s %s%n", name, ok ? "ok" : "FAIL got " + got + " want " + expectedSig);
        return ok ? 0 : 1;
    }
}
