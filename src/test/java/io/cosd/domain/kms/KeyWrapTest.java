package io.cosd.domain.kms;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyWrapTest {
    static final byte[] KEK = filled(32, 7), OTHER_KEK = filled(32, 8), DATA_KEY = filled(32, 42), NONCE = filled(12, 1);
    static final Map<String, String> CONTEXT = Map.of("aws:s3:arn", "arn:aws:s3:::b-1/k", "team", "a");

    static byte[] filled(int n, int b) {
        byte[] a = new byte[n];
        Arrays.fill(a, (byte) b);
        return a;
    }

    @Test
    void aWrapNamesItsKeyAndVersionAndOpensWithItsKeyAndContext_KMS_5() throws Exception {
        byte[] w = KeyWrap.wrap(KEK, "testkey-1", 3, DATA_KEY, CONTEXT, NONCE);
        assertThat(KeyWrap.header(w)).isEqualTo(new KeyWrap.Header("testkey-1", 3));
        assertThat(KeyWrap.unwrap(KEK, w, CONTEXT)).isEqualTo(DATA_KEY);
        // 1 + 1 + 9 (id) + 4 (version) + 12 (nonce) + 32 (key) + 16 (tag)
        assertThat(w).hasSize(75);
        assertThat(java.util.HexFormat.of().formatHex(w)).doesNotContain(java.util.HexFormat.of().formatHex(DATA_KEY, 0, 8));
    }

    @Test
    void theContextIsBoundButTheOrderItArrivesInIsNot_KMS_6() throws Exception {
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("team", "a");
        reordered.put("aws:s3:arn", "arn:aws:s3:::b-1/k");
        byte[] w = KeyWrap.wrap(KEK, "k", 1, DATA_KEY, CONTEXT, NONCE);
        assertThat(KeyWrap.unwrap(KEK, w, reordered)).isEqualTo(DATA_KEY);
        for (Map<String, String> other : new Map[] {Map.of(), Map.of("team", "a"), Map.of("aws:s3:arn", "arn:aws:s3:::b-1/k", "team", "b"),
                Map.of("aws:s3:arn", "arn:aws:s3:::b-1/k", "team", "a", "x", ""),
                // the same characters split differently must not encode the same (length-prefixed)
                Map.of("aws:s3:arn", "arn:aws:s3:::b-1/kteam", "", "a")}) {
            assertThatThrownBy(() -> KeyWrap.unwrap(KEK, w, other)).as("%s", other).isInstanceOf(KeyWrap.Invalid.class);
        }
    }

    @Test
    void anotherKeyOrAnyChangedByteDoesNotOpen_KMS_6() {
        byte[] w = KeyWrap.wrap(KEK, "k", 1, DATA_KEY, CONTEXT, NONCE);
        assertThatThrownBy(() -> KeyWrap.unwrap(OTHER_KEK, w, CONTEXT)).isInstanceOf(KeyWrap.Invalid.class);
        for (int i = 0; i < w.length; i++) {
            byte[] t = w.clone();
            t[i] ^= 1;
            assertThatThrownBy(() -> KeyWrap.unwrap(KEK, t, CONTEXT)).as("byte %d flipped", i).isInstanceOf(KeyWrap.Invalid.class);
        }
        assertThatThrownBy(() -> KeyWrap.unwrap(KEK, Arrays.copyOf(w, w.length - 1), CONTEXT)).isInstanceOf(KeyWrap.Invalid.class);
        assertThatThrownBy(() -> KeyWrap.header(new byte[] {1})).isInstanceOf(KeyWrap.Invalid.class);
        assertThatThrownBy(() -> KeyWrap.header(new byte[0])).isInstanceOf(KeyWrap.Invalid.class);
    }

    @Test
    void aHeaderRelabelledToAnotherVersionOrKeyDoesNotOpen_KMS_5() {
        byte[] w = KeyWrap.wrap(KEK, "k", 1, DATA_KEY, CONTEXT, NONCE);
        byte[] v2 = w.clone();
        v2[2 + 1 + 3] = 2; // version 1 -> 2 (big-endian, after 0x01, len, "k")
        assertThatThrownBy(() -> KeyWrap.unwrap(KEK, v2, CONTEXT)).isInstanceOf(KeyWrap.Invalid.class);
        byte[] j = w.clone();
        j[2] = 'j';
        assertThatThrownBy(() -> KeyWrap.unwrap(KEK, j, CONTEXT)).isInstanceOf(KeyWrap.Invalid.class);
    }

    /*
     * The exact encoding is String.getBytes(UTF_8) for every well-formed string, so wraps made before
     * it stay openable; only what getBytes would have replaced by '?' encodes differently.
     */
    @Test
    void wellFormedContextsEncodeAsTheirUtf8SoEarlierWrapsStillOpen_KMS_6() {
        for (String s : new String[] {"", "team", "项目", "caf\u00e9", "\uD83D\uDE00 emoji", "a\u0000b", "\u07FF\u0800\uFFFF"}) {
            assertThat(KeyWrap.exactUtf8(s)).as(s).isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(KeyWrap.exactUtf8("\uD800")).isEqualTo(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        assertThat(KeyWrap.exactUtf8("\uDC00\uD800")).isNotEqualTo(KeyWrap.exactUtf8("\uD800\uDC00"));
    }

    @Test
    void aWrapWhoseKeyIdIsNotUtf8IsInvalidAndAKeyIdThatIsNotUnicodeIsNeverWrapped_KMS_5() {
        byte[] w = KeyWrap.wrap(KEK, "k", 1, DATA_KEY, CONTEXT, NONCE);
        byte[] bad = w.clone();
        bad[2] = (byte) 0xC3; // a lead byte with no continuation
        assertThatThrownBy(() -> KeyWrap.header(bad)).isInstanceOf(KeyWrap.Invalid.class);
        assertThatThrownBy(() -> KeyWrap.wrap(KEK, "k\uD800", 1, DATA_KEY, CONTEXT, NONCE)).isInstanceOf(IllegalArgumentException.class);
    }
}
