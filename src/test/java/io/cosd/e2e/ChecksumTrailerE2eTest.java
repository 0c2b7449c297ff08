package io.cosd.e2e;

import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.SigV4Signer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Trailing checksums in aws-chunked bodies (docs/checksums.md "Trailers", AUTH-T1): what the AWS SDK v2
 * sends by default, and bodies built here byte for byte, unsigned and signed, with a true, a wrong and a
 * forged trailer. A refused body stores nothing.
 */
@CosdServer
class ChecksumTrailerE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static final String B = E2e.bucket("ck-trailer");

    @BeforeAll
    static void bucket() {
        s3.createBucket(r -> r.bucket(B));
    }

    @Test
    void theSdksDefaultUploadSendsItsCrc32InASignedOrUnsignedTrailerThatIsStored_AUTH_T1_OBJ_K2() {
        SentRequests sent = new SentRequests();
        byte[] data = "sent with the SDK's defaults".getBytes(StandardCharsets.UTF_8);
        PutObjectResponse put;
        try (S3Client watched = env.s3(b -> b.overrideConfiguration(o -> o.addExecutionInterceptor(sent)))) {
            put = watched.putObject(r -> r.bucket(B).key("sdk"), RequestBody.fromBytes(data));
        }
        assertThat(sent.count()).isEqualTo(1);
        assertThat(sent.last("PUT").get("x-amz-trailer")).containsExactly("x-amz-checksum-crc32");
        assertThat(sent.last("PUT").get("x-amz-content-sha256").get(0)).startsWith("STREAMING-").endsWith("-TRAILER");
        assertThat(put.checksumCRC32()).isEqualTo(crc32(data));
        assertThat(s3.headObject(r -> r.bucket(B).key("sdk").checksumMode(ChecksumMode.ENABLED)).checksumCRC32()).isEqualTo(crc32(data));
    }

    @Test
    void anUnsignedTrailerIsVerifiedAndStoredAndAWrongOneStoresNothing_AUTH_T1_UB_3() throws Exception {
        byte[] data = "unsigned trailer body".getBytes(StandardCharsets.UTF_8);
        RawHttp.Reply ok = put("unsigned", data, crc32(data), false, null);
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.header("x-amz-checksum-crc32")).isEqualTo(crc32(data));
        assertThat(s3.headObject(r -> r.bucket(B).key("unsigned").checksumMode(ChecksumMode.ENABLED)).checksumCRC32()).isEqualTo(crc32(data));

        RawHttp.Reply bad = put("unsigned-bad", data, crc32(new byte[]{1}), false, null);
        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat(bad.text()).contains("<Code>BadDigest</Code>");
        assertAbsent("unsigned-bad");
    }

    @Test
    void aSignedTrailerIsStoredAndOneChangedAfterSigningIsRefusedAndStoresNothing_AUTH_T1() throws Exception {
        byte[] data = "signed trailer body".getBytes(StandardCharsets.UTF_8);
        RawHttp.Reply ok = put("signed", data, crc32(data), true, null);
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.header("x-amz-checksum-crc32")).isEqualTo(crc32(data));

        // the trailer signed says one value, the trailer sent another (which would match other bytes)
        RawHttp.Reply forged = put("signed-forged", data, crc32(data), true, crc32(new byte[]{2}));
        assertThat(forged.status()).as(forged.text()).isEqualTo(403);
        assertThat(forged.text()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertAbsent("signed-forged");
        // signed honestly, but not the bytes' checksum
        RawHttp.Reply wrong = put("signed-wrong", data, crc32(new byte[]{3}), true, null);
        assertThat(wrong.status()).as(wrong.text()).isEqualTo(400);
        assertThat(wrong.text()).contains("<Code>BadDigest</Code>");
        assertAbsent("signed-wrong");
    }

    private void assertAbsent(String key) {
        assertThat(catchThrowableOfType(S3Exception.class, () -> s3.headObject(r -> r.bucket(B).key(key))).statusCode()).isEqualTo(404);
    }

    /**
     * A PutObject of {@code data} as one aws-chunked chunk with the trailer {@code x-amz-checksum-crc32: value}:
     * unsigned (STREAMING-UNSIGNED-PAYLOAD-TRAILER) or with signed chunks and trailer; {@code sentValue}, when
     * given, replaces the trailer's value after it was signed.
     */
    private RawHttp.Reply put(String key, byte[] data, String value, boolean signed, String sentValue) throws Exception {
        String mode = signed ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" : "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
        String path = "/" + B + "/" + key;
        SigV4Head head = SigV4Head.sign(env.port(), "PUT", path, mode, Map.of("content-encoding", "aws-chunked",
                "x-amz-decoded-content-length", Integer.toString(data.length), "x-amz-trailer", "x-amz-checksum-crc32"));
        var signingKey = head.key();
        String amzDate = head.amzDate(), scope = head.scope(), seed = head.seed();

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String trailer = "x-amz-checksum-crc32:" + value;
        if (signed) {
            String s1 = signingKey.sign(SigV4Signer.chunkStringToSign(amzDate, scope, seed, Hashes.sha256Hex(data)));
            body.writeBytes((Integer.toHexString(data.length) + ";chunk-signature=" + s1 + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(data);
            String s0 = signingKey.sign(SigV4Signer.chunkStringToSign(amzDate, scope, s1, Hashes.EMPTY_SHA256));
            body.writeBytes(("\r\n0;chunk-signature=" + s0 + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String ts = signingKey.sign(SigV4Signer.trailerStringToSign(amzDate, scope, s0, Hashes.sha256Hex(trailer + "\n")));
            String shown = sentValue == null ? trailer : "x-amz-checksum-crc32:" + sentValue;
            body.writeBytes((shown + "\r\nx-amz-trailer-signature:" + ts + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            body.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(data);
            body.writeBytes(("\r\n0\r\n" + trailer + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return RawHttp.send(env.port(), "PUT", path, head.headers(), body.toByteArray());
    }

    static String crc32(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }
}
