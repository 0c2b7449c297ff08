package io.cosd.store.meta;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The built-in key service's keys (docs/encryption.md "Key service"): named keys, each with numbered
 * versions of key material. Contract (KmsKeyContract):
 * <ul>
 *   <li>the material is stored sealed under the master key (docs/storage.md "Security at rest"), bound
 *       to its key id and version, and only {@link #material} returns it opened;</li>
 *   <li>key ids and aliases are one namespace: a name is at most one key's id or alias, never both;</li>
 *   <li>a version, once written, never changes and is never removed, so every wrap made under it
 *       still opens (KMS-3); {@link #rotate} only adds the next one and makes it current;</li>
 *   <li>each method is one transaction.</li>
 * </ul>
 */
public interface KmsKeyRepository {
    /** A key without its material. {@code alias} may be null. */
    record StoredKey(String id, String alias, boolean enabled, int currentVersion, Instant created) {}

    /**
     * Creates a key with version 1 holding {@code material} (32 bytes), enabled.
     *
     * @throws ConflictException if {@code id} or {@code alias} is already a key's id or alias
     */
    StoredKey create(String id, String alias, byte[] material, Instant now);

    /** The key whose id is {@code name}, else the one whose alias is {@code name}. */
    Optional<StoredKey> find(String name);

    /** Every key, by creation time then id. */
    List<StoredKey> list();

    /** The opened material of one version; empty if the key or the version does not exist. */
    Optional<byte[]> material(String id, int version);

    /**
     * Adds version {@code current + 1} holding {@code material} and makes it current.
     *
     * @return the key as it is now; empty if there is no key {@code id}
     */
    Optional<StoredKey> rotate(String id, byte[] material, Instant now);

    /** @return the key as it is now; empty if there is no key {@code id} */
    Optional<StoredKey> setEnabled(String id, boolean enabled);
}
