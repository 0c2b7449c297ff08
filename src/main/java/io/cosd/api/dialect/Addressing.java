package io.cosd.api.dialect;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.bucket.BucketNames;
import io.cosd.domain.bucket.BucketNaming;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Host and path → (bucket, key, region), per docs/spec/protocol.md §1.5:
 * virtual-hosted COS hosts ({@code <bucket>.cos.<region>.myqcloud.com}, {@code .tencentcos.cn},
 * {@code cos-internal.}, or a configured suffix), service hosts for ListBuckets, and path style
 * {@code /<bucket>/<key>} for S3 clients and plain IP/host endpoints.
 */
public final class Addressing {
    private static final Pattern COS_HOST = Pattern.compile(
            "^([a-z0-9][a-z0-9-]*)\\.(?:cos|cos-internal)\\.([a-z0-9-]+)\\.(?:myqcloud\\.com|tencentcos\\.cn)$");
    private static final Pattern COS_SERVICE = Pattern.compile("^cos\\.([a-z0-9-]+)\\.(?:myqcloud\\.com|tencentcos\\.cn)$");

    /**
     * Where the request goes. {@code bucket}/{@code key} null for service/bucket scope; region null if the host names none.
     *
     * @param host       the routing host: lower case, without port
     * @param signedHost the host exactly as the client sent it (the {@code Host} header, else the absolute-form
     *                   authority): the value a signature's {@code host} covers. Routing and both verifiers read
     *                   this one Target, so the signed host is the routed host (docs/signing.md AUTH-1).
     */
    public record Target(String host, String rawPath, String rawQuery, String bucket, String key, String region, boolean virtualHosted,
                         String signedHost) {}

    private final Set<String> suffixes;
    private final BucketNaming naming;

    /**
     * Any host that is not virtual-hosted (a COS bucket host or {@code <bucket>.<suffix>}) carries no
     * bucket: service hosts, IPs and {@code localhost} are path style, and {@code GET /} on them is ListBuckets.
     *
     * @param suffixes extra virtual-host suffixes: {@code <bucket>.<suffix>}, e.g. {@code cos.local.test}
     */
    public Addressing(Set<String> suffixes) {
        this(suffixes, BucketNaming.COS);
    }

    /**
     * @param naming which names a {@code <bucket>.<suffix>} label may be (BucketNames, docs/buckets.md
     *               "Bucket names"): in COS mode only {@code <name>-<APPID>}, so {@code www.<suffix>} stays
     *               path style; in S3 mode any bucket name, dotted ones included
     */
    public Addressing(Set<String> suffixes, BucketNaming naming) {
        this.suffixes = suffixes;
        this.naming = naming;
    }

    /**
     * @param uri        request-target (origin- or absolute-form)
     * @param hostHeader Host header or null
     * @throws io.cosd.api.error.ApiException 400 InvalidRequest when an absolute-form target names another
     *         authority than {@code Host} (AUTH-1): routing would follow one and the signature cover the other
     */
    public Target resolve(String uri, String hostHeader) {
        String host = hostHeader;
        String pathAndQuery = uri;
        boolean https = uri.regionMatches(true, 0, "https://", 0, 8);
        if (https || uri.regionMatches(true, 0, "http://", 0, 7)) {
            int start = uri.indexOf("://") + 3;
            int slash = uri.indexOf('/', start);
            int q = uri.indexOf('?', start);
            int end = slash < 0 ? (q < 0 ? uri.length() : q) : (q >= 0 && q < slash ? q : slash);
            String authority = uri.substring(start, end);
            if (hostHeader != null && !sameAuthority(authority, hostHeader.trim(), https)) {
                throw ErrorCode.INVALID_REQUEST.exception("The request target's host (" + authority
                        + ") differs from the Host header; they must name the same host.");
            }
            if (hostHeader == null) host = authority;
            pathAndQuery = end == uri.length() ? "/" : uri.substring(end);
            if (pathAndQuery.startsWith("?")) pathAndQuery = "/" + pathAndQuery;
        }
        String signedHost = host == null ? "" : host.trim();
        if (!pathAndQuery.startsWith("/")) throw ErrorCode.INVALID_URI.exception();
        int qm = pathAndQuery.indexOf('?');
        String rawPath = qm < 0 ? pathAndQuery : pathAndQuery.substring(0, qm);
        String rawQuery = qm < 0 ? "" : pathAndQuery.substring(qm + 1);
        String h = stripPort(host == null ? "" : host.trim().toLowerCase(Locale.ROOT));

        var m = COS_HOST.matcher(h);
        if (m.matches() && !m.group(1).equals("service")) {
            return virtual(h, rawPath, rawQuery, m.group(1), m.group(2), signedHost);
        }
        for (String suffix : suffixes) {
            if (h.endsWith("." + suffix)) {
                String label = h.substring(0, h.length() - suffix.length() - 1);
                if (BucketNames.isWellFormed(label, naming)) return virtual(h, rawPath, rawQuery, label, null, signedHost);
            }
        }
        // Service hosts, IPs, localhost, anything else: path style (bucket = first segment).
        String region = null;
        var cosService = COS_SERVICE.matcher(h);
        if (cosService.matches()) region = cosService.group(1);
        String path = decodePath(rawPath);
        if (path.equals("/") || path.isEmpty()) return new Target(h, rawPath, rawQuery, null, null, region, false, signedHost);
        String rest = path.substring(1);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? null : rest.substring(slash + 1);
        if (bucket.isEmpty()) throw ErrorCode.INVALID_URI.exception();
        return new Target(h, rawPath, rawQuery, bucket, key == null || key.isEmpty() ? null : key, region, false, signedHost);
    }

    private static Target virtual(String host, String rawPath, String rawQuery, String bucket, String region, String signedHost) {
        String path = decodePath(rawPath);
        String key = path.length() <= 1 ? null : path.substring(1);
        return new Target(host, rawPath, rawQuery, bucket, key, region, true, signedHost);
    }

    /**
     * Whether an absolute-form authority and the Host header name the same host and port: compared
     * case-insensitively, a missing port being the scheme's default (RFC 9110 §4.2), so
     * {@code http://B:80/} matches {@code Host: b}. Userinfo in the authority is never equal.
     */
    static boolean sameAuthority(String authority, String hostHeader, boolean https) {
        return normalizeAuthority(authority, https).equals(normalizeAuthority(hostHeader, https));
    }

    private static String normalizeAuthority(String a, boolean https) {
        String s = a.toLowerCase(Locale.ROOT);
        String port = https ? ":443" : ":80";
        return s.endsWith(port) && stripPort(s).length() == s.length() - port.length() ? s.substring(0, s.length() - port.length()) : s;
    }

    static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** Percent-decodes a path as UTF-8; '+' stays '+' (docs/spec/protocol.md §1.5 rule 5). */
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
