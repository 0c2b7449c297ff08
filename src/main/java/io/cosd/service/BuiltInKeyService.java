package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.kms.KeyNames;
import io.cosd.domain.kms.KeyWrap;
import io.cosd.store.meta.ConflictException;
import io.cosd.store.meta.KmsKeyRepository;
import io.cosd.store.meta.KmsKeyRepository.StoredKey;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * cosd's own key service (docs/encryption.md "Key service"): named keys with versions, their
 * material sealed under the master key in the metadata database ({@link KmsKeyRepository}), data
 * keys wrapped in the self-describing {@link KeyWrap} form. Keys belong to the deployment, not to an
 * account: the {@link KeyService} port names no account, and the operator creates them
 * ({@code cosd admin kms key …}).
 */
public final class BuiltInKeyService implements KeyService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KmsKeyRepository keys;
    private final Clock clock;

    public BuiltInKeyService(KmsKeyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** KMS-2, KMS-4, KMS-5: a fresh data key under the current version of an enabled key. */
    @Override
    public DataKey generateDataKey(String keyId, Map<String, String> context) {
        StoredKey k = resolve(keyId);
        if (!k.enabled()) throw new Refusal(Refusal.Reason.KMS_KEY_DISABLED, "The KMS key " + k.id() + " is disabled.");
        byte[] kek = material(k.id(), k.currentVersion());
        byte[] dataKey = random(KeyWrap.DATA_KEY_BYTES);
        try {
            return new DataKey(k.id(), dataKey, KeyWrap.wrap(kek, k.id(), k.currentVersion(), dataKey, context, random(KeyWrap.NONCE_BYTES)));
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    /**
     * KMS-3, KMS-4, KMS-6: opens a wrap under the version its header names, also of a disabled key
     * (disabling stops new data keys; it never makes stored objects unreadable). The key named by
     * {@code keyId} must be the one the wrap names; null trusts the wrap's header (it is bound into
     * the wrap, so a relabelled header does not open either).
     */
    @Override
    public byte[] decrypt(String keyId, byte[] wrapped, Map<String, String> context) {
        KeyWrap.Header h;
        try {
            h = KeyWrap.header(wrapped);
        } catch (KeyWrap.Invalid e) {
            throw new Refusal(Refusal.Reason.KMS_INVALID_CIPHERTEXT, e.getMessage());
        }
        // The wrap names its key by id, exactly (KMS-2: never as an alias); the caller's keyId is the
        // canonical id the object stored, or any reference naming that same key.
        StoredKey k = keys.find(h.keyId()).filter(s -> s.id().equals(h.keyId())).orElseThrow(() -> notFound(h.keyId()));
        if (keyId != null && !keyId.equals(k.id()) && !names(KeyNames.parse(keyId), k)) {
            throw new Refusal(Refusal.Reason.KMS_INVALID_CIPHERTEXT, "The data key was wrapped under key " + h.keyId() + ", not " + keyId + ".");
        }
        byte[] kek = keys.material(h.keyId(), h.version()).orElseThrow(() ->
                new Refusal(Refusal.Reason.KMS_INVALID_CIPHERTEXT, "Key " + h.keyId() + " has no version " + h.version() + "."));
        try {
            return KeyWrap.unwrap(kek, wrapped, context);
        } catch (KeyWrap.Invalid e) {
            throw new Refusal(Refusal.Reason.KMS_INVALID_CIPHERTEXT, e.getMessage());
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    /**
     * The key a reference names (KeyNames forms; null: the default key, KMS-9), enabled or not. The
     * repository finds a name as an id or an alias; a typed reference ({@code key/<id>},
     * {@code alias/<alias>}, and the default key's alias) keeps only the key it names as that kind
     * (KMS-2). Ids and aliases are one namespace, so the one key found is the only candidate.
     */
    public Optional<StoredKey> find(String reference) {
        KeyNames.Reference r = KeyNames.parse(reference == null ? KeyNames.DEFAULT_ALIAS : reference);
        return r == null ? Optional.empty() : keys.find(r.name()).filter(k -> names(r, k));
    }

    private static boolean names(KeyNames.Reference r, StoredKey k) {
        return r != null && r.names(k.id(), k.alias());
    }

    // ---- administration (cosd admin kms key …) ----

    /**
     * KMS-1: a new enabled key with fresh material at version 1.
     *
     * @param id    null for a random UUID
     * @param alias null for none
     * @throws IllegalArgumentException for a malformed name, or one that is already a key's id or alias
     */
    public StoredKey create(String id, String alias) {
        String keyId = id == null ? UUID.randomUUID().toString() : id;
        if (!KeyNames.valid(keyId)) throw new IllegalArgumentException("not a valid key id: " + keyId + " (1-64 of letters, digits, '-', '_', '.')");
        if (alias != null && !KeyNames.valid(alias)) throw new IllegalArgumentException("not a valid alias: " + alias + " (1-64 of letters, digits, '-', '_', '.')");
        if (keyId.equals(alias)) throw new IllegalArgumentException("the alias must differ from the key id");
        byte[] m = random(KeyWrap.DATA_KEY_BYTES);
        try {
            return keys.create(keyId, alias, m, clock.instant());
        } catch (ConflictException e) {
            throw new IllegalArgumentException("a key with the id or alias " + keyId + (alias == null ? "" : " or " + alias) + " exists");
        } finally {
            Arrays.fill(m, (byte) 0);
        }
    }

    public List<StoredKey> list() {
        return keys.list();
    }

    /** KMS-3: new material for new data keys; every older version stays to open older wraps. */
    public StoredKey rotate(String reference) {
        byte[] m = random(KeyWrap.DATA_KEY_BYTES);
        try {
            return keys.rotate(resolve(reference).id(), m, clock.instant()).orElseThrow(() -> notFound(reference));
        } finally {
            Arrays.fill(m, (byte) 0);
        }
    }

    /** KMS-4. */
    public StoredKey setEnabled(String reference, boolean enabled) {
        return keys.setEnabled(resolve(reference).id(), enabled).orElseThrow(() -> notFound(reference));
    }

    private StoredKey resolve(String reference) {
        return find(reference).orElseThrow(() -> notFound(reference));
    }

    private byte[] material(String id, int version) {
        return keys.material(id, version).orElseThrow(() ->
                new IllegalStateException("key " + id + " has no material for its current version " + version));
    }

    private static Refusal notFound(String reference) {
        if (reference == null || KeyNames.DEFAULT_ALIAS.equals(reference)) {
            return new Refusal(Refusal.Reason.KMS_KEY_NOT_FOUND, "No KMS key id was given and this server has no default key"
                    + " (a key aliased '" + KeyNames.DEFAULT_ALIAS + "': cosd admin kms key create --alias " + KeyNames.DEFAULT_ALIAS + ").");
        }
        return new Refusal(Refusal.Reason.KMS_KEY_NOT_FOUND, "Invalid keyId '" + reference + "'.");
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
