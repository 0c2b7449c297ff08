package io.cosd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qcloud.cos.COSClient;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users, keys, identity policy, account and replication endpoints under {@code /-/admin/}
 * (docs/security.md ADM-1..ADM-8) with real signatures: q-sign from the COS Java SDK's own signer and
 * SigV4 from the AWS SDK v2's signer, sent as raw HTTP (neither SDK has these endpoints). Every refusal
 * is checked to change nothing.
 */
@CosdServer
class AdminEndpointsE2eTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OTHER_UIN = "100000000501", OTHER_APPID = "1250000501";
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static String otherId, otherKey;

    @BeforeAll
    static void anotherAccount() {
        var out = E2e.admin(env.dir, "account", "add", "--uin", OTHER_UIN, "--appid", OTHER_APPID).out();
        var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        otherId = m.group(1);
        otherKey = m.group(2);
    }

    /** A q-sign request signed by the COS SDK's signer over every query parameter except {@code unsigned}. */
    static RawHttp.Reply q(String method, String path, String query, String id, String key, Set<String> unsigned,
                           Map<String, String> extraHeaders, byte[] body) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String p : query.split("&")) {
                String name = p.substring(0, p.indexOf('='));
                if (!unsigned.contains(name)) params.put(name, URLDecoder.decode(p.substring(p.indexOf('=') + 1), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Host", "127.0.0.1:" + env.port()));
        headers.putAll(extraHeaders);
        String auth = new COSSigner().buildAuthorizationStr(HttpMethodName.valueOf(method), path, headers, params,
                new BasicCOSCredentials(id, key), new Date(System.currentTimeMillis() + 600_000));
        headers.put("Authorization", auth);
        return RawHttp.send(env.port(), method, query.isEmpty() ? path : path + "?" + query, headers, body);
    }

    static RawHttp.Reply root(String method, String path, String query) throws Exception {
        return q(method, path, query, E2e.SECRET_ID, E2e.SECRET_KEY, Set.of(), Map.of(), null);
    }

    static RawHttp.Reply as(String id, String key, String method, String path, String query) throws Exception {
        return q(method, path, query, id, key, Set.of(), Map.of(), null);
    }

    /** A SigV4 request (header form, payload hash signed) made by the AWS SDK v2's own signer. */
    static RawHttp.Reply sigV4(String method, String path, String query, byte[] body) throws Exception {
        SdkHttpRequest req = SdkHttpRequest.builder().method(SdkHttpMethod.valueOf(method))
                .uri(URI.create("http://127.0.0.1:" + env.port() + path + (query.isEmpty() ? "" : "?" + query))).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(E2e.SECRET_ID, E2e.SECRET_KEY))
                .request(req)
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, E2e.REGION));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.request().headers().forEach((k, v) -> headers.put(k, v.getFirst()));
        if (headers.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) headers.put("Host", "127.0.0.1:" + env.port());
        return RawHttp.send(env.port(), method, query.isEmpty() ? path : path + "?" + query, headers, body);
    }

    static JsonNode json(RawHttp.Reply r) throws Exception {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        return JSON.readTree(r.text());
    }

    static void refused(RawHttp.Reply r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.text()).contains("<Code>" + code + "</Code>");
    }

    static String users() throws Exception {
        return root("GET", "/-/admin/users", "").text();
    }

    static String md5(byte[] b) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(b));
    }

    @Test
    void theRootAddsAUserCreatesItsKeyOnceListsItWithoutTheSecretRevokesItAndRemovesTheUser_ADM_1_ADM_8() throws Exception {
        JsonNode before = json(root("GET", "/-/admin/users", ""));
        assertThat(before.get("account").asText()).isEqualTo(E2e.UIN);
        assertThat(before.get("users")).anySatisfy(u -> {
            assertThat(u.get("uin").asText()).isEqualTo(E2e.UIN);
            assertThat(u.get("root").asBoolean()).isTrue();
        });

        JsonNode added = json(root("POST", "/-/admin/users", "uin=100000000601&name=" + URLEncoder.encode("Ana Lima", StandardCharsets.UTF_8)));
        assertThat(added.get("name").asText()).isEqualTo("Ana Lima");
        assertThat(E2e.admin(env.dir, "user", "list").out()).contains("100000000601\tsub-user\tAna Lima");

        RawHttp.Reply created = root("POST", "/-/admin/keys", "uin=100000000601");
        JsonNode key = json(created);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        String id = key.get("secretId").asText(), secret = key.get("secretKey").asText();
        assertThat(secret).hasSize(32);

        // The key works (it authenticates: a sub-user is refused the admin endpoint, not unknown) ...
        refused(as(id, secret, "GET", "/-/admin/users", ""), 403, "AccessDenied");
        // ... and the list shows it without its secret
        RawHttp.Reply list = root("GET", "/-/admin/keys", "");
        assertThat(list.text()).contains(id).doesNotContain(secret).doesNotContain(E2e.SECRET_KEY);
        assertThat(json(list).get("keys")).anySatisfy(k -> {
            assertThat(k.get("secretId").asText()).isEqualTo(id);
            assertThat(k.get("uin").asText()).isEqualTo("100000000601");
            assertThat(k.get("active").asBoolean()).isTrue();
            assertThat(k.has("secretKey")).isFalse();
        });

        json(root("DELETE", "/-/admin/keys", "secret-id=" + id));
        refused(as(id, secret, "GET", "/-/admin/users", ""), 403, "InvalidAccessKeyId");
        refused(root("DELETE", "/-/admin/keys", "secret-id=" + id), 404, "NoSuchEntity");

        json(root("DELETE", "/-/admin/users", "uin=100000000601"));
        assertThat(users()).doesNotContain("100000000601");
        refused(root("DELETE", "/-/admin/users", "uin=100000000601"), 404, "NoSuchEntity");
    }

    @Test
    void aSubUserAnotherAccountsRootAndAnAnonymousCallerAreAccessDeniedEverywhere_ADM_1_ADM_3_ADM_7() throws Exception {
        E2e.admin(env.dir, "user", "add", "--uin", "100000000611", "--name", "sub");
        var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(E2e.admin(env.dir, "key", "create", "--uin", "100000000611").out());
        assertThat(m.find()).isTrue();
        String subId = m.group(1), subKey = m.group(2);
        String bucket = E2e.bucket("adm-denied");
        cos.createBucket(bucket);
        String[][] calls = {
                {"GET", "/-/admin/users", ""}, {"POST", "/-/admin/users", "uin=100000000612"}, {"DELETE", "/-/admin/users", "uin=100000000611"},
                {"GET", "/-/admin/keys", ""}, {"POST", "/-/admin/keys", "uin=100000000611"},
                {"GET", "/-/admin/users/policy", "uin=100000000611"}, {"DELETE", "/-/admin/users/policy", "uin=100000000611"},
                {"GET", "/-/admin/accounts", ""}, {"POST", "/-/admin/accounts", "uin=100000000613"}, {"DELETE", "/-/admin/accounts", "uin=" + OTHER_UIN},
                {"GET", "/-/admin/replication/status", "bucket=" + bucket}, {"POST", "/-/admin/replication/resync", "bucket=" + bucket},
        };
        String usersBefore = users(), accountsBefore = E2e.admin(env.dir, "account", "list").out();
        for (String[] c : calls) {
            refused(as(subId, subKey, c[0], c[1], c[2]), 403, "AccessDenied");
            refused(RawHttp.send(env.port(), c[0], c[2].isEmpty() ? c[1] : c[1] + "?" + c[2], Map.of("Host", "127.0.0.1"), null), 403, "AccessDenied");
            // another account's root manages its own users and keys, never these: accounts are the operator's, the bucket is not its own
            if (c[1].startsWith("/-/admin/accounts") || c[1].startsWith("/-/admin/replication")) {
                refused(as(otherId, otherKey, c[0], c[1], c[2]), 403, "AccessDenied");
            }
        }
        assertThat(users()).isEqualTo(usersBefore);
        assertThat(E2e.admin(env.dir, "account", "list").out()).isEqualTo(accountsBefore);
        // Another root's lists are its own account's: none of this account's users or keys.
        JsonNode theirs = json(as(otherId, otherKey, "GET", "/-/admin/users", ""));
        assertThat(theirs.get("account").asText()).isEqualTo(OTHER_UIN);
        assertThat(theirs.toString()).doesNotContain("100000000611");
        assertThat(as(otherId, otherKey, "GET", "/-/admin/keys", "").text()).doesNotContain(subId);
        // ... and it cannot revoke, remove or make keys for this account's users
        refused(as(otherId, otherKey, "DELETE", "/-/admin/keys", "secret-id=" + subId), 404, "NoSuchEntity");
        refused(as(otherId, otherKey, "DELETE", "/-/admin/users", "uin=100000000611"), 404, "NoSuchEntity");
        refused(as(otherId, otherKey, "POST", "/-/admin/keys", "uin=100000000611"), 404, "NoSuchEntity");
        refused(as(subId, subKey, "GET", "/-/admin/users", ""), 403, "AccessDenied"); // the key still works
    }

    @Test
    void aParameterTheSignatureDoesNotCoverIsRefusedAndAnUnknownOneIsNeverIgnored_ADM_2() throws Exception {
        String before = users();
        refused(q("POST", "/-/admin/users", "uin=100000000621&name=x", E2e.SECRET_ID, E2e.SECRET_KEY, Set.of("uin"), Map.of(), null), 403, "AccessDenied");
        refused(q("POST", "/-/admin/users", "uin=100000000621&name=x", E2e.SECRET_ID, E2e.SECRET_KEY, Set.of("name"), Map.of(), null), 403, "AccessDenied");
        refused(q("DELETE", "/-/admin/keys", "secret-id=" + E2e.SECRET_ID, E2e.SECRET_ID, E2e.SECRET_KEY, Set.of("secret-id"), Map.of(), null), 403, "AccessDenied");
        refused(root("POST", "/-/admin/users", "uin=100000000621&role=admin"), 400, "InvalidArgument");
        refused(root("GET", "/-/admin/keys", "uin=100000000621"), 400, "InvalidArgument");
        assertThat(users()).isEqualTo(before);
        assertThat(root("GET", "/-/admin/keys", "").text()).contains(E2e.SECRET_ID); // the root key was not revoked

        // SigV4 signs the whole query: the same request made by the AWS SDK's signer is accepted
        json(sigV4("POST", "/-/admin/users", "uin=100000000621&name=sigv4", null));
        json(sigV4("DELETE", "/-/admin/users", "uin=100000000621", null));
    }

    @Test
    void badInputIsRefusedWithItsErrorAndChangesNothing_ADM_4_ADM_5() throws Exception {
        String before = users(), keys = root("GET", "/-/admin/keys", "").text();
        refused(root("POST", "/-/admin/users", "uin=abc"), 400, "InvalidArgument");
        refused(root("POST", "/-/admin/users", "uin=123456789012345678901"), 400, "InvalidArgument");
        refused(root("POST", "/-/admin/users", ""), 400, "InvalidArgument");
        refused(root("POST", "/-/admin/users", "uin=100000000631&name=" + "n".repeat(65)), 400, "InvalidArgument");
        // the COS SDK's signer will not sign a control character as sent; the AWS SDK's will
        refused(sigV4("POST", "/-/admin/users", "uin=100000000631&name=%1B%5B31m", null), 400, "InvalidArgument");
        refused(sigV4("POST", "/-/admin/users", "uin=100000000631&name=%20padded", null), 400, "InvalidArgument");
        refused(root("POST", "/-/admin/users", "uin=" + E2e.UIN), 409, "EntityAlreadyExists");
        refused(root("POST", "/-/admin/users", "uin=" + OTHER_UIN), 409, "EntityAlreadyExists");
        refused(root("DELETE", "/-/admin/users", "uin=" + E2e.UIN), 400, "InvalidRequest");
        refused(root("POST", "/-/admin/keys", "uin=100000000639"), 404, "NoSuchEntity");
        refused(root("DELETE", "/-/admin/keys", "secret-id=" + otherId), 404, "NoSuchEntity");
        refused(root("DELETE", "/-/admin/keys", "secret-id=" + "A".repeat(129)), 400, "InvalidArgument");
        // the CLI applies the same rules (service/IdentityAdmin): exit 2, nothing stored
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", "100000000632", "--name", " padded").code()).isEqualTo(2);
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", "10000000063x").code()).isEqualTo(2);
        assertThat(users()).isEqualTo(before);
        assertThat(root("GET", "/-/admin/keys", "").text()).isEqualTo(keys);
        json(as(otherId, otherKey, "GET", "/-/admin/users", "")); // the other account's key still works
    }

    @Test
    void aSubUsersIdentityPolicyIsPutWithASignedBodyReadBackAsPutAndDeleted_ADM_6() throws Exception {
        json(root("POST", "/-/admin/users", "uin=100000000641&name=pol"));
        String doc = "{\"version\":\"2.0\",\"statement\":[{\"effect\":\"allow\",\"action\":[\"name/cos:GetService\"],\"resource\":[\"*\"]}]}";
        byte[] body = doc.getBytes(StandardCharsets.UTF_8);
        refused(root("GET", "/-/admin/users/policy", "uin=100000000641"), 404, "NoSuchEntity");

        // q-sign never hashes the body: without a signed Content-MD5 the body is not the signer's
        refused(q("PUT", "/-/admin/users/policy", "uin=100000000641", E2e.SECRET_ID, E2e.SECRET_KEY, Set.of(), Map.of(), body), 403, "AccessDenied");
        Map<String, String> wrongMd5 = Map.of("Content-MD5", md5("other".getBytes(StandardCharsets.UTF_8)));
        refused(q("PUT", "/-/admin/users/policy", "uin=100000000641", E2e.SECRET_ID, E2e.SECRET_KEY, Set.of(), wrongMd5, body), 400, "BadDigest");
        byte[] bad = "{\"statement\":[{\"effect\":\"maybe\"}]}".getBytes(StandardCharsets.UTF_8);
        refused(q("PUT", "/-/admin/users/policy", "uin=100000000641", E2e.SECRET_ID, E2e.SECRET_KEY, Set.of(), Map.of("Content-MD5", md5(bad)), bad), 400, "MalformedPolicy");
        refused(q("PUT", "/-/admin/users/policy", "uin=" + E2e.UIN, E2e.SECRET_ID, E2e.SECRET_KEY, Set.of(), Map.of("Content-MD5", md5(body)), body), 400, "InvalidArgument");
        refused(root("GET", "/-/admin/users/policy", "uin=100000000641"), 404, "NoSuchEntity");
        assertThat(E2e.admin(env.dir, "user", "policy", "get", "--uin", "100000000641").code()).isEqualTo(1);

        json(q("PUT", "/-/admin/users/policy", "uin=100000000641", E2e.SECRET_ID, E2e.SECRET_KEY, Set.of(), Map.of("Content-MD5", md5(body)), body));
        RawHttp.Reply got = root("GET", "/-/admin/users/policy", "uin=100000000641");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.text()).isEqualTo(doc);
        assertThat(E2e.admin(env.dir, "user", "policy", "get", "--uin", "100000000641").out()).contains(doc);

        // SigV4 with its payload hash signed needs no Content-MD5
        String doc2 = doc.replace("GetService", "GetBucket");
        json(sigV4("PUT", "/-/admin/users/policy", "uin=100000000641", doc2.getBytes(StandardCharsets.UTF_8)));
        assertThat(root("GET", "/-/admin/users/policy", "uin=100000000641").text()).isEqualTo(doc2);

        json(root("DELETE", "/-/admin/users/policy", "uin=100000000641"));
        refused(root("DELETE", "/-/admin/users/policy", "uin=100000000641"), 404, "NoSuchEntity");
        json(root("DELETE", "/-/admin/users", "uin=100000000641"));
    }

    /**
     * UB-1 on the admin endpoints: a checksum they would never compare (the body is checked by its
     * signed Content-MD5 or SHA-256 only) or a condition they would never evaluate is 501, before
     * anything is stored, never accepted and ignored.
     */
    @Test
    void aChecksumOrAConditionTheAdminEndpointsWouldNotCheckIsNotImplementedAndChangesNothing_UB_1() throws Exception {
        json(root("POST", "/-/admin/users", "uin=100000000671&name=sums"));
        byte[] body = "{\"version\":\"2.0\",\"statement\":[{\"effect\":\"allow\",\"action\":[\"name/cos:GetService\"],\"resource\":[\"*\"]}]}"
                .getBytes(StandardCharsets.UTF_8);
        refused(q("PUT", "/-/admin/users/policy", "uin=100000000671", E2e.SECRET_ID, E2e.SECRET_KEY, Set.of(),
                Map.of("Content-MD5", md5(body), "x-amz-checksum-crc32", "AAAAAA=="), body), 501, "NotImplemented");
        refused(root("GET", "/-/admin/users/policy", "uin=100000000671"), 404, "NoSuchEntity");
        refused(q("POST", "/-/admin/users", "uin=100000000672", E2e.SECRET_ID, E2e.SECRET_KEY, Set.of(), Map.of("If-None-Match", "*"), null),
                501, "NotImplemented");
        refused(q("DELETE", "/-/admin/users", "uin=100000000671", E2e.SECRET_ID, E2e.SECRET_KEY, Set.of(), Map.of("If-Match", "\"x\""), null),
                501, "NotImplemented");
        assertThat(users()).contains("100000000671").doesNotContain("100000000672");
        json(root("DELETE", "/-/admin/users", "uin=100000000671"));
    }

    @Test
    void onlyTheFirstAccountsRootManagesAccounts_ADM_3() throws Exception {
        JsonNode list = json(root("GET", "/-/admin/accounts", ""));
        assertThat(list.get("accounts")).anySatisfy(a -> {
            assertThat(a.get("uin").asText()).isEqualTo(E2e.UIN);
            assertThat(a.get("first").asBoolean()).isTrue();
        });
        RawHttp.Reply added = root("POST", "/-/admin/accounts", "uin=100000000651&appid=1250000651&email=Ops%40Example.com");
        JsonNode a = json(added);
        assertThat(added.header("Cache-Control")).isEqualTo("no-store");
        assertThat(a.get("email").asText()).isEqualTo("ops@example.com");
        String id = a.get("secretId").asText(), key = a.get("secretKey").asText();
        JsonNode own = json(as(id, key, "GET", "/-/admin/users", ""));
        assertThat(own.get("appid").asText()).isEqualTo("1250000651");
        refused(as(id, key, "GET", "/-/admin/accounts", ""), 403, "AccessDenied");

        E2e.cosClient(env.port(), id, key).createBucket("owned-1250000651");
        String accounts = E2e.admin(env.dir, "account", "list").out();
        refused(root("POST", "/-/admin/accounts", "uin=100000000651"), 409, "EntityAlreadyExists");
        refused(root("POST", "/-/admin/accounts", "appid=12x"), 400, "InvalidArgument");
        refused(root("POST", "/-/admin/accounts", "email=not-an-address"), 400, "InvalidArgument");
        refused(root("DELETE", "/-/admin/accounts", "uin=" + E2e.UIN), 400, "InvalidRequest");
        refused(root("DELETE", "/-/admin/accounts", "uin=100000000659"), 404, "NoSuchEntity");
        refused(root("DELETE", "/-/admin/accounts", "uin=100000000651"), 409, "DeleteConflict");
        assertThat(E2e.admin(env.dir, "account", "list").out()).isEqualTo(accounts);

        E2e.cosClient(env.port(), id, key).deleteBucket("owned-1250000651");
        json(root("DELETE", "/-/admin/accounts", "uin=100000000651"));
        refused(as(id, key, "GET", "/-/admin/users", ""), 403, "InvalidAccessKeyId");
        // generated uin and APPID
        JsonNode gen = json(root("POST", "/-/admin/accounts", ""));
        assertThat(gen.get("uin").asText()).matches("[0-9]{12}");
        assertThat(gen.get("appid").asText()).matches("[0-9]{10}");
        json(root("DELETE", "/-/admin/accounts", "uin=" + gen.get("uin").asText()));
    }

    @Test
    void theReplicationStatusShowsPendingThenCompletedAndResyncRequeuesOnlyForTheOwner_ADM_7() throws Exception {
        String src = E2e.bucket("adm-rep-src"), dst = E2e.bucket("adm-rep-dst");
        for (String b : new String[] {src, dst}) {
            cos.createBucket(b);
            cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(b,
                    new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED)));
        }
        refused(root("POST", "/-/admin/replication/resync", "bucket=" + src + "&existing=true"), 404, "ReplicationConfigurationnotFoundError");
        cos.putObject(src, "old.txt", "before the rule");
        cos.setBucketReplicationConfiguration(new com.qcloud.cos.model.SetBucketReplicationConfigurationRequest(src,
                ReplicationConfigApiTest.config("all", "", "qcs::cos:" + E2e.REGION + "::" + dst, "Standard")));

        cos.putObject(src, "a.txt", "replicate me");
        JsonNode s = null;
        for (int i = 0; i < 600; i++) { // 60 s at least: a bound on a stuck worker, not a speed claim
            s = json(root("GET", "/-/admin/replication/status", "bucket=" + src));
            if (s.get("pending").asLong() == 0 && s.get("completedLastMinute").asLong() >= 1) break;
            Thread.sleep(100);
        }
        assertThat(s.get("pending").asLong()).isZero();
        assertThat(s.get("failed").asLong()).isZero();
        assertThat(s.get("completedLastMinute").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(s.get("lagSeconds").asDouble()).isZero();
        assertThat(s.get("problems")).isEmpty();
        assertThat(cos.doesObjectExist(dst, "old.txt")).as("REP-R1: existing objects wait for a resync").isFalse();

        refused(root("POST", "/-/admin/replication/resync", "bucket=" + src + "&existing=yes"), 400, "InvalidArgument");
        refused(q("POST", "/-/admin/replication/resync", "bucket=" + src + "&existing=true", E2e.SECRET_ID, E2e.SECRET_KEY,
                Set.of("existing"), Map.of(), null), 403, "AccessDenied");
        refused(root("GET", "/-/admin/replication/status", "bucket=nope-" + E2e.APPID), 404, "NoSuchBucket");
        JsonNode resync = json(root("POST", "/-/admin/replication/resync", "bucket=" + src + "&existing=true"));
        assertThat(resync.get("queuedExisting").asInt()).isGreaterThanOrEqualTo(1);
        for (int i = 0; i < 600 && !cos.doesObjectExist(dst, "old.txt"); i++) Thread.sleep(100);
        assertThat(cos.doesObjectExist(dst, "old.txt")).isTrue();
    }
}
