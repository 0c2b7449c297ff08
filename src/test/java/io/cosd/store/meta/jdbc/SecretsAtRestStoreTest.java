package io.cosd.store.meta.jdbc;

import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.identity.Account;
import io.cosd.store.fs.MasterKeyFile;
import io.cosd.store.meta.MasterKeyException;
import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.SecretSealer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SecretKeys at rest in SQLite (docs/storage.md "Security at rest"). */
class SecretsAtRestStoreTest {
    private static final String PLAIN = "PlaintextSecretKeyPlaintextSecre";

    @TempDir
    Path dir;

    private Path db() { return dir.resolve("meta.db"); }

    private String rawColumn(String secretId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT secret_key || '|' || coalesce(sealed_by, 'NULL') FROM access_keys WHERE secret_id = '" + secretId + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** meta.db, its WAL and SHM, as ISO-8859-1 text (every byte a char) to search for a key. */
    private String fileBytes() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path f = dir.resolve("meta.db" + suffix);
            if (Files.exists(f)) sb.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    @Test
    void theRawColumnHoldsNoPlaintextAndOnlyFindKeyOpensIt() throws Exception {
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db())) {
            Account a = store.identity().createAccount("100000000001", "1250000000");
            store.identity().createKey(a, "100000000001", "AKIDroot", PLAIN);
            assertThat(rawColumn("AKIDroot")).doesNotContain(PLAIN).startsWith("v1:");
            assertThat(store.identity().findKey("AKIDroot").map(AccessKey::secretKey)).contains(PLAIN);
            assertThat(store.identity().listKeys(a)).singleElement().satisfies(k -> assertThat(k.secretKey()).isNull());
            assertThat(fileBytes()).doesNotContain(PLAIN);
        }
        assertThat(fileBytes()).doesNotContain(PLAIN);
    }

    @Test
    void kmsKeyMaterialIsSealedAndOpensOnlyOnItsOwnRow_KMS_7() throws Exception {
        byte[] material = "KmsMaterialKmsMaterialKmsMateria".getBytes(StandardCharsets.US_ASCII);
        byte[] other = "OtherMaterialOtherMaterialOtherM".getBytes(StandardCharsets.US_ASCII);
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db())) {
            store.kmsKeys().create("k", null, material, java.time.Instant.EPOCH);
            store.kmsKeys().create("j", null, other, java.time.Instant.EPOCH);
            assertThat(store.kmsKeys().material("k", 1)).hasValueSatisfying(m -> assertThat(m).isEqualTo(material));
            String b64 = java.util.Base64.getEncoder().encodeToString(material);
            assertThat(fileBytes()).doesNotContain(b64).doesNotContain(new String(material, StandardCharsets.ISO_8859_1));
        }
        // a sealed value moved onto another key's row does not open there
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE kms_key_versions SET material = (SELECT material FROM kms_key_versions WHERE key_id = 'k') WHERE key_id = 'j'");
        }
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db())) {
            assertThatThrownBy(() -> store.kmsKeys().material("j", 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aDatabaseHoldingOnlySealedKmsKeysRefusesAnotherMasterKey_KMS_7() {
        SecretSealer first = SecretSealer.of(SecretSealer.newKey()), other = SecretSealer.of(SecretSealer.newKey());
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db(), Clock.systemUTC(), MasterKeySource.of(first))) {
            store.kmsKeys().create("k", null, new byte[32], java.time.Instant.EPOCH);
        }
        assertThatThrownBy(() -> JdbcMetadataStore.openSqlite(db(), Clock.systemUTC(), MasterKeySource.of(other)).close())
                .isInstanceOf(MasterKeyException.class).hasMessageContaining(first.keyId());
    }

    @Test
    void aFreshDatabaseGetsAMasterKeyFileAndOwnerOnlyModes() throws Exception {
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db())) {
            store.identity().createAccount("100000000001", "1250000000");
            for (String f : new String[] {"meta.db", "meta.db-wal", "meta.db-shm", "master.key"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f)))).as(f).isEqualTo("rw-------");
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        }
    }

    @Test
    void aDatabaseReachedThroughASymbolicLinkHasItsWalAndShmBesideTheRealFileMadeOwnerOnlyToo() throws Exception {
        // SQLite follows a linked meta.db and keeps -wal and -shm beside the real file (SC-C7's memo
        // reads that -shm too). Restricting the link restricts the real file, and SQLite gives the -wal
        // and -shm it re-creates the database file's mode, so readable ones left there end owner-only.
        // The real file's directory is the operator's and keeps its mode.
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path real = elsewhere.resolve("meta.db");
        JdbcMetadataStore.openSqlite(real).close();
        for (String f : new String[] {"meta.db", "meta.db-wal", "meta.db-shm"}) {
            Path p = elsewhere.resolve(f);
            if (!Files.exists(p)) Files.createFile(p);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.createSymbolicLink(db(), real);
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db())) {
            store.identity().createAccount("100000000001", "1250000000");
            for (String f : new String[] {"meta.db", "meta.db-wal", "meta.db-shm"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere.resolve(f)))).as(f).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void plaintextRowsFromBeforeSealingAreSealedAtOpenAndLeaveNoPlaintextInTheFile() throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("7").load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO accounts (root_uin, appid, created_at) VALUES ('100000000001', '1250000000', 0)");
            s.executeUpdate("INSERT INTO users (uin, account_uin, name, created_at) VALUES ('100000000001', '100000000001', 'root', 0)");
            s.executeUpdate("INSERT INTO access_keys (secret_id, secret_key, account_uin, user_uin, active, created_at)"
                    + " VALUES ('AKIDold', '" + PLAIN + "', '100000000001', '100000000001', 1, 0)");
        }
        assertThat(fileBytes()).as("the old plaintext is there before the upgrade").contains(PLAIN);
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db())) {
            assertThat(store.identity().findKey("AKIDold").map(AccessKey::secretKey)).contains(PLAIN);
            assertThat(rawColumn("AKIDold")).doesNotContain(PLAIN);
            assertThat(fileBytes()).doesNotContain(PLAIN);
        }
    }

    @Test
    void aWrongMasterKeyIsRefusedWithOneLineThatSaysWhatToDo() throws Exception {
        SecretSealer right = SecretSealer.of(SecretSealer.newKey());
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db(), Clock.systemUTC(), MasterKeySource.of(right))) {
            Account a = store.identity().createAccount("100000000001", "1250000000");
            store.identity().createKey(a, "100000000001", "AKIDroot", PLAIN);
        }
        SecretSealer wrong = SecretSealer.of(SecretSealer.newKey());
        assertThatThrownBy(() -> JdbcMetadataStore.openSqlite(db(), Clock.systemUTC(), MasterKeySource.of(wrong)))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("sealed under master key id " + right.keyId())
                .hasMessageContaining("COSD_MASTER_KEY_FILE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db(), Clock.systemUTC(), MasterKeySource.of(right))) {
            assertThat(store.identity().findKey("AKIDroot").map(AccessKey::secretKey)).contains(PLAIN);
        }
    }

    @Test
    void aMissingMasterKeyFileOverSealedDataIsRefusedAndNoNewKeyIsGenerated() throws Exception {
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db())) {
            Account a = store.identity().createAccount("100000000001", "1250000000");
            store.identity().createKey(a, "100000000001", "AKIDroot", PLAIN);
        }
        Path key = dir.resolve(MasterKeyFile.DEFAULT_NAME);
        Path saved = dir.resolve("saved.key");
        Files.move(key, saved);
        assertThatThrownBy(() -> JdbcMetadataStore.openSqlite(db()))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("does not exist: restore that file");
        assertThat(key).doesNotExist();
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db(), Clock.systemUTC(), new MasterKeyFile(saved, "test"))) {
            assertThat(store.identity().findKey("AKIDroot").map(AccessKey::secretKey)).contains(PLAIN);
        }
    }

    @Test
    void aSealedValueCopiedOntoAnotherKeysRowDoesNotOpenEvenAfterTheOriginalWasOpened() throws Exception {
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db())) {
            Account a = store.identity().createAccount("100000000001", "1250000000");
            store.identity().createKey(a, "100000000001", "AKIDa", PLAIN);
            store.identity().createKey(a, "100000000001", "AKIDb", "another-secret");
            assertThat(store.identity().findKey("AKIDa").map(AccessKey::secretKey)).contains(PLAIN);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE access_keys SET secret_key = (SELECT secret_key FROM access_keys WHERE secret_id = 'AKIDa')"
                        + " WHERE secret_id = 'AKIDb'");
            }
            assertThatThrownBy(() -> store.identity().findKey("AKIDb")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not open");
        }
    }
}
