package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.AccessControlList;
import com.qcloud.cos.model.CannedAccessControlList;
import com.qcloud.cos.model.GroupGrantee;
import com.qcloud.cos.model.ObjectMetadata;
import io.cosd.app.Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AccessControlPolicy;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bucket and object ACLs end to end (docs/acl.md) with the COS Java SDK, the AWS SDK v2, a
 * sub-user's keys and anonymous plain HTTP.
 */
@CosdServer
class AclE2eTest {
    static final String SUB_UIN = "100000000021";
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;
    static Server server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void fixtures() {
        server = env.server;
    }

    /** Runs `cosd admin ...` in-process on this server's data dir; returns stdout. */
    static String admin(String... args) {
        return E2e.admin(env.dir, args).out();
    }

    static S3Client s3(String id, String key) {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(software.amazon.awssdk.regions.Region.of(E2e.REGION))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(id, key)))
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    static int anonymous(String method, String path) throws Exception {
        var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("anon") : HttpRequest.BodyPublishers.noBody());
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void anAwsSdkPublicReadObjectIsAnonymouslyReadableUntilMadePrivateAgain_ACL_C1_E1_X1() throws Exception {
        String b = E2e.bucket("acl-aws-obj");
        s3.createBucket(r -> r.bucket(b));
        s3.putObject(r -> r.bucket(b).key("pub.txt").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("hello"));
        s3.putObject(r -> r.bucket(b).key("priv.txt"), RequestBody.fromString("secret"));
        assertThat(anonymous("GET", "/" + b + "/pub.txt")).isEqualTo(200);
        assertThat(anonymous("GET", "/" + b + "/priv.txt")).isEqualTo(403);
        assertThat(anonymous("GET", "/" + b)).as("object READ is not bucket READ").isEqualTo(403);

        var acl = s3.getObjectAcl(r -> r.bucket(b).key("pub.txt"));
        assertThat(acl.owner().id()).matches("[0-9a-f]{64}");
        assertThat(acl.grants()).anySatisfy(g -> {
            assertThat(g.grantee().type()).isEqualTo(Type.GROUP);
            assertThat(g.grantee().uri()).isEqualTo("http://acs.amazonaws.com/groups/global/AllUsers");
            assertThat(g.permission()).isEqualTo(Permission.READ);
        });
        assertThat(acl.grants()).anySatisfy(g -> {
            assertThat(g.grantee().type()).isEqualTo(Type.CANONICAL_USER);
            assertThat(g.grantee().id()).isEqualTo(acl.owner().id());
            assertThat(g.permission()).isEqualTo(Permission.FULL_CONTROL);
        });

        s3.putObjectAcl(r -> r.bucket(b).key("pub.txt").acl(ObjectCannedACL.PRIVATE));
        assertThat(anonymous("GET", "/" + b + "/pub.txt")).isEqualTo(403);
        assertThat(s3.getObjectAcl(r -> r.bucket(b).key("pub.txt")).grants()).hasSize(1);
    }

    @Test
    void anAwsSdkAccessControlPolicyBodyOnTheBucketGrantsListingAndWritingToEveryone_ACL_X2_E2() throws Exception {
        String b = E2e.bucket("acl-aws-body");
        s3.createBucket(r -> r.bucket(b));
        String ownerId = s3.getBucketAcl(r -> r.bucket(b)).owner().id();
        var policy = AccessControlPolicy.builder().owner(o -> o.id(ownerId)).grants(
                Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(ownerId).build()).permission(Permission.FULL_CONTROL).build(),
                Grant.builder().grantee(Grantee.builder().type(Type.GROUP).uri("http://acs.amazonaws.com/groups/global/AllUsers").build())
                        .permission(Permission.WRITE).build(),
                Grant.builder().grantee(Grantee.builder().type(Type.GROUP).uri("http://acs.amazonaws.com/groups/global/AllUsers").build())
                        .permission(Permission.READ).build()).build();
        s3.putBucketAcl(r -> r.bucket(b).accessControlPolicy(policy));
        assertThat(s3.getBucketAcl(r -> r.bucket(b)).grants()).hasSize(3);
        assertThat(anonymous("PUT", "/" + b + "/from-anon")).isEqualTo(200);
        assertThat(anonymous("GET", "/" + b)).isEqualTo(200);
        // S3: an object written without an ACL is private, even in a public bucket; so is one written
        // without an ACL header in the COS dialect (an unsigned PUT without x-amz-* headers): ACL-C2
        s3.putObject(r -> r.bucket(b).key("from-sdk"), RequestBody.fromString("sdk"));
        assertThat(anonymous("GET", "/" + b + "/from-sdk")).isEqualTo(403);
        assertThat(anonymous("GET", "/" + b + "/from-anon")).isEqualTo(403);
        assertThat(anonymous("PUT", "/" + b + "?acl")).as("WRITE is not WRITE_ACP").isEqualTo(403);

        s3.putBucketAcl(r -> r.bucket(b).acl(BucketCannedACL.PRIVATE));
        assertThat(anonymous("PUT", "/" + b + "/again")).isEqualTo(403);
    }

    @Test
    void aPublicReadWriteBucketCreatedWithTheHeaderLetsAnonymousCallersPut_ACL_C1() throws Exception {
        String b = E2e.bucket("acl-prw");
        s3.createBucket(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ_WRITE));
        assertThat(anonymous("PUT", "/" + b + "/k")).isEqualTo(200);
        assertThat(anonymous("GET", "/" + b)).isEqualTo(200);
    }

    @Test
    void theCosSdkSetsAndGetsBucketAndObjectAclsAndADefaultObjectInheritsTheBuckets_ACL_C2_X1() throws Exception {
        String b = E2e.bucket("acl-cos");
        cos.createBucket(b);
        cos.putObject(b, "no-header.txt", "private");
        var dflt = new com.qcloud.cos.model.PutObjectRequest(b, "default.txt", new ByteArrayInputStream("inherits".getBytes(StandardCharsets.UTF_8)), new ObjectMetadata());
        dflt.setCannedAcl(CannedAccessControlList.Default);
        cos.putObject(dflt);
        var put = new com.qcloud.cos.model.PutObjectRequest(b, "pub.txt", new ByteArrayInputStream("pub".getBytes(StandardCharsets.UTF_8)), new ObjectMetadata());
        put.setCannedAcl(CannedAccessControlList.PublicRead);
        cos.putObject(put);
        assertThat(anonymous("GET", "/" + b + "/pub.txt")).isEqualTo(200);
        assertThat(anonymous("GET", "/" + b + "/default.txt")).isEqualTo(403);

        cos.setBucketAcl(b, CannedAccessControlList.PublicRead);
        AccessControlList bucketAcl = cos.getBucketAcl(b);
        assertThat(bucketAcl.getOwner().getId()).isEqualTo("qcs::cam::uin/100000000001:uin/100000000001");
        assertThat(bucketAcl.getGrantsAsList()).anySatisfy(g -> {
            assertThat(g.getGrantee()).isEqualTo(GroupGrantee.AllUsers);
            assertThat(g.getPermission()).isEqualTo(com.qcloud.cos.model.Permission.Read);
        });
        // COS: an object written with x-cos-acl: default follows its bucket's READ grants; one written
        // without an ACL header is private (ACL-C2)
        assertThat(anonymous("GET", "/" + b + "/default.txt")).isEqualTo(200);
        assertThat(anonymous("GET", "/" + b + "/no-header.txt")).isEqualTo(403);

        cos.setObjectAcl(b, "default.txt", CannedAccessControlList.Private);
        assertThat(anonymous("GET", "/" + b + "/default.txt")).isEqualTo(403);
        assertThat(cos.getObjectAcl(b, "default.txt").getGrantsAsList()).hasSize(1);
        cos.setBucketAcl(b, CannedAccessControlList.Private);
        assertThat(anonymous("GET", "/" + b)).isEqualTo(403);
        assertThat(anonymous("GET", "/" + b + "/pub.txt")).as("the object's own ACL").isEqualTo(200);
    }

    @Test
    void authenticatedReadLetsAnySignedCallerReadButNotAnonymous_ACL_E3() throws Exception {
        String b = E2e.bucket("acl-auth");
        s3.createBucket(r -> r.bucket(b));
        s3.putObject(r -> r.bucket(b).key("k").acl(ObjectCannedACL.AUTHENTICATED_READ), RequestBody.fromString("for members"));
        admin("user", "add", "--uin", SUB_UIN, "--name", "acl-reader");
        var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(admin("key", "create", "--uin", SUB_UIN));
        assertThat(m.find()).isTrue();
        try (S3Client sub = s3(m.group(1), m.group(2))) {
            assertThat(sub.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String()).isEqualTo("for members");
            assertThatThrownBy(() -> sub.getObjectAcl(r -> r.bucket(b).key("k")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        assertThat(anonymous("GET", "/" + b + "/k")).isEqualTo(403);
    }

    @Test
    void aBadCannedAclOrBothHeaderKindsAreRefusedAndStoreNothing_ACL_C1_C3() {
        String b = E2e.bucket("acl-bad");
        s3.createBucket(r -> r.bucket(b));
        assertThatThrownBy(() -> s3.putObject(r -> r.bucket(b).key("k").overrideConfiguration(o -> o.putHeader("x-amz-acl", "public-reed")),
                RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
                });
        assertThatThrownBy(() -> s3.putObject(r -> r.bucket(b).key("k").acl(ObjectCannedACL.PUBLIC_READ)
                .grantRead("uri=\"http://acs.amazonaws.com/groups/global/AllUsers\""), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest"));
        assertThatThrownBy(() -> s3.putBucketAcl(r -> r.bucket(b).acl(BucketCannedACL.fromValue("bucket-owner-read"))))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument"));
        assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).isEmpty();
    }

    @Test
    void grantHeadersOnPutObjectGrantTheNamedGroup_ACL_H1() throws Exception {
        String b = E2e.bucket("acl-grant");
        s3.createBucket(r -> r.bucket(b));
        s3.putObject(r -> r.bucket(b).key("g").grantRead("uri=\"http://acs.amazonaws.com/groups/global/AllUsers\""), RequestBody.fromString("g"));
        assertThat(anonymous("GET", "/" + b + "/g")).isEqualTo(200);
        var grants = s3.getObjectAcl(r -> r.bucket(b).key("g")).grants();
        assertThat(grants).extracting(Grant::permission).containsExactly(Permission.READ);
    }

    @Test
    void aMultipartUploadInitiatedPublicReadCompletesIntoAPublicObject_ACL_C1() throws Exception {
        String b = E2e.bucket("acl-mpu");
        s3.createBucket(r -> r.bucket(b));
        String id = s3.createMultipartUpload(r -> r.bucket(b).key("big").acl(ObjectCannedACL.PUBLIC_READ)).uploadId();
        String etag = s3.uploadPart(r -> r.bucket(b).key("big").uploadId(id).partNumber(1), RequestBody.fromString("part")).eTag();
        assertThat(anonymous("GET", "/" + b + "/big")).isEqualTo(403); // nothing there yet: nothing to grant on
        s3.completeMultipartUpload(r -> r.bucket(b).key("big").uploadId(id)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
        assertThat(anonymous("GET", "/" + b + "/big")).isEqualTo(200);
    }

    @Test
    void aCopyTakesTheAclOfItsOwnRequestNeverItsSources_ACL_M5() throws Exception {
        String b = E2e.bucket("acl-copy");
        s3.createBucket(r -> r.bucket(b));
        s3.putObject(r -> r.bucket(b).key("src").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("s"));
        s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey("plain"));
        s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey("open").acl(ObjectCannedACL.PUBLIC_READ));
        assertThat(anonymous("GET", "/" + b + "/src")).isEqualTo(200);
        assertThat(anonymous("GET", "/" + b + "/plain")).isEqualTo(403);
        assertThat(anonymous("GET", "/" + b + "/open")).isEqualTo(200);
    }

    @Test
    void theCosSdkAccessControlListBodyWithUinAndGroupGranteesIsRead_ACL_X2() throws Exception {
        String b = E2e.bucket("acl-cos-body");
        cos.createBucket(b);
        cos.putObject(b, "k", "v");
        AccessControlList acl = new AccessControlList();
        com.qcloud.cos.model.Owner owner = new com.qcloud.cos.model.Owner();
        owner.setId("qcs::cam::uin/100000000001:uin/100000000001");
        acl.setOwner(owner);
        acl.grantPermission(new com.qcloud.cos.model.UinGrantee("100000000001"), com.qcloud.cos.model.Permission.FullControl);
        acl.grantPermission(GroupGrantee.AllUsers, com.qcloud.cos.model.Permission.Read);
        cos.setObjectAcl(b, "k", acl);
        assertThat(anonymous("GET", "/" + b + "/k")).isEqualTo(200);
        var got = cos.getObjectAcl(b, "k").getGrantsAsList();
        assertThat(got).hasSize(2);
        assertThat(got).anySatisfy(g -> assertThat(g.getGrantee().getIdentifier()).contains("100000000001"));
    }

    @Test
    void anObjectAclNamedByVersionIdChangesExactlyThatVersion_ACL_S1() throws Exception {
        String b = E2e.bucket("acl-versions");
        s3.createBucket(r -> r.bucket(b));
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status("Enabled")));
        String v1 = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("one")).versionId();
        String v2 = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("two")).versionId();
        s3.putObjectAcl(r -> r.bucket(b).key("k").versionId(v1).acl(ObjectCannedACL.PUBLIC_READ));
        assertThat(anonymous("GET", "/" + b + "/k?versionId=" + v1)).isEqualTo(200);
        assertThat(anonymous("GET", "/" + b + "/k")).isEqualTo(403);
        assertThat(s3.getObjectAcl(r -> r.bucket(b).key("k").versionId(v1)).grants()).hasSize(2);
        assertThat(s3.getObjectAcl(r -> r.bucket(b).key("k").versionId(v2)).grants()).hasSize(1);
        assertThat(s3.headObject(r -> r.bucket(b).key("k").versionId(v1)).eTag()).isEqualTo("\"" + md5("one") + "\"");
    }

    static String md5(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void blockPublicAclsRefusesAPublicAclHoweverItIsAskedForAndStoresNothing_ACL_E3() {
        String b = E2e.bucket("acl-block");
        s3.createBucket(r -> r.bucket(b));
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("v"));
        s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)));
        for (Runnable call : java.util.List.<Runnable>of(
                () -> s3.putObject(r -> r.bucket(b).key("pub").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("x")),
                () -> s3.putBucketAcl(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ)),
                () -> s3.putObjectAcl(r -> r.bucket(b).key("k").grantRead("uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"")))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            });
        }
        assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).hasSize(1);
        assertThat(s3.getBucketAcl(r -> r.bucket(b)).grants()).hasSize(1);
        s3.putObject(r -> r.bucket(b).key("priv").acl(ObjectCannedACL.PRIVATE), RequestBody.fromString("x"));
    }

    /** UB-1: a grant header with a name cosd does not know (a typo for write-acp) is refused naming it, and nothing is stored. */
    @Test
    void aGrantHeaderCosdDoesNotKnowIsRefusedNotIgnored_ACL_H4() {
        String b = E2e.bucket("acl-grant-typo");
        s3.createBucket(r -> r.bucket(b));
        assertThatThrownBy(() -> s3.putObject(r -> r.bucket(b).key("typo").overrideConfiguration(o -> o.putHeader(
                "x-amz-grant-write-acl", "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"")), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("x-amz-grant-write-acl");
                });
        assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).isEmpty();
    }
}
