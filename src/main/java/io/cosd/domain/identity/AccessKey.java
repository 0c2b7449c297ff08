package io.cosd.domain.identity;

import java.time.Instant;

/**
 * A SecretId/SecretKey pair belonging to a user ({@code userUin}) of an account. The root user's uin
 * is the account's root uin.
 */
public record AccessKey(String secretId, String secretKey, Account account, String userUin, boolean active, Instant createdAt) {
    public Principal principal() {
        return userUin.equals(account.rootUin()) ? new Principal.Root(account) : new Principal.SubUser(account, userUin);
    }
}
