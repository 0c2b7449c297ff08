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

    /**
     * Never the SecretKey (docs/security.md ADM-8): a record's default toString would print it wherever
     * a key reaches a log line, an exception message or a test failure.
     */
    @Override
    public String toString() {
        return "AccessKey[secretId=" + secretId + ", secretKey=" + (secretKey == null ? "null" : "(hidden)") + ", account=" + account
                + ", userUin=" + userUin + ", active=" + active + ", createdAt=" + createdAt + "]";
    }
}
