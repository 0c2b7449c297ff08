package io.cosd.api.auth;

import io.cosd.domain.object.ChecksumAlgorithm;
import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.SigV4Signer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * aws-chunked bodies built here byte for byte, for tests in any package: the three forms the AWS SDKs send,
 * signed with our own {@link SigV4Signer} (the chain itself is pinned by the AWS example in
 * {@code AwsChunkedInputStreamTest}).
 */
public final class ChunkedBodies {
    private ChunkedBodies() {}

    public enum Mode {
        /** {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}: signed chunks, no trailer. */
        SIGNED,
        /** {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}: signed chunks and a signed CRC32 trailer (the SDK v2 default over http). */
        SIGNED_TRAILER,
        /** {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}: bare chunks and an unsigned CRC32 trailer (the SDK v2 default over https). */
        UNSIGNED_TRAILER
    }

    public static final String TRAILER = "x-amz-checksum-crc32";
    static final String DATE = "20130524T000000Z";
    static final String SCOPE = "20130524/us-east-1/s3/aws4_request";
    static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private static final byte[] KEY = SigV4Signer.signingKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3");

    /** What the authenticator makes of such a request, declaring {@code decodedLength} (-1: not sent). */
    public static AuthResult.Payload.AwsChunked payload(Mode mode, long decodedLength) {
        return switch (mode) {
            case SIGNED -> new AuthResult.Payload.AwsChunked(true, false, KEY, DATE, SCOPE, SEED, decodedLength);
            case SIGNED_TRAILER -> new AuthResult.Payload.AwsChunked(true, true, KEY, DATE, SCOPE, SEED, decodedLength);
            case UNSIGNED_TRAILER -> new AuthResult.Payload.AwsChunked(false, true, null, DATE, SCOPE, null, decodedLength);
        };
    }

    /** {@code data} in chunks of {@code chunk} bytes, the final zero chunk, and (trailer modes) its CRC32 trailer. */
    public static byte[] encode(Mode mode, byte[] data, int chunk) {
        return encode(mode, data, chunk, TRAILER + ":" + crc32(data));
    }

    /** As above with the trailer line given (trailer modes), signed as it is. */
    public static byte[] encode(Mode mode, byte[] data, int chunk, String trailerLine) {
        AuthResult.Payload.AwsChunked p = payload(mode, data.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String prev = SEED;
        for (int off = 0; ; off += chunk) {
            int n = Math.max(0, Math.min(chunk, data.length - off));
            byte[] c = Arrays.copyOfRange(data, Math.min(off, data.length), Math.min(off, data.length) + n);
            String head = Integer.toHexString(n);
            if (p.signedChunks()) {
                prev = SigV4Signer.sign(KEY, SigV4Signer.chunkStringToSign(DATE, SCOPE, prev, Hashes.sha256Hex(c)));
                head += ";chunk-signature=" + prev;
            }
            ascii(out, head + "\r\n");
            out.writeBytes(c);
            if (n == 0) break;
            ascii(out, "\r\n");
        }
        if (p.trailer()) {
            ascii(out, trailerLine + "\r\n");
            if (p.signedChunks()) {
                String sig = SigV4Signer.sign(KEY, SigV4Signer.trailerStringToSign(DATE, SCOPE, prev, Hashes.sha256Hex(trailerLine + "\n")));
                ascii(out, "x-amz-trailer-signature:" + sig + "\r\n");
            }
        }
        ascii(out, "\r\n");
        return out.toByteArray();
    }

    public static String crc32(byte[] data) {
        return Base64.getEncoder().encodeToString(ChecksumAlgorithm.CRC32.of(data));
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
