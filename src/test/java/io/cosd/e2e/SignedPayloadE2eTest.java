package io.cosd.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Signed payloads through the AWS SDK for Java v2 as the shared benchmark's load generator sends them
 * (aws-chunked off, so the body's SHA-256 is signed as {@code x-amz-content-sha256: <hex>}), with an
 * {@code x-amz-checksum-crc32c} header: large bodies take the piece path (docs/performance.md "Signed and
 * checksummed bodies") and come back byte for byte with their MD5 ETag and checksum; a body that does
 * not hash to its signed SHA-256 is refused and stores nothing (AUTH-12).
 */
@CosdServer
class SignedPayloadE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static final String B = E2e.bucket("signed-payload");

    @BeforeAll
    static void bucket() {
        s3.createBucket(r -> r.bucket(B));
    }

    @Test
    void oneAndTwentyMiBSignedBodiesWithACrc32cHeaderRoundTripWithTheirEtagAndChecksum_AUTH_12() throws Exception {
        SentRequests sent = new SentRequests();
        try (S3Client signed = env.s3(b -> b
                .serviceConfiguration(c -> c.pathStyleAccessEnabled(true).chunkedEncodingEnabled(false))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.addExecutionInterceptor(sent)))) {
            for (int size : new int[] {1 << 20, 20 << 20}) {
                byte[] data = new byte[size];
                new Random(size).nextBytes(data);
                String key = "signed-" + size;
                String crc = crc32c(data);
                var put = signed.putObject(r -> r.bucket(B).key(key).contentLength((long) size).checksumCRC32C(crc),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data), size, "application/octet-stream"));
                Map<String, List<String>> h = sent.last("PUT");
                assertThat(h.get("x-amz-content-sha256")).containsExactly(HexFormat.of().formatHex(digest("SHA-256", data)));
                assertThat(h.get("x-amz-checksum-crc32c")).containsExactly(crc);
                assertThat(h.get("Authorization").get(0)).contains("x-amz-content-sha256");
                assertThat(put.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(digest("MD5", data)) + "\"");
                assertThat(put.checksumCRC32C()).isEqualTo(crc);

                byte[] back = s3.getObjectAsBytes(r -> r.bucket(B).key(key)).asByteArray();
                assertThat(back).as("%d bytes back", size).isEqualTo(data);
                var head = s3.headObject(r -> r.bucket(B).key(key).checksumMode(ChecksumMode.ENABLED));
                assertThat(head.checksumCRC32C()).isEqualTo(crc);
                assertThat(head.contentLength()).isEqualTo(size);
            }
        }
    }

    @Test
    void aOneMiBBodyThatDoesNotHashToItsSignedSha256IsRefusedAndStoresNothing_AUTH_12() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(3).nextBytes(data);
        byte[] other = data.clone();
        other[700_000] ^= 1; // the signature covers a digest of other bytes than those sent
        RawHttp.Reply wrong = signedPut("wrong", data, HexFormat.of().formatHex(digest("SHA-256", other)));
        assertThat(wrong.status()).as(wrong.text()).isEqualTo(400);
        assertThat(wrong.text()).contains("<Code>XAmzContentSHA256Mismatch</Code>");
        assertThat(catchThrowableOfType(S3Exception.class, () -> s3.headObject(r -> r.bucket(B).key("wrong"))).statusCode()).isEqualTo(404);

        RawHttp.Reply right = signedPut("right", data, HexFormat.of().formatHex(digest("SHA-256", data)));
        assertThat(right.status()).as(right.text()).isEqualTo(200);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(B).key("right")).asByteArray()).isEqualTo(data);
    }

    @Test
    void aSignedBodyCutOffMidwayStoresNothingAndLeavesNoTemporaryFile_AUTH_12() throws Exception {
        byte[] data = new byte[2 << 20];
        new Random(5).nextBytes(data);
        Map<String, String> h = signedHeaders("cut", data.length, HexFormat.of().formatHex(digest("SHA-256", data)));
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", env.port())) {
            StringBuilder head = new StringBuilder("PUT /" + B + "/cut HTTP/1.1\r\n");
            h.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(data.length).append("\r\n\r\n");
            var out = s.getOutputStream();
            out.write(head.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(data, 0, data.length / 2);
            out.flush();
            TempFiles.await(env.dir, true); // the server is writing the first half to its temporary file
        } // the client goes away with half the body sent
        TempFiles.await(env.dir, false);
        assertThat(catchThrowableOfType(S3Exception.class, () -> s3.headObject(r -> r.bucket(B).key("cut"))).statusCode()).isEqualTo(404);
    }

    /** A SigV4 header-signed PutObject of {@code data} whose signature covers {@code x-amz-content-sha256: sha}. */
    private RawHttp.Reply signedPut(String key, byte[] data, String sha) throws Exception {
        return RawHttp.send(env.port(), "PUT", "/" + B + "/" + key, signedHeaders(key, data.length, sha), data);
    }

    /** The headers of a SigV4 header-signed PutObject of {@code length} bytes declaring {@code sha}, but Content-Length. */
    private Map<String, String> signedHeaders(String key, int length, String sha) {
        Map<String, String> headers = new LinkedHashMap<>(SigV4Head.sign(env.port(), "PUT", "/" + B + "/" + key, sha,
                Map.of("content-length", Integer.toString(length))).headers());
        headers.remove("content-length"); // signed, but the sender frames the body itself
        return headers;
    }

    private static String crc32c(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    private static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
