package io.cosd.store.meta;

import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.User;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Accounts, users and keys.
 * Contract: creating an account also creates its root user. Removing a user removes its keys.
 * Uniqueness violations (uin, appid, secret id) throw {@link ConflictException} and change nothing.
 * SecretKeys are never stored in plaintext: an implementation seals them under the master key
 * (docs/storage.md "Security at rest"), and only {@link #findKey} returns one.
 */
public interface IdentityRepository {
    Account createAccount(String rootUin, String appId);

    Optional<Account> findAccount(String rootUin);

    /**
     * As {@link #createAccount(String, String)} with an e-mail address in its stored form
     * ({@code EmailAddress.normalize}), or null for none (docs/accounts.md ACC-7).
     *
     * @throws ConflictException if the uin, APPID or address is taken (nothing is created)
     */
    Account createAccount(String rootUin, String appId, String email);

    /**
     * As {@link #createAccount(String, String, String)} with the root user's first key, all in one
     * transaction (docs/security.md ADM-11): a failure storing the key leaves no keyless account behind.
     *
     * @throws ConflictException if the uin, APPID, address or SecretId is taken (nothing is created)
     */
    AccessKey createAccountWithKey(String rootUin, String appId, String email, String secretId, String secretKey);

    /**
     * Sets (null: removes) the account's e-mail address, in its stored form (ACC-7).
     *
     * @return false if there is no such account
     * @throws ConflictException if another account has that address
     */
    boolean setAccountEmail(String rootUin, String email);

    /** The account with this e-mail address, given in its stored form (ACC-7, ACL-H3). */
    Optional<Account> findAccountByEmail(String email);

    /** Oldest first: the first is the account the first start created ("the root account"). */
    List<Account> listAccounts();

    /** An account with its creation time and how many buckets it owns ({@code cosd admin account list}). */
    record AccountSummary(Account account, Instant createdAt, int buckets, String email) {}

    /** Every account, oldest first, with its bucket count. */
    List<AccountSummary> accountSummaries();

    /**
     * Removes the account with its users and keys, in one transaction (docs/accounts.md ACC-3).
     *
     * @return false if there is no such account
     * @throws ConflictException while the account owns buckets (nothing is changed)
     */
    boolean removeAccount(String rootUin);

    User addUser(Account account, String uin, String name);

    /** @return false if no such sub-user; the root user cannot be removed (IllegalArgumentException). */
    boolean removeUser(Account account, String uin);

    List<User> listUsers(Account account);

    /** @throws IllegalArgumentException if {@code userUin} is not a user of {@code account} */
    AccessKey createKey(Account account, String userUin, String secretId, String secretKey);

    /** Marks the key inactive; inactive keys are not returned by {@link #findKey}. */
    boolean revokeKey(String secretId);

    /** An active key. */
    Optional<AccessKey> findKey(String secretId);

    /** Every key of the account, revoked ones included, with {@code secretKey} null. */
    List<AccessKey> listKeys(Account account);
}
