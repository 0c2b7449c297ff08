package io.cosd.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * CORS preflight rate against a 100-rule configuration (docs/cors.md#speed), next to a plain 4 KiB GET and the
 * same GET carrying a matching Origin. The only matching rule is the last one, so every request walks
 * all 100 rules (the worst case for first-match evaluation). Preflights are unsigned, as browsers
 * send them; each answer is checked for 200 and the echoed Access-Control-Allow-Origin.
 */
final class CorsWorkload implements Workload {
    static final int RULES = 100;
    static final String ORIGIN = "https://app.bench.example";

    @Override public String name() { return "cors"; }

    @Override public String description() {
        return "OPTIONS preflight against a 100-rule CORS config (match on the last rule), plain GET 4KiB and GET 4KiB with Origin, at each --concurrency";
    }

    @Override
    public void run(Bench.Ctx ctx) throws Exception {
        putConfig(ctx);
        String key = ctx.runPrefix + "cors/object-4k";
        byte[] body = ctx.payload(4 << 10);
        ctx.client.put(ctx.bucket, key, body, 4 << 10);
        String path = "/" + ctx.bucket + "/" + key;
        for (int c : ctx.concurrencies) {
            ctx.measure("OPTIONS", "100 rules", c, 0, "preflight, unsigned", (w, seq) -> {
                HttpRequest req = HttpRequest.newBuilder(ctx.client.base.resolve(Signer.encodePath(path)))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", ORIGIN)
                        .header("Access-Control-Request-Method", "PUT")
                        .header("Access-Control-Request-Headers", "content-type,x-cos-meta-author")
                        .build();
                HttpResponse<byte[]> r = ctx.client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) throw new Client.HttpError("OPTIONS " + path, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
                if (!ORIGIN.equals(r.headers().firstValue("Access-Control-Allow-Origin").orElse(null))) {
                    throw new IllegalStateException("preflight without the echoed origin: " + r.headers().map());
                }
                return 0;
            });
            ctx.measure("GET", "4KiB", c, 0, "same object, no Origin", (w, seq) -> {
                var got = ctx.client.get(ctx.bucket, key, false);
                if (got.bytes() != 4 << 10) throw new IllegalStateException("GET returned " + got.bytes() + " bytes");
                return got.bytes();
            });
            ctx.measure("GET", "4KiB", c, 0, "with matching Origin (CORS headers added)", (w, seq) -> {
                HttpRequest req = ctx.client.signed("GET", path, Map.of(), Map.of()).header("Origin", ORIGIN).GET().build();
                HttpResponse<byte[]> r = ctx.client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) throw new Client.HttpError("GET " + path, r.statusCode(), "");
                if (r.headers().firstValue("Access-Control-Allow-Origin").isEmpty()) throw new IllegalStateException("no CORS headers on GET");
                return r.body().length;
            });
        }
    }

    /** 99 rules that never match, then the one that does. Signed PUT /bucket?cors with Content-MD5. */
    private static void putConfig(Bench.Ctx ctx) throws Exception {
        StringBuilder xml = new StringBuilder("<CORSConfiguration>");
        for (int i = 0; i < RULES - 1; i++) {
            xml.append("<CORSRule><ID>miss-").append(i).append("</ID><AllowedOrigin>https://*.site").append(i)
                    .append(".example</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>")
                    .append("<AllowedHeader>x-cos-meta-*</AllowedHeader><ExposeHeader>ETag</ExposeHeader></CORSRule>");
        }
        xml.append("<CORSRule><ID>hit</ID><AllowedOrigin>https://*.bench.example</AllowedOrigin><AllowedMethod>GET</AllowedMethod>")
                .append("<AllowedMethod>PUT</AllowedMethod><AllowedHeader>content-type</AllowedHeader><AllowedHeader>x-cos-meta-*</AllowedHeader>")
                .append("<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>");
        byte[] body = xml.toString().getBytes(StandardCharsets.UTF_8);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        HttpRequest req = ctx.client.signed("PUT", "/" + ctx.bucket, Map.of("cors", ""), Map.of("content-md5", md5))
                .header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = ctx.client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new Client.HttpError("PUT ?cors", r.statusCode(), r.body());
    }
}
