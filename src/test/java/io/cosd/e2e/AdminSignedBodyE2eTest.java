package io.cosd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qcloud.cos.COSClient;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.http.HttpMethodName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the root signs is what runs (docs/security.md ADM-12): the policy explain's question is its JSON
 * body, which q-sign never hashes, so it must arrive under a signed {@code Content-MD5} (or SigV4's real
 * payload hash); a body changed on the way is refused. And an account's e-mail address, which the CLI's
 * {@code account set-email} changes, is changed over HTTP by the account's root or the operator only.
 */
@CosdServer
class AdminSignedBodyE2eTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;

    /** q-sign by the COS SDK's signer over every query parameter and the headers in {@code signedHeaders}. */
    static RawHttp.Reply q(String method, String path, String query, String id, String key, Map<String, String> signedHeaders,
                           Map<String, String> unsignedHeaders, byte[] body) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String p : query.split("&")) {
                params.put(p.substring(0, p.indexOf('=')), URLDecoder.decode(p.substring(p.indexOf('=') + 1), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Host", "127.0.0.1:" + env.port()));
        headers.putAll(signedHeaders);
        headers.put("Authorization", new COSSigner().buildAuthorizationStr(HttpMethodName.valueOf(method), path, headers, params,
                new BasicCOSCredentials(id, key), new Date(System.currentTimeMillis() + 600_000)));
        headers.putAll(unsignedHeaders);
        return RawHttp.send(env.port(), method, query.isEmpty() ? path : path + "?" + query, headers, body);
    }

    static RawHttp.Reply root(String method, String path, String query) throws Exception {
        return q(method, path, query, E2e.SECRET_ID, E2e.SECRET_KEY, Map.of(), Map.of(), null);
    }

    /** SigV4 by the AWS SDK's signer over {@code signedBody} (its hash, or UNSIGNED-PAYLOAD), sending {@code sentBody}. */
    static RawHttp.Reply sigV4(String path, byte[] signedBody, byte[] sentBody, boolean payloadSigning) {
        SdkHttpRequest req = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                // the SDK signs an http request's payload whatever it is told, so UNSIGNED-PAYLOAD is asked for
                // as for https; the scheme is no part of what SigV4 signs
                .uri(URI.create((payloadSigning ? "http" : "https") + "://127.0.0.1:" + env.port() + path))
                .putHeader("Content-Type", "application/json").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(E2e.SECRET_ID, E2e.SECRET_KEY))
                .request(req)
                .payload(ContentStreamProvider.fromByteArray(signedBody))
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, E2e.REGION));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.request().headers().forEach((k, v) -> headers.put(k, v.getFirst()));
        if (headers.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) headers.put("Host", "127.0.0.1:" + env.port());
        try {
            return RawHttp.send(env.port(), "POST", path, headers, sentBody);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5(byte[] b) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(b));
    }

    static void refused(RawHttp.Reply r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.text()).contains("<Code>" + code + "</Code>");
    }

    static JsonNode ok(RawHttp.Reply r) throws Exception {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return JSON.readTree(r.text());
    }

    @Test
    void aPolicyExplainQuestionIsAnsweredOnlyUnderASignatureThatCoversItsBodyAndAChangedBodyIsRefused_ADM_12() throws Exception {
        String b = E2e.bucket("explain-body");
        cos.createBucket(b);
        // the asked and the forged question have the same length: only the signature can tell them apart
        byte[] asked = ("{\"bucket\":\"" + b + "\",\"principal\":\"anonymous\",\"action\":\"GetObject\",\"key\":\"a\"}").getBytes(StandardCharsets.UTF_8);
        byte[] forged = ("{\"bucket\":\"" + b + "\",\"principal\":\"anonymous\",\"action\":\"PutObject\",\"key\":\"a\"}").getBytes(StandardCharsets.UTF_8);
        String path = "/-/admin/policy/explain";
        Map<String, String> type = Map.of("Content-Type", "application/json");

        // q-sign without a Content-MD5, or with one outside q-header-list: the body is nobody's
        refused(q("POST", path, "", E2e.SECRET_ID, E2e.SECRET_KEY, type, Map.of(), asked), 403, "AccessDenied");
        refused(q("POST", path, "", E2e.SECRET_ID, E2e.SECRET_KEY, type, Map.of("Content-MD5", md5(forged)), forged), 403, "AccessDenied");
        // a signed Content-MD5 of the asked question, and the forged one on the wire
        Map<String, String> signedMd5 = new LinkedHashMap<>(type);
        signedMd5.put("Content-MD5", md5(asked));
        refused(q("POST", path, "", E2e.SECRET_ID, E2e.SECRET_KEY, signedMd5, Map.of(), forged), 400, "BadDigest");
        refused(q("POST", path, "", E2e.SECRET_ID, E2e.SECRET_KEY, Map.of("Content-MD5", "not-base64!"), Map.of(), asked), 400, "InvalidDigest");
        // SigV4: UNSIGNED-PAYLOAD is no hash; a signed hash of the asked question and the forged one sent
        RawHttp.Reply unsigned = sigV4(path, asked, asked, false);
        assertThat(unsigned.status()).as(unsigned.text()).isEqualTo(403);
        assertThat(unsigned.text()).contains("<Code>AccessDenied</Code>").contains("must cover the body");
        refused(sigV4(path, asked, forged, true), 400, "XAmzContentSHA256Mismatch");

        JsonNode answer = ok(q("POST", path, "", E2e.SECRET_ID, E2e.SECRET_KEY, signedMd5, Map.of(), asked));
        assertThat(answer.get("cosAction").asText()).isEqualTo("name/cos:GetObject");
        assertThat(answer.get("allowed").asBoolean()).isFalse();
        assertThat(ok(sigV4(path, forged, forged, true)).get("cosAction").asText()).isEqualTo("name/cos:PutObject");

        // the lifecycle preview's input is its signed query alone: a body is refused, never ignored
        refused(q("GET", "/-/admin/lifecycle/preview", "bucket=" + b, E2e.SECRET_ID, E2e.SECRET_KEY, Map.of(), Map.of(),
                "{\"at\":\"+30d\"}".getBytes(StandardCharsets.UTF_8)), 400, "InvalidArgument");
    }

    @Test
    void anAccountsEmailIsChangedOverHttpByItsRootOrTheOperatorAndReadByTheCliAsTheCliChangesIt_ADM_12() throws Exception {
        var out = E2e.admin(env.dir, "account", "add", "--uin", "100000000721", "--appid", "1250000721", "--email", "first@example.com").out();
        var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        String id = m.group(1), key = m.group(2);
        E2e.admin(env.dir, "account", "add", "--uin", "100000000722", "--appid", "1250000722", "--email", "taken@example.com");
        String path = "/-/admin/accounts/email";

        // the account's own root changes its address; the CLI reads it back
        JsonNode set = ok(q("PUT", path, "uin=100000000721&email=Second%40Example.com", id, key, Map.of(), Map.of(), null));
        assertThat(set.get("email").asText()).isEqualTo("second@example.com");
        assertThat(E2e.admin(env.dir, "account", "list").out()).contains("100000000721").contains("second@example.com").doesNotContain("first@example.com");
        // the CLI changes it; the operator reads it over HTTP and changes it back
        assertThat(E2e.admin(env.dir, "account", "set-email", "--uin", "100000000721", "--email", "third@example.com").code()).isZero();
        assertThat(ok(root("GET", "/-/admin/accounts", "")).toString()).contains("third@example.com");
        ok(root("PUT", path, "uin=100000000721&email=fourth%40example.com"));

        String before = E2e.admin(env.dir, "account", "list").out();
        // another account's root may not touch it, nor the operator's own; anonymous callers neither
        refused(q("PUT", path, "uin=" + E2e.UIN + "&email=x%40example.com", id, key, Map.of(), Map.of(), null), 403, "AccessDenied");
        refused(q("DELETE", path, "uin=100000000722", id, key, Map.of(), Map.of(), null), 403, "AccessDenied");
        refused(RawHttp.send(env.port(), "PUT", path + "?uin=100000000721&email=y%40example.com", Map.of("Host", "127.0.0.1"), null), 403, "AccessDenied");
        // ACC-7 and ADM-4, ADM-5 as for the CLI: taken, not an address, no such account; an unknown parameter
        refused(root("PUT", path, "uin=100000000721&email=TAKEN%40example.com"), 409, "EntityAlreadyExists");
        refused(root("PUT", path, "uin=100000000721&email=not-an-address"), 400, "InvalidArgument");
        refused(root("PUT", path, "uin=100000000721"), 400, "InvalidArgument");
        refused(root("PUT", path, "uin=100000000729&email=z%40example.com"), 404, "NoSuchEntity");
        refused(root("PUT", path, "uin=100000000721&email=z%40example.com&appid=1"), 400, "InvalidArgument");
        assertThat(E2e.admin(env.dir, "account", "list").out()).isEqualTo(before);
        assertThat(E2e.admin(env.dir, "account", "set-email", "--uin", "100000000721", "--email", "taken@example.com").code()).isEqualTo(1);

        // DELETE removes it, as set-email --clear does
        assertThat(ok(q("DELETE", path, "uin=100000000721", id, key, Map.of(), Map.of(), null)).get("email").isNull()).isTrue();
        assertThat(E2e.admin(env.dir, "account", "list").out()).doesNotContain("fourth@example.com");
    }

    @Test
    void anAdminEndpointThatReadsOnlyItsSignedQueryRefusesABodyAndChecksItsContentMd5InsteadOfIgnoringThem_ADM_12_UB_7() throws Exception {
        byte[] body = "{\"name\":\"ignored\"}".getBytes(StandardCharsets.UTF_8);
        String users = E2e.admin(env.dir, "user", "list").out();

        // adding a sub-user reads its signed query only: a body (signed or not) would be input nothing reads, so it is
        // refused as the lifecycle preview's is, and a Content-MD5 that names no body sent is BadDigest, not ignored
        refused(q("POST", "/-/admin/users", "uin=100000000731&name=one", E2e.SECRET_ID, E2e.SECRET_KEY,
                Map.of("Content-MD5", md5(body)), Map.of(), body), 400, "InvalidArgument");
        refused(q("POST", "/-/admin/users", "uin=100000000732&name=two", E2e.SECRET_ID, E2e.SECRET_KEY,
                Map.of("Content-MD5", md5(body)), Map.of(), new byte[0]), 400, "BadDigest");
        assertThat(E2e.admin(env.dir, "user", "list").out()).isEqualTo(users);

        // without a body, and with the empty body's own MD5, it is done
        ok(q("POST", "/-/admin/users", "uin=100000000733&name=three", E2e.SECRET_ID, E2e.SECRET_KEY,
                Map.of("Content-MD5", md5(new byte[0])), Map.of(), new byte[0]));
        assertThat(E2e.admin(env.dir, "user", "list").out()).contains("100000000733");
    }
}
