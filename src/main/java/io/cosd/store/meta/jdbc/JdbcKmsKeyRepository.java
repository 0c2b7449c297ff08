package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.ConflictException;
import io.cosd.store.meta.KmsKeyRepository;
import io.cosd.store.meta.SecretSealer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The {@code kms_keys} and {@code kms_key_versions} tables (V17). Material is sealed with the same
 * {@link SecretSealer} as SecretKeys; the associated data names the key and version
 * ({@code kms:<id>:<version>}), so a sealed value copied to another row does not open.
 */
final class JdbcKmsKeyRepository implements KmsKeyRepository {
    private static final String COLUMNS = "key_id, alias, enabled, current_version, created_at";

    private final Tx tx;
    private final SecretSealer sealer;

    JdbcKmsKeyRepository(Tx tx, SecretSealer sealer) {
        this.tx = tx;
        this.sealer = sealer;
    }

    @Override
    public StoredKey create(String id, String alias, byte[] material, Instant now) {
        return tx.write(c -> {
            // One namespace for ids and aliases, checked in the writing transaction (single writer).
            try (PreparedStatement ps = Sql.prepare(c, "SELECT 1 FROM kms_keys WHERE key_id IN (?, ?) OR alias IN (?, ?)",
                    id, alias == null ? id : alias, id, alias == null ? id : alias);
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) throw new ConflictException("a key with the id or alias " + id + (alias == null ? "" : " or " + alias) + " exists");
            }
            Sql.update(c, "INSERT INTO kms_keys (" + COLUMNS + ") VALUES (?, ?, 1, 1, ?)", id, alias, now.toEpochMilli());
            insertVersion(c, id, 1, material, now);
            return new StoredKey(id, alias, true, 1, Instant.ofEpochMilli(now.toEpochMilli()));
        });
    }

    @Override
    public Optional<StoredKey> find(String name) {
        return tx.read(c -> find(c, name));
    }

    @Override
    public List<StoredKey> list() {
        return tx.read(c -> {
            List<StoredKey> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT " + COLUMNS + " FROM kms_keys ORDER BY created_at, key_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        });
    }

    @Override
    public Optional<byte[]> material(String id, int version) {
        return tx.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT material FROM kms_key_versions WHERE key_id = ? AND version = ?", id, version);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(Base64.getDecoder().decode(sealer.open(label(id, version), rs.getString(1))));
            }
        });
    }

    @Override
    public Optional<StoredKey> rotate(String id, byte[] material, Instant now) {
        return tx.write(c -> {
            Optional<StoredKey> k = byId(c, id);
            if (k.isEmpty()) return k;
            int next = k.get().currentVersion() + 1;
            insertVersion(c, id, next, material, now);
            Sql.update(c, "UPDATE kms_keys SET current_version = ? WHERE key_id = ?", next, id);
            return byId(c, id);
        });
    }

    @Override
    public Optional<StoredKey> setEnabled(String id, boolean enabled) {
        return tx.write(c -> {
            Sql.update(c, "UPDATE kms_keys SET enabled = ? WHERE key_id = ?", enabled, id);
            return byId(c, id);
        });
    }

    private void insertVersion(Connection c, String id, int version, byte[] material, Instant now) throws SQLException {
        String sealed = sealer.seal(label(id, version), Base64.getEncoder().encodeToString(material));
        Sql.update(c, "INSERT INTO kms_key_versions (key_id, version, material, sealed_by, created_at) VALUES (?, ?, ?, ?, ?)",
                id, version, sealed, sealer.keyId(), now.toEpochMilli());
    }

    /** The sealer's associated-data label of one version: a sealed value opens only on its own row. */
    private static String label(String id, int version) {
        return "kms:" + id + ":" + version;
    }

    private static Optional<StoredKey> find(Connection c, String name) throws SQLException {
        Optional<StoredKey> k = byId(c, name);
        if (k.isPresent()) return k;
        try (PreparedStatement ps = Sql.prepare(c, "SELECT " + COLUMNS + " FROM kms_keys WHERE alias = ?", name);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static Optional<StoredKey> byId(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT " + COLUMNS + " FROM kms_keys WHERE key_id = ?", id);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static StoredKey row(ResultSet rs) throws SQLException {
        return new StoredKey(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getInt(4), Instant.ofEpochMilli(rs.getLong(5)));
    }
}
