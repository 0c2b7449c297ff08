package io.cosd.domain.identity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmailAddressTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "tester@example.com        | tester@example.com",
            "John.Doe@Example.COM      | john.doe@example.com",
            "'  alt+s3@example.com  '  | alt+s3@example.com",
    })
    void anAddressIsComparedAndStoredTrimmedInLowerCase_ACC_7(String in, String stored) {
        assertThat(EmailAddress.normalize(in)).isEqualTo(stored);
    }

    @ParameterizedTest(name = "''{0}'' is not an address")
    @ValueSource(strings = {"", "tester", "@example.com", "tester@", "a@b@c", "te ster@example.com"})
    void somethingNotShapedLikeAnAddressIsRefused_ACC_7(String in) {
        assertThatThrownBy(() -> EmailAddress.normalize(in)).isInstanceOf(IllegalArgumentException.class);
    }
}
