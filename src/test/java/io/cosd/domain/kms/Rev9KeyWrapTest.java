package io.cosd.domain.kms;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Review (rev9) of the wrap format (docs/encryption.md "Wrapped data keys", KMS-5, KMS-6): holes
 * proven by failing tests.
 */
class Rev9KeyWrapTest {
    static final byte[] KEK = filled(32, 7), DATA_KEY = filled(32, 42), NONCE = filled(12, 1);

    static byte[] filled(int n, int b) {
        byte[] a = new byte[n];
        Arrays.fill(a, (byte) b);
        return a;
    }

    /*
     * KeyWrap.aad encodes each name and value with String.getBytes(UTF_8), which replaces an unpaired
     * surrogate by '?'. So {"k": "\uD800"} and {"k": "?"} are two different contexts with one
     * encoding: the canonical form is not injective, contrary to KMS-6 ("no two contexts share an
     * encoding"). A lone surrogate reaches the key service from the client: JSON's "\ud800" escape
     * is accepted by EncryptionContextHeader.parse (see Rev9EncryptionContextHeaderTest).
     */
    @Test
    void twoContextsThatDifferOnlyInAnUnpairedSurrogateDoNotShareAssociatedData_KMS_6() {
        byte[] header = {1, 1, 'k', 0, 0, 0, 1};
        assertThat(KeyWrap.aad(header, Map.of("k", "\uD800"))).isNotEqualTo(KeyWrap.aad(header, Map.of("k", "?")));
        assertThat(KeyWrap.aad(header, Map.of("\uDC00", "v"))).isNotEqualTo(KeyWrap.aad(header, Map.of("?", "v")));
    }

    @Test
    void aWrapBoundToAnUnpairedSurrogateDoesNotOpenWithAQuestionMarkInstead_KMS_6() {
        byte[] w = KeyWrap.wrap(KEK, "testkey-1", 1, DATA_KEY, Map.of("team", "\uD800"), NONCE);
        assertThatThrownBy(() -> KeyWrap.unwrap(KEK, w, Map.of("team", "?"))).isInstanceOf(KeyWrap.Invalid.class);
    }

    /*
     * KeyWrap.header decodes the id as UTF-8 and unwrap re-encodes it to find the nonce: an id that is
     * not UTF-8 re-encodes to other bytes (each bad byte becomes the 3-byte U+FFFD), so unwrap reads
     * the nonce at the wrong offset, and past 85 bad bytes the re-encoded id exceeds 255 bytes and
     * the private header() throws IllegalArgumentException: a damaged wrap escapes the documented
     * KeyWrap.Invalid (which the key service turns into KMS_INVALID_CIPHERTEXT) as an unchecked crash.
     */
    @Test
    void aDamagedWrapWhoseKeyIdIsNotUtf8IsInvalidNeverAnUncheckedCrash_KMS_5() {
        byte[] id = filled(200, 0xFF);
        byte[] w = ByteBuffer.allocate(2 + id.length + 4 + 12 + 48).put((byte) 1).put((byte) id.length).put(id).putInt(1)
                .put(NONCE).put(filled(48, 3)).array();
        assertThatThrownBy(() -> KeyWrap.unwrap(KEK, w, Map.of())).isInstanceOf(KeyWrap.Invalid.class);
    }
}
