package io.cosd.store.meta.jdbc;

import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.User;
import io.cosd.store.meta.ChangeFeed;
import io.cosd.store.meta.ChangeFeed.Change;
import io.cosd.store.meta.ChangeFeed.Kind;
import io.cosd.store.meta.ConflictException;
import io.cosd.store.meta.IdentityRepository;
import io.cosd.store.meta.SecretSealer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts, users and keys. The root user is the user whose uin equals the account's root uin.
 * SecretKeys are stored sealed ({@link SecretSealer}; docs/storage.md "Security at rest"): sealed
 * on insert, opened only by {@link #findKey}; {@link #listKeys} never opens them.
 */
final class JdbcIdentityRepository implements IdentityRepository {
    private static final String ROOT_NAME = "root";
    private static final String KEY_COLUMNS =
            "k.secret_id, k.secret_key, k.user_uin, k.active, k.created_at, a.root_uin, a.appid";

    private final Tx tx;
    private final Clock clock;
    private final SecretSealer sealer;
    /**
     * Opened secrets by (SecretId, sealed value): AES-GCM costs a few microseconds on every signed
     * request otherwise. Only memory; the row (active or revoked) is still read every time, and the
     * SecretId is part of the key so a sealed value copied to another row is still opened, and refused.
     * A revoked key's, a removed user's or account's entries are dropped when the change arrives
     * (SC-C6): its secret no longer stays in this process's memory, though the row read alone refuses it.
     */
    private final Map<String, String> opened = new ConcurrentHashMap<>();
    private static final int OPENED_MAX = 10_000;

    JdbcIdentityRepository(Tx tx, Clock clock, SecretSealer sealer) {
        this.tx = tx;
        this.clock = clock;
        this.sealer = sealer;
        tx.changes().subscribeWithoutListening(new ChangeFeed.Subscriber() {
            @Override
            public void changed(Change change) {
                switch (change.kind()) {
                    case KEY -> opened.keySet().removeIf(k -> k.startsWith(change.id() + "\n"));
                    case USER, ACCOUNT -> opened.clear(); // rare, and the memo does not know whose key is whose
                    default -> { }
                }
            }

            @Override
            public void forgetAll() {
                opened.clear();
            }
        });
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    @Override
    public Account createAccount(String rootUin, String appId) {
        return createAccount(rootUin, appId, null);
    }

    @Override
    public Account createAccount(String rootUin, String appId, String email) {
        Account account = new Account(rootUin, appId);
        long now = now().toEpochMilli();
        return tx.write(c -> {
            Sql.update(c, "INSERT INTO accounts (root_uin, appid, created_at, email) VALUES (?, ?, ?, ?)", rootUin, appId, now, email);
            Sql.update(c, "INSERT INTO users (uin, account_uin, name, created_at) VALUES (?, ?, ?, ?)", rootUin, rootUin, ROOT_NAME, now);
            return account;
        });
    }

    @Override
    public AccessKey createAccountWithKey(String rootUin, String appId, String email, String secretId, String secretKey) {
        Account account = new Account(rootUin, appId);
        Instant now = now();
        String sealed = sealer.seal(secretId, secretKey);
        return tx.write(c -> {
            Sql.update(c, "INSERT INTO accounts (root_uin, appid, created_at, email) VALUES (?, ?, ?, ?)", rootUin, appId, now.toEpochMilli(), email);
            Sql.update(c, "INSERT INTO users (uin, account_uin, name, created_at) VALUES (?, ?, ?, ?)", rootUin, rootUin, ROOT_NAME, now.toEpochMilli());
            Sql.update(c, "INSERT INTO access_keys (secret_id, secret_key, sealed_by, account_uin, user_uin, active, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, 1, ?)", secretId, sealed, sealer.keyId(), rootUin, rootUin, now.toEpochMilli());
            return new AccessKey(secretId, secretKey, account, rootUin, true, now);
        });
    }

    @Override
    public Optional<Account> findAccount(String rootUin) {
        return tx.read(c -> findAccount(c, rootUin));
    }

    private static Optional<Account> findAccount(Connection c, String rootUin) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT root_uin, appid FROM accounts WHERE root_uin = ?", rootUin);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Account(rs.getString(1), rs.getString(2))) : Optional.empty();
        }
    }

    @Override
    public boolean setAccountEmail(String rootUin, String email) {
        return tx.write(c -> {
            boolean set = Sql.update(c, "UPDATE accounts SET email = ? WHERE root_uin = ?", email, rootUin) > 0;
            if (set) tx.changes().publish(c, Change.of(Kind.ACCOUNT, rootUin));
            return set;
        });
    }

    @Override
    public Optional<Account> findAccountByEmail(String email) {
        return tx.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT root_uin, appid FROM accounts WHERE email = ?", email);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Account(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        });
    }

    @Override
    public List<Account> listAccounts() {
        return tx.read(c -> {
            List<Account> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT root_uin, appid FROM accounts ORDER BY created_at, root_uin");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Account(rs.getString(1), rs.getString(2)));
            }
            return out;
        });
    }

    @Override
    public List<AccountSummary> accountSummaries() {
        return tx.read(c -> {
            List<AccountSummary> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT a.root_uin, a.appid, a.created_at,"
                    + " (SELECT COUNT(*) FROM buckets b WHERE b.owner_uin = a.root_uin), a.email"
                    + " FROM accounts a ORDER BY a.created_at, a.root_uin");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AccountSummary(new Account(rs.getString(1), rs.getString(2)),
                            Instant.ofEpochMilli(rs.getLong(3)), rs.getInt(4), rs.getString(5)));
                }
            }
            return out;
        });
    }

    /** Keys, then users, then the account, explicitly rather than through ON DELETE CASCADE, so the statement says what goes. */
    @Override
    public boolean removeAccount(String rootUin) {
        return tx.write(c -> {
            if (findAccount(c, rootUin).isEmpty()) return false;
            try (PreparedStatement ps = Sql.prepare(c, "SELECT COUNT(*) FROM buckets WHERE owner_uin = ?", rootUin);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                int n = rs.getInt(1);
                // Checked inside the write transaction, so no bucket can be created between check and delete.
                if (n > 0) throw new ConflictException("account " + rootUin + " owns " + n + " bucket(s); delete them first");
            }
            Sql.update(c, "DELETE FROM access_keys WHERE account_uin = ?", rootUin);
            Sql.update(c, "DELETE FROM users WHERE account_uin = ?", rootUin);
            boolean removed = Sql.update(c, "DELETE FROM accounts WHERE root_uin = ?", rootUin) > 0;
            if (removed) tx.changes().publish(c, Change.of(Kind.ACCOUNT, rootUin)); // and its keys (SC-C6)
            return removed;
        });
    }

    @Override
    public User addUser(Account account, String uin, String name) {
        Instant now = now();
        return tx.write(c -> {
            Sql.update(c, "INSERT INTO users (uin, account_uin, name, created_at) VALUES (?, ?, ?, ?)",
                    uin, account.rootUin(), name, now.toEpochMilli());
            return new User(account, uin, name, now);
        });
    }

    @Override
    public boolean removeUser(Account account, String uin) {
        if (uin.equals(account.rootUin())) throw new IllegalArgumentException("the root user cannot be removed");
        return tx.write(c -> {
            Sql.update(c, "DELETE FROM access_keys WHERE user_uin = ? AND account_uin = ?", uin, account.rootUin());
            boolean removed = Sql.update(c, "DELETE FROM users WHERE uin = ? AND account_uin = ?", uin, account.rootUin()) > 0;
            if (removed) tx.changes().publish(c, Change.of(Kind.USER, uin)); // and its keys (SC-C6)
            return removed;
        });
    }

    @Override
    public List<User> listUsers(Account account) {
        return tx.read(c -> {
            List<User> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c,
                    "SELECT uin, name, created_at FROM users WHERE account_uin = ? ORDER BY uin", account.rootUin());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new User(account, rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
                }
            }
            return out;
        });
    }

    @Override
    public AccessKey createKey(Account account, String userUin, String secretId, String secretKey) {
        Instant now = now();
        return tx.write(c -> {
            try (PreparedStatement ps = Sql.prepare(c,
                    "SELECT 1 FROM users WHERE uin = ? AND account_uin = ?", userUin, account.rootUin());
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalArgumentException(userUin + " is not a user of account " + account.rootUin());
            }
            Sql.update(c, "INSERT INTO access_keys (secret_id, secret_key, sealed_by, account_uin, user_uin, active, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, 1, ?)", secretId, sealer.seal(secretId, secretKey), sealer.keyId(),
                    account.rootUin(), userUin, now.toEpochMilli());
            return new AccessKey(secretId, secretKey, account, userUin, true, now);
        });
    }

    /** @return true if an active key was deactivated */
    @Override
    public boolean revokeKey(String secretId) {
        return tx.write(c -> {
            boolean revoked = Sql.update(c, "UPDATE access_keys SET active = 0 WHERE secret_id = ? AND active = 1", secretId) > 0;
            if (revoked) tx.changes().publish(c, Change.of(Kind.KEY, secretId)); // SC-C6
            return revoked;
        });
    }

    @Override
    public Optional<AccessKey> findKey(String secretId) {
        // Remembered on an event loop while the database is unchanged: a key disabled or deleted (by this
        // server or a `cosd admin` process) is refused from the next request on (Tx.readRemembered).
        return tx.readRemembered("key\0" + secretId, c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT " + KEY_COLUMNS
                    + " FROM access_keys k JOIN accounts a ON a.root_uin = k.account_uin"
                    + " WHERE k.secret_id = ? AND k.active = 1", secretId);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                AccessKey k = key(rs);
                return Optional.of(new AccessKey(k.secretId(), open(k.secretId(), rs.getString(2)), k.account(),
                        k.userUin(), k.active(), k.createdAt()));
            }
        });
    }

    private String open(String secretId, String sealed) {
        String memo = secretId + "\n" + sealed;
        String secret = opened.get(memo);
        if (secret == null) {
            secret = sealer.open(secretId, sealed);
            if (opened.size() >= OPENED_MAX) opened.clear();
            opened.put(memo, secret);
        }
        return secret;
    }

    /** All keys of the account, inactive ones included, oldest first; without their SecretKeys (null). */
    @Override
    public List<AccessKey> listKeys(Account account) {
        return tx.read(c -> {
            List<AccessKey> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT " + KEY_COLUMNS
                    + " FROM access_keys k JOIN accounts a ON a.root_uin = k.account_uin"
                    + " WHERE k.account_uin = ? ORDER BY k.created_at, k.secret_id", account.rootUin());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(key(rs));
            }
            return out;
        });
    }

    private static AccessKey key(ResultSet rs) throws SQLException {
        Account account = new Account(rs.getString(6), rs.getString(7));
        return new AccessKey(rs.getString(1), null, account, rs.getString(3),
                rs.getInt(4) == 1, Instant.ofEpochMilli(rs.getLong(5)));
    }
}
