package io.cosd.service;

import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.policy.Policy;
import io.cosd.store.meta.MetadataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Identity policies of sub-users (docs/policy.md "Identity policies", POL-I1): the stored document
 * (verbatim) and its compiled form, cached per user.
 *
 * <p>{@code cosd admin user policy put} writes the database from another process, so a served
 * request reads the stored document (one primary-key read, only for sub-user callers) and recompiles
 * only when its text or the user's account differs from the cached one: a new or removed grant holds
 * from the next request (POL-I7), and a document is still compiled once per change, never per
 * request. The text itself is the cache key (not a revision counter), so a user removed and re-added
 * under the same uin can never be served its predecessor's compiled policy.
 */
public final class UserPolicyService {
    private static final Logger log = LoggerFactory.getLogger(UserPolicyService.class);
    private static final Policy UNREADABLE = new Policy("2.0", List.of());

    private record Entry(String document, Account account, Policy policy) {}

    private final MetadataStore meta;
    private final BiFunction<String, Account, Policy> compiler;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** @param compiler stored document and the user's account → compiled identity policy (the api layer's parser; throws on a defect) */
    public UserPolicyService(MetadataStore meta, BiFunction<String, Account, Policy> compiler) {
        this.meta = meta;
        this.compiler = compiler;
    }

    /** The caller's compiled identity policy; null for roots, anonymous callers and sub-users without one. */
    public Policy policy(Principal caller) {
        if (!(caller instanceof Principal.SubUser s)) return null;
        Optional<String> stored = meta.userPolicies().find(s.uin());
        if (stored.isEmpty()) {
            entries.remove(s.uin());
            return null;
        }
        String text = stored.get();
        Entry e = entries.get(s.uin());
        if (e != null && e.account.equals(s.account()) && e.document.equals(text)) return e.policy;
        Entry fresh = new Entry(text, s.account(), compile(text, s));
        entries.put(s.uin(), fresh);
        return fresh.policy;
    }

    private Policy compile(String text, Principal.SubUser s) {
        try {
            return compiler.apply(text, s.account());
        } catch (RuntimeException ex) {
            // Validated on put; if it no longer compiles (a changed region), it grants nothing.
            log.warn("stored identity policy of user {} does not compile ({}); treating it as granting nothing", s.uin(), ex.getMessage());
            return UNREADABLE;
        }
    }

    /**
     * Validates {@code text} (the compiler throws naming the defect) and stores it verbatim.
     *
     * @throws IllegalArgumentException if {@code uin} is not a sub-user of {@code account} (roots have every right in their account)
     */
    public void put(Account account, String uin, String text) {
        requireSubUser(account, uin);
        compiler.apply(text, account);
        meta.userPolicies().put(uin, text);
    }

    /** The stored document, byte for byte. */
    public Optional<String> document(Account account, String uin) {
        requireSubUser(account, uin);
        return meta.userPolicies().find(uin);
    }

    /** @return false when the user had none */
    public boolean delete(Account account, String uin) {
        requireSubUser(account, uin);
        return meta.userPolicies().delete(uin);
    }

    private void requireSubUser(Account account, String uin) {
        if (uin.equals(account.rootUin())) {
            throw new IllegalArgumentException(uin + " is the account's root: it may do everything in its account and takes no identity policy");
        }
        boolean known = meta.identity().listUsers(account).stream().anyMatch(u -> u.uin().equals(uin));
        if (!known) throw new IllegalArgumentException("no user " + uin + " in account " + account.rootUin());
    }
}
