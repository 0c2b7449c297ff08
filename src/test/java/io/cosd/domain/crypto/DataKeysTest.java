package io.cosd.domain.crypto;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Data keys and their protection (docs/encryption.md "Keys"). */
class DataKeysTest {
    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void theSseS3WrapKeyIsDerivedFromTheMasterKeyAndIsNotIt_SSE_5() {
        byte[] master = bytes(32, 1);
        byte[] wrap = DataKeys.sseS3WrapKey(master);
        assertThat(wrap).hasSize(32).isNotEqualTo(master).isEqualTo(DataKeys.sseS3WrapKey(master));
        assertThat(DataKeys.sseS3WrapKey(bytes(32, 2))).isNotEqualTo(wrap);
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        // RFC 5869 A.1 uses salt 000102..0c; ours is the all-zero salt, so check Expand through a zero-salt vector:
        // A.3 (no salt, no info): IKM = 22 bytes of 0x0b, L = 42.
        byte[] ikm = new byte[22];
        java.util.Arrays.fill(ikm, (byte) 0x0b);
        assertThat(java.util.HexFormat.of().formatHex(Hkdf.derive(ikm, "", 42)))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void aWrappedDataKeyOpensOnlyUnderItsWrapKeyAndMode_SSE_5() {
        byte[] wrapKey = bytes(32, 3), dk = bytes(32, 4);
        byte[] wrapped = DataKeys.wrap(wrapKey, Encryption.Mode.SSE_S3, dk, bytes(12, 5));
        assertThat(DataKeys.unwrap(wrapKey, Encryption.Mode.SSE_S3, wrapped)).isEqualTo(dk);
        assertThatThrownBy(() -> DataKeys.unwrap(bytes(32, 6), Encryption.Mode.SSE_S3, wrapped)).isInstanceOf(ChunkFormat.TamperedException.class);
        assertThatThrownBy(() -> DataKeys.unwrap(wrapKey, Encryption.Mode.SSE_C, wrapped)).isInstanceOf(ChunkFormat.TamperedException.class);
    }

    @Test
    void theCustomerKeyCheckIsSaltedAndRecognisesOnlyThatKey_SSE_6() {
        byte[] key = bytes(32, 7);
        byte[] a = DataKeys.keyCheck(key, bytes(16, 8)), b = DataKeys.keyCheck(key, bytes(16, 9));
        assertThat(a).hasSize(48).isNotEqualTo(b); // salted: the same key stores differently
        assertThat(DataKeys.checks(key, a)).isTrue();
        assertThat(DataKeys.checks(key, b)).isTrue();
        assertThat(DataKeys.checks(bytes(32, 10), a)).isFalse();
        assertThat(java.util.HexFormat.of().formatHex(a)).doesNotContain(java.util.HexFormat.of().formatHex(key).substring(0, 16));
    }

    @Test
    void anEncryptionRecordRoundTripsWithRoomForAKmsKey_SSE_7() {
        for (Encryption e : new Encryption[] {Encryption.sseS3(bytes(60, 1)), Encryption.sseC(bytes(60, 2), bytes(48, 3)),
                Encryption.kms(bytes(90, 4), "arn:aws:kms:r:1:key/abc", Map.of("a", "1", "b:c", "x=y"))}) {
            assertThat(Encryption.decode(e.encode())).isEqualTo(e);
        }
        assertThatThrownBy(() -> Encryption.decode("v0:SSE_S3:AA::: ")).isInstanceOf(IllegalArgumentException.class);
    }
}
