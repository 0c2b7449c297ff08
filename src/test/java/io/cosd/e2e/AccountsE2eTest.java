package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import io.cosd.app.Main;
import io.cosd.domain.signing.OutboundSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static io.cosd.e2e.CosSdkBucketsAndErrorsTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several accounts on one server (docs/accounts.md): {@code cosd admin account add|list|remove},
 * and isolation between accounts through both SDKs (ACC-1, ACC-2) unless a bucket policy of the
 * owner grants another account's root (ACC-5).
 */
@CosdServer
class AccountsE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cosA;
    @CosdServer.Inject static S3Client s3A;
    static final String B_UIN = "100000000777", B_APPID = "1250000777";
    static final String B_ID = "AKIDaccountBaccountBaccountBaccount01", B_KEY = "accountBSecretKeyAccountBSecretK";
    static final String A_BUCKET = E2e.bucket("tenant-a");
    static COSClient cosB;
    static S3Client s3B;

    @BeforeAll
    static void fixtures() {
        String out = admin("account", "add", "--uin", B_UIN, "--appid", B_APPID, "--secret-id", B_ID, "--secret-key-stdin");
        assertThat(out).contains("added account uin=" + B_UIN + " appid=" + B_APPID).contains(B_ID).doesNotContain(B_KEY);
        cosB = env.cos(B_ID, B_KEY);
        s3B = env.s3(B_ID, B_KEY);
        cosA.createBucket(A_BUCKET);
        cosA.putObject(A_BUCKET, "a.txt", "from A");
    }

    /** Runs `cosd admin ...` in-process on the server's data dir with {@link #B_KEY} on stdin; returns stdout, or "exit N" on failure. */
    static String admin(String... args) {
        var out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        InputStream oldIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream((B_KEY + "\n").getBytes(StandardCharsets.UTF_8)));
        int code;
        try {
            String[] all = new String[args.length + 3];
            all[0] = "admin";
            all[1] = "--data-dir";
            all[2] = env.dir.toString();
            System.arraycopy(args, 0, all, 3, args.length);
            code = new CommandLine(new Main()).execute(all);
        } finally {
            System.setOut(old);
            System.setIn(oldIn);
        }
        String s = out.toString(StandardCharsets.UTF_8);
        return code == 0 ? s : s + "exit " + code;
    }

    static void assertS3(Runnable r, int status, String code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        });
    }

    @Test
    void anotherAccountsRootIsDeniedEveryOperationClassOnABucketItDoesNotOwn_ACC_1() {
        assertCode(() -> cosB.listObjects(A_BUCKET), 403, "AccessDenied");
        assertCode(() -> cosB.getObject(A_BUCKET, "a.txt"), 403, "AccessDenied");
        assertCode(() -> cosB.putObject(A_BUCKET, "b.txt", "from B"), 403, "AccessDenied");
        assertCode(() -> cosB.deleteObject(A_BUCKET, "a.txt"), 403, "AccessDenied");
        assertCode(() -> cosB.getBucketVersioningConfiguration(A_BUCKET), 403, "AccessDenied");
        assertCode(() -> cosB.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(A_BUCKET,
                new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED))), 403, "AccessDenied");
        assertCode(() -> cosB.setBucketPolicy(A_BUCKET, "{\"version\":\"2.0\",\"statement\":[]}"), 403, "AccessDenied");
        assertCode(() -> cosB.deleteBucket(A_BUCKET), 403, "AccessDenied");

        assertS3(() -> s3B.listObjectsV2(r -> r.bucket(A_BUCKET)), 403, "AccessDenied");
        assertS3(() -> s3B.getObjectAsBytes(r -> r.bucket(A_BUCKET).key("a.txt")), 403, "AccessDenied");
        assertS3(() -> s3B.putObject(r -> r.bucket(A_BUCKET).key("b.txt"), RequestBody.fromString("from B")), 403, "AccessDenied");
        assertS3(() -> s3B.deleteObject(r -> r.bucket(A_BUCKET).key("a.txt")), 403, "AccessDenied");
        assertS3(() -> s3B.getBucketVersioning(r -> r.bucket(A_BUCKET)), 403, "AccessDenied");
        assertS3(() -> s3B.putBucketVersioning(r -> r.bucket(A_BUCKET).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED))),
                403, "AccessDenied");
        assertS3(() -> s3B.getBucketPolicy(r -> r.bucket(A_BUCKET)), 403, "AccessDenied");
        assertS3(() -> s3B.deleteBucket(r -> r.bucket(A_BUCKET)), 403, "AccessDenied");

        // Nothing changed: A still reads its object, and versioning was never turned on.
        assertThat(s3A.getObjectAsBytes(r -> r.bucket(A_BUCKET).key("a.txt")).asUtf8String()).isEqualTo("from A");
        assertThat(s3A.getBucketVersioning(r -> r.bucket(A_BUCKET)).status()).isNull();
        assertS3(() -> s3A.headObject(r -> r.bucket(A_BUCKET).key("b.txt")), 404, "NoSuchKey");
    }

    @Test
    void anAccountCreatesBucketsOnlyWithItsOwnAppidAndListsOnlyItsOwn_ACC_2() throws Exception {
        String bucketB = "tenant-b-" + B_APPID;
        s3B.createBucket(r -> r.bucket(bucketB));
        assertS3(() -> s3B.createBucket(r -> r.bucket("stolen-" + E2e.APPID)), 400, "InvalidBucketName");
        assertCode(() -> cosB.createBucket("stolen2-" + E2e.APPID), 400, "InvalidBucketName");
        // The other way round too: B's name carries B's APPID, so A may not even try it.
        assertS3(() -> s3A.createBucket(r -> r.bucket(bucketB)), 400, "InvalidBucketName");

        assertThat(cosB.listBuckets()).extracting(b -> b.getName()).containsExactly(bucketB);
        var listB = s3B.listBuckets();
        assertThat(listB.buckets()).extracting(b -> b.name()).containsExactly(bucketB);
        var listA = s3A.listBuckets();
        assertThat(listA.buckets()).extracting(b -> b.name()).contains(A_BUCKET).doesNotContain(bucketB);
        assertThat(listB.owner().displayName()).isEqualTo(B_UIN);
        assertThat(listA.owner().displayName()).isEqualTo(E2e.UIN);
        assertThat(listB.owner().id()).matches("[0-9a-f]{64}").isNotEqualTo(listA.owner().id());

        // The COS Java SDK's listBuckets does not expose the Owner: read B's COS document raw.
        var h = new LinkedHashMap<String, String>();
        h.put("host", "127.0.0.1:" + env.port());
        var signed = new LinkedHashMap<>(h);
        signed.put("Authorization", OutboundSigner.cos("GET", "/", Map.of(), h, B_ID, B_KEY, Instant.now(), 600));
        assertThat(RawHttp.send(env.port(), "GET", "/", signed, new byte[0]).text())
                .contains("<Owner><ID>qcs::cam::uin/" + B_UIN + ":uin/" + B_UIN + "</ID><DisplayName>" + B_UIN + "</DisplayName></Owner>")
                .contains("<Name>" + bucketB + "</Name>").doesNotContain(A_BUCKET);

        s3B.putObject(r -> r.bucket(bucketB).key("k"), RequestBody.fromString("b"));
        assertThat(cosB.listObjects(bucketB).getObjectSummaries().getFirst().getOwner().getId())
                .isEqualTo("qcs::cam::uin/" + B_UIN + ":uin/" + B_UIN);
        assertThat(s3B.listObjects(r -> r.bucket(bucketB)).contents().getFirst().owner().id()).isEqualTo(listB.owner().id());
        assertThat(admin("account", "list")).contains(B_UIN + "\t" + B_APPID + "\t").contains(E2e.UIN + "\t" + E2e.APPID + "\t");
        assertThat(admin("account", "remove", "--uin", B_UIN)).endsWith("exit 1");   // ACC-3: it owns a bucket
        assertThat(s3B.listBuckets().buckets()).hasSize(1);                            // and its keys still work
        s3B.deleteObject(r -> r.bucket(bucketB).key("k"));
        s3B.deleteBucket(r -> r.bucket(bucketB));
    }

    @Test
    void aCosPolicyNamingAnotherAccountsRootGrantsItExactlyTheNamedActions_ACC_5_POL_I4() throws Exception {
        String b = E2e.bucket("shared-cos");
        cosA.createBucket(b);
        cosA.putObject(b, "x.txt", "shared");
        String res = "qcs::cos:" + E2e.REGION + ":uid/" + E2e.APPID + ":" + b + "/*";
        // B's sub-user carol is named too (with a read action only); B's other sub-user dave is not.
        admin("--appid", B_APPID, "user", "add", "--uin", "100000000778", "--name", "carol");
        admin("--appid", B_APPID, "user", "add", "--uin", "100000000779", "--name", "dave");
        COSClient carol = key("100000000778"), dave = key("100000000779");
        cosA.setBucketPolicy(b, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"qcs::cam::uin/" + B_UIN + ":uin/" + B_UIN
                + "\"]},\"effect\":\"allow\",\"action\":[\"name/cos:GetObject\",\"name/cos:GetBucket\"],\"resource\":[\"" + res + "\"]},"
                + "{\"principal\":{\"qcs\":[\"qcs::cam::uin/" + B_UIN + ":uin/100000000778\"]},\"effect\":\"allow\","
                + "\"action\":[\"name/cos:GetObject\"],\"resource\":[\"" + res + "\"]}]}");
        try {
            // policy explain takes another account's root uin and says which statement decided.
            assertThat(admin("policy", "explain", "--bucket", b, "--principal", B_UIN, "--action", "GetObject", "--key", "x.txt"))
                    .startsWith("ALLOWED").contains("explicit_allow").contains("principal: qcs::cam::uin/" + B_UIN + ":uin/" + B_UIN);
            assertThat(admin("policy", "explain", "--bucket", b, "--principal", B_UIN, "--action", "PutObject", "--key", "y.txt"))
                    .startsWith("DENIED").contains("implicit_deny").endsWith("exit 3");
            // Another account's sub-user needs its own account's consent too (POL-I4): named by A's policy
            // but without an identity policy from B, carol is refused; once B's policy grants the read, she reads.
            assertCode(() -> carol.getObject(b, "x.txt"), 403, "AccessDenied");
            Path carolPolicy = Files.writeString(env.dir.resolve("carol-policy.json"), "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                    + "\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":[\"arn:aws:s3:::" + b + "/*\"]}]}");
            admin("--appid", B_APPID, "user", "policy", "put", "--uin", "100000000778", "--file", carolPolicy.toString());
            assertThat(E2e.text(carol, b, "x.txt")).isEqualTo("shared");
            assertCode(() -> dave.getObject(b, "x.txt"), 403, "AccessDenied");
            assertThat(cosB.listObjects(b).getObjectSummaries()).extracting(o -> o.getKey()).containsExactly("x.txt");
            assertThat(s3B.getObjectAsBytes(r -> r.bucket(b).key("x.txt")).asUtf8String()).isEqualTo("shared");
            assertCode(() -> cosB.putObject(b, "y.txt", "no"), 403, "AccessDenied");
            assertS3(() -> s3B.deleteObject(r -> r.bucket(b).key("x.txt")), 403, "AccessDenied");
            assertS3(() -> s3B.getBucketPolicy(r -> r.bucket(b)), 403, "AccessDenied");
        } finally {
            cosA.deleteBucketPolicy(b);
        }
        assertCode(() -> cosB.getObject(b, "x.txt"), 403, "AccessDenied");
    }

    /** A new key for a user of account B, through `cosd admin --appid B key create`. */
    static COSClient key(String uin) {
        var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(admin("--appid", B_APPID, "key", "create", "--uin", uin));
        assertThat(m.find()).isTrue();
        return env.cos(m.group(1), m.group(2));
    }

    @Test
    void anS3PolicyNamingAnotherAccountsRootArnGrantsItExactlyTheNamedActions_ACC_5() {
        String b = E2e.bucket("shared-s3");
        s3A.createBucket(r -> r.bucket(b));
        s3A.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":[\"arn:aws:iam::" + B_UIN + ":root\"]},\"Action\":[\"s3:PutObject\"],"
                + "\"Resource\":[\"arn:aws:s3:::" + b + "/*\"]}]}"));
        s3B.putObject(r -> r.bucket(b).key("dropped.txt"), RequestBody.fromString("from B"));
        cosB.putObject(b, "dropped2.txt", "from B too");
        // ACL-M5, ACL-C2: B owns what it wrote through S3 (private to B, as on S3 with ACLs on); what it
        // wrote through COS ("default") follows A's private bucket. Neither lets B list A's bucket.
        assertThat(s3B.getObjectAsBytes(r -> r.bucket(b).key("dropped.txt")).asUtf8String()).isEqualTo("from B");
        assertCode(() -> cosB.getObject(b, "dropped2.txt"), 403, "AccessDenied");
        assertCode(() -> cosB.listObjects(b), 403, "AccessDenied");
        // The object written by B lives in A's bucket and is A's to read.
        assertThat(s3A.getObjectAsBytes(r -> r.bucket(b).key("dropped.txt")).asUtf8String()).isEqualTo("from B");
    }

    @Test
    void anAccountWithoutBucketsIsRemovedWithItsUsersAndKeys_ACC_3() {
        String out = admin("account", "add");
        var m = Pattern.compile("uin=(\\d+) appid=(\\d+)\\s+SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        String uin = m.group(1);
        S3Client c = env.s3(m.group(3), m.group(4));
        assertThat(c.listBuckets().owner().displayName()).isEqualTo(uin);
        assertThat(admin("--appid", m.group(2), "user", "add", "--uin", "200000000001", "--name", "carol")).contains("added user");
        assertThat(admin("account", "add", "--uin", uin)).endsWith("exit 1");          // uin taken
        assertThat(admin("account", "remove", "--uin", E2e.UIN)).endsWith("exit 1");   // ACC-4: never the first account
        assertThat(admin("account", "remove", "--uin", uin)).contains("removed account " + uin);
        assertS3(c::listBuckets, 403, "InvalidAccessKeyId");
        assertThat(admin("account", "list")).doesNotContain(uin);
        // The sub-user went with it: its uin is free again.
        assertThat(admin("account", "add", "--uin", "200000000001")).contains("added account uin=200000000001");
    }
}
