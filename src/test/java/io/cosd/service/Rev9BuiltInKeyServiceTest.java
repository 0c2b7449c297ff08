package io.cosd.service;

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

import static org.assertj.core.api.Assertions.assertThat;

/** Review (rev9) of key naming in the built-in key service (docs/encryption.md "Key service", KMS-1, KMS-2, KMS-9). */
class Rev9BuiltInKeyServiceTest {
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

    /*
     * KMS-2 reads key/<id> and alias/<alias>; KeyNames.lookupName drops the resource type and the
     * repository's find tries the id, then the alias, so key/<alias> and alias/<id> name keys too. A
     * reference then means something other than it says (AWS answers NotFound for both), and a tool
     * that checks "alias/x" is an alias is misled.
     */
    @Test
    void anArnKeyResourceNamesOnlyIdsAndAnAliasReferenceOnlyAliases_KMS_2() {
        kms.create("k1", "orders");
        assertThat(kms.find("arn:aws:kms:us-east-1:111122223333:key/orders")).isEmpty();
        assertThat(kms.find("arn:aws:kms:us-east-1:111122223333:alias/k1")).isEmpty();
        assertThat(kms.find("alias/k1")).isEmpty();
    }

    /*
     * KMS-9: the default key is "the key aliased default". A key created with --id default (no alias)
     * is found by the same name, so it silently becomes the deployment's default key for every
     * SSE-KMS request and bucket default that names none.
     */
    @Test
    void onlyTheKeyAliasedDefaultIsTheDefaultKeyNotAKeyWhoseIdIsDefault_KMS_9() {
        kms.create("default", null);
        assertThat(kms.find(null)).isEmpty();
    }
}
