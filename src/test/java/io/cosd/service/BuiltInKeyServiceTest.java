package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.sse.BucketEncryption;
import io.cosd.domain.sse.SseMode;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The built-in key service over a real SQLite store (docs/encryption.md "Key service"). */
class BuiltInKeyServiceTest {
    static final Map<String, String> CTX = Map.of("aws:s3:arn", "arn:aws:s3:::b-1/photo.jpg");
    @TempDir
    Path dir;
    MetadataStore store;
    BuiltInKeyService kms;

    @BeforeEach
    void open() {
        store = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        kms = new BuiltInKeyService(store.kmsKeys(), Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() { store.close(); }

    static Refusal.Reason reason(Throwable t) { return ((Refusal) t).reason(); }

    @Test
    void aDataKeyOpensWithItsContextAndReportsTheCanonicalIdWhateverFormNamedTheKey_KMS_2_KMS_5() {
        var k = kms.create(null, "orders");
        assertThat(k.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        for (String ref : new String[] {k.id(), "orders", "alias/orders", "arn:aws:kms:us-east-1:111122223333:key/" + k.id()}) {
            KeyService.DataKey dk = kms.generateDataKey(ref, CTX);
            assertThat(dk.keyId()).isEqualTo(k.id());
            assertThat(dk.plaintext()).hasSize(32);
            assertThat(kms.decrypt(ref, dk.wrapped(), CTX)).isEqualTo(dk.plaintext());
        }
    }

    @Test
    void anOperatorChosenIdIsTheCanonicalIdSoTheSuitesKeyNamesReadBack_KMS_1_KMS_2() {
        kms.create("testkey-1", null);
        assertThat(kms.generateDataKey("testkey-1", CTX).keyId()).isEqualTo("testkey-1");
        assertThatThrownBy(() -> kms.create("testkey-1", null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists");
        assertThatThrownBy(() -> kms.create("k2", "testkey-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kms.create("alias/x", null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid key id");
    }

    @Test
    void anUnknownKeyIsNotFound_KMS_2() {
        assertThatThrownBy(() -> kms.generateDataKey("fool-me-again", CTX)).satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.KMS_KEY_NOT_FOUND));
        assertThatThrownBy(() -> kms.generateDataKey("no such/form", CTX)).satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.KMS_KEY_NOT_FOUND));
        assertThatThrownBy(() -> kms.rotate("fool-me-again")).satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.KMS_KEY_NOT_FOUND));
    }

