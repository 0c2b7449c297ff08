package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ACL-C5: an ACL granting beyond the owners asked for on a write is a PutObjectAcl too, as S3 documents
 * (PutObject with x-amz-acl or x-amz-grant-* needs s3:PutObjectAcl besides s3:PutObject). With no ownership
 * controls (cosd's default, ACL-O1) a drop-box bucket whose policy lets anyone upload would otherwise be a
 * public host: every uploader could publish what it writes.
 */
@CosdServer
class AclAtWriteE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static final HttpClient http = HttpClient.newHttpClient();

    static int anonymous(String method, String path, String acl) throws Exception {
        return anonymous(method, path, "x-amz-acl", acl);
    }

    static int anonymous(String method, String path, String header, String value) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.port() + path));
        if (value != null) b.header(header, value);
        b.method(method, method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("upload") : HttpRequest.BodyPublishers.noBody());
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void anUploaderAllowedOnlyPutObjectCannotMakeWhatItWritesPublic_ACL_C5() throws Exception {
        String b = E2e.bucket("rev6-dropbox");
        s3.createBucket(r -> r.bucket(b));
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::" + b + "/incoming/*\"}]}"));
        assertThat(anonymous("PUT", "/" + b + "/incoming/plain", null)).isEqualTo(200); // control: uploads work
        assertThat(anonymous("GET", "/" + b + "/incoming/plain", null)).isEqualTo(403);
        int put = anonymous("PUT", "/" + b + "/incoming/warez", "public-read");
        int get = anonymous("GET", "/" + b + "/incoming/warez", null);
        assertThat(get).as("PUT with x-amz-acl: public-read answered %s; the upload is now readable by everyone", put).isEqualTo(403);
        assertThat(put).as("x-amz-acl without s3:PutObjectAcl").isEqualTo(403);
    }

    /** ACL-C5: what grants no one beyond the owners needs PutObject alone; a grant header is an ACL too; PutObjectAcl lifts it. */
    @Test
    void privateAndBucketOwnerAclsNeedOnlyPutObjectAndAPutObjectAclAllowLetsTheUploaderPublish_ACL_C5() throws Exception {
        String b = E2e.bucket("rev6-dropbox2");
        s3.createBucket(r -> r.bucket(b));
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::" + b + "/incoming/*\"},"
                + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"s3:PutObject\",\"s3:PutObjectAcl\"],\"Resource\":\"arn:aws:s3:::" + b + "/public/*\"}]}"));
        for (String acl : new String[] {"private", "bucket-owner-full-control", "bucket-owner-read"}) {
            assertThat(anonymous("PUT", "/" + b + "/incoming/" + acl, acl)).as(acl).isEqualTo(200);
        }
        assertThat(anonymous("PUT", "/" + b + "/incoming/granted", "x-amz-grant-read", "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\""))
                .isEqualTo(403);
        assertThat(anonymous("PUT", "/" + b + "/incoming/granted", "x-amz-acl", "authenticated-read")).isEqualTo(403);
        assertThat(anonymous("GET", "/" + b + "/incoming/granted", null)).isEqualTo(403);
        assertThat(anonymous("PUT", "/" + b + "/public/page", "public-read")).isEqualTo(200);
        assertThat(anonymous("GET", "/" + b + "/public/page", null)).isEqualTo(200);
    }

    /** ACL-C5 on the ACL path: a writer a bucket WRITE grant admits chooses its new object's ACL, as on S3. */
    @Test
    void aWriterAdmittedByAPublicReadWriteBucketAclMayPublishWhatItWrites_ACL_C5() throws Exception {
        String b = E2e.bucket("rev6-prw");
        s3.createBucket(r -> r.bucket(b).acl(software.amazon.awssdk.services.s3.model.BucketCannedACL.PUBLIC_READ_WRITE));
        assertThat(anonymous("PUT", "/" + b + "/shared", "public-read")).isEqualTo(200);
        assertThat(anonymous("GET", "/" + b + "/shared", null)).isEqualTo(200);
    }
}
