package io.cosd.domain.identity;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/security.md ADM-8: a key's SecretKey is in no string made from it. */
class AccessKeyTest {
    @Test
    void aKeyPrintedInALogLineOrAnExceptionShowsItsSecretIdButNeverItsSecretKey_ADM_8() {
        AccessKey k = new AccessKey("AKIDprinted", "s3cr3tS3CR3Ts3cr3t", new Account("100000000001", "1250000000"), "100000000001", true, Instant.EPOCH);
        assertThat(k.toString()).contains("AKIDprinted", "100000000001", "(hidden)").doesNotContain("s3cr3tS3CR3Ts3cr3t");
        assertThat(String.valueOf(java.util.List.of(k))).doesNotContain("s3cr3tS3CR3Ts3cr3t");
    }
}
