package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.ObjectMetadata;
import io.cosd.app.Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Where an ACL must not reach (docs/acl.md "How a request is decided"): each test states the S3 behaviour cosd has. */
@CosdServer
class AclSecurityE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;
    static Server server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void fixtures() { server = env.server; }

    static int anonymous(String method, String path) throws Exception {
        var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("anon") : HttpRequest.BodyPublishers.noBody());
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** S3: bucket WRITE lets a non-owner add objects and delete markers; s3:DeleteObjectVersion only for the bucket owner. */
    @Test
    void bucketWriteGrantDoesNotLetAnonymousPermanentlyDeleteTheOwnersVersions_ACL_E2() throws Exception {
        String b = E2e.bucket("rev3-ver");
        s3.createBucket(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ_WRITE));
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String v1 = s3.putObject(r -> r.bucket(b).key("ledger"), RequestBody.fromString("history")).versionId();
        int status = anonymous("DELETE", "/" + b + "/ledger?versionId=" + v1);
        assertThat(s3.listObjectVersions(r -> r.bucket(b)).versions()).as("the owner's version still exists").hasSize(1);
        assertThat(status).isEqualTo(403);
    }

    /** S3: a bucket ACL READ lists; it never reads an object. Objects with no ACL of their own (pre-V13, COS writes) are private. */
    @Test
    void makingTheBucketPublicReadThroughS3DoesNotExposeObjectsWithoutTheirOwnAcl_ACL_C2() throws Exception {
        String b = E2e.bucket("rev3-inh");
        s3.createBucket(r -> r.bucket(b));
        byte[] secret = "secret".getBytes(StandardCharsets.UTF_8);
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(secret.length);
        cos.putObject(b, "payroll.csv", new ByteArrayInputStream(secret), md); // no ACL header: NULL acl, as every pre-V13 row
        assertThat(anonymous("GET", "/" + b + "/payroll.csv")).isEqualTo(403);
        s3.putBucketAcl(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ)); // an S3 client asking for public listing
        assertThat(anonymous("GET", "/" + b)).isEqualTo(200);
        assertThat(anonymous("GET", "/" + b + "/payroll.csv")).as("S3 bucket READ does not read objects").isEqualTo(403);
    }

    /** BlockPublicAcls on before completion: the public ACL chosen at initiation should not be stored. */
    @Test
    void blockPublicAclsTurnedOnBeforeCompletionStoresNoPublicAcl_ACL_E3() throws Exception {
        String b = E2e.bucket("rev3-mpu");
        s3.createBucket(r -> r.bucket(b));
        String id = s3.createMultipartUpload(r -> r.bucket(b).key("big").acl(ObjectCannedACL.PUBLIC_READ)).uploadId();
        String etag = s3.uploadPart(r -> r.bucket(b).key("big").uploadId(id).partNumber(1), RequestBody.fromString("part")).eTag();
        s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)));
        try {
            s3.completeMultipartUpload(r -> r.bucket(b).key("big").uploadId(id)
                    .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            assertThat(e.statusCode()).isEqualTo(403);
            return;
        }
        assertThat(s3.getObjectAcl(r -> r.bucket(b).key("big")).grants()).as("no AllUsers grant stored").hasSize(1);
    }

    /** S3: bucket WRITE_ACP edits the bucket's ACL only; it gives no right over an object's ACL, nor over one without an ACL of its own. */
    @Test
    void bucketWriteAcpDoesNotLetTheGranteeRewriteAnObjectsAcl_ACL_E2_C2() throws Exception {
        String b = E2e.bucket("rev3-acp");
        s3.createBucket(r -> r.bucket(b));
        byte[] secret = "secret".getBytes(StandardCharsets.UTF_8);
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(secret.length);
        cos.putObject(b, "keys.pem", new ByteArrayInputStream(secret), md); // COS default: no ACL of its own
        s3.putBucketAcl(r -> r.bucket(b).grantWriteACP("uri=\"http://acs.amazonaws.com/groups/global/AllUsers\""));
        assertThat(anonymous("GET", "/" + b + "/keys.pem")).isEqualTo(403);
        var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/" + b + "/keys.pem?acl"))
                .header("x-amz-acl", "public-read").PUT(HttpRequest.BodyPublishers.noBody()).build();
        int put = http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
        int get = anonymous("GET", "/" + b + "/keys.pem");
        assertThat(put).as("PUT ?acl on the object by a bucket-WRITE_ACP grantee").isEqualTo(403);
        assertThat(get).isEqualTo(403);
    }

    /** ACL-C2: a SigV4-signed POST Object form without acl stores no ACL of its own, which is private, as an S3 PUT is. */
    @Test
    void aSigV4PostObjectFormWithoutAclIsPrivateAsAnS3PutIs_ACL_C2() throws Exception {
        String b = E2e.bucket("rev3-post");
        s3.createBucket(r -> r.bucket(b));
        s3.putBucketAcl(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ)); // S3: lists, never reads objects
        var P = PostObjectE2eTest.class;
        String policy = PostObjectE2eTest.policy(b, PostObjectE2eTest.inAnHour(),
                java.util.stream.Stream.concat(java.util.stream.Stream.of("[\"starts-with\",\"$key\",\"\"]"),
                        java.util.Arrays.stream(PostObjectE2eTest.v4Conditions(PostObjectE2eTest.today()))).toArray(String[]::new));
        byte[] body = PostObjectE2eTest.body(PostObjectE2eTest.v4Signed(policy, PostObjectE2eTest.fields("key", "upload.bin")),
                "upload.bin", "secret".getBytes(StandardCharsets.UTF_8), java.util.Map.of());
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + env.port());
        h.put("Content-Type", "multipart/form-data; boundary=" + PostObjectE2eTest.BOUNDARY);
        var reply = RawHttp.send(env.port(), "POST", "/" + b, h, body);
        assertThat(reply.status()).as(reply.text()).isBetween(200, 204);
        assertThat(anonymous("GET", "/" + b + "/upload.bin")).isEqualTo(403);
    }

    /**
     * ACL-E4: a GET's body is read before it is authorized, and the version served is checked against
     * its own ACL: a caller holding the body open while "report" is overwritten private is not served it.
     */
    @Test
    void aGetWithAHeldBodyIsNotServedTheVersionThatReplacedThePublicOne_ACL_E4() throws Exception {
        String b = E2e.bucket("rev3-race");
        s3.createBucket(r -> r.bucket(b));
        s3.putObject(r -> r.bucket(b).key("report").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("public draft"));
        try (var sock = new java.net.Socket("127.0.0.1", server.port())) {
            sock.setSoTimeout(10_000);
            var out = sock.getOutputStream();
            out.write(("GET /" + b + "/report HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nContent-Length: 1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(1000); // authorized now, against the public-read version
            s3.putObject(r -> r.bucket(b).key("report"), RequestBody.fromString("PRIVATE SALARIES")); // S3: private
            assertThat(anonymous("GET", "/" + b + "/report")).isEqualTo(403);
            out.write('x');
            out.flush();
            String answer = new String(sock.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).doesNotContain("PRIVATE SALARIES");
        }
    }

    /** ACL-C2, ACL-E3: COS {@code default} follows the bucket's READ grants, so under BlockPublicAcls it is public when the bucket's ACL is. */
    @Test
    void aDefaultObjectAclUnderBlockPublicAclsInAPublicBucketIsRefused_ACL_C2_E3() throws Exception {
        String b = E2e.bucket("rev3-dflt");
        s3.createBucket(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ));
        s3.putObject(r -> r.bucket(b).key("memo"), RequestBody.fromString("private memo"));
        s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)));
        var put = new com.qcloud.cos.model.SetObjectAclRequest(b, "memo", com.qcloud.cos.model.CannedAccessControlList.Default);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(com.qcloud.cos.exception.CosServiceException.class,
                () -> cos.setObjectAcl(put)).getStatusCode()).isEqualTo(403);
        assertThat(anonymous("GET", "/" + b + "/memo")).isEqualTo(403);
        s3.deletePublicAccessBlock(r -> r.bucket(b));
        cos.setObjectAcl(put);
        assertThat(anonymous("GET", "/" + b + "/memo")).as("default: the bucket's READ grant").isEqualTo(200);
        assertThat(cos.getObjectAcl(b, "memo").getGrantsAsList()).hasSize(2);
    }
}
