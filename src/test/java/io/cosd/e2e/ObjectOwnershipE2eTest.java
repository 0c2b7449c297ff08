package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.CannedAccessControlList;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * S3 Object Ownership (docs/acl.md "Object Ownership", ACL-O1..O5) across two accounts with the AWS
 * SDK v2 and the COS Java SDK, and re-creating one's own bucket (docs/buckets.md, ACC-6). The server
 * runs in us-east-1, the one region where S3 answers an owner's re-create with 200.
 */
@CosdServer(factory = "usEast1")
class ObjectOwnershipE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;
    static final String B_UIN = "100000000888", B_APPID = "1250000888";
    static final String B_ID = "AKIDownershipBownershipBownershipB01", B_KEY = "ownershipBSecretKeyOwnershipBSec";
    static S3Client s3B;
    static final HttpClient http = HttpClient.newHttpClient();

    static E2e usEast1() throws Exception {
        return new E2e(Files.createTempDirectory("cosd-ownership"), "us-east-1", null, 0);
    }

    @BeforeAll
    static void fixtures() {
        InputStream oldIn = System.in;
        System.setIn(new ByteArrayInputStream((B_KEY + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            var run = E2e.admin(env.dir, "account", "add", "--uin", B_UIN, "--appid", B_APPID, "--secret-id", B_ID, "--secret-key-stdin");
            assertThat(run.code()).isZero();
        } finally {
            System.setIn(oldIn);
        }
        s3B = env.s3(B_ID, B_KEY);
    }

    /** A bucket policy letting account B do anything in the bucket, as s3-tests' public policy does for alt. */
    static void letBDoAnything(String b) {
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":[\"arn:aws:iam::" + B_UIN + ":root\"]},\"Action\":\"s3:*\","
                + "\"Resource\":[\"arn:aws:s3:::" + b + "\",\"arn:aws:s3:::" + b + "/*\"]}]}"));
    }

    static String ownerId(S3Client c) {
        return c.listBuckets().owner().id();
    }

    static void assertS3Code(Executable call, int status, String code) {
        S3Exception e = catchThrowableOfType(S3Exception.class, () -> call.execute());
        assertThat(e).as("expected %s %s", status, code).isNotNull();
        assertThat(e.statusCode()).isEqualTo(status);
        if (code != null) assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code); // null: a HEAD, no body
    }

    static int anonymousGet(String path) throws Exception {
        var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.port() + path)).GET().build();
        return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void ownershipControlsArePutGotAndDeletedAndABucketWithoutThemAnswers404_ACL_O1_O2() {
        String b = E2e.bucket("own-api");
        s3.createBucket(r -> r.bucket(b));
        assertS3Code(() -> s3.getBucketOwnershipControls(r -> r.bucket(b)), 404, "OwnershipControlsNotFoundError");
        for (ObjectOwnership o : new ObjectOwnership[] {ObjectOwnership.BUCKET_OWNER_PREFERRED, ObjectOwnership.OBJECT_WRITER,
                ObjectOwnership.BUCKET_OWNER_ENFORCED}) {
            s3.putBucketOwnershipControls(r -> r.bucket(b).ownershipControls(c -> c.rules(x -> x.objectOwnership(o))));
            var got = s3.getBucketOwnershipControls(r -> r.bucket(b)).ownershipControls().rules();
            assertThat(got).hasSize(1);
            assertThat(got.get(0).objectOwnership()).isEqualTo(o);
        }
        assertS3Code(() -> s3.putBucketOwnershipControls(r -> r.bucket(b).ownershipControls(c -> c.rules(x -> x.objectOwnership("Bogus")))),
                400, "MalformedXML");
        s3.deleteBucketOwnershipControls(r -> r.bucket(b));
        s3.deleteBucketOwnershipControls(r -> r.bucket(b)); // idempotent
        assertS3Code(() -> s3.getBucketOwnershipControls(r -> r.bucket(b)), 404, "OwnershipControlsNotFoundError");
        // Another account may not read or change them without a policy allowing it.
        assertS3Code(() -> s3B.getBucketOwnershipControls(r -> r.bucket(b)), 403, "AccessDenied");
        assertS3Code(() -> s3B.deleteBucketOwnershipControls(r -> r.bucket(b)), 403, "AccessDenied");
        // The controls go with the bucket: a new bucket of the same name has none (nothing cached survives).
        s3.putBucketOwnershipControls(r -> r.bucket(b).ownershipControls(c -> c.rules(x -> x.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
        s3.deleteBucket(r -> r.bucket(b));
        s3.createBucket(r -> r.bucket(b));
        assertS3Code(() -> s3.getBucketOwnershipControls(r -> r.bucket(b)), 404, "OwnershipControlsNotFoundError");
        s3.putBucketAcl(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ)); // ACLs are on again
    }

    @Test
    void bucketOwnerEnforcedIsRefusedOverABucketAclGrantingOthersAndCreatesOrChangesNothing_ACL_O5() {
        String b = E2e.bucket("own-refused");
        assertS3Code(() -> s3.createBucket(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)),
                400, "InvalidBucketAclWithObjectOwnership");
        assertS3Code(() -> s3.headBucket(r -> r.bucket(b)), 404, null);
    }

    @Test
    void putBucketOwnerEnforcedOverAPublicBucketAclIsRefusedUntilTheAclIsPrivate_ACL_O5() {
        String b = E2e.bucket("own-put-refused");
        s3.createBucket(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ));
        var enforced = software.amazon.awssdk.services.s3.model.OwnershipControls.builder()
                .rules(x -> x.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)).build();
        assertS3Code(() -> s3.putBucketOwnershipControls(r -> r.bucket(b).ownershipControls(enforced)), 400, "InvalidBucketAclWithObjectOwnership");
        assertS3Code(() -> s3.getBucketOwnershipControls(r -> r.bucket(b)), 404, "OwnershipControlsNotFoundError");
        s3.putBucketAcl(r -> r.bucket(b).acl(BucketCannedACL.PRIVATE));
        s3.putBucketOwnershipControls(r -> r.bucket(b).ownershipControls(enforced));
    }

    @Test
    void underBucketOwnerEnforcedAclsGrantNothingAndTheBucketOwnerOwnsWhatAnotherAccountWrites_ACL_O3() throws Exception {
        String b = E2e.bucket("own-enforced");
        s3.createBucket(r -> r.bucket(b).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED));
        assertThat(s3.getBucketOwnershipControls(r -> r.bucket(b)).ownershipControls().rules().get(0).objectOwnership())
                .isEqualTo(ObjectOwnership.BUCKET_OWNER_ENFORCED);
        letBDoAnything(b);
        String a = ownerId(s3);

        s3B.putObject(r -> r.bucket(b).key("no-acl"), RequestBody.fromString("b"));
        s3B.putObject(r -> r.bucket(b).key("bofc").acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL), RequestBody.fromString("b"));
        assertThat(s3B.getObjectAcl(r -> r.bucket(b).key("no-acl")).owner().id()).isEqualTo(a);
        assertThat(s3B.getObjectAcl(r -> r.bucket(b).key("bofc")).owner().id()).isEqualTo(a);
        assertThat(s3B.getObjectAcl(r -> r.bucket(b).key("bofc")).grants()).singleElement()
                .satisfies(g -> assertThat(g.grantee().id()).isEqualTo(a));
        String upload = s3B.createMultipartUpload(r -> r.bucket(b).key("mpu")).uploadId();
        assertThat(s3B.listParts(r -> r.bucket(b).key("mpu").uploadId(upload)).owner().id()).isEqualTo(a);
        s3B.copyObject(r -> r.sourceBucket(b).sourceKey("no-acl").destinationBucket(b).destinationKey("copy"));
        assertThat(s3.getObjectAcl(r -> r.bucket(b).key("copy")).owner().id()).isEqualTo(a);

        // Any other ACL, on any write or PUT ?acl, is refused and stores nothing.
        assertS3Code(() -> s3B.putObject(r -> r.bucket(b).key("pub").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("b")),
                400, "AccessControlListNotSupported");
        assertS3Code(() -> s3B.createMultipartUpload(r -> r.bucket(b).key("pub").acl(ObjectCannedACL.PRIVATE)), 400, "AccessControlListNotSupported");
        assertS3Code(() -> s3B.copyObject(r -> r.sourceBucket(b).sourceKey("no-acl").destinationBucket(b).destinationKey("pub")
                .acl(ObjectCannedACL.PRIVATE)), 400, "AccessControlListNotSupported");
        assertS3Code(() -> s3.headObject(r -> r.bucket(b).key("pub")), 404, null);
        assertS3Code(() -> s3.putBucketAcl(r -> r.bucket(b).acl(BucketCannedACL.PRIVATE)), 400, "AccessControlListNotSupported");
        assertS3Code(() -> s3B.putObjectAcl(r -> r.bucket(b).key("no-acl").acl(ObjectCannedACL.PRIVATE)), 400, "AccessControlListNotSupported");
        // The COS dialect is bound by the same setting: its canned ACL is refused the same way.
        var meta = new ObjectMetadata();
        var put = new PutObjectRequest(b, "cos-pub", new ByteArrayInputStream(new byte[] {1}), meta);
        put.setCannedAcl(CannedAccessControlList.PublicRead);
        var e = catchThrowableOfType(CosServiceException.class, () -> cos.putObject(put));
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getErrorCode()).isEqualTo("AccessControlListNotSupported");
        assertThat(cos.getBucketAcl(b).getGrantsAsList()).hasSize(1);
    }

    @Test
    void turningBucketOwnerEnforcedOnSilencesStoredAclsAndTurningItOffRestoresThem_ACL_O3_E1() throws Exception {
        String b = E2e.bucket("own-toggle");
        s3.createBucket(r -> r.bucket(b));
        s3.putObject(r -> r.bucket(b).key("pub").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("public"));
        assertThat(anonymousGet("/" + b + "/pub")).isEqualTo(200);

        s3.putBucketOwnershipControls(r -> r.bucket(b).ownershipControls(c -> c.rules(x -> x.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
        assertThat(anonymousGet("/" + b + "/pub")).as("the public-read ACL no longer grants").isEqualTo(403);
        assertThat(s3.getObjectAcl(r -> r.bucket(b).key("pub")).grants()).singleElement()
                .satisfies(g -> assertThat(g.permission().toString()).isEqualTo("FULL_CONTROL"));

        s3.deleteBucketOwnershipControls(r -> r.bucket(b));
        assertThat(anonymousGet("/" + b + "/pub")).as("the stored ACL is in force again").isEqualTo(200);
    }

    @Test
    void underBucketOwnerPreferredOnlyABucketOwnerFullControlWriteGoesToTheBucketOwner_ACL_O4() {
        String b = E2e.bucket("own-preferred");
        s3.createBucket(r -> r.bucket(b).objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED));
        letBDoAnything(b);
        String a = ownerId(s3), bId = ownerId(s3B);
        s3B.putObject(r -> r.bucket(b).key("mine"), RequestBody.fromString("b"));
        s3B.putObject(r -> r.bucket(b).key("given").acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL), RequestBody.fromString("b"));
        s3B.putObject(r -> r.bucket(b).key("private").acl(ObjectCannedACL.PRIVATE), RequestBody.fromString("b"));
        assertThat(s3B.getObjectAcl(r -> r.bucket(b).key("mine")).owner().id()).isEqualTo(bId);
        assertThat(s3B.getObjectAcl(r -> r.bucket(b).key("given")).owner().id()).isEqualTo(a);
        assertThat(s3B.getObjectAcl(r -> r.bucket(b).key("private")).owner().id()).isEqualTo(bId);
        String up1 = s3B.createMultipartUpload(r -> r.bucket(b).key("mpu-given").acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL)).uploadId();
        String up2 = s3B.createMultipartUpload(r -> r.bucket(b).key("mpu-mine")).uploadId();
        assertThat(s3B.listParts(r -> r.bucket(b).key("mpu-given").uploadId(up1)).owner().id()).isEqualTo(a);
        assertThat(s3B.listParts(r -> r.bucket(b).key("mpu-mine").uploadId(up2)).owner().id()).isEqualTo(bId);
        // ACLs stay enabled
        s3.putBucketAcl(r -> r.bucket(b).acl(BucketCannedACL.PRIVATE));
        s3B.putObjectAcl(r -> r.bucket(b).key("mine").acl(ObjectCannedACL.PRIVATE));
    }

    @Test
    void reCreatingYourOwnBucketInUsEast1AnswersOkAndChangesNothingUnlessItAsksForSomethingNew_ACC_6() {
        String b = E2e.bucket("own-recreate");
        s3.createBucket(r -> r.bucket(b));
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putObject(r -> r.bucket(b).key("kept"), RequestBody.fromString("kept"));

        s3.createBucket(r -> r.bucket(b)); // 200: S3's us-east-1 legacy answer
        assertThat(s3.getBucketVersioning(r -> r.bucket(b)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("kept")).asUtf8String()).isEqualTo("kept");

        assertS3Code(() -> s3.createBucket(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ)), 409, "BucketAlreadyExists");
        assertThat(s3.getBucketAcl(r -> r.bucket(b)).grants()).hasSize(1);
        assertS3Code(() -> s3.createBucket(r -> r.bucket(b).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)), 409, "BucketAlreadyExists");
        assertS3Code(() -> s3.getBucketOwnershipControls(r -> r.bucket(b)), 404, "OwnershipControlsNotFoundError");

        // A bucket created public-read: a plain re-create would make it private, so it is refused.
        String p = E2e.bucket("own-recreate-pub");
        s3.createBucket(r -> r.bucket(p).acl(BucketCannedACL.PUBLIC_READ));
        assertS3Code(() -> s3.createBucket(r -> r.bucket(p)), 409, "BucketAlreadyExists");
        s3.createBucket(r -> r.bucket(p).acl(BucketCannedACL.PUBLIC_READ));
        assertThat(s3.getBucketAcl(r -> r.bucket(p)).grants()).hasSize(2);

        // The COS dialect: BucketAlreadyOwnedByYou, as COS answers (docs/spec/protocol.md §4.4).
        var e = catchThrowableOfType(CosServiceException.class, () -> cos.createBucket(b));
        assertThat(e.getStatusCode()).isEqualTo(409);
        assertThat(e.getErrorCode()).isEqualTo("BucketAlreadyOwnedByYou");
    }
}
