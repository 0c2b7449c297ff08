package io.cosd.store.meta;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AES-256-GCM sealing of SecretKeys (docs/storage.md "Security at rest"). */
class SecretSealerTest {
    private final SecretSealer sealer = SecretSealer.of(SecretSealer.newKey());

    @Test
    void aSealedSecretOpensUnderTheSameKeyAndSecretIdAndDoesNotContainThePlaintext() {
        String sealed = sealer.seal("AKIDone", "the-secret-key-value");
        assertThat(sealed).startsWith("v1:" + sealer.keyId() + ":").doesNotContain("the-secret-key-value");
        assertThat(sealer.open("AKIDone", sealed)).isEqualTo("the-secret-key-value");
    }

    @Test
    void everySealUsesAFreshNonce() {
        assertThat(sealer.seal("AKIDone", "s")).isNotEqualTo(sealer.seal("AKIDone", "s"));
    }

    @Test
    void aSealedValueCopiedOntoAnotherSecretIdDoesNotOpen() {
        String sealed = sealer.seal("AKIDone", "s");
        assertThatThrownBy(() -> sealer.open("AKIDtwo", sealed)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherMasterKeyHasAnotherIdAndCannotOpenEvenWithTheIdForged() {
        SecretSealer other = SecretSealer.of(SecretSealer.newKey());
        assertThat(other.keyId()).isNotEqualTo(sealer.keyId()).hasSize(16);
        String sealed = sealer.seal("AKIDone", "s");
        assertThatThrownBy(() -> other.open("AKIDone", sealed)).hasMessageContaining("sealed under master key " + sealer.keyId());
        String forged = sealed.replace(sealer.keyId(), other.keyId());
        assertThatThrownBy(() -> other.open("AKIDone", forged)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTamperedCiphertextDoesNotOpen() {
        String sealed = sealer.seal("AKIDone", "secret");
        String prefix = sealed.substring(0, sealed.lastIndexOf(':') + 1);
        byte[] raw = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        for (int i = 0; i < raw.length; i++) { // nonce, ciphertext or tag: any flipped bit is refused
            byte[] t = raw.clone();
            t[i] ^= 1;
            String tampered = prefix + Base64.getEncoder().encodeToString(t);
            assertThatThrownBy(() -> sealer.open("AKIDone", tampered)).as("byte " + i).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theKeyIdDependsOnlyOnTheKey() {
        byte[] k = SecretSealer.newKey();
        assertThat(SecretSealer.of(k).keyId()).isEqualTo(SecretSealer.of(k.clone()).keyId());
        assertThatThrownBy(() -> SecretSealer.of(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
