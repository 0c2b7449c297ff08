package io.cosd.api.encryption;

import io.cosd.api.error.ApiException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review (rev9) of {@code x-amz-server-side-encryption-context} parsing (docs/encryption.md
 * "Encryption context", KMS-8): a context cosd cannot bind exactly as the client sent it must be
 * 400 InvalidArgument, never bound to something else.
 */
class Rev9EncryptionContextHeaderTest {
    static String b64(String json) { return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)); }

    static void assertInvalidArgument(String header) {
        assertThatThrownBy(() -> EncryptionContextHeader.parse(header))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("InvalidArgument"));
    }

    /*
     * Jackson keeps the last of two equal names: {"purpose":"a","purpose":"b"} is bound as
     * {"purpose":"b"}, so the context bound (and later echoed) is not the one the client sent. AWS
     * KMS rejects duplicate context keys; the JSON is ambiguous, so it must be refused, not resolved.
     */
    @Test
    void aContextNamingAPairTwiceIsInvalidArgumentNotBoundToItsLastValue_KMS_8() {
        assertInvalidArgument(b64("{\"purpose\":\"a\",\"purpose\":\"b\"}"));
    }

    /*
     * The JSON escape \ud800 decodes to an unpaired surrogate, which is not a Unicode string and has
     * no UTF-8 encoding: KeyWrap binds it as '?' (see Rev9KeyWrapTest), and encode() cannot echo it
     * as sent. It must be refused like any other context cosd cannot bind.
     */
    @Test
    void aContextHoldingAnUnpairedSurrogateIsInvalidArgument_KMS_8() {
        assertInvalidArgument(b64("{\"team\":\"\\ud800\"}"));
        assertInvalidArgument(b64("{\"\\udc00\":\"v\"}"));
    }

    /*
     * ObjectMapper.readTree stops after the first JSON value (FAIL_ON_TRAILING_TOKENS is off by
     * default), so a header with a second object or any trailing text after the first is bound as
     * the first object alone: a value that is not "a JSON object" is accepted instead of refused.
     */
    @Test
    void aContextWithAnythingAfterItsJsonObjectIsInvalidArgument_KMS_8() {
        assertInvalidArgument(b64("{\"team\":\"a\"}{\"team\":\"b\"}"));
        assertInvalidArgument(b64("{\"team\":\"a\"} trailing"));
    }
}
