package io.cosd.e2e;

import io.cosd.app.Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** ACL-E4 on PUT ?acl: the body is read before the version is found and checked, so a held body cannot move the write to an overwrite. */
@CosdServer
class AclPutHeldBodyE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static Server server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void fixtures() { server = env.server; }

    static HttpResponse<String> anonymousGet(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Anonymous holds WRITE_ACP on "report" (unversioned bucket). It starts PUT ?acl x-amz-acl: public-read
     * with a chunked body and holds it; the owner overwrites "report" private; the held request ends.
     * The ACL must not land on the private overwrite (it was authorized against the old version).
     */
    @Test
    void aPutAclWithAHeldBodyDoesNotRewriteTheAclOfThePrivateOverwrite_ACL_E4() throws Exception {
        String b = E2e.bucket("rev4-pacl");
        s3.createBucket(r -> r.bucket(b));
        s3.putObject(r -> r.bucket(b).key("report")
                .grantWriteACP("uri=\"http://acs.amazonaws.com/groups/global/AllUsers\""), RequestBody.fromString("draft"));
        try (var sock = new java.net.Socket("127.0.0.1", server.port())) {
            sock.setSoTimeout(10_000);
            var out = sock.getOutputStream();
            out.write(("PUT /" + b + "/report?acl HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nx-amz-acl: public-read\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(1000); // authorized now, and checked against the served (old) version
            s3.putObject(r -> r.bucket(b).key("report"), RequestBody.fromString("PRIVATE SALARIES")); // S3: private
            assertThat(anonymousGet("/" + b + "/report").statusCode()).isEqualTo(403);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(sock.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println("PUT ?acl answer: " + answer.lines().findFirst().orElse(""));
        }
        var get = anonymousGet("/" + b + "/report");
        assertThat(get.body()).as("the private overwrite is not made public").doesNotContain("PRIVATE SALARIES");
        assertThat(get.statusCode()).isEqualTo(403);
    }
}
