package io.cosd.e2e;

import io.cosd.app.Config;
import io.cosd.app.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The standard S3 "Deny unless the key has this value" policies through the AWS SDK v2: a negated
 * operator holds on a key the request leaves out (docs/spec/semantics.md POL-C8), so omitting the
 * key is denied, not a way around the Deny.
 */
class PolicyNegatedConditionE2eTest {
    static final String SUB_UIN = "100000000011";
    static final String SUB_ARN = "arn:aws:iam::100000000001:user/" + SUB_UIN;
    static final String B = E2e.bucket("negated");
    static Path dir;
    static Server server;
    static S3Client s3root, s3sub;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("cosd-negated");
        server = Server.start(new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of()),
                Map.of("COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID, "COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY));
        s3root = s3(E2e.SECRET_ID, E2e.SECRET_KEY);
        s3root.createBucket(r -> r.bucket(B));
        s3root.putObject(r -> r.bucket(B).key("home/a.txt"), RequestBody.fromString("a"));
        s3root.putObject(r -> r.bucket(B).key("other/b.txt"), RequestBody.fromString("b"));
        admin("user", "add", "--uin", SUB_UIN, "--name", "alice");
        var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(admin("key", "create", "--uin", SUB_UIN));
        assertThat(m.find()).isTrue();
        s3sub = s3(m.group(1), m.group(2));
    }

    @AfterAll
    static void stop() throws Exception {
        s3sub.close();
        s3root.close();
        server.close();
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @AfterEach
    void clear() {
        s3root.deleteBucketPolicy(r -> r.bucket(B));
    }

    static S3Client s3(String id, String key) {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.of(E2e.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, key)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    static String admin(String... args) {
        return E2e.admin(dir, args).out();
    }

    /** An Allow of {@code action} on {@code resource} for the sub-user, and a Deny of it unless {@code condition} says otherwise. */
    static String allowButDenyUnless(String action, String resource, String condition) {
        String who = "\"Principal\":{\"AWS\":[\"" + SUB_ARN + "\"]}";
        return "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"grant\",\"Effect\":\"Allow\"," + who + ",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"},"
                + "{\"Sid\":\"guard\",\"Effect\":\"Deny\"," + who + ",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\","
                + "\"Condition\":" + condition + "}]}";
    }

    static void assertAccessDenied(org.junit.jupiter.api.function.Executable call) {
        S3Exception e = assertThrows(S3Exception.class, call);
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(e.requestId()).isNotBlank();
    }

    @Test
    void aDenyUnlessThePrefixIsHomeDeniesAListingThatSendsNoPrefix_POL_C8_S5() {
        s3root.putBucketPolicy(r -> r.bucket(B).policy(allowButDenyUnless("s3:ListBucket", "arn:aws:s3:::" + B,
                "{\"StringNotEquals\":{\"s3:prefix\":\"home/\"}}")));
        assertThat(s3sub.listObjectsV2(r -> r.bucket(B).prefix("home/")).contents()).extracting(o -> o.key()).containsExactly("home/a.txt");
        assertAccessDenied(() -> s3sub.listObjectsV2(r -> r.bucket(B).prefix("other/")));
        // the key left out: "not home/" holds, so the Deny applies (before: it was skipped and everything was listed)
        assertAccessDenied(() -> s3sub.listObjectsV2(r -> r.bucket(B)));
        assertAccessDenied(() -> s3sub.listObjects(r -> r.bucket(B)));
    }

    @Test
    void aDenyUnlessTheRefererIsOurSiteDeniesAReadThatSendsNoReferer_POL_C8_S5() {
        s3root.putBucketPolicy(r -> r.bucket(B).policy(allowButDenyUnless("s3:GetObject", "arn:aws:s3:::" + B + "/*",
                "{\"StringNotLike\":{\"aws:Referer\":\"https://ok.example/*\"}}")));
        assertThat(s3sub.getObjectAsBytes(r -> r.bucket(B).key("home/a.txt")
                .overrideConfiguration(o -> o.putHeader("Referer", "https://ok.example/page"))).asUtf8String()).isEqualTo("a");
        assertAccessDenied(() -> s3sub.getObjectAsBytes(r -> r.bucket(B).key("home/a.txt")
                .overrideConfiguration(o -> o.putHeader("Referer", "https://evil.example/"))));
        assertAccessDenied(() -> s3sub.getObjectAsBytes(r -> r.bucket(B).key("home/a.txt")));
        // the owner's root is not named by the Deny and keeps reading (POL-E1)
        assertThat(s3root.getObjectAsBytes(r -> r.bucket(B).key("home/a.txt")).asUtf8String()).isEqualTo("a");
    }
}
