package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.ChangeFeed.Change;
import io.cosd.store.meta.ChangeFeed.Kind;
import io.cosd.store.meta.UserPolicyRepository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;

/**
 * The {@code user_policies} table (V12). Puts and deletes publish their change (SC-C6), though no
 * process caches the stored document: {@code UserPolicyService} reads it on every sub-user request.
 */
final class JdbcUserPolicyRepository implements UserPolicyRepository {
    private final Tx tx;
    private final Clock clock;

    JdbcUserPolicyRepository(Tx tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void put(String userUin, String document) {
        long now = clock.millis();
        tx.write(c -> {
            Sql.update(c, "INSERT INTO user_policies (user_uin, document, updated_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (user_uin) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at",
                    userUin, document, now);
            tx.changes().publish(c, Change.of(Kind.USER_POLICY, userUin));
            return null;
        });
    }

    @Override
    public Optional<String> find(String userUin) {
        return tx.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT document FROM user_policies WHERE user_uin = ?", userUin);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public boolean delete(String userUin) {
        return tx.write(c -> {
            boolean removed = Sql.update(c, "DELETE FROM user_policies WHERE user_uin = ?", userUin) > 0;
            if (removed) tx.changes().publish(c, Change.of(Kind.USER_POLICY, userUin));
            return removed;
        });
    }
}
