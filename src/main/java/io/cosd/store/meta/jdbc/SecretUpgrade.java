package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.MasterKeyException;
import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.SecretSealer;
import io.cosd.store.meta.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up step of the secrets-at-rest rule (docs/storage.md "Security at rest"), run right after
 * the migrations on a plain writer connection:
 * <ol>
 *   <li>loads the master key, allowing a new one only if no row is sealed yet;</li>
 *   <li>refuses a key that is not the one the rows were sealed with (by key id, then by opening one
 *       row, so a forged id cannot pass);</li>
 *   <li>seals rows still in plaintext (written before V8) in one transaction, then VACUUMs and
 *       truncates the WAL so the old plaintext pages are overwritten, not just unlinked.</li>
 * </ol>
 */
final class SecretUpgrade {
    private SecretUpgrade() {}

    static SecretSealer run(DataSource writer, MasterKeySource keys, String dbFile) {
        return run(writer, keys, dbFile, true);
    }

    /**
     * @param sqliteFile whether the database is a SQLite file whose freed pages must be overwritten
     *        after sealing; PostgreSQL databases are created by this version, which never writes a
     *        plaintext SecretKey, so they have none to seal and nothing to compact
     */
    static SecretSealer run(DataSource writer, MasterKeySource keys, String dbFile, boolean sqliteFile) {
        try (Connection c = writer.getConnection()) {
            // KMS key material (V17) is sealed by the same key: a database holding only that is sealed too.
            List<String> sealedBy = strings(c, "SELECT sealed_by FROM access_keys WHERE sealed_by IS NOT NULL"
                    + " UNION SELECT sealed_by FROM kms_key_versions");
            SecretSealer sealer = keys.load(sealedBy.isEmpty());
            for (String id : sealedBy) {
                if (!id.equals(sealer.keyId())) throw wrongKey(dbFile, id, sealer);
            }
            if (!sealedBy.isEmpty()) verifyOne(c, sealer, dbFile);
            if (sealPlaintext(c, sealer) > 0 && sqliteFile) {
                try (Statement s = c.createStatement()) {
                    s.execute("VACUUM");
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            }
            return sealer;
        } catch (SQLException e) {
            throw new StoreException("cannot seal the stored SecretKeys: " + e.getMessage(), e);
        }
    }

    private static MasterKeyException wrongKey(String dbFile, String sealedBy, SecretSealer given) {
        return new MasterKeyException(dbFile + " is sealed under master key id " + sealedBy + " but the given master key has id "
                + given.keyId() + ": start with the key the data was sealed with (COSD_MASTER_KEY_FILE, COSD_MASTER_KEY or <data>/master.key)");
    }

    private static void verifyOne(Connection c, SecretSealer sealer, String dbFile) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT secret_id, secret_key, sealed_by FROM access_keys WHERE sealed_by IS NOT NULL LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return;
            try {
                sealer.open(rs.getString(1), rs.getString(2));
            } catch (IllegalArgumentException e) {
                throw wrongKey(dbFile, rs.getString(3), sealer);
            }
        }
    }

    private static int sealPlaintext(Connection c, SecretSealer sealer) throws SQLException {
        c.setAutoCommit(false);
        try {
            // Read first, then update: SQLite leaves an UPDATE of the table a SELECT is walking undefined.
            List<String[]> plain = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT secret_id, secret_key FROM access_keys WHERE sealed_by IS NULL");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) plain.add(new String[] {rs.getString(1), rs.getString(2)});
            }
            int n = 0;
            try (PreparedStatement update = c.prepareStatement("UPDATE access_keys SET secret_key = ?, sealed_by = ? WHERE secret_id = ? AND sealed_by IS NULL")) {
                for (String[] row : plain) {
                    update.setString(1, sealer.seal(row[0], row[1]));
                    update.setString(2, sealer.keyId());
                    update.setString(3, row[0]);
                    n += update.executeUpdate();
                }
            }
            c.commit();
            return n;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
