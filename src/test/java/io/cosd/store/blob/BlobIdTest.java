package io.cosd.store.blob;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The blob id check every read makes without a regex matches the id pattern exactly. */
class BlobIdTest {
    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"0123456789abcdef0123456789abcdef", "ffffffffffffffffffffffffffffffff", "0123456789ABCDEF0123456789abcdef",
            "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0", "../3456789abcdef0123456789abcdef", "", "g123456789abcdef0123456789abcdef"})
    void anIdIsThirtyTwoLowerCaseHexDigits(String id) {
        assertThat(DiskBlobStore.isId(id)).isEqualTo(id != null && id.matches("[0-9a-f]{32}"));
    }
}
