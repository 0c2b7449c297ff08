package io.cosd.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Minimal signed COS client on java.net.http (HTTP/1.1, path style: /bucket/key, Host = the endpoint's
 * host:port). Every request signs "host"; PUTs with a body also sign "content-length". Bodies are
 * sent from caller-owned arrays (never copied) and GET bodies are drained into a per-thread buffer.
 */
final class Client {
    /** Thrown for any non-2xx answer; the load generator counts it as an error. */
    static final class HttpError extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;
        HttpError(String what, int status, String body) {
            super(what + " -> HTTP " + status + (body == null || body.isEmpty() ? "" : ": " + abbreviate(body)));
            this.status = status;
        }
    }

    private static final ThreadLocal<byte[]> DRAIN = ThreadLocal.withInitial(() -> new byte[256 * 1024]);
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try { return MessageDigest.getInstance("MD5"); } catch (Exception e) { throw new IllegalStateException(e); }
    });

    final URI base;
    private final String host;
    private final Signer signer;
    private final HttpClient http;

    Client(String endpoint, String secretId, String secretKey) {
        this.base = URI.create(endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint);
        this.host = base.getRawAuthority();
        this.signer = new Signer(secretId, secretKey);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)          // no h2c upgrade dance
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A request builder with the Authorization header already set. decodedPath = "/bucket/key". */
    HttpRequest.Builder signed(String method, String decodedPath, Map<String, String> params, Map<String, String> extraSignedHeaders) {
        TreeMap<String, String> headers = new TreeMap<>(extraSignedHeaders);
        headers.put("host", host);
        StringBuilder uri = new StringBuilder(base.toString()).append(Signer.encodePath(decodedPath));
        if (!params.isEmpty()) {
            char sep = '?';
            for (var e : params.entrySet()) {
                uri.append(sep).append(Signer.encode(e.getKey())).append('=').append(Signer.encode(e.getValue()));
                sep = '&';
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(Duration.ofSeconds(300))
                .header("Authorization", signer.authorization(method, decodedPath, params, headers));
        for (var e : extraSignedHeaders.entrySet()) {
            if (!e.getKey().equalsIgnoreCase("content-length")) b.header(e.getKey(), e.getValue());
        }
        return b;
    }

    /** PUT bucket; returns true if created, false if it already existed and is ours. */
    boolean createBucket(String bucket) throws IOException, InterruptedException {
        HttpRequest req = signed("PUT", "/" + bucket, Map.of(), Map.of())
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) return true;
        if (r.statusCode() == 409 && r.body().contains("BucketAlreadyOwnedByYou")) return false;
        throw new HttpError("PUT /" + bucket, r.statusCode(), r.body());
    }

    /** PUT object from body[0..len); returns the ETag without quotes. */
    String put(String bucket, String key, byte[] body, int len) throws IOException, InterruptedException {
        return put(bucket, key, body, len, Map.of());
    }

    /** As {@link #put(String, String, byte[], int)} with more signed headers (e.g. x-cos-server-side-encryption). */
    String put(String bucket, String key, byte[] body, int len, Map<String, String> more) throws IOException, InterruptedException {
        String path = "/" + bucket + "/" + key;
        Map<String, String> signedHeaders = new java.util.HashMap<>(more);
        if (len > 0) signedHeaders.put("content-length", Integer.toString(len));
        HttpRequest req = signed("PUT", path, Map.of(), signedHeaders)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body, 0, len)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new HttpError("PUT " + path, r.statusCode(), r.body());
        return unquote(r.headers().firstValue("ETag").orElse(""));
    }

    /** Result of a GET: bytes received, ETag header, and the body's MD5 hex when asked for. */
    record Got(long bytes, String etag, String md5) {}

    Got get(String bucket, String key, boolean md5) throws IOException, InterruptedException {
        String path = "/" + bucket + "/" + key;
        HttpRequest req = signed("GET", path, Map.of(), Map.of()).GET().build();
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() / 100 != 2) {
                throw new HttpError("GET " + path, r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] buf = DRAIN.get();
            MessageDigest md = md5 ? MD5.get() : null;
            if (md != null) md.reset();
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (md != null) md.update(buf, 0, n);
            }
            return new Got(total, unquote(r.headers().firstValue("ETag").orElse("")), md == null ? null : Signer.hex(md.digest()));
        }
    }

    void delete(String bucket, String key) throws IOException, InterruptedException {
        String path = "/" + bucket + "/" + key;
        HttpRequest req = signed("DELETE", path, Map.of(), Map.of()).DELETE().build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new HttpError("DELETE " + path, r.statusCode(), r.body());
    }

    /** GET bucket (ListObjects v1). Params are signed. Returns the raw XML. */
    byte[] listV1(String bucket, String prefix, String marker, int maxKeys) throws IOException, InterruptedException {
        TreeMap<String, String> params = new TreeMap<>();
        params.put("prefix", prefix);
        params.put("marker", marker);
        params.put("max-keys", Integer.toString(maxKeys));
        HttpRequest req = signed("GET", "/" + bucket, params, Map.of()).GET().build();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 != 2) {
            throw new HttpError("GET /" + bucket + "?prefix=" + prefix, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    /** GET bucket?list-type=2 (ListObjectsV2); {@code token} null or empty on the first page. Params are signed. */
    byte[] listV2(String bucket, String prefix, String token, int maxKeys) throws IOException, InterruptedException {
        TreeMap<String, String> params = new TreeMap<>();
        params.put("list-type", "2");
        params.put("prefix", prefix);
        if (token != null && !token.isEmpty()) params.put("continuation-token", token);
        params.put("max-keys", Integer.toString(maxKeys));
        HttpRequest req = signed("GET", "/" + bucket, params, Map.of()).GET().build();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 != 2) {
            throw new HttpError("GET /" + bucket + "?list-type=2&prefix=" + prefix, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    /** Any signed request, for workloads that need something the helpers above do not cover. */
    <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        return http.send(req, handler);
    }

    static String unquote(String etag) {
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    private static String abbreviate(String s) {
        s = s.replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
