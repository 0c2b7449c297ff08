package io.cosd.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AUTH-4c (docs/security.md): a {@code response-*} override needs a signature, as COS ("if response-* is used,
 * anonymous access is not supported and the request must carry a signature", GET Object) and S3 ("Request
 * specific response headers cannot be used for anonymous GET requests") both answer. Before, an anonymous
 * reader of a public object chose how cosd served it: an image uploaded by an application's users, linked as
 * {@code …/avatar.png?response-content-type=text/html}, ran as a page of the bucket's own origin (its
 * virtual host carries no sandbox, CON-O3).
 */
@CosdServer
class AnonymousResponseOverridesE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    static final String BUCKET = E2e.bucket("anon-overrides");
    static final String PAGE = "<script>document.title='ran'</script>";

    @BeforeAll
    static void aPublicObjectStoredAsAnImage() {
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putObject(r -> r.bucket(BUCKET).key("avatar.png").contentType("image/png").acl(ObjectCannedACL.PUBLIC_READ),
                RequestBody.fromString(PAGE));
    }

    private static RawHttp.Reply anonymous(String method, String pathAndQuery) throws Exception {
        return RawHttp.send(env.port(), method, pathAndQuery, Map.of("Host", E2e.cosHost(BUCKET)), null);
    }

    @Test
    void anAnonymousReadOfAPublicObjectCannotChooseHowItIsServed_AUTH_4c() throws Exception {
        var plain = anonymous("GET", "/avatar.png");
        assertThat(plain.status()).as(plain.text()).isEqualTo(200);
        assertThat(plain.header("Content-Type")).isEqualTo("image/png");

        for (String q : List.of("response-content-type=text%2Fhtml", "response-content-disposition=inline",
                "response-cache-control=no-store", "response-content-encoding=gzip", "response-content-language=fr",
                "response-expires=0")) {
            var r = anonymous("GET", "/avatar.png?" + q);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.text()).as(q).contains("<Code>InvalidRequest</Code>").contains("anonymous").doesNotContain("<script>");
            assertThat(r.header("Content-Type")).as(q).doesNotStartWith("text/html");
            assertThat(anonymous("HEAD", "/avatar.png?" + q).status()).as("HEAD " + q).isEqualTo(400);
        }
    }

    @Test
    void aSignedReadStillGetsItsOverride_AUTH_4c() {
        var got = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("avatar.png").responseContentType("text/plain"));
        assertThat(got.response().contentType()).isEqualTo("text/plain");
        assertThat(got.asUtf8String()).isEqualTo(PAGE);
    }
}
