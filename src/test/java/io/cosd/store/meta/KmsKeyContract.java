package io.cosd.store.meta;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link KmsKeyRepository} contract (docs/encryption.md "Key service"). */
public interface KmsKeyContract extends StoreFixture {
    private static byte[] material(int fill) {
        byte[] m = new byte[32];
        Arrays.fill(m, (byte) fill);
        return m;
    }

    @Test
    default void aCreatedKeyIsFoundByIdAndByAliasAtVersionOneEnabled_KMS_1() {
        KmsKeyRepository keys = store().kmsKeys();
        var k = keys.create("k-1", "orders", material(1), T0);
        assertThat(k).isEqualTo(new KmsKeyRepository.StoredKey("k-1", "orders", true, 1, T0));
        assertThat(keys.find("k-1")).contains(k);
        assertThat(keys.find("orders")).contains(k);
        assertThat(keys.find("nope")).isEmpty();
        assertThat(keys.material("k-1", 1)).hasValueSatisfying(m -> assertThat(m).isEqualTo(material(1)));
        assertThat(keys.material("k-1", 2)).isEmpty();
        assertThat(keys.create("k-2", null, material(2), T0.plusSeconds(1)).alias()).isNull();
        assertThat(keys.list()).extracting(KmsKeyRepository.StoredKey::id).containsExactly("k-1", "k-2");
    }

    @Test
    default void idsAndAliasesAreOneNamespace_KMS_1() {
        KmsKeyRepository keys = store().kmsKeys();
        keys.create("k-1", "orders", material(1), T0);
        assertThatThrownBy(() -> keys.create("k-1", null, material(2), T0)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> keys.create("orders", null, material(2), T0)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> keys.create("k-2", "k-1", material(2), T0)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> keys.create("k-2", "orders", material(2), T0)).isInstanceOf(ConflictException.class);
        assertThat(keys.list()).hasSize(1);
    }

    @Test
    default void rotationAddsTheNextVersionAndKeepsEveryOlderOne_KMS_3() {
        KmsKeyRepository keys = store().kmsKeys();
        keys.create("k-1", null, material(1), T0);
        assertThat(keys.rotate("k-1", material(2), T0.plusSeconds(5))).hasValueSatisfying(k -> assertThat(k.currentVersion()).isEqualTo(2));
        assertThat(keys.rotate("k-1", material(3), T0.plusSeconds(9)).orElseThrow().currentVersion()).isEqualTo(3);
        assertThat(keys.material("k-1", 1).orElseThrow()).isEqualTo(material(1));
        assertThat(keys.material("k-1", 2).orElseThrow()).isEqualTo(material(2));
        assertThat(keys.material("k-1", 3).orElseThrow()).isEqualTo(material(3));
        assertThat(keys.rotate("nope", material(4), T0)).isEmpty();
    }

    @Test
    default void disableAndEnableChangeOnlyTheState_KMS_4() {
        KmsKeyRepository keys = store().kmsKeys();
        keys.create("k-1", "a", material(1), T0);
        assertThat(keys.setEnabled("k-1", false).orElseThrow().enabled()).isFalse();
        assertThat(keys.find("a").orElseThrow().enabled()).isFalse();
        assertThat(keys.material("k-1", 1)).isPresent();
        assertThat(keys.setEnabled("k-1", true).orElseThrow().enabled()).isTrue();
        assertThat(keys.setEnabled("nope", true)).isEmpty();
        assertThat(keys.find("k-1").orElseThrow().created()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }
}
