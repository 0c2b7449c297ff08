package io.cosd.api.object;

import io.cosd.api.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSE-KMS encryption context header (docs/encryption.md, SSE-16). */
class SseHeadersTest {
    static String b64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void aContextIsBase64OfAJsonObjectOfStrings_SSE_16() {
        assertThat(SseHeaders.context(null)).isEmpty();
        assertThat(SseHeaders.context(b64("{\"b\":\"2\",\"a\":\"1\"}"))).containsOnly(Map.entry("a", "1"), Map.entry("b", "2"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"not base64!", "W10=", "eyJhIjoxfQ==", "bnVsbA=="}) // garbage, [], {"a":1}, null
    void anythingElseIsInvalidArgument_SSE_16(String header) {
        assertThatThrownBy(() -> SseHeaders.context(header)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code().code()).isEqualTo("InvalidArgument"));
    }
}
