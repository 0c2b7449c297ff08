package io.cosd.domain.identity;

import java.time.Instant;

/** A user of an account: the root user (uin == account root uin) or a sub-user. */
public record User(Account account, String uin, String name, Instant createdAt) {
    public boolean isRoot() { return uin.equals(account.rootUin()); }
}
