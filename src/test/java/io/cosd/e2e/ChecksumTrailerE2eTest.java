package io.cosd.e2e;

import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.SigV4Signer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        List<Map<String, List<String>>> sent = new ArrayList<>();
        ExecutionInterceptor spy = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
                sent.add(c.httpRequest().headers());
            }
        };
        byte[] data = "sent with the SDK's defaults".getBytes(StandardCharsets.UTF_8);
        S3Client watched = S3Client.builder().endpointOverride(java.net.URI.create(env.endpoint()))
                .region(software.amazon.awssdk.regions.Region.of(E2e.REGION))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(o -> o.addExecutionInterceptor(spy)).build();
        var put = watched.putObject(r -> r.bucket(B).key("sdk"), RequestBody.fromBytes(data));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).get("x-amz-trailer")).containsExactly("x-amz-checksum-crc32");
        assertThat(sent.get(0).get("x-amz-content-sha256").get(0)).startsWith("STREAMING-").endsWith("-TRAILER");
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
        Instant now = Instant.now();
        String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + E2e.REGION + "/s3/aws4_request";
        String mode = signed ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" : "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
        Map<String, String> h = new TreeMap<>();
        h.put("host", "127.0.0.1:" + env.port());
        h.put("content-encoding", "aws-chunked");
        h.put("x-amz-content-sha256", mode);
        h.put("x-amz-date", amzDate);
        h.put("x-amz-decoded-content-length", Integer.toString(data.length));
        h.put("x-amz-trailer", "x-amz-checksum-crc32");
        StringBuilder ch = new StringBuilder();
        h.forEach((k, v) -> ch.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", h.keySet());
        String path = "/" + B + "/" + key;
        var signingKey = SigV4Signer.key(E2e.SECRET_KEY, date, E2e.REGION, "s3");
        String seed = signingKey.sign(SigV4Signer.stringToSign(amzDate, scope,
                SigV4Signer.canonicalRequest("PUT", SigV4Signer.canonicalUri(path), "", ch.toString(), signedHeaders, mode)));

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
        Map<String, String> headers = new LinkedHashMap<>(h);
        headers.put("Authorization", SigV4Signer.ALGORITHM + " Credential=" + E2e.SECRET_ID + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + seed);
        return RawHttp.send(env.port(), "PUT", path, headers, body.toByteArray());
    }

    static String crc32(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }
}
