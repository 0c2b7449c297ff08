package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POL-S13 (404 for a missing key only to a caller who may list it), guarded from a security review's
 * probes. A caller who may not list gets the same 403 for a missing key
 * as for an existing one it may not read.
 */
@CosdServer
class MissingKeyGuardsE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static final HttpClient http = HttpClient.newHttpClient();

    static int anonymous(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aPublicReadBucketAclIgnoredByIgnorePublicAclsLeavesAMissingKey403LikeAnExistingOne_POL_S13() throws Exception {
        String b = E2e.bucket("rev6-s13-ipa");
        s3.createBucket(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ));
        s3.putObject(r -> r.bucket(b).key("there"), RequestBody.fromString("x"));
        assertThat(anonymous("HEAD", "/" + b + "/missing")).isEqualTo(404); // control: the ACL lets anyone list
        s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(c -> c.ignorePublicAcls(true)));
        for (String m : new String[] {"GET", "HEAD"}) {
            assertThat(anonymous(m, "/" + b + "/missing")).as(m).isEqualTo(403);
            assertThat(anonymous(m, "/" + b + "/there")).as(m).isEqualTo(403);
        }
    }

    @Test
    void aDenyOnListBucketADeleteMarkerOrANamedVersionLeaveAMissingKey403_POL_S13() throws Exception {
        String b = E2e.bucket("rev6-s13-deny");
        s3.createBucket(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ));
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String vid = s3.putObject(r -> r.bucket(b).key("gone"), RequestBody.fromString("x")).versionId();
        s3.deleteObject(r -> r.bucket(b).key("gone")); // a delete marker is current
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::" + b + "\",\"Condition\":{\"StringLike\":{\"s3:prefix\":\"secret/*\"}}}]}"));
        assertThat(anonymous("HEAD", "/" + b + "/secret/missing")).isEqualTo(403);
        assertThat(anonymous("HEAD", "/" + b + "/open/missing")).isEqualTo(404); // listable prefix: S3's answer
        assertThat(anonymous("HEAD", "/" + b + "/open/missing?versionId=" + vid)).isEqualTo(403);
    }
}
