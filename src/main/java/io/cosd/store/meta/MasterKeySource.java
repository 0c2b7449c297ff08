package io.cosd.store.meta;

/** Where the master key comes from (docs/storage.md "Security at rest"). */
@FunctionalInterface
public interface MasterKeySource {
    /**
     * @param mayCreate true only when the database holds no sealed secret yet: a source may then
     *                  generate a key. Never true over sealed data, so a lost key is an error, not a
     *                  silently new key.
     * @throws MasterKeyException when there is no usable key
     */
    SecretSealer load(boolean mayCreate);

    /** A fixed key (COSD_MASTER_KEY, tests). */
    static MasterKeySource of(SecretSealer sealer) {
        return mayCreate -> sealer;
    }
}
