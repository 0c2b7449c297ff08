package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import io.cosd.app.Config;
import io.cosd.store.meta.SecretSealer;
import io.cosd.store.meta.jdbc.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two cosd nodes over one PostgreSQL database and one shared blob root (docs/scale-out.md "Caches
 * across nodes"): A runs in this JVM, B is its own {@code cosd serve} process, so nothing but the
 * database and its notifications can carry a change from one to the other. Each change made through
 * one node (or a {@code cosd admin} process) must be in force on the other within one second.
 */
class CachesAcrossNodesOnPostgresTest {
    private static final String KEY = Base64.getEncoder().encodeToString(SecretSealer.newKey());
    private static final long SECOND_NANOS = 1_000_000_000L;
    static String db;
    static Path dir;
    static E2e a;
    static CosdProcess.Running b;
    static int portB;
    static Map<String, String> adminEnv;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void twoNodes() throws Exception {
        TestPostgres pg = TestPostgres.get();
        db = pg.createDatabase("cosd_e2e_nodes");
        dir = Files.createTempDirectory("cosd-nodes");
        Path root = dir.resolve("blobs");
        adminEnv = Map.of("COSD_METADATA_URL", pg.url(db), "COSD_MASTER_KEY", KEY);
        a = new E2e(d -> new Config("127.0.0.1", 0, d, E2e.REGION, Set.of(), 120_000)
                .withBlobs(new Config.Blobs(root, Duration.ofHours(1))), adminEnv);
        Map<String, String> env = new HashMap<>(adminEnv);
        env.putAll(Map.of("COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID,
                "COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY));
        b = CosdProcess.start(env, "serve", "--port", "0", "--bind", "127.0.0.1",
                "--data-dir", dir.resolve("node-b").toString(), "--blob-dir", root.toString());
        portB = b.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (b != null) b.close();
        if (a != null) a.close();
        if (db != null) TestPostgres.get().dropDatabase(db);
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static S3Client s3(int port, String id, String key) {
        return E2e.s3Builder(port, id, key)
                .build();
    }

    /**
     * Polls {@code check} from the moment the change was acknowledged until it holds; fails when a
     * check sent more than one second after that still saw the old state (the requirement, SC-C5/SC-C6:
     * a request sent a second after the change's answer sees the change). A check sent before the
     * second is up that answers after it, on a loaded machine, is not held against the node.
     * @return the milliseconds until the check that held was answered (its own time included)
     */
    static long withinASecond(String what, Callable<Boolean> check) throws Exception {
        long t0 = System.nanoTime();
        while (true) {
            long sent = System.nanoTime();
            if (check.call()) break;
            if (sent - t0 > SECOND_NANOS) throw new AssertionError("not within one second: " + what);
            Thread.sleep(5);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("in force after " + ms + " ms: " + what); // the figure docs/scale-out.md quotes
        return ms;
    }

    static int anonymousGet(int port, String bucket, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + bucket + "/" + key)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aBucketPolicyPutThroughOneNodeIsEnforcedOnTheOtherWithinASecond_SC_C5() throws Exception {
        String bucket = E2e.bucket("nodes-policy");
        COSClient cosA = a.cos();
        COSClient cosB = E2e.cosClient(portB, E2e.SECRET_ID, E2e.SECRET_KEY);
        try {
            cosA.createBucket(bucket);
            cosA.putObject(bucket, "public/hello.txt", "hello");
            // B answers, and so caches, "no policy" first.
            for (int i = 0; i < 3; i++) assertThat(anonymousGet(portB, bucket, "public/hello.txt")).isEqualTo(403);

            cosA.setBucketPolicy(bucket, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"qcs::cam::anonymous:anonymous\"]},"
                    + "\"effect\":\"allow\",\"action\":[\"name/cos:GetObject\"],\"resource\":[\"qcs::cos:" + E2e.REGION + ":uid/"
                    + E2e.APPID + ":" + bucket + "/public/*\"]}]}");
            withinASecond("the policy granted on B", () -> anonymousGet(portB, bucket, "public/hello.txt") == 200);

            cosB.deleteBucketPolicy(bucket); // and back the other way
            withinASecond("the policy gone on A", () -> anonymousGet(a.port(), bucket, "public/hello.txt") == 403);
            assertThat(anonymousGet(portB, bucket, "public/hello.txt")).isEqualTo(403);
        } finally {
            cosA.shutdown();
            cosB.shutdown();
        }
    }

    @Test
    void aCorsAndALifecycleConfigurationPutThroughOneNodeAreAnsweredByTheOtherWithinASecond_SC_C5() throws Exception {
        String bucket = E2e.bucket("nodes-cors");
        try (S3Client s3a = a.s3(); S3Client s3b = s3(portB, E2e.SECRET_ID, E2e.SECRET_KEY)) {
            s3a.createBucket(r -> r.bucket(bucket));
            s3a.putObject(r -> r.bucket(bucket).key("logs/1"), RequestBody.fromString("x"));
            Callable<Integer> preflightAtB = () -> CorsRequestsTest.preflight(portB, bucket, "/logs/1", "http://www.qq.com", "GET", null).status();
            assertThat(preflightAtB.call()).isEqualTo(403); // cached: no CORS configuration

            s3a.putBucketCors(r -> r.bucket(bucket).corsConfiguration(c -> c.corsRules(CORSRule.builder()
                    .allowedOrigins("http://www.qq.com").allowedMethods("GET").build())));
            withinASecond("CORS at B", () -> preflightAtB.call() == 200);

            // Lifecycle: B reads its cached absence, then the rule A put; A reads B's removal.
            assertThat(lifecycleRules(s3b, bucket)).isEmpty();
            assertThat(s3b.headObject(r -> r.bucket(bucket).key("logs/1")).expiration()).isNull();
            s3a.putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(LifecycleRule.builder()
                    .id("expire-logs").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("logs/"))
                    .expiration(e -> e.days(30)).build())));
            withinASecond("lifecycle at B", () -> lifecycleRules(s3b, bucket).equals(List.of("expire-logs")));
            assertThat(s3b.headObject(r -> r.bucket(bucket).key("logs/1")).expiration()).contains("expire-logs");

            assertThat(lifecycleRules(s3a, bucket)).containsExactly("expire-logs");
            s3b.deleteBucketLifecycle(r -> r.bucket(bucket));
            withinASecond("lifecycle removal at A", () -> lifecycleRules(s3a, bucket).isEmpty()
                    && s3a.headObject(r -> r.bucket(bucket).key("logs/1")).expiration() == null);

            s3b.deleteBucketCors(r -> r.bucket(bucket));
            withinASecond("CORS removal at A", () ->
                    CorsRequestsTest.preflight(a.port(), bucket, "/logs/1", "http://www.qq.com", "GET", null).status() == 403);
        }
    }

    static List<String> lifecycleRules(S3Client s3, String bucket) {
        try {
            return s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules().stream().map(LifecycleRule::id).toList();
        } catch (S3Exception e) {
            if ("NoSuchLifecycleConfiguration".equals(e.awsErrorDetails().errorCode())) return List.of();
            throw e;
        }
    }

    @Test
    void aKeyRevokedAUserPolicyChangedOrAUserRemovedByCosdAdminHoldsOnEveryNodeWithinASecond_SC_C6() throws Exception {
        String created = admin("key", "create", "--uin", E2e.UIN);
        Matcher m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(created);
        assertThat(m.find()).as(created).isTrue();
        String id = m.group(1), key = m.group(2);
        admin("user", "add", "--uin", "100000000031", "--name", "leaving");
        Matcher s = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(admin("key", "create", "--uin", "100000000031"));
        assertThat(s.find()).isTrue();
        String subId = s.group(1), subKey = s.group(2);
        try (S3Client atA = a.s3(id, key); S3Client atB = s3(portB, id, key);
             S3Client subA = a.s3(subId, subKey); S3Client subB = s3(portB, subId, subKey)) {
            assertThat(atA.listBuckets().buckets()).isNotNull();
            assertThat(atB.listBuckets().buckets()).isNotNull();
            assertThat(code(subA)).isEqualTo("AccessDenied"); // authenticated; no policy grants a sub-user anything
            assertThat(code(subB)).isEqualTo("AccessDenied");

            // An identity policy put and deleted by cosd admin holds on both nodes from the next request (SC-C6, POL-I7).
            Path doc = dir.resolve("list-buckets.json");
            Files.writeString(doc, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"arn:aws:s3:::*\"}]}");
            admin("user", "policy", "put", "--uin", "100000000031", "--file", doc.toString());
            withinASecond("the identity policy granting on A and B", () -> code(subA) == null && code(subB) == null);
            admin("user", "policy", "delete", "--uin", "100000000031");
            withinASecond("the identity policy gone on A and B", () ->
                    "AccessDenied".equals(code(subA)) && "AccessDenied".equals(code(subB)));

            admin("key", "revoke", "--secret-id", id);
            withinASecond("the revoked key refused on A and B", () ->
                    "InvalidAccessKeyId".equals(code(atA)) && "InvalidAccessKeyId".equals(code(atB)));

            admin("user", "remove", "--uin", "100000000031");
            withinASecond("the removed user's key refused on A and B", () ->
                    "InvalidAccessKeyId".equals(code(subA)) && "InvalidAccessKeyId".equals(code(subB)));
        }
    }

    /**
     * The same over the admin endpoints (docs/security.md ADM-1, SC-C6): a key created through node A
     * works on both, revoked through node B it is refused on both, and a user removed through A takes
     * its key with it on B, each within a second. The endpoints write through the repository the CLI
     * uses, so nothing about HTTP may keep a dead key alive on the other node.
     */
    @Test
    void aKeyCreatedRevokedAndAUserRemovedOverTheAdminEndpointsHoldOnEveryNodeWithinASecond_SC_C6_ADM_1() throws Exception {
        var k = new com.fasterxml.jackson.databind.ObjectMapper().readTree(adminHttp(a.port(), "POST", "/-/admin/keys", "uin=" + E2e.UIN));
        String id = k.get("secretId").asText(), key = k.get("secretKey").asText();
        adminHttp(a.port(), "POST", "/-/admin/users", "uin=100000000032&name=leaving");
        var s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(adminHttp(portB, "POST", "/-/admin/keys", "uin=100000000032"));
        String subId = s.get("secretId").asText(), subKey = s.get("secretKey").asText();
        try (S3Client atA = a.s3(id, key); S3Client atB = s3(portB, id, key);
             S3Client subA = a.s3(subId, subKey); S3Client subB = s3(portB, subId, subKey)) {
            assertThat(code(atA)).isNull();
            assertThat(code(atB)).isNull();
            assertThat(code(subA)).isEqualTo("AccessDenied");
            assertThat(code(subB)).isEqualTo("AccessDenied");

            adminHttp(portB, "DELETE", "/-/admin/keys", "secret-id=" + id);
            withinASecond("the key revoked over HTTP on B refused on A and B", () ->
                    "InvalidAccessKeyId".equals(code(atA)) && "InvalidAccessKeyId".equals(code(atB)));

            adminHttp(a.port(), "DELETE", "/-/admin/users", "uin=100000000032");
            withinASecond("the user removed over HTTP on A: its key refused on A and B", () ->
                    "InvalidAccessKeyId".equals(code(subA)) && "InvalidAccessKeyId".equals(code(subB)));
        }
    }

    /** A root-signed admin request (SigV4 header, the AWS SDK v2's signer) to one node; its JSON answer, which must be 200. */
    static String adminHttp(int port, String method, String path, String query) throws Exception {
        var req = software.amazon.awssdk.http.SdkHttpRequest.builder().method(software.amazon.awssdk.http.SdkHttpMethod.valueOf(method))
                .uri(URI.create("http://127.0.0.1:" + port + path + "?" + query)).build();
        var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(r -> r
                .identity(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create(E2e.SECRET_ID, E2e.SECRET_KEY))
                .request(req)
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, E2e.REGION));
        Map<String, String> headers = new HashMap<>();
        signed.request().headers().forEach((n, v) -> headers.put(n, v.getFirst()));
        headers.putIfAbsent("Host", "127.0.0.1:" + port);
        RawHttp.Reply r = RawHttp.send(port, method, path + "?" + query, headers, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.text();
    }

    /** The error code of ListBuckets with this client, null when it succeeds. */
    static String code(S3Client s3) {
        try {
            s3.listBuckets();
            return null;
        } catch (S3Exception e) {
            return e.awsErrorDetails().errorCode();
        }
    }

    /** {@code cosd admin} as its own process on the shared database, as an operator runs it beside the nodes. */
    static String admin(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "admin";
        all[1] = "--data-dir";
        all[2] = dir.resolve("admin").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        CosdProcess.Result r = CosdProcess.run(adminEnv, all);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }
}
