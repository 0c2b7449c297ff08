package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.EmailAddress;
import io.cosd.domain.identity.User;
import io.cosd.store.meta.ConflictException;
import io.cosd.store.meta.IdentityRepository;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * Accounts, users and keys as an operator manages them: one set of rules for {@code cosd admin} and the
 * {@code /-/admin/} endpoints (docs/security.md ADM-4, ADM-5), so the HTTP side can never accept what the
 * CLI refuses or the other way round. Every input is validated before anything is stored; a refusal is
 * a {@link Refusal} and changes nothing. Who may call what is the caller's business (api/ops/AdminGate,
 * the CLI's access to the data dir); this class only scopes users and keys to the account it is given.
 */
public final class IdentityAdmin {
    /** ADM-4: a user's display name: 1 to 64 characters, no control characters, no space at either end. */
    static final int MAX_NAME = 64;
    /** ADM-4: a chosen SecretId (CLI {@code account add --secret-id}) or one named to revoke: printable ASCII without spaces. */
    static final String SECRET_ID = "[!-~]{1,128}";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IdentityRepository ids;

    public IdentityAdmin(IdentityRepository ids) {
        this.ids = ids;
    }

    /** A new account and its first root key; {@code key.secretKey()} is the only copy ever returned in plain text. */
    public record NewAccount(Account account, String email, AccessKey key) {}

    public List<User> users(Account account) {
        return ids.listUsers(account);
    }

    /** @param name null: the uin (as the CLI always did) */
    public User addUser(Account account, String uin, String name) {
        requireUin(uin);
        String n = name == null ? uin : name;
        requireName(n);
        try {
            return ids.addUser(account, uin, n);
        } catch (ConflictException e) {
            // users.uin is the primary key over every account, and every account's root is a row too
            throw new Refusal(Refusal.Reason.ENTITY_EXISTS, "The uin " + uin + " is already a user or an account's root.");
        }
    }

    /** Removes a sub-user and its keys (and with them its identity policy's effect); the root cannot be removed. */
    public void removeUser(Account account, String uin) {
        requireUin(uin);
        if (uin.equals(account.rootUin())) {
            throw new Refusal(Refusal.Reason.INVALID_REQUEST, "The account's root user cannot be removed; remove the account instead.");
        }
        if (!ids.removeUser(account, uin)) throw noSuchUser(account, uin);
    }

    /** Every key of the account, revoked ones included, never a SecretKey. */
    public List<AccessKey> keys(Account account) {
        return ids.listKeys(account);
    }

    /** A new generated key for a user (root or sub-user) of {@code account}. */
    public AccessKey createKey(Account account, String uin) {
        requireUin(uin);
        requireUser(account, uin);
        try {
            return ids.createKey(account, uin, "AKID" + random(32), random(32));
        } catch (IllegalArgumentException e) {
            throw noSuchUser(account, uin); // removed between the check and the insert
        }
    }

    /** Revokes an active key of {@code account}; a key of another account is as unknown as one that never existed. */
    public void revokeKey(Account account, String secretId) {
        requireSecretId(secretId);
        boolean ours = ids.listKeys(account).stream().anyMatch(k -> k.secretId().equals(secretId) && k.active());
        if (!ours || !ids.revokeKey(secretId)) {
            throw new Refusal(Refusal.Reason.NO_SUCH_ENTITY, "No active key " + secretId + " in account " + account.rootUin() + ".");
        }
    }

    /** {@code cosd admin key revoke}: the operator revokes any key on the server. @return false if there was no active one */
    public boolean revokeAnyKey(String secretId) {
        requireSecretId(secretId);
        return ids.revokeKey(secretId);
    }

    public List<IdentityRepository.AccountSummary> accounts() {
        return ids.accountSummaries();
    }

