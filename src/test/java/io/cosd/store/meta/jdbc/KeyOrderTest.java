package io.cosd.store.meta.jdbc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyOrderTest {
    @Test
    void comparisonAgreesWithUtf8ByteOrder() {
        List<String> keys = List.of("", "a", "a/b", "aa", "é", "z", "中", "\uE000", "😀", "\uDBFF\uDFFF", "\uD7FF");
        for (String x : keys) {
            for (String y : keys) {
                int bytes = Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));
                assertThat(Integer.signum(KeyOrder.compare(x, y))).as(x + " vs " + y).isEqualTo(Integer.signum(bytes));
            }
        }
    }

    @Test
    void thePrefixUpperBoundIsTheNextCodePointAfterTheLastOne() {
        assertThat(KeyOrder.prefixUpperBound("")).isNull();
        assertThat(KeyOrder.prefixUpperBound("a/")).isEqualTo("a0");
        assertThat(KeyOrder.prefixUpperBound("中")).isEqualTo("丮");
        assertThat(KeyOrder.prefixUpperBound("a\uD7FF")).isEqualTo("a\uE000");
        assertThat(KeyOrder.prefixUpperBound("a\uDBFF\uDFFF")).isEqualTo("b");
        assertThat(KeyOrder.prefixUpperBound("\uDBFF\uDFFF")).isNull();
        assertThat(KeyOrder.prefixUpperBound("😀")).isEqualTo("😁");
    }
}
