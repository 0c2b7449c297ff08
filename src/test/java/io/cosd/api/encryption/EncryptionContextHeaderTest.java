package io.cosd.api.encryption;

import io.cosd.api.error.ApiException;
import io.cosd.domain.Refusal;
import io.cosd.domain.kms.EncryptionContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncryptionContextHeaderTest {
    static String b64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void theHeaderIsBase64JsonOfStringsAndRoundTrips_KMS_8() {
        assertThat(EncryptionContextHeader.parse(null)).isEmpty();
        Map<String, String> m = EncryptionContextHeader.parse(b64("{\"team\":\"a\",\"项目\":\"值\"}"));
        assertThat(m).containsExactly(Map.entry("team", "a"), Map.entry("项目", "值"));
        assertThat(EncryptionContextHeader.parse(EncryptionContextHeader.encode(m))).isEqualTo(m);
        assertThat(EncryptionContextHeader.parse(b64("{}"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "W10=" /* [] */, "eyJhIjoxfQ==" /* {"a":1} */, "eyJhIjpudWxsfQ==" /* {"a":null} */, "eyJh" /* {"a */})
    void anythingElseIsInvalidArgument_KMS_8(String header) {
        assertThatThrownBy(() -> EncryptionContextHeader.parse(header))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("InvalidArgument"));
        assertThatThrownBy(() -> EncryptionContextHeader.parse(b64("{\"k\":\"" + "v".repeat(9000) + "\"}"))).isInstanceOf(ApiException.class);
    }

    @Test
    void s3AddsTheObjectOrWithABucketKeyTheBucketArnAndRefusesAnother_KMS_8() {
        assertThat(EncryptionContext.effective(Map.of("team", "a"), "b-1", "dir/k.txt", false))
                .isEqualTo(Map.of("team", "a", "aws:s3:arn", "arn:aws:s3:::b-1/dir/k.txt"));
        assertThat(EncryptionContext.effective(Map.of(), "b-1", "k", true)).isEqualTo(Map.of("aws:s3:arn", "arn:aws:s3:::b-1"));
        assertThat(EncryptionContext.effective(Map.of("aws:s3:arn", "arn:aws:s3:::b-1/k"), "b-1", "k", false))
                .isEqualTo(Map.of("aws:s3:arn", "arn:aws:s3:::b-1/k"));
        assertThatThrownBy(() -> EncryptionContext.effective(Map.of("aws:s3:arn", "arn:aws:s3:::other/k"), "b-1", "k", false))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Refusal.Reason.INVALID_ARGUMENT));
    }

    @Test
    void theJsonMustBeUtf8AndItsSurrogatesPaired_KMS_8() {
        byte[] utf16 = "{\"team\":\"a\"}".getBytes(StandardCharsets.UTF_16BE);
        for (byte[] raw : new byte[][] {utf16, {'{', '"', 'k', '"', ':', '"', (byte) 0xFF, '"', '}'},
                /* CESU-8 of U+D800 */ {'{', '"', 'k', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}}) {
            assertThatThrownBy(() -> EncryptionContextHeader.parse(Base64.getEncoder().encodeToString(raw)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("InvalidArgument"));
        }
        // an escaped pair is one well-formed character, bound and echoed as sent
        Map<String, String> m = EncryptionContextHeader.parse(b64("{\"team\":\"\\ud83d\\ude00\"}"));
        assertThat(m).containsExactly(Map.entry("team", "\uD83D\uDE00"));
        assertThat(EncryptionContextHeader.parse(EncryptionContextHeader.encode(m))).isEqualTo(m);
        assertThat(EncryptionContextHeader.wellFormed("a\uD83D\uDE00b")).isTrue();
        assertThat(EncryptionContextHeader.wellFormed("\uDE00\uD83D")).isFalse();
        assertThat(EncryptionContextHeader.wellFormed("a\uD83D")).isFalse();
    }
}
