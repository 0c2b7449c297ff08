package io.cosd.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.http.HttpMethodName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long an admin signature lives and who can tell afterwards what it did (docs/security.md ADM-9,
 * ADM-10): a presigned URL (q-sign or SigV4 in the query) is a bearer token meant to be handed on and
 * lives up to 7 days, so it never creates a key or an account however validly the root signed it; a
 * q-sign header signature may not outlive the request by more than 20 minutes, which bounds a replay
 * of "create key" or "add account" to the window a SigV4 header has. Every admin change, done or
 * refused, is one audit line with its caller and parameters and never a SecretKey.
 */
@CosdServer
class AdminSignatureLifetimeE2eTest {
    @CosdServer.Inject static E2e env;

    /** A q-sign Authorization header valid for {@code seconds}, made by the COS SDK's own signer over every parameter. */
    static RawHttp.Reply qHeader(String method, String path, String query, long seconds) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Host", "127.0.0.1:" + env.port()));
        headers.put("Authorization", qAuth(method, path, query, headers, seconds));
        return RawHttp.send(env.port(), method, query.isEmpty() ? path : path + "?" + query, headers, null);
    }

    static String qAuth(String method, String path, String query, Map<String, String> headers, long seconds) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : query.isEmpty() ? new String[0] : query.split("&")) params.put(p.substring(0, p.indexOf('=')),
                URLDecoder.decode(p.substring(p.indexOf('=') + 1), StandardCharsets.UTF_8));
        return new COSSigner().buildAuthorizationStr(HttpMethodName.valueOf(method), path, headers, params,
                new BasicCOSCredentials(E2e.SECRET_ID, E2e.SECRET_KEY), new Date(System.currentTimeMillis() + seconds * 1000));
    }

    /** The COS Java SDK's presigned form: {@code ?sign=<the whole q-sign string>} next to the request's own parameters. */
    static RawHttp.Reply qPresigned(String method, String path, String query, long seconds) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Host", "127.0.0.1:" + env.port()));
        String sign = "sign=" + URLEncoder.encode(qAuth(method, path, query, headers, seconds), StandardCharsets.UTF_8);
        return RawHttp.send(env.port(), method, path + "?" + (query.isEmpty() ? sign : query + "&" + sign), headers, null);
    }

    /** A SigV4 presigned URL (X-Amz-* in the query) made by the AWS SDK v2's own signer. */
    static RawHttp.Reply sigV4Presigned(String method, String path, String query, Duration expiry) throws Exception {
        SdkHttpRequest req = SdkHttpRequest.builder().method(SdkHttpMethod.valueOf(method))
                .uri(URI.create("http://127.0.0.1:" + env.port() + path + (query.isEmpty() ? "" : "?" + query))).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(E2e.SECRET_ID, E2e.SECRET_KEY))
                .request(req)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, E2e.REGION)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expiry)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        URI u = signed.request().getUri();
        return RawHttp.send(env.port(), method, u.getRawPath() + "?" + u.getRawQuery(), Map.of("Host", "127.0.0.1:" + env.port()), null);
    }

    static void refused(RawHttp.Reply r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.text()).contains("<Code>" + code + "</Code>");
    }

    static String keys() {
        return E2e.admin(env.dir, "key", "list").out();
    }

    @Test
    void aPresignedUrlNeverCreatesAKeyOrAnAccountEvenWhenTheRootSignedIt_ADM_9() throws Exception {
        String keysBefore = keys(), accountsBefore = E2e.admin(env.dir, "account", "list").out();

        refused(sigV4Presigned("POST", "/-/admin/keys", "uin=" + E2e.UIN, Duration.ofDays(7)), 403, "AccessDenied");
        refused(sigV4Presigned("GET", "/-/admin/keys", "", Duration.ofMinutes(5)), 403, "AccessDenied");
        refused(qPresigned("POST", "/-/admin/keys", "uin=" + E2e.UIN, 7 * 86_400), 403, "AccessDenied");
        refused(qPresigned("POST", "/-/admin/accounts", "uin=100000000901", 600), 403, "AccessDenied");
        refused(qPresigned("DELETE", "/-/admin/keys", "secret-id=" + E2e.SECRET_ID, 600), 403, "AccessDenied");

        assertThat(keys()).isEqualTo(keysBefore);
        assertThat(E2e.admin(env.dir, "account", "list").out()).isEqualTo(accountsBefore);
        // The same root key still signs the same actions in a header (the form the console uses).
        assertThat(qHeader("GET", "/-/admin/keys", "", 600).status()).isEqualTo(200);
    }

    @Test
    void aQSignHeaderValidForDaysIsRefusedWhileTheConsolesFifteenMinutesPass_ADM_9() throws Exception {
        String before = keys();
        refused(qHeader("POST", "/-/admin/keys", "uin=" + E2e.UIN, 7 * 86_400), 403, "AccessDenied");
        refused(qHeader("POST", "/-/admin/users", "uin=100000000902", 3_600), 403, "AccessDenied");
        assertThat(keys()).isEqualTo(before);
        assertThat(E2e.admin(env.dir, "user", "list").out()).doesNotContain("100000000902");

        // The console signs for 15 minutes (console/cos.js); so do this test's 900 seconds.
        RawHttp.Reply ok = qHeader("POST", "/-/admin/users", "uin=100000000902", 900);
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(qHeader("DELETE", "/-/admin/users", "uin=100000000902", 900).status()).isEqualTo(200);
    }

    /**
     * The lifecycle and explain endpoints are older than the gate and pass it all the same: a lifecycle
     * run deletes what is due, so a leaked presigned URL must not trigger it, and the preview and explain
     * answer what a bucket holds and what its policy allows.
     */
    @Test
    void aPresignedUrlNeverRunsLifecycleNorPreviewsNorExplainsAndAnUnknownParameterIsRefused_ADM_2_ADM_9_ADM_10() throws Exception {
        String b = E2e.bucket("adm9-lifecycle");
        var cos = E2e.cosClient(env.port(), E2e.SECRET_ID, E2e.SECRET_KEY);
        Logger audit = (Logger) LoggerFactory.getLogger("io.cosd.audit");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        audit.addAppender(lines);
        try {
            cos.createBucket(b);
            var lc = LifecycleConfigApiTest.putRaw(env.port(), cos, b, "<LifecycleConfiguration><Rule><ID>past</ID><Filter/>"
                    + "<Status>Enabled</Status><Expiration><Date>2020-01-01T00:00:00+08:00</Date></Expiration></Rule></LifecycleConfiguration>");
            assertThat(lc.status()).as(lc.text()).isEqualTo(200);
            cos.putObject(b, "due", "x");

            refused(qPresigned("POST", "/-/admin/lifecycle/run", "bucket=" + b, 7 * 86_400), 403, "AccessDenied");
            refused(sigV4Presigned("POST", "/-/admin/lifecycle/run", "bucket=" + b, Duration.ofMinutes(5)), 403, "AccessDenied");
            refused(qHeader("POST", "/-/admin/lifecycle/run", "bucket=" + b, 3_600), 403, "AccessDenied");
            refused(qHeader("POST", "/-/admin/lifecycle/run", "bucket=" + b + "&dry=1", 900), 400, "InvalidArgument");
            assertThat(cos.doesObjectExist(b, "due")).as("no refused run expired anything").isTrue();

            refused(qPresigned("GET", "/-/admin/lifecycle/preview", "bucket=" + b + "&at=%2B30d", 600), 403, "AccessDenied");
            refused(sigV4Presigned("GET", "/-/admin/lifecycle/preview", "bucket=" + b, Duration.ofMinutes(5)), 403, "AccessDenied");
            refused(qHeader("GET", "/-/admin/lifecycle/preview", "bucket=" + b + "&max-item=5", 900), 400, "InvalidArgument");
            refused(qPresigned("POST", "/-/admin/policy/explain", "", 600), 403, "AccessDenied");
            refused(qHeader("POST", "/-/admin/policy/explain", "bucket=" + b, 900), 400, "InvalidArgument");

            // Signed in a header for the console's 15 minutes, over every parameter, they answer.
            RawHttp.Reply preview = qHeader("GET", "/-/admin/lifecycle/preview", "bucket=" + b + "&at=%2B30d&max-items=5", 900);
            assertThat(preview.status()).as(preview.text()).isEqualTo(200);
            RawHttp.Reply run = qHeader("POST", "/-/admin/lifecycle/run", "bucket=" + b, 900);
            assertThat(run.status()).as(run.text()).isEqualTo(200);
            assertThat(cos.doesObjectExist(b, "due")).isFalse();

            // ADM-10: each run, refused or done, is an audit line; the preview and explain change nothing and write none
            List<String> msgs = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(msgs).hasSize(5).allSatisfy(m -> assertThat(m).contains("ADMIN_LIFECYCLE_RUN", "bucket=" + b));
            assertThat(msgs.subList(0, 4)).allSatisfy(m -> assertThat(m).contains("refused"));
            assertThat(msgs.get(4)).contains("ok 200");
        } finally {
            audit.detachAppender(lines);
            cos.shutdown();
        }
    }

    @Test
    void everyAdminChangeDoneOrRefusedIsOneAuditLineWithItsCallerAndNeverTheSecretKey_ADM_10() throws Exception {
        Logger audit = (Logger) LoggerFactory.getLogger("io.cosd.audit");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        audit.addAppender(lines);
        try {
            RawHttp.Reply created = qHeader("POST", "/-/admin/keys", "uin=" + E2e.UIN, 600);
            assertThat(created.status()).as(created.text()).isEqualTo(200);
            JsonNode key = AdminEndpointsE2eTest.JSON.readTree(created.text());
            String id = key.get("secretId").asText(), secret = key.get("secretKey").asText();
            refused(qHeader("DELETE", "/-/admin/accounts", "uin=" + E2e.UIN, 600), 400, "InvalidRequest");
            assertThat(qHeader("DELETE", "/-/admin/keys", "secret-id=" + id, 600).status()).isEqualTo(200);
            // reads are not changes: no line
            assertThat(qHeader("GET", "/-/admin/keys", "", 600).status()).isEqualTo(200);

            List<String> msgs = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(msgs).hasSize(3);
            assertThat(msgs.get(0)).contains("ADMIN_CREATE_KEY", "caller=" + E2e.UIN, "key=" + E2e.SECRET_ID, "uin=" + E2e.UIN, "200");
            assertThat(msgs.get(1)).contains("ADMIN_REMOVE_ACCOUNT", "refused", "InvalidRequest");
            assertThat(msgs.get(2)).contains("ADMIN_REVOKE_KEY", "secret-id=" + id, "200");
            assertThat(String.join("\n", msgs)).doesNotContain(secret).doesNotContain(E2e.SECRET_KEY);
            assertThat(lines.list).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKey("request_id"));
        } finally {
            audit.detachAppender(lines);
        }
    }

    @Test
    void anAuditLineEscapesWhatTheCallerSentSoItCannotForgeALine_ADM_10() throws Exception {
        Logger audit = (Logger) LoggerFactory.getLogger("io.cosd.audit");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        audit.addAppender(lines);
        try {
            String forged = URLEncoder.encode("x\nadmin ADMIN_ADD_ACCOUNT ok 200", StandardCharsets.UTF_8);
            refused(qHeader("POST", "/-/admin/users", "uin=100000000903&name=" + forged, 600), 400, "InvalidArgument");
            assertThat(lines.list).hasSize(1);
            assertThat(lines.list.getFirst().getFormattedMessage()).doesNotContain("\n").contains("\\n");
        } finally {
            audit.detachAppender(lines);
        }
    }
}
