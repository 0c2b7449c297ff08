package io.cosd.domain.crypto;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Second review of encryption at rest: the stored encryption value (SSE-7) must give back exactly the
 * record it was made from, or an SSE-KMS object's data key is asked for under another context than it
 * was wrapped with and never opens again (data loss).
 */
class Rev10EncryptionRecordTest {
    private static final byte[] WRAPPED = new byte[60];

    /**
     * KMS-8 accepts any JSON string, and "\u0000" is one; Encryption.encode joins the context's names and
     * values with NUL, so a NUL inside a value shifts every pair after it on decode.
     */
    @Test
    void aKmsContextValueHoldingANulCharacterComesBackFromItsStoredFormUnchanged_SSE_7_KMS_8() {
        Map<String, String> ctx = Map.of("department", "a\u0000b", "aws:s3:arn", "arn:aws:s3:::bucket/key");
        Encryption e = Encryption.kms(WRAPPED, "key-1", ctx);
        assertThat(Encryption.decode(e.encode()).kmsContext()).isEqualTo(ctx);
    }

    @Test
    void aKmsContextNameHoldingANulCharacterComesBackFromItsStoredFormUnchanged_SSE_7_KMS_8() {
        Map<String, String> ctx = Map.of("x\u0000y", "v", "aws:s3:arn", "arn:aws:s3:::bucket/key");
        Encryption e = Encryption.kms(WRAPPED, "key-1", ctx);
        assertThat(Encryption.decode(e.encode()).kmsContext()).isEqualTo(ctx);
    }
}
