package io.cosd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qcloud.cos.COSClient;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle dry run (docs/lifecycle.md#dry-run) over HTTP ({@code GET /-/admin/lifecycle/preview}, signed by
 * the bucket owner's root key) and as {@code cosd admin lifecycle preview|run}: per rule, counts,
 * bytes and objects, from the executor's own evaluator, and nothing changes.
 */
@CosdServer
class LifecyclePreviewTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String B = E2e.bucket("lc-preview");

    @BeforeAll
    static void fixtures() throws Exception {
        // real days: nothing is due now, everything is due at +400d
        cos.createBucket(B);
        var r = LifecycleConfigApiTest.putRaw(env.port(), cos, B, "<LifecycleConfiguration>"
                + "<Rule><ID>logs</ID><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>30</Days></Expiration></Rule>"
                + "<Rule><ID>cold</ID><Filter><Prefix>data/</Prefix></Filter><Status>Enabled</Status><Transition><Days>10</Days>"
                + "<StorageClass>ARCHIVE</StorageClass></Transition></Rule></LifecycleConfiguration>");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        put("logs/1", 10);
        put("logs/2", 20);
        put("data/big", 70 * 1024);
        put("other", 5);
    }

    static void put(String key, int size) {
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(size);
        cos.putObject(new PutObjectRequest(B, key, new ByteArrayInputStream(new byte[size]), md));
    }

    static RawHttp.Reply preview(String query, String id, String key) throws Exception {
        return signed("GET", "/-/admin/lifecycle/preview", query, id, key);
    }

    static RawHttp.Reply signed(String method, String path, String query, String id, String key) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : query.split("&")) params.put(p.substring(0, p.indexOf('=')), URLDecoder.decode(p.substring(p.indexOf('=') + 1), StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Host", "127.0.0.1:" + env.port()));
        String auth = new COSSigner().buildAuthorizationStr(HttpMethodName.valueOf(method), path, headers, params,
                new BasicCOSCredentials(id, key), new Date(System.currentTimeMillis() + 600_000));
        headers.put("Authorization", auth);
        return RawHttp.send(env.port(), method, path + "?" + query, headers, null);
    }

    @Test
    void theHttpPreviewListsPerRuleCountsBytesAndObjectsAndChangesNothing() throws Exception {
        var now = preview("bucket=" + B, E2e.SECRET_ID, E2e.SECRET_KEY);
        assertThat(now.status()).as(now.text()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(now.text()).get("rules")).isEmpty();

        var later = preview("bucket=" + B + "&at=%2B400d", E2e.SECRET_ID, E2e.SECRET_KEY);
        JsonNode rules = new ObjectMapper().readTree(later.text()).get("rules");
        assertThat(rules).hasSize(2);
        JsonNode logs = rules.get(0).get("ruleId").asText().equals("logs") ? rules.get(0) : rules.get(1);
        JsonNode cold = logs == rules.get(0) ? rules.get(1) : rules.get(0);
        assertThat(logs.at("/totals/expire/count").asLong()).isEqualTo(2);
        assertThat(logs.at("/totals/expire/bytes").asLong()).isEqualTo(30);
        assertThat(logs.get("items")).extracting(i -> i.get("key").asText()).containsExactlyInAnyOrder("logs/1", "logs/2");
        assertThat(cold.at("/totals/transition/count").asLong()).isEqualTo(1);
        assertThat(cold.at("/items/0/target").asText()).isEqualTo("ARCHIVE");
        assertThat(cos.doesObjectExist(B, "logs/1")).as("a dry run").isTrue();
        assertThat(cos.getObjectMetadata(B, "data/big").getRawMetadataValue("x-cos-storage-class")).isNull();
    }

    @Test
    void onlyTheOwnersRootKeyMayPreview() throws Exception {
        assertThat(preview("bucket=" + B, E2e.SECRET_ID, "wrong-secret-wrong-secret-wrong-se").status()).isEqualTo(403);
        var anon = RawHttp.send(env.port(), "GET", "/-/admin/lifecycle/preview?bucket=" + B, Map.of("Host", "127.0.0.1"), null);
        assertThat(anon.status()).isEqualTo(403);
        assertThat(anon.text()).contains("<Code>AccessDenied</Code>");
        assertThat(preview("bucket=nope-" + E2e.APPID, E2e.SECRET_ID, E2e.SECRET_KEY).status()).isEqualTo(404);
        assertThat(preview("bucket=" + B + "&at=yesterday", E2e.SECRET_ID, E2e.SECRET_KEY).text()).contains("InvalidArgument");
    }

    @Test
    void theHttpRunAppliesOneBucketsRulesNow() throws Exception {
        String b = E2e.bucket("lc-http-run");
        cos.createBucket(b);
        var r = LifecycleConfigApiTest.putRaw(env.port(), cos, b, "<LifecycleConfiguration><Rule><ID>past</ID><Filter/><Status>Enabled</Status>"
                + "<Expiration><Date>2020-01-01T00:00:00+08:00</Date></Expiration></Rule></LifecycleConfiguration>");
        assertThat(r.status()).isEqualTo(200);
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(1);
        cos.putObject(new PutObjectRequest(b, "x", new ByteArrayInputStream(new byte[1]), md));
        assertThat(signed("GET", "/-/admin/lifecycle/run", "bucket=" + b, E2e.SECRET_ID, E2e.SECRET_KEY).status()).isEqualTo(405);
        var run = signed("POST", "/-/admin/lifecycle/run", "bucket=" + b, E2e.SECRET_ID, E2e.SECRET_KEY);
        assertThat(run.status()).as(run.text()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(run.text()).at("/applied/past/expire").asLong()).isEqualTo(1);
        assertThat(cos.doesObjectExist(b, "x")).as("LC-T6: a past Date expires everything").isFalse();
    }

    @Test
    void theAdminCommandPreviewsAndRuns() throws Exception {
        String out = admin("lifecycle", "preview", B, "--at", "+400d");
        assertThat(out).contains("rule logs").contains("expire: 2 (30 bytes)").contains("transition->ARCHIVE\tdata/big");
        assertThat(admin("lifecycle", "preview", B)).contains("nothing due");
        assertThat(admin("lifecycle", "run")).contains("scanned");
        assertThat(cos.doesObjectExist(B, "logs/1")).as("nothing was due now").isTrue();
        assertThat(admin("lifecycle", "status")).isNotBlank();
    }

    static String admin(String... args) {
        E2e.AdminRun r = E2e.admin(env.dir, args);
        assertThat(r.code()).as(r.out()).isZero();
        return r.out();
    }
}
