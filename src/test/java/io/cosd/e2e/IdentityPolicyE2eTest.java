package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.model.Bucket;
import io.cosd.app.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static io.cosd.e2e.CosSdkBucketsAndErrorsTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Identity policies of sub-users end to end (docs/policy.md "Identity policies", docs/spec/semantics.md
 * §5.7): attached with {@code cosd admin user policy put}, then used through the COS Java SDK and the
 * AWS SDK v2 by the sub-user's own key.
 */
@CosdServer
class IdentityPolicyE2eTest {
    static final String SUB_UIN = "100000000031";
    static final String B = E2e.bucket("identity");
    static final String RES = "qcs::cos:ap-guangzhou:uid/1250000000:";
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient root;
    static COSClient sub;
    static S3Client s3sub;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void fixtures() {
        root.createBucket(B);
        root.putObject(B, "public/hello.txt", "hello world");
        root.putObject(B, "private/secret.txt", "secret");
        admin("user", "add", "--uin", SUB_UIN, "--name", "ivy");
        var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(admin("key", "create", "--uin", SUB_UIN).out);
        assertThat(m.find()).isTrue();
        sub = env.cos(m.group(1), m.group(2));
        s3sub = env.s3(m.group(1), m.group(2));
    }

    @AfterAll
    static void close() {
        sub.shutdown();
        s3sub.close();
    }

    @AfterEach
    void detach() {
        admin("user", "policy", "delete", "--uin", SUB_UIN);
    }

