package io.cosd.e2e;

import io.cosd.app.Config;
import io.cosd.store.blob.FreeSpaceReserve;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/edge.md EDGE-K3: {@code 100 Continue} goes out once a PUT is admitted (authenticated, authorized,
 * its bucket found, its size and the free-space reserve checked), and the blob's temporary file is opened
 * while the body arrives, not before the 100. A raw client sends {@code Expect: 100-continue} and looks at
 * what comes back first: every refusal is the final answer with no 100 (the body is never uploaded), an
 * admitted PUT gets its 100 even when its temporary file cannot be created at all (so the 100 did not wait
 * for that file), and an admitted PUT with a working disk gets 100 then 200.
 */
class ContinueOrderE2eTest {
    private static final String BUCKET = E2e.bucket("continue");
    private static final int SIZE = 1 << 20;
    private static E2e env;
    private static S3Presigner presigner;

    @BeforeAll
    static void start() throws Exception {
        env = new E2e();
        try (S3Client s3 = env.s3()) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
        presigner = presigner(env, E2e.SECRET_KEY);
    }

    @AfterAll
    static void stop() throws IOException {
        presigner.close();
        env.close();
    }

    @Test
    void anAdmittedPutGets100ThenItsBodyIsStoredAnd200_EDGE_K3() throws Exception {
        byte[] body = new byte[SIZE];
        Arrays.fill(body, (byte) 'x');
        try (Socket s = connect(env)) {
            sendHead(s, signedPut(presigner, BUCKET, "ok"), SIZE);
            assertThat(interimOrFinal(s.getInputStream())).isEqualTo(100);
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            assertThat(RawHttp.read(s.getInputStream(), false).status()).isEqualTo(200);
        }
        try (S3Client s3 = env.s3()) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ok")).asByteArray()).isEqualTo(body);
        }
    }

    @Test
    void the100DoesNotWaitForTheTemporaryFileWhichIsOpenedWhileTheBodyArrives_EDGE_K3() throws Exception {
        // The order of events without timing: the temporary directory replaced by a plain file, so no
        // temporary file can be created (root ignores permissions; "not a directory" stops everyone).
        // The 100 still comes, so it was sent before the create was tried; the create then fails and
        // the request gets a 500 on a connection that closes (its body never arrived, EDGE-K1).
        Path tmp = env.dir.resolve("tmp");
        Path aside = env.dir.resolve("tmp-aside");
        Files.move(tmp, aside);
        Files.writeString(tmp, "not a directory");
        try (Socket s = connect(env)) {
            sendHead(s, signedPut(presigner, BUCKET, "no-tmp"), SIZE);
            assertThat(interimOrFinal(s.getInputStream())).as("the 100 before the temporary file's create").isEqualTo(100);
            // No body sent: the answer needs none, and bytes the server never reads would reset the connection.
            var reply = RawHttp.read(s.getInputStream(), false);
            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.header("Connection")).isEqualToIgnoringCase("close");
        } finally {
            Files.delete(tmp);
            Files.move(aside, tmp);
        }
        try (S3Client s3 = env.s3()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("no-tmp")).contents()).isEmpty();
        }
    }

    @Test
    void anUnauthenticatedOrUnauthorizedPutGetsItsErrorAndNo100_EDGE_K3() throws Exception {
        try (S3Presigner wrongKey = presigner(env, "not-the-secret-key-not-the-secret")) {
            assertRefusedWithout100(env, signedPut(wrongKey, BUCKET, "forged"), SIZE, 403, "SignatureDoesNotMatch");
        }
        assertRefusedWithout100(env, "/" + BUCKET + "/anonymous", SIZE, 403, "AccessDenied");
    }

    @Test
    void aPutToABucketThatDoesNotExistGetsNoSuchBucketAndNo100_EDGE_K3() throws Exception {
        assertRefusedWithout100(env, signedPut(presigner, E2e.bucket("no-such"), "k"), SIZE, 404, "NoSuchBucket");
    }

    @Test
    void aPutDeclaredOverTheSizeLimitGetsEntityTooLargeAndNo100_EDGE_K3() throws Exception {
        assertRefusedWithout100(env, signedPut(presigner, BUCKET, "huge"), 6L << 30, 400, "EntityTooLarge");
    }

    @Test
    void aPutTheFreeSpaceReserveCannotTakeGetsDiskFullAndNo100_EDGE_K3_ST_F3() throws Exception {
        try (E2e full = new E2e(Files.createTempDirectory("cosd-e2e"), new Config.Integrity(FreeSpaceReserve.parse("100%"), Duration.ZERO, 0))) {
            try (S3Client s3 = full.s3()) {
                s3.createBucket(b -> b.bucket(BUCKET));
            }
            try (S3Presigner p = presigner(full, E2e.SECRET_KEY)) {
                assertRefusedWithout100(full, signedPut(p, BUCKET, "k"), SIZE, 503, "ServiceUnavailable");
            }
            assertThat(LiveDir.count(full.dir.resolve("tmp"))).as("no temporary file").isZero();
        }
    }

    @Test
    void aSmallBodyDeclaredOverItsLimitIsRefusedWithNo100EvenWhereItIsReadBeforeTheDecision_EDGE_K3() throws Exception {
        // Request.readSmallBody's callers refused such a body only after sending the 100 and reading up to
        // their limit: here the declared length is over it, so the same error comes first and nothing is uploaded.
        // PutObjectTagging reads its body before the policy decision (POL-S11: its tags are condition facts),
        // a GET's (normally empty) body is read before its authorization (ACL-E4): both for anonymous callers.
        assertRefusedWithout100(env, "PUT", "/" + BUCKET + "/k?tagging", Map.of(), 1 << 20, 400, "MalformedXML");
        assertRefusedWithout100(env, "GET", "/" + BUCKET + "/k", Map.of(), 1 << 20, 400, "InvalidRequest");
        // A bucket configuration PUT, signed: the document's cap (CORS: 64 KiB) on the declared length.
        SigV4Head cors = SigV4Head.sign(env.port(), "PUT", "/" + BUCKET, "cors=", "UNSIGNED-PAYLOAD", Map.of());
        assertRefusedWithout100(env, "PUT", "/" + BUCKET + "?cors", cors.headers(), 1 << 20, 400, "XMLSizeLimit");
    }

    @Test
    void aRetentionOrLegalHoldBodyReadBeforeTheDecisionIsCappedAsATaggingBodyIsWithNo100ForAnyCaller_LOCK_A1e_EDGE_K3() throws Exception {
        // LOCK-A1 reads these bodies before the policy decision, so for an anonymous caller too; a valid document is
        // under 200 bytes, so the cap is EarlyBody's 64 KiB (was the 2 MiB XML limit: a 100, then 2 MiB read, for
        // anyone), and one over it is answered exactly as an over-cap tagging body: 400 MalformedXML, no 100.
        long over = io.cosd.api.core.EarlyBody.MAX_BYTES + 1L;
        assertRefusedWithout100(env, "PUT", "/" + BUCKET + "/k?tagging", Map.of(), over, 400, "MalformedXML");
        assertRefusedWithout100(env, "PUT", "/" + BUCKET + "/k?retention", Map.of(), over, 400, "MalformedXML");
        assertRefusedWithout100(env, "PUT", "/" + BUCKET + "/k?legal-hold", Map.of(), over, 400, "MalformedXML");
        SigV4Head retention = SigV4Head.sign(env.port(), "PUT", "/" + BUCKET + "/k", "retention=", "UNSIGNED-PAYLOAD", Map.of());
        assertRefusedWithout100(env, "PUT", "/" + BUCKET + "/k?retention", retention.headers(), over, 400, "MalformedXML");
    }

    @Test
    void aMalformedContentMd5IsInvalidDigestWithNo100OnASmallBodyAndOnAnObjectPut_UB_7_EDGE_K3() throws Exception {
        // Its form is checked before the first byte is read (Request.readSmallBody; PutObject decodes it before
        // the storing pass), so the answer comes before any 100 and nothing is uploaded or stored.
        Map<String, String> bad = Map.of("Content-MD5", "not-base64!");
        assertRefusedWithout100(env, "PUT", "/" + BUCKET + "/k?tagging", bad, 200, 400, "InvalidDigest");
        SigV4Head versioning = SigV4Head.sign(env.port(), "PUT", "/" + BUCKET, "versioning=", "UNSIGNED-PAYLOAD", Map.of());
        Map<String, String> signed = new java.util.HashMap<>(versioning.headers());
        signed.put("Content-MD5", "AAAA"); // base64, but of 3 bytes
        assertRefusedWithout100(env, "PUT", "/" + BUCKET + "?versioning", signed, 200, 400, "InvalidDigest");
        assertRefusedWithout100(env, "PUT", signedPut(presigner, BUCKET, "md5"), bad, SIZE, 400, "InvalidDigest");
        try (S3Client s3 = env.s3()) {
            assertThat(s3.getBucketVersioning(b -> b.bucket(BUCKET)).status()).isNull();
            assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("md5")).contents()).isEmpty();
        }
    }

    @Test
    void aCompletionOfAnUploadThatDoesNotExistGetsNoSuchUploadAndNo100_EDGE_K3() throws Exception {
        // A client that asked for the 100 sends no parts list before it: NoSuchUpload needs none of it.
        SigV4Head complete = SigV4Head.sign(env.port(), "POST", "/" + BUCKET + "/k", "uploadId=no-such-upload", "UNSIGNED-PAYLOAD", Map.of());
        assertRefusedWithout100(env, "POST", "/" + BUCKET + "/k?uploadId=no-such-upload", complete.headers(), 4096, 404, "NoSuchUpload");
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static void assertRefusedWithout100(E2e server, String target, long length, int status, String code) throws IOException {
        assertRefusedWithout100(server, "PUT", target, Map.of(), length, status, code);
    }

    private static void assertRefusedWithout100(E2e server, String method, String target, Map<String, String> headers, long length,
                                                int status, String code) throws IOException {
        try (Socket s = connect(server)) {
            sendHead(s, method, target, headers, length);
            // The first status line names a 100 at once (RawHttp.read would take it for a final answer
            // without a length and wait for the body the server then waits for).
            var in = new java.io.PushbackInputStream(s.getInputStream(), 256);
            byte[] first = line(in).concat("\r\n").getBytes(StandardCharsets.ISO_8859_1);
            assertThat(new String(first, StandardCharsets.ISO_8859_1)).as("the final answer first, no 100").doesNotContain(" 100 ");
            in.unread(first);
            var reply = RawHttp.read(in, false);
            assertThat(reply.status()).as("the final answer first, no 100").isEqualTo(status);
            assertThat(reply.text()).contains("<Code>" + code + "</Code>");
        }
    }

    private static Socket connect(E2e server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void sendHead(Socket s, String target, long length) throws IOException {
        sendHead(s, "PUT", target, Map.of(), length);
    }

    /** {@code headers}: more header lines (a signature's, which names the host itself). */
    private static void sendHead(Socket s, String method, String target, Map<String, String> headers, long length) throws IOException {
        StringBuilder more = new StringBuilder();
        if (!headers.containsKey("host")) more.append("Host: 127.0.0.1:").append(s.getPort()).append("\r\n");
        headers.forEach((k, v) -> more.append(k).append(": ").append(v).append("\r\n"));
        String head = method + " " + target + " HTTP/1.1\r\n" + more
                + "Content-Length: " + length + "\r\nExpect: 100-continue\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status of the first response; a 100's empty header block is consumed with it. */
    private static int interimOrFinal(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        if (code == 100) assertThat(line(in)).as("a 100 has no headers").isEmpty();
        return code;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** A presigned PUT's path and query: the signature in the URL, so the raw client sends no Authorization. */
    private static String signedPut(S3Presigner p, String bucket, String key) {
        return p.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5)).putObjectRequest(o -> o.bucket(bucket).key(key)))
                .url().getFile();
    }

    private static S3Presigner presigner(E2e server, String secret) {
        return S3Presigner.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.of(E2e.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(E2e.SECRET_ID, secret)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }
}
