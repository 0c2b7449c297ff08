package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.model.CopyObjectRequest;
import com.qcloud.cos.model.ListObjectsRequest;
import io.cosd.app.Config;
import io.cosd.app.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static io.cosd.e2e.CosSdkBucketsAndErrorsTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bucket policy end to end with real keys of the root account, a sub-user and anonymous callers,
 * through the COS Java SDK, the AWS SDK and plain HTTP (docs/spec/semantics.md §5). The server trusts
 * 127.0.0.1 as a proxy so that tests can play clients at other addresses with X-Forwarded-For.
 */
@CosdServer(factory = "behindAProxy")
class PolicyE2eTest {
    static final String SUB_UIN = "100000000011";
    static final String SUB_CAM = "qcs::cam::uin/100000000001:uin/" + SUB_UIN;
    static final String B = E2e.bucket("policy");
    static final String RES = "qcs::cos:ap-guangzhou:uid/1250000000:" + B + "/";
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient root;
    @CosdServer.Inject static S3Client s3root;
    static Path dir;
    static Server server;
    static COSClient sub;
    static String subId, subKey;

    /** This class's server ({@link CosdServer#factory}): trusts 127.0.0.1 as a proxy, so tests can play other addresses. */
    static E2e behindAProxy() throws Exception {
        return new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of("127.0.0.1/32")));
    }

    @BeforeAll
    static void fixtures() throws Exception {
        dir = env.dir;
        server = env.server;
        root.createBucket(B);
        root.putObject(B, "public/hello.txt", "hello world");
        root.putObject(B, "public/page.html", "<html><body><p id=\"x\">policy-served-page</p></body></html>");
        root.putObject(B, "private/secret.txt", "secret");
        admin("user", "add", "--uin", SUB_UIN, "--name", "alice");
        var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(admin("key", "create", "--uin", SUB_UIN));
        assertThat(m.find()).isTrue();
        subId = m.group(1);
        subKey = m.group(2);
        sub = E2e.cosClient(server.port(), subId, subKey);
    }

    @AfterAll
    static void closeSub() {
        sub.shutdown();
    }

    @AfterEach
    void clear() {
        root.deleteBucketPolicy(B);
    }

    static S3Client s3(String id, String key) {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(software.amazon.awssdk.regions.Region.of(E2e.REGION))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(id, key)))
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    /** Runs `cosd admin ...` in-process on the server's data dir; returns stdout. */
    static String admin(String... args) {
        return E2e.admin(dir, args).out();
    }

    static String seedPolicy(String cidr) {
        // The seed's sample (docs/spec/protocol.md §5.7), for this bucket.
        return "{\"Statement\": [{\"Principal\": {\"qcs\": [\"" + SUB_CAM + "\"]}, \"Effect\": \"allow\", \"Action\": [\"name/cos:GetBucket\"],"
                + " \"Resource\": [\"" + RES + "*\"], \"condition\": {\"ip_equal\": {\"qcs:ip\": \"" + cidr + "\"}}}], \"version\": \"2.0\"}";
    }

    static ListObjectsRequest listFrom(String ip) {
        ListObjectsRequest r = new ListObjectsRequest();
        r.setBucketName(B);
        if (ip != null) r.putCustomRequestHeader("X-Forwarded-For", ip);
        return r;
    }

    @Test
    void theSeedSamplePolicyWorksThroughTheCosJavaSdk_POL_A1_A2_A4() {
        String text = seedPolicy("10.121.2.10/24");
        root.setBucketPolicy(B, text);
        assertThat(root.getBucketPolicy(B).getPolicyText()).isEqualTo(text);   // byte for byte (POL-A2)
        root.deleteBucketPolicy(B);
        assertThat(root.getBucketPolicy(B).getPolicyText()).isNull();           // SDK maps NoSuchBucketPolicy to an empty policy
        root.deleteBucketPolicy(B);                                             // POL-A4: also when none exists
    }

    @Test
    void theSubUserIsAllowedFromTheMatchingAddressAndDeniedFromAnother_POL_C7_C9_E2() {
        assertCode(() -> sub.listObjects(listFrom(null)), 403, "AccessDenied");
        root.setBucketPolicy(B, seedPolicy("10.121.2.10/24"));
        assertThat(sub.listObjects(listFrom("10.121.2.7")).getObjectSummaries()).hasSize(3);
        assertCode(() -> sub.listObjects(listFrom("192.0.2.1")), 403, "AccessDenied");
        assertCode(() -> sub.listObjects(listFrom(null)), 403, "AccessDenied");        // the connection's own 127.0.0.1
        assertCode(() -> sub.getObject(B, "public/hello.txt"), 403, "AccessDenied");   // only GetBucket is granted
        root.setBucketPolicy(B, seedPolicy("127.0.0.1"));
        assertThat(sub.listObjects(listFrom(null)).getObjectSummaries()).hasSize(3);
        root.deleteBucketPolicy(B);                                                    // cache invalidated on DELETE
        assertCode(() -> sub.listObjects(listFrom(null)), 403, "AccessDenied");
    }

    @Test
    void anAnonymousGetAllowedByPolicyWorksFromPlainHttp_POL_E2_S8() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI url = URI.create("http://127.0.0.1:" + server.port() + "/" + B + "/public/hello.txt");
        HttpResponse<String> before = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(before.statusCode()).isEqualTo(403);
        assertThat(before.body()).contains("<Code>AccessDenied</Code>");

        root.setBucketPolicy(B, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"qcs::cam::anonymous:anonymous\"]},"
                + "\"effect\":\"allow\",\"action\":[\"name/cos:GetObject\",\"name/cos:HeadObject\"],\"resource\":[\"" + RES + "public/*\"]}]}");
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).isEqualTo("hello world");
        var secret = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/" + B + "/private/secret.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(secret.statusCode()).isEqualTo(403);
        // POL-E3: the public grant lets a signed sub-user read too
        assertThat(new String(sub.getObject(B, "public/hello.txt").getObjectContent().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello world");
    }

    @Test
    void aBrowserLoadsAPagePublishedByPolicy() throws Exception {
        Path chromium = Chromium.BROWSER;
        // Fails, never skips, without the browser: the suite promises a browser-tested policy (as BrowserCorsTest does).
        assertThat(Files.isExecutable(chromium)).as("this test needs " + chromium
                + " (scripts/test-deps.sh, run by ./run-tests, installs it): apt-get install -y chromium chromium-driver").isTrue();
        root.setBucketPolicy(B, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},"
                + "\"effect\":\"allow\",\"action\":[\"name/cos:GetObject\"],\"resource\":[\"" + RES + "public/*\"]}]}");
        String url = "http://127.0.0.1:" + server.port() + "/" + B + "/public/page.html";
        Path profile = Files.createTempDirectory("cosd-chromium");
        Path out = profile.resolve("dom.html");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=" + profile.resolve("profile"), "--dump-dom", url)
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom;
        try {
            // a bound on a hung browser, not a speed assertion
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
            dom = Files.readString(out);
        } finally {
            p.destroyForcibly();
            try (var s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        assertThat(dom).contains("policy-served-page");
    }

    @Test
    void anExplicitDenyBeatsTheOwnersDefaultButNotPolicyManagement_POL_E4_A6() {
        root.setBucketPolicy(B, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"qcs::cam::uin/100000000001:uin/100000000001\"]},"
                + "\"effect\":\"deny\",\"action\":[\"*\"],\"resource\":[\"" + RES + "*\"]}]}");
        assertCode(() -> root.getObject(B, "public/hello.txt"), 403, "AccessDenied");
        assertThat(root.getBucketPolicy(B).getPolicyText()).contains("deny");
        root.setBucketPolicy(B, seedPolicy("127.0.0.1"));                     // PUT still allowed (POL-A6)
        assertThat(root.getObject(B, "public/hello.txt").getObjectMetadata().getContentLength()).isEqualTo(11);
    }

    @Test
    void aSubUserManagesThePolicyOnlyWhenGrantedAndNeverDeletesIt_POL_A4_A6() {
        assertCode(() -> sub.setBucketPolicy(B, seedPolicy("127.0.0.1")), 403, "AccessDenied");
        root.setBucketPolicy(B, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},"
                + "\"effect\":\"allow\",\"action\":[\"name/cos:PutBucketPolicy\",\"name/cos:GetBucketPolicy\",\"name/cos:DeleteBucketPolicy\"],\"resource\":[\"" + RES + "*\"]}]}");
        assertThat(sub.getBucketPolicy(B).getPolicyText()).contains("PutBucketPolicy");
        assertCode(() -> sub.deleteBucketPolicy(B), 403, "AccessDenied");
    }

    @Test
    void malformedPoliciesAreRejectedNamingTheDefectAndChangeNothing_POL_C12() {
        String good = seedPolicy("127.0.0.1");
        root.setBucketPolicy(B, good);
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("{not json", "invalid Json");
        bad.put("{\"version\":\"1.0\",\"statement\":[]}", "valid version string");
        bad.put("{\"version\":\"2.0\"}", "Missing required field Statement");
        bad.put(good.replace("\"allow\"", "\"permit\""), "Invalid effect");
        bad.put(good.replace("name/cos:GetBucket", "name/cos:GetBuckets"), "invalid action");
        bad.put(good.replace(B, "otherbucket-1250000000"), "not this bucket");
        bad.put(good.replace("qcs::cam::uin/", "qcs::cam::uid/"), "Invalid principal");
        bad.put(good.replace("ip_equal", "ip_equals"), "Unknown condition operator");
        bad.put(good.replace("qcs:ip", "qcs:ipaddr"), "Unknown condition key");
        bad.forEach((doc, fragment) -> assertThatThrownBy(() -> root.setBucketPolicy(B, doc))
                .as(fragment).isInstanceOfSatisfying(CosServiceException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo("MalformedPolicy");
                    assertThat(e.getErrorMessage()).contains(fragment);
                    assertThat(e.getRequestId()).isNotBlank();
                }));
        assertThat(root.getBucketPolicy(B).getPolicyText()).isEqualTo(good);
    }

    @Test
    void aPolicyOver20KbIsRejected_POL_A5() {
        StringBuilder sb = new StringBuilder("{\"version\":\"2.0\",\"statement\":[");
        while (sb.length() < 21 * 1024) {
            sb.append("{\"principal\":{\"qcs\":[\"").append(SUB_CAM).append("\"]},\"effect\":\"allow\",\"action\":[\"name/cos:GetObject\"],")
                    .append("\"resource\":[\"").append(RES).append("x/*\"]},");
        }
        sb.setLength(sb.length() - 1);
        String doc = sb.append("]}").toString();
        assertCode(() -> root.setBucketPolicy(B, doc), 400, "PolicyTooLarge");
    }

    @Test
    void theS3GrammarWorksThroughTheAwsSdk_POL_S1_S6_S7_A3() throws Exception {
        var e = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class, () -> s3root.getBucketPolicy(r -> r.bucket(B)));
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucketPolicy");
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"subRead\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":[\"arn:aws:iam::100000000001:user/" + SUB_UIN + "\"]},\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],"
                + "\"Resource\":\"arn:aws:s3:::" + B + "/public/*\",\"Condition\":{\"StringLikeIfExists\":{\"aws:Referer\":\"http://ok.example/*\"}}}]}";
        s3root.putBucketPolicy(r -> r.bucket(B).policy(doc));
        assertThat(s3root.getBucketPolicy(r -> r.bucket(B)).policy()).isEqualTo(doc);
        try (S3Client s3sub = s3(subId, subKey)) {
            s3sub.putObject(r -> r.bucket(B).key("public/by-sub.txt"), RequestBody.fromString("x"));
            assertThat(s3sub.getObjectAsBytes(r -> r.bucket(B).key("public/by-sub.txt")).asUtf8String()).isEqualTo("x");
            var denied = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
                    () -> s3sub.getObjectAsBytes(r -> r.bucket(B).key("private/secret.txt")));
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            var badReferer = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
                    () -> s3sub.getObjectAsBytes(r -> r.bucket(B).key("public/by-sub.txt")
                            .overrideConfiguration(o -> o.putHeader("Referer", "http://evil.example/"))));
            assertThat(badReferer.statusCode()).isEqualTo(403);
        }
        var malformed = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
                () -> s3root.putBucketPolicy(r -> r.bucket(B).policy(doc.replace("2012-10-17", "2013-01-01"))));
        assertThat(malformed.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicy");
        root.deleteObject(B, "public/by-sub.txt");
    }

    @Test
    void multiDeleteChecksEveryKeySoADenyOnAPrefixHolds_POL_E4() {
        root.putObject(B, "tmp/a", "a");
        root.putObject(B, "protected/b", "b");
        root.setBucketPolicy(B, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},"
                + "\"effect\":\"allow\",\"action\":[\"name/cos:DeleteObject\"],\"resource\":[\"" + RES + "*\"]},"
                + "{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"deny\",\"action\":[\"name/cos:DeleteObject\"],\"resource\":[\"" + RES + "protected/*\"]}]}");
        var req = new com.qcloud.cos.model.DeleteObjectsRequest(B);
        req.setKeys(List.of(new com.qcloud.cos.model.DeleteObjectsRequest.KeyVersion("tmp/a"),
                new com.qcloud.cos.model.DeleteObjectsRequest.KeyVersion("protected/b")));
        assertThatThrownBy(() -> sub.deleteObjects(req)).isInstanceOfSatisfying(com.qcloud.cos.exception.MultiObjectDeleteException.class, e -> {
            assertThat(e.getDeletedObjects()).extracting(d -> d.getKey()).containsExactly("tmp/a");
            assertThat(e.getErrors()).extracting(x -> x.getKey() + " " + x.getCode()).containsExactly("protected/b AccessDenied");
        });
        assertThat(root.doesObjectExist(B, "protected/b")).isTrue();
        assertThat(root.doesObjectExist(B, "tmp/a")).isFalse();
        root.deleteObject(B, "protected/b");
    }

    @Test
    void multiDeleteWorksForAGrantOnAKeyPrefixOnly_POL_S7() {
        root.putObject(B, "tmp/c", "c");
        root.putObject(B, "keep/d", "d");
        root.setBucketPolicy(B, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::100000000001:user/" + SUB_UIN + "\"},"
                + "\"Action\":\"s3:DeleteObject\",\"Resource\":\"arn:aws:s3:::" + B + "/tmp/*\"}]}");
        var req = new com.qcloud.cos.model.DeleteObjectsRequest(B);
        req.setKeys(List.of(new com.qcloud.cos.model.DeleteObjectsRequest.KeyVersion("tmp/c"),
                new com.qcloud.cos.model.DeleteObjectsRequest.KeyVersion("keep/d")));
        assertThatThrownBy(() -> sub.deleteObjects(req)).isInstanceOfSatisfying(com.qcloud.cos.exception.MultiObjectDeleteException.class, e ->
                assertThat(e.getErrors()).extracting(x -> x.getKey() + " " + x.getCode()).containsExactly("keep/d AccessDenied"));
        assertThat(root.doesObjectExist(B, "tmp/c")).isFalse();
        assertThat(root.doesObjectExist(B, "keep/d")).isTrue();
        root.deleteObject(B, "keep/d");
        root.deleteBucketPolicy(B);
        assertCode(() -> sub.deleteObjects(req), 403, "AccessDenied");   // no policy: refused as a whole
    }

    @Test
    void versionedReadsNeedTheVersionActionsAndCosVersionIdConditionsWork_POL_S6_C9() throws Exception {
        String b = E2e.bucket("policy-versions");
        s3root.createBucket(r -> r.bucket(b));
        s3root.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status("Enabled")));
        String v1 = s3root.putObject(r -> r.bucket(b).key("doc"), RequestBody.fromString("one")).versionId();
        String v2 = s3root.putObject(r -> r.bucket(b).key("doc"), RequestBody.fromString("two")).versionId();
        try (S3Client s3sub = s3(subId, subKey)) {
            s3root.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\"arn:aws:iam::100000000001:user/" + SUB_UIN + "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + b + "/*\"}]}"));
            assertThat(s3sub.getObjectAsBytes(r -> r.bucket(b).key("doc")).asUtf8String()).isEqualTo("two");
            var e = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
                    () -> s3sub.getObjectAsBytes(r -> r.bucket(b).key("doc").versionId(v1)));
            assertThat(e.statusCode()).isEqualTo(403);   // needs s3:GetObjectVersion
            // COS grammar: same action name, the version pinned by cos:versionid
            root.setBucketPolicy(b, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"allow\","
                    + "\"action\":[\"name/cos:GetObject\"],\"resource\":[\"qcs::cos:ap-guangzhou:uid/1250000000:" + b + "/*\"],"
                    + "\"condition\":{\"string_equal\":{\"cos:versionid\":\"" + v1 + "\"}}}]}");
            var old = new com.qcloud.cos.model.GetObjectRequest(b, "doc", v1);
            assertThat(new String(sub.getObject(old).getObjectContent().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one");
            assertCode(() -> sub.getObject(new com.qcloud.cos.model.GetObjectRequest(b, "doc", v2)), 403, "AccessDenied");
            assertCode(() -> sub.getObject(b, "doc"), 403, "AccessDenied");   // no versionid: the plain condition is false (POL-C8)
        } finally {
            root.deleteBucketPolicy(b);
            for (String v : List.of(v1, v2)) s3root.deleteObject(r -> r.bucket(b).key("doc").versionId(v));
            s3root.deleteBucket(r -> r.bucket(b));
        }
    }

    @Test
    void existingObjectTagConditionsReadTheObjectsTags_POL_S5() {
        s3root.putObject(r -> r.bucket(B).key("tagged/blue").tagging("team=blue"), RequestBody.fromString("b"));
        s3root.putObject(r -> r.bucket(B).key("tagged/red").tagging("team=red"), RequestBody.fromString("r"));
        s3root.putBucketPolicy(r -> r.bucket(B).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::100000000001:user/" + SUB_UIN + "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + B + "/tagged/*\","
                + "\"Condition\":{\"StringEquals\":{\"s3:ExistingObjectTag/team\":\"blue\"}}}]}"));
        try (S3Client s3sub = s3(subId, subKey)) {
            assertThat(s3sub.getObjectAsBytes(r -> r.bucket(B).key("tagged/blue")).asUtf8String()).isEqualTo("b");
            var e = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class, () -> s3sub.getObjectAsBytes(r -> r.bucket(B).key("tagged/red")));
            assertThat(e.statusCode()).isEqualTo(403);
        } finally {
            root.deleteObject(B, "tagged/blue");
            root.deleteObject(B, "tagged/red");
        }
    }

    @Test
    void aCopyNeedsGetObjectOnTheSource() {
        root.setBucketPolicy(B, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},"
                + "\"effect\":\"allow\",\"action\":[\"name/cos:PutObject\",\"name/cos:GetObject\"],\"resource\":[\"" + RES + "public/*\"]}]}");
        sub.copyObject(new CopyObjectRequest(B, "public/hello.txt", B, "public/copy.txt"));
        assertCode(() -> sub.copyObject(new CopyObjectRequest(B, "private/secret.txt", B, "public/leak.txt")), 403, "AccessDenied");
        root.deleteObject(B, "public/copy.txt");
    }

    @Test
    void secureTransportIsTrueOnlyWhenATrustedProxySaysHttps_POL_C9() {
        root.setBucketPolicy(B, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},"
                + "\"effect\":\"allow\",\"action\":[\"name/cos:GetBucket\"],\"resource\":[\"" + RES + "*\"],"
                + "\"condition\":{\"bool_equal\":{\"cos:secure-transport\":\"true\"}}}]}");
        assertCode(() -> sub.listObjects(listFrom(null)), 403, "AccessDenied");
        ListObjectsRequest https = listFrom("203.0.113.9");
        https.putCustomRequestHeader("X-Forwarded-Proto", "https");
        assertThat(sub.listObjects(https).getBucketName()).isEqualTo(B);
    }

    @Test
    void withoutATrustedProxyForwardedForIsIgnored() throws Exception {
        try (E2e plain = new E2e()) {
            COSClient owner = plain.cos();
            String b = E2e.bucket("policy-direct");
            owner.createBucket(b);
            owner.setBucketPolicy(b, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"qcs::cam::anonymous:anonymous\"]},"
                    + "\"effect\":\"allow\",\"action\":[\"name/cos:GetBucket\"],\"resource\":[\"qcs::cos:ap-guangzhou:uid/1250000000:" + b + "/*\"],"
                    + "\"condition\":{\"ip_equal\":{\"qcs:ip\":\"10.121.2.0/24\"}}}]}");
            Map<String, String> h = Map.of("Host", "127.0.0.1:" + plain.port(), "X-Forwarded-For", "10.121.2.7");
            assertThat(RawHttp.send(plain.port(), "GET", "/" + b, h, null).status()).isEqualTo(403);
            owner.shutdown();
        }
    }

    @Test
    void aRecreatedBucketDoesNotInheritItsPredecessorsPolicy() throws Exception {
        String b = E2e.bucket("policy-recreated");
        root.createBucket(b);
        root.putObject(b, "k", "v");
        root.setBucketPolicy(b, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\","
                + "\"action\":[\"name/cos:GetObject\"],\"resource\":[\"qcs::cos:ap-guangzhou:uid/1250000000:" + b + "/*\"]}]}");
        HttpClient http = HttpClient.newHttpClient();
        URI url = URI.create("http://127.0.0.1:" + server.port() + "/" + b + "/k");
        assertThat(http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        root.deleteObject(b, "k");
        root.deleteBucket(b);
        root.createBucket(b);
        root.putObject(b, "k", "v");
        assertThat(http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        root.deleteObject(b, "k");
        root.deleteBucket(b);
    }

    @Test
    void explainOverHttpUsesTheServersEvaluator() throws Exception {
        root.setBucketPolicy(B, seedPolicy("10.121.2.10/24"));
        String allowed = explain("{\"bucket\":\"" + B + "\",\"principal\":\"" + SUB_CAM + "\",\"action\":\"name/cos:GetBucket\",\"ip\":\"10.121.2.9\"}", E2e.SECRET_ID, E2e.SECRET_KEY)
                .text();
        assertThat(allowed).contains("\"allowed\" : true").contains("\"statement\" : \"statement[0]\"").contains("ip_equal");
        String denied = explain("{\"bucket\":\"" + B + "\",\"principal\":\"" + SUB_CAM + "\",\"action\":\"GetBucket\",\"ip\":\"192.0.2.1\"}", E2e.SECRET_ID, E2e.SECRET_KEY)
                .text();
        assertThat(denied).contains("\"allowed\" : false").contains("IMPLICIT_DENY").contains("condition ip_equal");
        RawHttp.Reply bySub = explain("{\"bucket\":\"" + B + "\",\"principal\":\"anonymous\",\"action\":\"GetObject\",\"key\":\"k\"}", subId, subKey);
        assertThat(bySub.status()).isEqualTo(403);
        RawHttp.Reply anon = RawHttp.send(server.port(), "POST", "/-/admin/policy/explain", Map.of("Host", "127.0.0.1:" + server.port()), "{}".getBytes());
        assertThat(anon.status()).isEqualTo(403);
    }

    @Test
    void explainFromTheCommandLine() {
        root.setBucketPolicy(B, seedPolicy("10.121.2.10/24"));
        String out = admin("policy", "explain", "--bucket", B, "--principal", SUB_CAM, "--action", "name/cos:GetBucket", "--ip", "10.121.2.9");
        assertThat(out).startsWith("ALLOWED").contains("statement: statement[0]").contains("condition: ip_equal");
        String no = admin("policy", "explain", "--bucket", B, "--principal", "anonymous", "--action", "GetObject", "--key", "public/hello.txt");
        assertThat(no).startsWith("DENIED").contains("implicit deny");
    }

    @Test
    void aPolicyWithAWrongContentMd5IsRejectedAndChangesNothing() throws Exception {
        String host = B + ".cos.ap-guangzhou.myqcloud.com";
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("Host", host);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("policy", "");
        String auth = new COSSigner().buildAuthorizationStr(HttpMethodName.PUT, "/", signed, params,
                new BasicCOSCredentials(E2e.SECRET_ID, E2e.SECRET_KEY), new Date(System.currentTimeMillis() + 600_000));
        Map<String, String> h = new LinkedHashMap<>(signed);
        h.put("Authorization", auth);
        h.put("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==");   // MD5 of the empty string
        RawHttp.Reply r = RawHttp.send(server.port(), "PUT", "/?policy", h, seedPolicy("127.0.0.1").getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("<Code>BadDigest</Code>");
        assertThat(root.getBucketPolicy(B).getPolicyText()).isNull();
    }

    private static RawHttp.Reply explain(String json, String id, String key) throws Exception {
        String host = "127.0.0.1:" + server.port();
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("Host", host);
        signed.put("Content-MD5", java.util.Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("MD5").digest(body))); // ADM-12: the question is signed
        String auth = new COSSigner().buildAuthorizationStr(HttpMethodName.POST, "/-/admin/policy/explain", signed, Map.of(),
                new BasicCOSCredentials(id, key), new Date(System.currentTimeMillis() + 600_000));
        Map<String, String> h = new LinkedHashMap<>(signed);
        h.put("Authorization", auth);
        h.put("Content-Type", "application/json");
        return RawHttp.send(server.port(), "POST", "/-/admin/policy/explain", h, body);
    }
}
