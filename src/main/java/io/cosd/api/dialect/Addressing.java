package io.cosd.api.dialect;

import io.cosd.api.error.ErrorCode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Host and path → (bucket, key, region), per cos-protocol.md §1.5:
 * virtual-hosted COS hosts ({@code <bucket>.cos.<region>.myqcloud.com}, {@code .tencentcos.cn},
 * {@code cos-internal.}, or a configured suffix), service hosts for ListBuckets, and path style
 * {@code /<bucket>/<key>} for S3 clients and plain IP/host endpoints.
 */
public final class Addressing {
    private static final Pattern COS_HOST = Pattern.compile(
            "^([a-z0-9][a-z0-9-]*)\\.(?:cos|cos-internal)\\.([a-z0-9-]+)\\.(?:myqcloud\\.com|tencentcos\\.cn)$");
    private static final Pattern LABEL = Pattern.compile("^[a-z0-9][a-z0-9-]*-[0-9]+$");

    /** Where the request goes. {@code bucket}/{@code key} null for service/bucket scope; region null if the host names none. */
    public record Target(String host, String rawPath, String rawQuery, String bucket, String key, String region, boolean virtualHosted) {}

    private final Set<String> suffixes;

    /**
     * Any host that is not virtual-hosted (a COS bucket host or {@code <bucket>.<suffix>}) carries no
     * bucket: service hosts, IPs and {@code localhost} are path style, and {@code GET /} on them is ListBuckets.
     *
     * @param suffixes extra virtual-host suffixes: {@code <bucket>.<suffix>}, e.g. {@code cos.local.test}
     */
    public Addressing(Set<String> suffixes) {
        this.suffixes = suffixes;
    }

    /** @param uri request-target (origin- or absolute-form); @param hostHeader Host header or null */
    public Target resolve(String uri, String hostHeader) {
        String host = hostHeader;
        String pathAndQuery = uri;
        if (uri.regionMatches(true, 0, "http://", 0, 7) || uri.regionMatches(true, 0, "https://", 0, 8)) {
            int start = uri.indexOf("://") + 3;
            int slash = uri.indexOf('/', start);
            int q = uri.indexOf('?', start);
            int end = slash < 0 ? (q < 0 ? uri.length() : q) : (q >= 0 && q < slash ? q : slash);
            host = uri.substring(start, end);
            pathAndQuery = end == uri.length() ? "/" : uri.substring(end);
            if (pathAndQuery.startsWith("?")) pathAndQuery = "/" + pathAndQuery;
        }
        if (!pathAndQuery.startsWith("/")) throw ErrorCode.INVALID_URI.exception();
        int qm = pathAndQuery.indexOf('?');
        String rawPath = qm < 0 ? pathAndQuery : pathAndQuery.substring(0, qm);
        String rawQuery = qm < 0 ? "" : pathAndQuery.substring(qm + 1);
        String h = stripPort(host == null ? "" : host.trim().toLowerCase(Locale.ROOT));

        var m = COS_HOST.matcher(h);
        if (m.matches() && !m.group(1).equals("service")) {
            return virtual(h, rawPath, rawQuery, m.group(1), m.group(2));
        }
        for (String suffix : suffixes) {
            if (h.endsWith("." + suffix)) {
                String label = h.substring(0, h.length() - suffix.length() - 1);
                if (LABEL.matcher(label).matches()) return virtual(h, rawPath, rawQuery, label, null);
            }
        }
        // Service hosts, IPs, localhost, anything else: path style (bucket = first segment).
        String region = null;
        var cosService = Pattern.compile("^cos\\.([a-z0-9-]+)\\.(?:myqcloud\\.com|tencentcos\\.cn)$").matcher(h);
        if (cosService.matches()) region = cosService.group(1);
        String path = decodePath(rawPath);
        if (path.equals("/") || path.isEmpty()) return new Target(h, rawPath, rawQuery, null, null, region, false);
        String rest = path.substring(1);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? null : rest.substring(slash + 1);
        if (bucket.isEmpty()) throw ErrorCode.INVALID_URI.exception();
        return new Target(h, rawPath, rawQuery, bucket, key == null || key.isEmpty() ? null : key, region, false);
    }

    private static Target virtual(String host, String rawPath, String rawQuery, String bucket, String region) {
        String path = decodePath(rawPath);
        String key = path.length() <= 1 ? null : path.substring(1);
        return new Target(host, rawPath, rawQuery, bucket, key, region, true);
    }

    static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** Percent-decodes a path as UTF-8; '+' stays '+' (cos-protocol.md §1.5 rule 5). */
    public static String decodePath(String raw) {
        if (raw.indexOf('%') < 0) return raw;
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); ) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) throw ErrorCode.INVALID_URI.exception();
                int hi = Character.digit(raw.charAt(i + 1), 16), lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw ErrorCode.INVALID_URI.exception();
                out.write(hi << 4 | lo);
                i += 3;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    b = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
                i++;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw ErrorCode.INVALID_URI.exception("The path is not valid UTF-8.");
        }
    }
}
