package io.cosd.e2e;

import io.cosd.api.auth.ChunkedBodies;
import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.SigV4Signer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * aws-chunked bodies on the piece path (docs/performance.md "aws-chunked bodies on the piece path",
 * AUTH-14): what the AWS SDK v2's default client sends over http (every chunk signed, a signed trailer with
 * the CRC32 it computes by default, or the CRC32C or SHA-256 a request asks for), at 1 MiB and 20 MiB, comes
 * back byte for byte with its MD5 ETag and its checksum; so does {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER},
 * which the SDK sends only over https, here a raw request signed by the test. A chunk or a trailer changed
 * after signing is refused and stores nothing, not even a temporary file.
 */
@CosdServer
class AwsChunkedPiecesE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static final String B = E2e.bucket("chunked-pieces");
    private static final int CHUNK = 128 * 1024;

    @BeforeAll
    static void bucket() {
        s3.createBucket(r -> r.bucket(B));
    }

    @Test
    void theSdksDefaultChunkedUploadsWithCrc32Crc32cAndSha256TrailersRoundTripAtOneAndTwentyMiB_AUTH_14_AUTH_T1() throws Exception {
        SentRequests sent = new SentRequests();
        try (S3Client sdk = env.s3(b -> b.overrideConfiguration(o -> o.addExecutionInterceptor(sent)))) {
            record Alg(ChecksumAlgorithm sdk, String header, Function<byte[], String> value, Function<PutObjectResponse, String> put,
                       Function<HeadObjectResponse, String> head) {}
            List<Alg> algs = List.of(
                    new Alg(null, "x-amz-checksum-crc32", AwsChunkedPiecesE2eTest::crc32, PutObjectResponse::checksumCRC32, HeadObjectResponse::checksumCRC32),
                    new Alg(ChecksumAlgorithm.CRC32_C, "x-amz-checksum-crc32c", AwsChunkedPiecesE2eTest::crc32c, PutObjectResponse::checksumCRC32C,
                            HeadObjectResponse::checksumCRC32C),
                    new Alg(ChecksumAlgorithm.SHA256, "x-amz-checksum-sha256", d -> b64(digest("SHA-256", d)), PutObjectResponse::checksumSHA256,
                            HeadObjectResponse::checksumSHA256));
            for (int size : new int[] {1 << 20, 20 << 20}) {
                byte[] data = random(size);
                for (Alg alg : algs) {
                    String key = "sdk-" + size + "-" + alg.header;
                    PutObjectResponse put = sdk.putObject(r -> r.bucket(B).key(key).checksumAlgorithm(alg.sdk).contentLength((long) size),
                            RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data), size, "application/octet-stream"));
                    Map<String, List<String>> h = sent.last("PUT");
                    assertThat(h.get("x-amz-content-sha256")).containsExactly("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
                    assertThat(h.get("x-amz-trailer")).containsExactly(alg.header);
                    assertThat(h.get("x-amz-decoded-content-length")).containsExactly(Integer.toString(size));
                    assertThat(put.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(digest("MD5", data)) + "\"");
                    assertThat(alg.put.apply(put)).isEqualTo(alg.value.apply(data));
                    assertThat(s3.getObjectAsBytes(r -> r.bucket(B).key(key)).asByteArray()).as("%s back", key).isEqualTo(data);
                    HeadObjectResponse head = s3.headObject(r -> r.bucket(B).key(key).checksumMode(ChecksumMode.ENABLED));
                    assertThat(alg.head.apply(head)).isEqualTo(alg.value.apply(data));
                }
            }
        }
    }

    @Test
    void anUnsignedTrailerBodyRoundTripsAtOneAndTwentyMiBAndAWrongTrailerStoresNothing_AUTH_14_AUTH_T1() throws Exception {
        for (int size : new int[] {1 << 20, 20 << 20}) {
            byte[] data = random(size);
            String key = "unsigned-" + size;
            RawHttp.Reply ok = put(key, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", data, ChunkedBodies.encode(ChunkedBodies.Mode.UNSIGNED_TRAILER, data, CHUNK));
            assertThat(ok.status()).as(ok.text()).isEqualTo(200);
            assertThat(ok.header("ETag")).isEqualTo("\"" + HexFormat.of().formatHex(digest("MD5", data)) + "\"");
            assertThat(ok.header("x-amz-checksum-crc32")).isEqualTo(crc32(data));
            assertThat(s3.getObjectAsBytes(r -> r.bucket(B).key(key)).asByteArray()).isEqualTo(data);
        }
        byte[] data = random(1 << 20);
        RawHttp.Reply bad = put("unsigned-bad", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", data,
                ChunkedBodies.encode(ChunkedBodies.Mode.UNSIGNED_TRAILER, data, CHUNK, "x-amz-checksum-crc32:" + crc32(new byte[1])));
        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat(bad.text()).contains("<Code>BadDigest</Code>");
        assertStoredNothing("unsigned-bad");
    }

    @Test
    void aChunkOrATrailerChangedAfterSigningIsRefusedAndStoresNothing_AUTH_14() throws Exception {
        byte[] data = random(1 << 20);
        // The byte changed sits in the last chunk, so the server has read the body when it answers.
        RawHttp.Reply chunk = signedPut("forged-chunk", data, body -> body[body.length - 500] ^= 1, null);
        assertThat(chunk.status()).as(chunk.text()).isEqualTo(403);
        assertThat(chunk.text()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertStoredNothing("forged-chunk");

        RawHttp.Reply trailer = signedPut("forged-trailer", data, body -> { }, crc32(new byte[2]));
        assertThat(trailer.status()).as(trailer.text()).isEqualTo(403);
        assertThat(trailer.text()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertStoredNothing("forged-trailer");

        RawHttp.Reply honest = signedPut("honest", data, body -> { }, null);
        assertThat(honest.status()).as(honest.text()).isEqualTo(200);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(B).key("honest")).asByteArray()).isEqualTo(data);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private interface Change { void apply(byte[] body); }

    /**
     * A signed-chunk PutObject of {@code data} in 128 KiB chunks with a signed CRC32 trailer, as the SDK sends it;
     * {@code change} alters the encoded body after signing, {@code sentCrc} (when given) replaces the trailer's value.
     */
    private RawHttp.Reply signedPut(String key, byte[] data, Change change, String sentCrc) throws Exception {
        String mode = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
        SigV4Head head = SigV4Head.sign(env.port(), "PUT", "/" + B + "/" + key, mode, Map.of("content-encoding", "aws-chunked",
                "x-amz-decoded-content-length", Integer.toString(data.length), "x-amz-trailer", "x-amz-checksum-crc32"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String prev = head.seed();
        for (int off = 0; ; off += CHUNK) {
            int n = Math.max(0, Math.min(CHUNK, data.length - off));
            byte[] c = Arrays.copyOfRange(data, Math.min(off, data.length), Math.min(off, data.length) + n);
            prev = head.key().sign(SigV4Signer.chunkStringToSign(head.amzDate(), head.scope(), prev, Hashes.sha256Hex(c)));
            out.writeBytes((Integer.toHexString(n) + ";chunk-signature=" + prev + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(c);
            if (n == 0) break;
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        String trailer = "x-amz-checksum-crc32:" + crc32(data);
        String sig = head.key().sign(SigV4Signer.trailerStringToSign(head.amzDate(), head.scope(), prev, Hashes.sha256Hex(trailer + "\n")));
        String shown = sentCrc == null ? trailer : "x-amz-checksum-crc32:" + sentCrc;
        out.writeBytes((shown + "\r\nx-amz-trailer-signature:" + sig + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] body = out.toByteArray();
        int trailerAt = body.length - 200;
        byte[] dataPart = Arrays.copyOf(body, trailerAt);
        change.apply(dataPart);
        System.arraycopy(dataPart, 0, body, 0, trailerAt);
        return RawHttp.send(env.port(), "PUT", "/" + B + "/" + key, head.headers(), body);
    }

    private RawHttp.Reply put(String key, String mode, byte[] data, byte[] body) throws Exception {
        SigV4Head head = SigV4Head.sign(env.port(), "PUT", "/" + B + "/" + key, mode, Map.of("content-encoding", "aws-chunked",
                "x-amz-decoded-content-length", Integer.toString(data.length), "x-amz-trailer", "x-amz-checksum-crc32"));
        return RawHttp.send(env.port(), "PUT", "/" + B + "/" + key, head.headers(), body);
    }

    private void assertStoredNothing(String key) throws Exception {
        assertThat(catchThrowableOfType(S3Exception.class, () -> s3.headObject(r -> r.bucket(B).key(key))).statusCode()).isEqualTo(404);
        TempFiles.await(env.dir, false);
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    static String crc32(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return b64(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    static String crc32c(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return b64(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
