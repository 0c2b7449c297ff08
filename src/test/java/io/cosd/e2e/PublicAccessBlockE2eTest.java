package io.cosd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Public access block and policy status end to end through the AWS SDK v2, anonymous callers
 * included, and the COS dialect through a q-signed raw request (docs/policy.md#public-access-block).
 */
@CosdServer
class PublicAccessBlockE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    private static PublicAccessBlockConfiguration conf(boolean acls, boolean ignore, boolean policy, boolean restrict) {
        return PublicAccessBlockConfiguration.builder().blockPublicAcls(acls).ignorePublicAcls(ignore)
                .blockPublicPolicy(policy).restrictPublicBuckets(restrict).build();
    }

    private static String publicRead(String bucket) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + bucket + "/*\"}]}";
    }

    private static String fromPrivateNetwork(String bucket) {
        return fromNetwork(bucket, "10.0.0.0/8");
    }

    private static String fromNetwork(String bucket, String cidr) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::" + bucket + "/*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"" + cidr + "\"}}}]}";
    }

    private static S3Client anonymous() {
        return S3Client.builder().endpointOverride(URI.create(env.endpoint())).region(Region.of(E2e.REGION))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    private static String newBucket(String name) {
        String b = E2e.bucket(name);
        s3.createBucket(r -> r.bucket(b));
        return b;
    }

    @Test
    void theConfigurationIsPutReadAndDeletedAndItsAbsenceIsNoSuchPublicAccessBlockConfiguration_POL_P1_P2() {
        String b = newBucket("pab-crud");
        assertThatThrownBy(() -> s3.getPublicAccessBlock(r -> r.bucket(b)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchPublicAccessBlockConfiguration");
                    assertThat(e.requestId()).isNotBlank();
                });
        var put = s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(conf(true, true, true, false)));
        assertThat(put.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(s3.getPublicAccessBlock(r -> r.bucket(b)).publicAccessBlockConfiguration()).isEqualTo(conf(true, true, true, false));
        // a PUT replaces the whole configuration; a missing element is false
        s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(PublicAccessBlockConfiguration.builder()
                .restrictPublicBuckets(true).build()));
        assertThat(s3.getPublicAccessBlock(r -> r.bucket(b)).publicAccessBlockConfiguration()).isEqualTo(conf(false, false, false, true));
        assertThat(s3.deletePublicAccessBlock(r -> r.bucket(b)).sdkHttpResponse().statusCode()).isEqualTo(204);
        assertThat(s3.deletePublicAccessBlock(r -> r.bucket(b)).sdkHttpResponse().statusCode()).isEqualTo(204);
        assertThatThrownBy(() -> s3.getPublicAccessBlock(r -> r.bucket(b))).isInstanceOf(S3Exception.class);
        // the configuration goes with its bucket: a re-created bucket starts without one
        s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(conf(true, true, true, true)));
        s3.deleteBucket(r -> r.bucket(b));
        s3.createBucket(r -> r.bucket(b));
        assertThatThrownBy(() -> s3.getPublicAccessBlock(r -> r.bucket(b)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void aMalformedDocumentIsMalformedXmlAndChangesNothing_POL_P1() throws Exception {
        String b = newBucket("pab-bad");
        s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(conf(false, false, true, false)));
        for (String body : new String[]{
                "<PublicAccessBlockConfiguration><BlockPublicPolicy>yes</BlockPublicPolicy></PublicAccessBlockConfiguration>",
                "<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><BlockPublicAcls>false</BlockPublicAcls></PublicAccessBlockConfiguration>",
                "<PublicAccessBlockConfiguration><BlockEverything>true</BlockEverything></PublicAccessBlockConfiguration>",
                "<CORSConfiguration><BlockPublicAcls>true</BlockPublicAcls></CORSConfiguration>"}) {
            var r = SignedRaw.send(env.port(), "PUT", b, "", Map.of("publicAccessBlock", ""), Map.of(), body.getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(body).contains("<Code>MalformedXML</Code>").contains("<RequestId>");
        }
        assertThat(s3.getPublicAccessBlock(r -> r.bucket(b)).publicAccessBlockConfiguration()).isEqualTo(conf(false, false, true, false));
    }

    @Test
    void theCosDialectGetsTheSameApiInItsOwnEnvelope_POL_P1_P2() throws Exception {
        String b = newBucket("pab-cos");
        var missing = SignedRaw.send(env.port(), "GET", b, "", Map.of("publicAccessBlock", ""), Map.of(), null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("<Code>NoSuchPublicAccessBlockConfiguration</Code>");
        String doc = "<PublicAccessBlockConfiguration><BlockPublicPolicy>true</BlockPublicPolicy></PublicAccessBlockConfiguration>";
        assertThat(SignedRaw.send(env.port(), "PUT", b, "", Map.of("publicAccessBlock", ""), Map.of(), doc.getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(200);
        var got = SignedRaw.send(env.port(), "GET", b, "", Map.of("publicAccessBlock", ""), Map.of(), null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(new String(got.body(), StandardCharsets.UTF_8))
                .contains("<BlockPublicAcls>false</BlockPublicAcls>").contains("<BlockPublicPolicy>true</BlockPublicPolicy>");
        var status = SignedRaw.send(env.port(), "GET", b, "", Map.of("policyStatus", ""), Map.of(), null);
        assertThat(new String(status.body(), StandardCharsets.UTF_8)).contains("<PolicyStatus><IsPublic>false</IsPublic></PolicyStatus>");
    }

    @Test
    void policyStatusSaysWhetherThePolicyIsPublic_POL_P3_P7() {
        String b = newBucket("pab-status");
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(b)).policyStatus().isPublic()).isFalse();
        s3.putBucketPolicy(r -> r.bucket(b).policy(publicRead(b)));
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(b)).policyStatus().isPublic()).isTrue();
        s3.putBucketPolicy(r -> r.bucket(b).policy(fromPrivateNetwork(b)));
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(b)).policyStatus().isPublic()).isFalse();
        s3.deleteBucketPolicy(r -> r.bucket(b));
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(b)).policyStatus().isPublic()).isFalse();
    }

    @Test
    void policyStatusCountsAPublicBucketAclUnlessIgnorePublicAclsIsOn_POL_P7() {
        String b = newBucket("pab-status-acl");
        s3.putBucketAcl(r -> r.bucket(b).acl(software.amazon.awssdk.services.s3.model.BucketCannedACL.PUBLIC_READ));
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(b)).policyStatus().isPublic()).isTrue();
        s3.putBucketAcl(r -> r.bucket(b).acl(software.amazon.awssdk.services.s3.model.BucketCannedACL.AUTHENTICATED_READ));
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(b)).policyStatus().isPublic()).isTrue();
        s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(conf(false, true, false, false)));
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(b)).policyStatus().isPublic()).as("IgnorePublicAcls").isFalse();
        s3.deletePublicAccessBlock(r -> r.bucket(b));
        s3.putBucketAcl(r -> r.bucket(b).acl(software.amazon.awssdk.services.s3.model.BucketCannedACL.PRIVATE));
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(b)).policyStatus().isPublic()).isFalse();
    }

    @Test
    void blockPublicPolicyRefusesAPublicPolicyAndKeepsTheOldOne_POL_P4() {
        String b = newBucket("pab-block");
        s3.putBucketPolicy(r -> r.bucket(b).policy(fromPrivateNetwork(b)));
        s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(conf(false, false, true, false)));
        assertThatThrownBy(() -> s3.putBucketPolicy(r -> r.bucket(b).policy(publicRead(b))))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                });
        assertThat(s3.getBucketPolicy(r -> r.bucket(b)).policy()).isEqualTo(fromPrivateNetwork(b));
        // a policy that is not public still goes in; without the switch a public one does too
        String named = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::100000000002:root\"},"
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + b + "/*\"}]}";
        s3.putBucketPolicy(r -> r.bucket(b).policy(named));
        s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(conf(true, true, false, false)));
        s3.putBucketPolicy(r -> r.bucket(b).policy(publicRead(b)));
        assertThat(s3.getBucketPolicyStatus(r -> r.bucket(b)).policyStatus().isPublic()).isTrue();
    }

    @Test
    void restrictPublicBucketsStopsAnAnonymousReadThatWorkedBeforeButNotTheOwner_POL_P5() throws Exception {
        String b = newBucket("pab-restrict");
        s3.putObject(r -> r.bucket(b).key("foo"), RequestBody.fromString("bar"));
        s3.putBucketPolicy(r -> r.bucket(b).policy(publicRead(b)));
        try (S3Client anon = anonymous()) {
            assertThat(anon.getObjectAsBytes(r -> r.bucket(b).key("foo")).asUtf8String()).isEqualTo("bar");
            s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(conf(false, false, false, true)));
            assertThatThrownBy(() -> anon.getObjectAsBytes(r -> r.bucket(b).key("foo")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    });
            assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("foo")).asUtf8String()).isEqualTo("bar");
            // explain says the same, and why
            String ask = "{\"bucket\":\"" + b + "\",\"principal\":\"anonymous\",\"action\":\"GetObject\",\"key\":\"foo\"}";
            var why = SignedRaw.send(env.port(), "POST", "-", "admin/policy/explain", Map.of(), SignedRaw.json(ask),
                    ask.getBytes(StandardCharsets.UTF_8));
            assertThat(why.status()).isEqualTo(200);
            assertThat(new String(why.body(), StandardCharsets.UTF_8)).contains("\"allowed\" : false")
                    .contains("PUBLIC_ACCESS_RESTRICTED").contains("RestrictPublicBuckets");
            // a policy that is not public is not restricted: an anonymous grant pinned to the loopback network still works...
            s3.putBucketPolicy(r -> r.bucket(b).policy(fromNetwork(b, "127.0.0.0/8")));
            assertThat(anon.getObjectAsBytes(r -> r.bucket(b).key("foo")).asUtf8String()).isEqualTo("bar");
            // ...and lifting the block gives the public policy back its anonymous reach
            s3.putBucketPolicy(r -> r.bucket(b).policy(publicRead(b)));
            s3.deletePublicAccessBlock(r -> r.bucket(b));
            assertThat(anon.getObjectAsBytes(r -> r.bucket(b).key("foo")).asUtf8String()).isEqualTo("bar");
        }
    }
    /** The HTTP explain's JSON answer for an anonymous caller (POST /-/admin/policy/explain, signed by the owner's root). */
    private static JsonNode explainAnonymous(String bucket, String action, String key, String versionId) throws Exception {
        String ask = "{\"bucket\":\"" + bucket + "\",\"principal\":\"anonymous\",\"action\":\"" + action + "\""
                + (key == null ? "" : ",\"key\":\"" + key + "\"") + (versionId == null ? "" : ",\"versionId\":\"" + versionId + "\"") + "}";
        var why = SignedRaw.send(env.port(), "POST", "-", "admin/policy/explain", Map.of(), SignedRaw.json(ask),
                ask.getBytes(StandardCharsets.UTF_8));
        assertThat(why.status()).isEqualTo(200);
        return new ObjectMapper().readTree(why.body());
    }

    /** Whether the real anonymous request succeeded: 403 AccessDenied is false, anything else fails the test. */
    private static boolean served(Runnable anonymousRequest) {
        try {
            anonymousRequest.run();
            return true;
        } catch (S3Exception e) {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            return false;
        }
    }

    @Test
    void explainAgreesWithTheServedAnonymousRequestAtEveryStepOfTheDecision_POL_X1() throws Exception {
        String b = newBucket("pab-explain-acl");
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String v1 = s3.putObject(r -> r.bucket(b).key("pub").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("v1")).versionId();
        s3.putObject(r -> r.bucket(b).key("priv"), RequestBody.fromString("secret"));
        try (S3Client anon = anonymous()) {
            // a public-read object: explain says the object ACL's AllUsers READ grant allows it, and the GET works
            JsonNode pub = explainAnonymous(b, "GetObject", "pub", null);
            assertThat(pub.get("allowed").asBoolean()).isTrue();
            assertThat(pub.get("reason").asText()).isEqualTo("ACL_GRANT");
            assertThat(pub.get("document").asText()).isEqualTo("OBJECT_ACL");
            assertThat(pub.get("acl").get("versionId").asText()).isEqualTo(v1);
            assertThat(pub.get("acl").get("currentVersion").asBoolean()).isTrue();
            assertThat(pub.get("acl").get("grant").get("grantee").asText()).isEqualTo("AllUsers");
            assertThat(pub.get("acl").get("grant").get("permission").asText()).isEqualTo("READ");
            assertThat(served(() -> anon.getObjectAsBytes(r -> r.bucket(b).key("pub")))).isTrue();

            // a private object: denied by both
            JsonNode priv = explainAnonymous(b, "GetObject", "priv", null);
            assertThat(priv.get("allowed").asBoolean()).isFalse();
            assertThat(served(() -> anon.getObjectAsBytes(r -> r.bucket(b).key("priv")))).isFalse();

            // listing: the bucket ACL decides, before and after it is made public-read
            assertThat(explainAnonymous(b, "GetBucket", null, null).get("allowed").asBoolean()).isFalse();
            assertThat(served(() -> anon.listObjectsV2(r -> r.bucket(b)))).isFalse();
            s3.putBucketAcl(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ));
            JsonNode list = explainAnonymous(b, "GetBucket", null, null);
            assertThat(list.get("allowed").asBoolean()).isTrue();
            assertThat(list.get("document").asText()).isEqualTo("BUCKET_ACL");
            assertThat(served(() -> anon.listObjectsV2(r -> r.bucket(b)))).isTrue();

            // a private overwrite: the current version is denied, the old one by its versionId still allowed (ACL-E4)
            String v2 = s3.putObject(r -> r.bucket(b).key("pub").acl(ObjectCannedACL.PRIVATE), RequestBody.fromString("v2")).versionId();
            JsonNode current = explainAnonymous(b, "GetObject", "pub", null);
            assertThat(current.get("allowed").asBoolean()).isFalse();
            assertThat(current.get("acl").get("versionId").asText()).isEqualTo(v2);
            assertThat(served(() -> anon.getObjectAsBytes(r -> r.bucket(b).key("pub")))).isFalse();
            JsonNode old = explainAnonymous(b, "GetObject", "pub", v1);
            assertThat(old.get("allowed").asBoolean()).isTrue();
            assertThat(old.get("s3Action").asText()).isEqualTo("s3:GetObjectVersion");
            assertThat(served(() -> anon.getObjectAsBytes(r -> r.bucket(b).key("pub").versionId(v1)))).isTrue();
            // the CLI says the same for that version
            var cli = E2e.admin(env.dir, "policy", "explain", "--bucket", b, "--principal", "anonymous", "--action", "GetObject",
                    "--key", "pub", "--version-id", v1);
            assertThat(cli.code()).isEqualTo(0);
            assertThat(cli.out()).startsWith("ALLOWED\n").contains("document:  object ACL\n")
                    .contains("acl:       object ACL of version " + v1 + ": READ to AllUsers\n");

            // IgnorePublicAcls: the public grants are left out, and explain names the switch and the grant
            s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(conf(false, true, false, false)));
            JsonNode ignored = explainAnonymous(b, "GetObject", "pub", v1);
            assertThat(ignored.get("allowed").asBoolean()).isFalse();
            assertThat(ignored.get("publicAccessBlock").asText()).isEqualTo("IGNORE_PUBLIC_ACLS");
            assertThat(ignored.get("acl").get("ignoredPublicGrant").get("grantee").asText()).isEqualTo("AllUsers");
            assertThat(served(() -> anon.getObjectAsBytes(r -> r.bucket(b).key("pub").versionId(v1)))).isFalse();
            assertThat(explainAnonymous(b, "GetBucket", null, null).get("allowed").asBoolean()).isFalse();
            assertThat(served(() -> anon.listObjectsV2(r -> r.bucket(b)))).isFalse();
            assertThat(E2e.admin(env.dir, "policy", "explain", "--bucket", b, "--principal", "anonymous", "--action", "GetObject",
                    "--key", "pub", "--version-id", v1).code()).isEqualTo(3);
        }
    }
}