    /** Runs {@code cosd admin ...} in-process on the server's data dir. */
    static Run admin(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out, oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 3];
            all[0] = "admin";
            all[1] = "--data-dir";
            all[2] = env.dir.toString();
            System.arraycopy(args, 0, all, 3, args.length);
            int exit = new CommandLine(new Main()).execute(all);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Run put(String doc) {
        try {
            Path f = Files.createTempFile(env.dir, "policy", ".json");
            Files.writeString(f, doc);
            return admin("user", "policy", "put", "--uin", SUB_UIN, "--file", f.toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSubUserWithAnIdentityPolicyListsAndCreatesBucketsThroughTheCosSdk_POL_I1_I5() {
        String mine = E2e.bucket("ivy-made");
        assertCode(sub::listBuckets, 403, "AccessDenied");   // before: nothing without a grant
        assertCode(() -> sub.createBucket(mine), 403, "AccessDenied");
        Run r = put("{\"version\":\"2.0\",\"statement\":[{\"effect\":\"allow\",\"action\":[\"name/cos:GetService\"],\"resource\":[\"*\"]},"
                + "{\"effect\":\"allow\",\"action\":[\"name/cos:PutBucket\",\"name/cos:HeadBucket\",\"name/cos:DeleteBucket\"],"
                + "\"resource\":[\"" + RES + mine + "/*\"]}]}");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(sub.listBuckets()).extracting(Bucket::getName).contains(B);
        sub.createBucket(mine);
        assertThat(root.doesBucketExist(mine)).isTrue();   // created in the sub-user's account, owned by its root
        assertCode(() -> sub.createBucket(E2e.bucket("ivy-other")), 403, "AccessDenied");   // another bucket's resource
        sub.deleteBucket(mine);
    }

    @Test
    void aSubUserReadsWhatItsIdentityPolicyGrantsAndIsDeniedTheRestThroughTheAwsSdk_POL_I2_I3() {
        Run r = put("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListAllMyBuckets\"],"
                + "\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + B + "/private/*\"}]}");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(s3sub.getObjectAsBytes(g -> g.bucket(B).key("public/hello.txt")).asUtf8String()).isEqualTo("hello world");
        assertThat(s3sub.listBuckets().buckets()).anyMatch(b -> b.name().equals(B));
        var denied = assertThrows(S3Exception.class, () -> s3sub.getObjectAsBytes(g -> g.bucket(B).key("private/secret.txt")));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        var notGranted = assertThrows(S3Exception.class, () -> s3sub.putObject(p -> p.bucket(B).key("public/x"), RequestBody.fromString("x")));
        assertThat(notGranted.statusCode()).isEqualTo(403);
        // A bucket-policy Allow does not get past the identity policy's Deny (POL-I3) ...
        root.setBucketPolicy(B, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"qcs::cam::uin/100000000001:uin/" + SUB_UIN + "\"]},"
                + "\"effect\":\"allow\",\"action\":[\"name/cos:GetObject\",\"name/cos:PutObject\"],\"resource\":[\"" + RES + B + "/*\"]}]}");
        try {
            assertThrows(S3Exception.class, () -> s3sub.getObjectAsBytes(g -> g.bucket(B).key("private/secret.txt")));
            // ... and it allows what the identity policy does not mention (POL-I2).
            s3sub.putObject(p -> p.bucket(B).key("public/x"), RequestBody.fromString("x"));
        } finally {
            root.deleteBucketPolicy(B);
            root.deleteObject(B, "public/x");
        }
    }

    @Test
    void aSubUserCreatesListsAndDeletesItsBucketThroughTheAwsSdk_POL_I5() {
        String mine = E2e.bucket("ivy-s3");
        var before = assertThrows(S3Exception.class, () -> s3sub.createBucket(c -> c.bucket(mine)));
        assertThat(before.statusCode()).isEqualTo(403);
        Run r = put("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"arn:aws:s3:::*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":[\"s3:CreateBucket\",\"s3:DeleteBucket\",\"s3:PutObject\",\"s3:DeleteObject\"],"
                + "\"Resource\":[\"arn:aws:s3:::" + mine + "\",\"arn:aws:s3:::" + mine + "/*\"]}]}");
        assertThat(r.exit).as(r.err).isZero();
        s3sub.createBucket(c -> c.bucket(mine));
        assertThat(s3sub.listBuckets().buckets()).extracting(b -> b.name()).contains(mine, B);
        s3sub.putObject(p -> p.bucket(mine).key("k"), RequestBody.fromString("v"));
        var read = assertThrows(S3Exception.class, () -> s3sub.getObjectAsBytes(g -> g.bucket(mine).key("k")));   // GetObject not granted
        assertThat(read.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        s3sub.deleteObject(d -> d.bucket(mine).key("k"));
        s3sub.deleteBucket(d -> d.bucket(mine));
    }

    @Test
    void aSubUserTagsABucketAtCreationOnlyWhenItMayAlsoPutBucketTagging_BT_7() {
        String mine = E2e.bucket("ivy-tagged");
        Run r = put("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:CreateBucket\",\"s3:DeleteBucket\"],"
                + "\"Resource\":\"arn:aws:s3:::" + mine + "\"}]}");
        assertThat(r.exit).as(r.err).isZero();
        var denied = assertThrows(S3Exception.class, () -> s3sub.createBucket(c -> c.bucket(mine)
                .overrideConfiguration(o -> o.putHeader("x-amz-tagging", "team=ivy"))));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(root.doesBucketExist(mine)).isFalse();   // refused before anything was created
        r = put("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:CreateBucket\",\"s3:DeleteBucket\","
                + "\"s3:PutBucketTagging\",\"s3:GetBucketTagging\"],\"Resource\":\"arn:aws:s3:::" + mine + "\"}]}");
        assertThat(r.exit).as(r.err).isZero();
        s3sub.createBucket(c -> c.bucket(mine).overrideConfiguration(o -> o.putHeader("x-amz-tagging", "team=ivy")));
        assertThat(s3sub.getBucketTagging(g -> g.bucket(mine)).tagSet()).extracting(t -> t.key() + "=" + t.value()).containsExactly("team=ivy");
        s3sub.deleteBucket(d -> d.bucket(mine));
    }

    @Test
    void theCliValidatesStoresVerbatimAndRemovesTheDocumentWhichHoldsFromTheNextRequest_POL_I1_I7() {
        Run bad = put("{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"]}]}");
        assertThat(bad.exit).isEqualTo(2);
        assertThat(bad.err).contains("Policy document should not specify a principal.");
        assertThat(admin("user", "policy", "get", "--uin", SUB_UIN).exit).isEqualTo(1);
        Run rootPut = admin("user", "policy", "put", "--uin", E2e.UIN, "--file", "/dev/null");
        assertThat(rootPut.exit).isEqualTo(2);
        assertThat(rootPut.err).contains("root");

        String doc = "{ \"version\": \"2.0\", \"statement\": [{\"effect\": \"allow\", \"action\": [\"name/cos:GetObject\"], \"resource\": [\"" + RES + B + "/public/*\"]}] }";
        assertThat(put(doc).exit).isZero();
        assertThat(admin("user", "policy", "get", "--uin", SUB_UIN).out).isEqualTo(doc + "\n");
        assertThat(sub.getObject(B, "public/hello.txt").getObjectMetadata().getContentLength()).isEqualTo(11);
        assertThat(admin("user", "policy", "delete", "--uin", SUB_UIN).out).contains("deleted");
        assertCode(() -> sub.getObject(B, "public/hello.txt"), 403, "AccessDenied");
    }

    @Test
    void explainNamesTheIdentityPolicyAndStatementThatDecided_POL_I6() {
        put("{\"version\":\"2.0\",\"statement\":[{\"effect\":\"allow\",\"action\":[\"name/cos:GetObject\"],\"resource\":[\"*\"]},"
                + "{\"effect\":\"deny\",\"action\":[\"name/cos:GetObject\"],\"resource\":[\"" + RES + B + "/private/*\"]}]}");
        Run allowed = admin("policy", "explain", "--bucket", B, "--principal", SUB_UIN, "--action", "GetObject", "--key", "public/hello.txt");
        assertThat(allowed.exit).isZero();
        assertThat(allowed.out).contains("ALLOWED", "document:  identity policy", "statement: statement[0]", "allowed by identity policy statement[0]");
        Run denied = admin("policy", "explain", "--bucket", B, "--principal", SUB_UIN, "--action", "GetObject", "--key", "private/secret.txt");
        assertThat(denied.exit).isEqualTo(3);
        assertThat(denied.out).contains("DENIED", "denied by identity policy statement[1]", "identity policy statement[1]: matches (deny)");
    }

    @Test
    void explainCoversListBucketsAndCreateBucketForASubUser_POL_I5_I6() {
        put("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"arn:aws:s3:::*\"},"
                + "{\"Sid\":\"mk\",\"Effect\":\"Allow\",\"Action\":\"s3:CreateBucket\",\"Resource\":\"arn:aws:s3:::team-*\"}]}");
        Run list = admin("policy", "explain", "--principal", SUB_UIN, "--action", "s3:ListAllMyBuckets");
        assertThat(list.exit).as(list.err).isZero();
        assertThat(list.out).contains("ALLOWED", "LIST_BUCKETS", "allowed by identity policy statement[0]");
        Run create = admin("policy", "explain", "--principal", SUB_UIN, "--action", "PutBucket", "--bucket", E2e.bucket("team-a"));
        assertThat(create.exit).as(create.err).isZero();
        assertThat(create.out).contains("allowed by identity policy statement[1] (Sid mk)");
        Run other = admin("policy", "explain", "--principal", SUB_UIN, "--action", "PutBucket", "--bucket", E2e.bucket("misc"));
        assertThat(other.exit).isEqualTo(3);
        assertThat(other.out).contains("DENIED", "implicit_deny");
        Run rootAsks = admin("policy", "explain", "--principal", E2e.UIN, "--action", "GetService");
        assertThat(rootAsks.exit).isEqualTo(2);
        assertThat(rootAsks.err).contains("a root account is always allowed");
    }

    @Test
    void explainOverHttpReadsTheSubUsersIdentityPolicy_POL_I6() throws Exception {
        put("{\"version\":\"2.0\",\"statement\":[{\"effect\":\"deny\",\"action\":[\"name/cos:GetObject\"],\"resource\":[\"*\"]}]}");
        String json = "{\"bucket\":\"" + B + "\",\"principal\":\"" + SUB_UIN + "\",\"action\":\"GetObject\",\"key\":\"public/hello.txt\"}";
        RawHttp.Reply r = explainHttp(json);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("\"allowed\" : false", "\"document\" : \"IDENTITY_POLICY\"", "\"statement\" : \"statement[0]\"",
                "denied by identity policy statement[0]");
        RawHttp.Reply service = explainHttp("{\"bucket\":\"" + B + "\",\"principal\":\"" + SUB_UIN + "\",\"action\":\"GetService\"}");
        assertThat(service.status()).isEqualTo(400);   // ListBuckets/CreateBucket: the CLI only
        assertThat(service.text()).contains("InvalidArgument");
    }

    private static RawHttp.Reply explainHttp(String json) throws Exception {
        String host = "127.0.0.1:" + env.port();
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("Host", host);
        signed.put("Content-MD5", java.util.Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("MD5").digest(json.getBytes(StandardCharsets.UTF_8)))); // ADM-12: the question is signed
        String auth = new COSSigner().buildAuthorizationStr(HttpMethodName.POST, "/-/admin/policy/explain", signed, Map.of(),
                new BasicCOSCredentials(E2e.SECRET_ID, E2e.SECRET_KEY), new Date(System.currentTimeMillis() + 600_000));
        Map<String, String> h = new LinkedHashMap<>(signed);
        h.put("Authorization", auth);
        h.put("Content-Type", "application/json");
        return RawHttp.send(env.port(), "POST", "/-/admin/policy/explain", h, json.getBytes(StandardCharsets.UTF_8));
    }
}
