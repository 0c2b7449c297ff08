package io.cosd.store.meta;

import java.util.Optional;

/**
 * Identity policies of sub-users (docs/policy.md "Identity policies"): one stored document per user,
 * verbatim. Removing a user removes its policy. Each method is one transaction.
 */
public interface UserPolicyRepository {
    /** Stores {@code document} for the user, replacing any previous one. @throws ConflictException if no such user */
    void put(String userUin, String document);

    /** The stored document, verbatim. */
    Optional<String> find(String userUin);

    /** @return false when the user had none */
    boolean delete(String userUin);
}
