package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreException;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADM-11: an account is added with its root user and first key in one transaction, so a failure while
 * the key is stored leaves no account behind (a keyless account nobody can sign for, whose uin a retry
 * then finds taken). Real SQLite; the failure is a trigger that makes the key's INSERT fail with an
 * ordinary database error (integer overflow), not a constraint.
 */
class IdentityAdminAtomicityTest {
    @TempDir
    Path dir;
    MetadataStore meta;
    IdentityAdmin admin;

    @BeforeEach
    void open() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        meta.identity().createAccount("100000000001", "1250000000");
        admin = new IdentityAdmin(meta.identity());
    }

    @AfterEach
    void close() throws Exception {
        meta.close();
    }

    void failEveryKeyInsert(boolean on) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("meta.db")); var s = c.createStatement()) {
            s.execute(on ? "CREATE TRIGGER inject BEFORE INSERT ON access_keys BEGIN SELECT abs(-9223372036854775808); END"
                    : "DROP TRIGGER inject");
        }
    }

    @Test
    void anAccountWhoseKeyCannotBeStoredIsNotLeftBehindAndTheSameUinCanBeAddedOnceTheFaultIsGone_ADM_11() throws Exception {
        failEveryKeyInsert(true);
        assertThatThrownBy(() -> admin.addAccount("100000000701", "1250000701", "ops@example.com", null, null))
                .isInstanceOf(StoreException.class);
        assertThat(meta.identity().listAccounts()).extracting(a -> a.rootUin()).containsExactly("100000000001");
        assertThat(meta.identity().findAccountByEmail("ops@example.com")).isEmpty();

        failEveryKeyInsert(false);
        var added = admin.addAccount("100000000701", "1250000701", "ops@example.com", null, null);
        assertThat(meta.identity().findKey(added.key().secretId())).hasValueSatisfying(k -> {
            assertThat(k.secretKey()).isEqualTo(added.key().secretKey());
            assertThat(k.account().rootUin()).isEqualTo("100000000701");
        });
    }

    @Test
    void aSecretIdAlreadyTakenRefusesTheAccountAndLeavesNothing_ADM_11() {
        var first = admin.addAccount("100000000702", "1250000702", null, "AKIDtakenTAKENtaken01", "s3cr3t");
        assertThatThrownBy(() -> admin.addAccount("100000000703", "1250000703", null, first.key().secretId(), "other"))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Refusal.Reason.ENTITY_EXISTS));
        assertThat(meta.identity().listAccounts()).extracting(a -> a.rootUin()).doesNotContain("100000000703");
        assertThat(meta.identity().findKey(first.key().secretId())).hasValueSatisfying(k -> assertThat(k.secretKey()).isEqualTo("s3cr3t"));
    }
}
