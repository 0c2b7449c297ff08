package io.cosd.e2e;

import io.cosd.api.auth.AuthResult;
import io.cosd.api.auth.AwsChunkedInputStream;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review (rev11) of the aws-chunked trailer (docs/checksums.md, AUTH-T1, UB-1). A unit-level test kept under
 * e2e so that the fast loop stays green while the finding is open. AwsChunkedInputStream.readTrailer keeps
 * only x-amz-checksum-* lines and skips every other trailer line: a trailing field cosd does not implement
 * (here a user metadata field and an SSE field) is dropped silently, where the same name as a header would
 * be stored or refused 501 (UB-1: never accepted and ignored).
 */
class Rev11TrailerFieldsTest {
    private static final AuthResult.Payload.AwsChunked UNSIGNED_TRAILER =
            new AuthResult.Payload.AwsChunked(false, true, null, "20130524T000000Z", "20130524/us-east-1/s3/aws4_request", null, -1);

    private static byte[] body(byte[] data, String trailerLines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes(("\r\n0\r\n" + trailerLines + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String crc32(byte[] d) {
        CRC32 c = new CRC32();
        c.update(d);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    private static ErrorCode drain(InputStream in) {
        try {
            in.readAllBytes();
            return null;
        } catch (ApiException e) {
            return e.code();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTrailingFieldThatIsNotAChecksumIsRefusedNotSilentlyDropped_UB_1_AUTH_T1() {
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        for (String extra : new String[] {"x-amz-meta-owner:mallory", "x-amz-server-side-encryption:aws:kms"}) {
            var in = new AwsChunkedInputStream(new ByteArrayInputStream(body(data, "x-amz-checksum-crc32:" + crc32(data) + "\r\n" + extra)),
                    UNSIGNED_TRAILER);
            in.expectTrailer("x-amz-checksum-crc32");
            assertThat(drain(in)).as("a body whose trailer also carries %s", extra).isNotNull();
        }
    }
}