    @Test
    void theKeyAliasedDefaultIsTheDeploymentsDefaultKey_KMS_9() {
        assertThatThrownBy(() -> kms.generateDataKey("default", CTX)).satisfies(t -> {
            assertThat(reason(t)).isEqualTo(Refusal.Reason.KMS_KEY_NOT_FOUND);
            assertThat(((Refusal) t).detail()).contains("no default key").contains("--alias default");
        });
        assertThatThrownBy(() -> kms.generateDataKey(null, CTX)).satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.KMS_KEY_NOT_FOUND));
        var k = kms.create(null, "default");
        assertThat(kms.generateDataKey("default", CTX).keyId()).isEqualTo(k.id());
        assertThat(kms.generateDataKey(null, CTX).keyId()).as("no key named: the default key").isEqualTo(k.id());
    }

    @Test
    void afterRotationNewDataKeysUseTheNewVersionAndOldWrapsStillOpen_KMS_3() {
        kms.create("k", null);
        var before = kms.generateDataKey("k", CTX);
        assertThat(kms.rotate("k").currentVersion()).isEqualTo(2);
        var after = kms.generateDataKey("k", CTX);
        assertThat(before.wrapped()[2 + 1 + 3]).isEqualTo((byte) 1);
        assertThat(after.wrapped()[2 + 1 + 3]).isEqualTo((byte) 2);
        assertThat(kms.decrypt("k", before.wrapped(), CTX)).isEqualTo(before.plaintext());
        assertThat(kms.decrypt("k", after.wrapped(), CTX)).isEqualTo(after.plaintext());
        assertThat(kms.decrypt(null, before.wrapped(), CTX)).as("the header names the key").isEqualTo(before.plaintext());
    }

    @Test
    void aDisabledKeyMakesNoNewDataKeysButStillOpensWhatItWrapped_KMS_4() {
        kms.create("k", "a");
        var dk = kms.generateDataKey("k", CTX);
        assertThat(kms.setEnabled("a", false).enabled()).isFalse();
        assertThatThrownBy(() -> kms.generateDataKey("k", CTX)).satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.KMS_KEY_DISABLED));
        assertThat(kms.decrypt("k", dk.wrapped(), CTX)).isEqualTo(dk.plaintext());
        kms.setEnabled("k", true);
        assertThat(kms.generateDataKey("k", CTX).keyId()).isEqualTo("k");
    }

    @Test
    void aWrapOpensOnlyWithItsContextAndUnderTheKeyItNames_KMS_6() {
        kms.create("k", null);
        kms.create("j", null);
        var dk = kms.generateDataKey("k", CTX);
        assertThatThrownBy(() -> kms.decrypt("k", dk.wrapped(), Map.of("aws:s3:arn", "arn:aws:s3:::b-1/other.jpg")))
                .satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.KMS_INVALID_CIPHERTEXT));
        assertThatThrownBy(() -> kms.decrypt("j", dk.wrapped(), CTX)).satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.KMS_INVALID_CIPHERTEXT));
        assertThatThrownBy(() -> kms.decrypt("k", new byte[] {9, 9, 9}, CTX)).satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.KMS_INVALID_CIPHERTEXT));
    }

    @Test
    void keysSurviveAReopenAndOpenUnderTheSameMasterKey_KMS_7() {
        kms.create("k", null);
        var dk = kms.generateDataKey("k", CTX);
        store.close();
        store = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        kms = new BuiltInKeyService(store.kmsKeys(), Clock.systemUTC());
        assertThat(kms.decrypt("k", dk.wrapped(), CTX)).isEqualTo(dk.plaintext());
        assertThat(kms.list()).extracting(k -> k.id() + "@" + k.currentVersion()).containsExactly("k@1");
    }

    @Test
    void aKmsBucketDefaultMustNameAKeyThatCanMakeDataKeysNow_SSE_D3() {
        store.identity().createAccount("100000000001", "1250000000");
        store.buckets().create(new Bucket("b-1250000000", "100000000001", "1250000000", "ap-guangzhou", Instant.EPOCH, VersioningState.UNVERSIONED));
        var enc = new EncryptionConfigService(store.buckets(), kms);
        assertThatThrownBy(() -> enc.put("b-1250000000", new BucketEncryption(SseMode.SSE_KMS, "fool-me-again", false)))
                .satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.KMS_KEY_NOT_FOUND));
        kms.create("k", null);
        kms.setEnabled("k", false);
        assertThatThrownBy(() -> enc.put("b-1250000000", new BucketEncryption(SseMode.SSE_KMS, "k", false)))
                .satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.KMS_KEY_DISABLED));
        assertThat(enc.defaultFor("b-1250000000")).isEmpty();
        kms.setEnabled("k", true);
        var ok = new BucketEncryption(SseMode.SSE_KMS, "k", true);
        assertThat(enc.put("b-1250000000", ok)).isTrue();
        assertThat(enc.defaultFor("b-1250000000")).contains(ok);
        assertThat(enc.choose("b-1250000000", io.cosd.domain.sse.SseChoice.Requested.NOTHING))
                .isEqualTo(new io.cosd.domain.sse.SseChoice.Applied(SseMode.SSE_KMS, "k", true, true));
        enc.delete("b-1250000000");
        assertThat(enc.defaultFor("b-1250000000")).isEmpty();
        assertThat(enc.put("gone-1250000000", new BucketEncryption(SseMode.SSE_S3, null, false))).isFalse();
    }

    /*
     * A key whose id is "default" is not the default key (KMS-9), but stays a key: its ARN names it,
     * and what it wrapped opens under the canonical id the object stored (and with no id at all).
     */
    @Test
    void aKeyWhoseIdIsDefaultIsNamedByItsArnAndOpensWhatItWrapped_KMS_2_KMS_9() {
        kms.create("default", null);
        assertThatThrownBy(() -> kms.generateDataKey("default", CTX)).satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.KMS_KEY_NOT_FOUND));
        var dk = kms.generateDataKey("arn:aws:kms:us-east-1:111122223333:key/default", CTX);
        assertThat(dk.keyId()).isEqualTo("default");
        assertThat(kms.decrypt("default", dk.wrapped(), CTX)).isEqualTo(dk.plaintext());
        assertThat(kms.decrypt(null, dk.wrapped(), CTX)).isEqualTo(dk.plaintext());
        var orders = kms.create("k2", "orders");
        assertThatThrownBy(() -> kms.decrypt("orders", dk.wrapped(), CTX))
                .satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.KMS_INVALID_CIPHERTEXT));
        var o = kms.generateDataKey("alias/orders", CTX);
        assertThat(kms.decrypt(orders.id(), o.wrapped(), CTX)).isEqualTo(o.plaintext());
        assertThat(kms.decrypt("alias/orders", o.wrapped(), CTX)).isEqualTo(o.plaintext());
    }
}
