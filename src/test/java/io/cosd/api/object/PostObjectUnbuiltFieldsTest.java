package io.cosd.api.object;

import io.cosd.api.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** UB-1 on POST Object: a form field asking for a write condition cosd does not build is 501, never ignored. */
class PostObjectUnbuiltFieldsTest {
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {"If-None-Match | *", "if-match | \"abc\"", "If-Unmodified-Since | Wed, 01 Jan 2025 00:00:00 GMT"})
    void aWriteConditionFieldIsNotImplemented_UB_1(String field, String value) {
        assertThatThrownBy(() -> PostObjectHandler.refuseUnbuilt(Map.of("key", "k", field, value)))
                .isInstanceOfSatisfying(ApiException.class, e -> org.assertj.core.api.Assertions.assertThat(e.code().status()).isEqualTo(501));
    }
}