    /** ACC-4: the first account (the operator's); empty before the first start. */
    public Optional<Account> first() {
        List<Account> all = ids.listAccounts();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    public boolean isFirst(Account account) {
        return first().map(account::equals).orElse(false);
    }

    /**
     * A new account with a root key. uin and APPID are generated when null; {@code secretId} and
     * {@code secretKey} are generated when null (both or neither). Nothing is left behind on a refusal.
     */
    public NewAccount addAccount(String uin, String appId, String email, String secretId, String secretKey) {
        if (uin != null) requireUin(uin);
        if (appId != null && !Account.isId(appId)) throw invalid("The APPID must be 1 to 20 digits.");
        if ((secretId == null) != (secretKey == null)) throw invalid("A chosen SecretId needs its SecretKey.");
        if (secretId != null) requireSecretId(secretId);
        if (secretKey != null && !secretKey.matches("[!-~]{1,128}")) throw invalid("The SecretKey must be 1 to 128 printable ASCII characters.");
        String normalized;
        try {
            normalized = email == null ? null : EmailAddress.normalize(email);
        } catch (IllegalArgumentException e) {
            throw invalid("email: " + e.getMessage());
        }
        Account a = new Account(uin != null ? uin : "1000" + digits(8), appId != null ? appId : "125" + digits(7));
        try {
            // ADM-11: the account, its root user and its key in one transaction; nothing is left on a failure.
            AccessKey k = ids.createAccountWithKey(a.rootUin(), a.appId(), normalized, secretId != null ? secretId : "AKID" + random(32),
                    secretKey != null ? secretKey : random(32));
            return new NewAccount(a, normalized, k);
        } catch (ConflictException e) {
            throw new Refusal(Refusal.Reason.ENTITY_EXISTS, "The uin " + a.rootUin() + " or APPID " + a.appId()
                    + (normalized != null ? " or e-mail " + normalized : "") + (secretId != null ? " or SecretId " + secretId : "")
                    + " is already taken.");
        }
    }

    /**
     * ACC-7, ADM-12: sets ({@code email} non-null) or removes ({@code null}) an account's e-mail address,
     * for {@code cosd admin account set-email} and {@code PUT|DELETE /-/admin/accounts/email} alike. The
     * address is normalized first (bad: InvalidArgument); another account's address is EntityAlreadyExists;
     * no such account is NoSuchEntity. Grants already made by e-mail stay with the account they named.
     * @return the stored address, or null when it was removed
     */
    public String setAccountEmail(String uin, String email) {
        requireUin(uin);
        String normalized;
        try {
            normalized = email == null ? null : EmailAddress.normalize(email);
        } catch (IllegalArgumentException e) {
            throw invalid("email: " + e.getMessage());
        }
        boolean found;
        try {
            found = ids.setAccountEmail(uin, normalized);
        } catch (ConflictException e) {
            throw new Refusal(Refusal.Reason.ENTITY_EXISTS, "The e-mail " + normalized + " is another account's.");
        }
        if (!found) throw new Refusal(Refusal.Reason.NO_SUCH_ENTITY, "No account with uin " + uin + ".");
        return normalized;
    }

    /** ACC-3, ACC-4: removes an account with its users and keys; never the first, never one that owns buckets. */
    public void removeAccount(String uin) {
        requireUin(uin);
        if (first().map(a -> a.rootUin().equals(uin)).orElse(false)) {
            // The first account is the one COSD_ROOT_* describe and the key file names; removing it
            // would make the next start create a new one (docs/accounts.md ACC-4).
            throw new Refusal(Refusal.Reason.INVALID_REQUEST, uin + " is the first (root) account, which cannot be removed.");
        }
        boolean removed;
        try {
            removed = ids.removeAccount(uin);
        } catch (ConflictException e) {
            throw new Refusal(Refusal.Reason.ENTITY_IN_USE, e.getMessage());
        }
        if (!removed) throw new Refusal(Refusal.Reason.NO_SUCH_ENTITY, "No account with uin " + uin + ".");
    }

    /** Throws unless {@code uin} is a sub-user (or the root) of {@code account}. */
    public void requireUser(Account account, String uin) {
        requireUin(uin);
        if (ids.listUsers(account).stream().noneMatch(u -> u.uin().equals(uin))) throw noSuchUser(account, uin);
    }

    static void requireUin(String uin) {
        if (!Account.isId(uin)) throw invalid("A uin is 1 to 20 digits.");
    }

    static void requireName(String name) {
        boolean control = name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0));
        if (name.isEmpty() || name.length() > MAX_NAME || control || !name.strip().equals(name)) {
            throw invalid("A user name is 1 to " + MAX_NAME + " characters, without control characters or spaces at either end.");
        }
    }

    static void requireSecretId(String id) {
        if (id == null || !id.matches(SECRET_ID)) throw invalid("A SecretId is 1 to 128 printable ASCII characters without spaces.");
    }

    private static Refusal noSuchUser(Account account, String uin) {
        return new Refusal(Refusal.Reason.NO_SUCH_ENTITY, "No user " + uin + " in account " + account.rootUin() + ".");
    }

    private static Refusal invalid(String detail) {
        return new Refusal(Refusal.Reason.INVALID_ARGUMENT, detail);
    }

    private static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        return sb.toString();
    }

    private static String digits(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append((char) ('0' + RANDOM.nextInt(10)));
        return sb.toString();
    }
}
