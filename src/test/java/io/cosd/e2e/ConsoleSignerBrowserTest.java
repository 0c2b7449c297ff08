package io.cosd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's signer, run in headless Chromium on the page cosd serves (docs/console.md "Signing in the browser"). */
@CosdServer
class ConsoleSignerBrowserTest {
    @CosdServer.Inject static E2e env;
    static Chromium chromium;

    /** {@code console.test} resolves to loopback: a plain-http origin that is not a secure context. */
    @BeforeAll
    static void browser() throws Exception {
        chromium = new Chromium(null, java.util.List.of("--host-resolver-rules=MAP console.test 127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
    }

    static String console(String fragment) {
        return "http://127.0.0.1:" + env.port() + "/-/console/" + fragment;
    }

    /**
     * The browser's q-sign (qsign.js, on WebCrypto here: 127.0.0.1 is a secure context) and the SHA-1
     * fallback (sha1.js, for pages that are not) reproduce the protocol's vectors: the official D1/D2
     * and the SDK-generated V1, V2, V3 and V5 (docs/spec/protocol.md §2.7; V4 is the presigned form of
     * the same math).
     */
    @Test
    void theBrowserSignerAndItsFallbackReproduceTheQSignVectors() throws Exception {
        chromium.open(console(""));
        JsonNode r = chromium.executeAsync("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const q = await import('./qsign.js');
                  const f = await import('./sha1.js');
                  const official = {secretId: 'AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q', secretKey: 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz'};
                  const sig = a => a.slice(a.indexOf('q-signature=') + 12);
                  const host = 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com';
                  const gz = 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com';
                  const out = {secure: q.secureCrypto};
                  out.D1 = sig(await q.authorization(official, 'PUT', '/exampleobject(腾讯云)', {},
                    {'Content-Type': 'text/plain', 'Content-Length': '13', 'Content-MD5': 'mQ/fVh815F3k6TAUm8m0eg==',
                     'Date': 'Thu, 16 May 2019 06:45:51 GMT', host, 'x-cos-acl': 'private', 'x-cos-grant-read': 'uin="100000000011"'},
                    1557989151, 1557996351));
                  out.D2 = sig(await q.authorization(official, 'GET', '/exampleobject(腾讯云)',
                    {'response-content-type': 'application/octet-stream', 'response-cache-control': 'max-age=600'},
                    {'Date': 'Thu, 16 May 2019 06:55:53 GMT', host}, 1557989753, 1557996953));
                  out.V1 = await q.authorization(official, 'PUT', '/exampleobject(腾讯云)', {},
                    {'Content-Type': 'text/plain', 'Content-Length': '13', 'Content-MD5': 'mQ/fVh815F3k6TAUm8m0eg==',
                     host, 'x-cos-acl': 'private', 'x-cos-grant-read': 'uin="100000000011"'}, 1557989151, 1557996351);
                  out.V2 = sig(await q.authorization(official, 'GET', '/',
                    {prefix: 'photos/2024 summer/', delimiter: '/', 'max-keys': '20', 'encoding-type': 'url', marker: ''},
                    {host: gz}, 1699999940, 1700000600));
                  out.V3 = sig(await q.authorization(official, 'PUT', '/', {cors: ''},
                    {'Content-Type': 'application/xml', 'Content-MD5': 'ZcNN3U0Bm0n9EbJDF2+mng==', 'Content-Length': '294',
                     host: gz, 'x-cos-security-token': 'EXAMPLETOKEN/with+special=chars'}, 1699999940, 1700003600));
                  out.V5 = sig(await q.authorization(official, 'DELETE', '/', {lifecycle: ''}, {}, 1699999940, 1700010000));
                  // the fallback, step by step on V2: SignKey, SHA-1 of the HttpString, the signature
                  const utf8 = s => new TextEncoder().encode(s);
                  const hex = b => Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
                  const signKey = hex(f.hmacSha1(utf8(official.secretKey), utf8('1699999940;1700000600')));
                  const http = q.httpString('GET', '/', {prefix: 'photos/2024 summer/', delimiter: '/', 'max-keys': '20', 'encoding-type': 'url', marker: ''}, {host: gz});
                  const sts = 'sha1\\n1699999940;1700000600\\n' + hex(f.sha1(utf8(http))) + '\\n';
                  out.fallback = {signKey, sts, signature: hex(f.hmacSha1(utf8(signKey), utf8(sts))),
                                  long: hex(f.sha1(utf8('a'.repeat(1000)))), empty: hex(f.sha1(new Uint8Array(0)))};
                  done(out);
                })().catch(e => done({error: String(e)}));
                """);
        assertThat(r.path("error").isMissingNode()).as(r.toString()).isTrue();
        assertThat(r.path("secure").asBoolean()).isTrue();
        assertThat(r.path("D1").asText()).isEqualTo("3b8851a11a569213c17ba8fa7dcf2abec6935172");
        assertThat(r.path("D2").asText()).isEqualTo("01681b8c9d798a678e43b685a9f1bba0f6c0e012");
        assertThat(r.path("V1").asText()).isEqualTo("q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q"
                + "&q-sign-time=1557989151;1557996351&q-key-time=1557989151;1557996351"
                + "&q-header-list=content-length;content-md5;content-type;host;x-cos-acl;x-cos-grant-read"
                + "&q-url-param-list=&q-signature=fc4e4717b501da12715d5fc84a4880a87ad2b7ab");
        assertThat(r.path("V2").asText()).isEqualTo("b47e15ea98eea56fddad00ee345c9138d3c6eead");
        assertThat(r.path("V3").asText()).isEqualTo("727ddf4ed946233e8dba4e1098efebdff6b202d4");
        assertThat(r.path("V5").asText()).isEqualTo("ec4cac2cf924f9f38764ab769a93013b19599c7f");
        JsonNode f = r.path("fallback");
        assertThat(f.path("signKey").asText()).isEqualTo("f7b56de3549f4a662e0218062509b5bccb6befbe");
        assertThat(f.path("sts").asText()).isEqualTo("sha1\n1699999940;1700000600\n1b0fda5b5be00de4df75ea94ad310b1c4bcb5662\n");
        assertThat(f.path("signature").asText()).isEqualTo("b47e15ea98eea56fddad00ee345c9138d3c6eead");
        assertThat(f.path("empty").asText()).isEqualTo("da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assertThat(f.path("long").asText()).isEqualTo(sha1Hex("a".repeat(1000)));
    }

    private static String sha1Hex(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Over plain http on a host other than localhost the browser offers no WebCrypto; the console says
     * so on the sign-in page and signs with its own SHA-1, whose signatures the server verifies.
     */
    @Test
    void onAnInsecureOriginTheConsoleWarnsAndSignsWithItsOwnSha1WhichTheServerAccepts() throws Exception {
        String b = E2e.bucket("console-insecure");
        env.cos().createBucket(b);
        chromium.open("http://console.test:" + env.port() + "/-/console/#/");
        chromium.execute("sessionStorage.clear();");
        assertThat(chromium.execute("return window.isSecureContext;").asBoolean()).isFalse();
        assertThat(chromium.execute("return document.getElementById('insecure')?.textContent ?? '';").asText())
                .contains("not a secure context");
        chromium.type("#secret-id", E2e.SECRET_ID);
        chromium.type("#secret-key", E2e.SECRET_KEY);
        chromium.click("#sign-in");
        chromium.find("tr[data-bucket='" + b + "']");
    }
}
