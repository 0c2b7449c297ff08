package io.cosd.service;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.policy.Policy;
import io.cosd.store.meta.ChangeFeed;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.EventLoopReads;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.NoSuchBucketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Bucket policies: the stored document (verbatim, POL-A2), its compiled form cached per bucket, and
 * the store look-ups that explain needs (docs/policy.md). The api layer parses the JSON wire and
 * renders answers; this class is the only one that reads or writes the policy row.
 *
 * <p>A policy is compiled once per change, never per request. Entries are keyed by bucket name and
 * tagged with the incarnation of the bucket row the document was read with (one statement,
 * {@code BucketRepository.configOfRow}): a request whose bucket row has another incarnation takes the
 * entry as a miss, and a row that is not the request's is NoSuchBucket, so a bucket deleted and
 * created again (by another account, in the same millisecond, before the change feed evicts the
 * entry on this node) never sees its predecessor's policy, nor a request its namesake's (AUTH-15). A miss loads inside the entry's {@code compute}, under the entry's lock, and
 * {@link #put} and {@link #delete} write the store under that lock too, so a concurrent miss cannot
 * re-load a stale document over a fresh one. The store's change feed removes the entry after every
 * committed policy write or bucket deletion by any other writer on the same database, this process's
 * or another node's (docs/scale-out.md "Caches across nodes", SC-C5); a removal waits for a load in
 * flight under that lock, so a load that read the old document before a commit is removed with it.
 * While the feed is not current (SC-C3) every request loads and compiles the stored policy. The map
 * holds one small entry per bucket that was asked about and drops it on bucket delete.
 */
public final class PolicyService {
    private static final Logger log = LoggerFactory.getLogger(PolicyService.class);
    private static final Pattern CAM = Pattern.compile("qcs::cam::uin/(\\d+):uin/(\\d+)");

    /** A bucket row's compiled policy (null: none) with the row's incarnation (AUTH-15). */
    private record Entry(long incarnation, Policy policy) {
        boolean of(Bucket bucket) {
            return bucket.incarnation() == Bucket.ANY_INCARNATION || bucket.incarnation() == incarnation;
        }
    }

    private static final Policy UNREADABLE = new Policy("2.0", List.of());

    private final MetadataStore meta;
    private final BiFunction<String, Bucket, Policy> compiler;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ChangeFeed feed;
    private final AtomicLong resets = new AtomicLong();
    /** The bucket whose policy this thread is writing ({@link #writeUnderEntryLock}). */
    private final ThreadLocal<String> writing = new ThreadLocal<>();

    /** @param compiler stored document → compiled policy (the api layer's JSON parser; it throws on a defect) */
    public PolicyService(MetadataStore meta, BiFunction<String, Bucket, Policy> compiler) {
        this.meta = meta;
        this.compiler = compiler;
        this.feed = meta.changes();
        feed.subscribe(new ChangeFeed.Subscriber() {
            @Override
            public void changed(ChangeFeed.Change change) {
                PolicyService.this.changed(change);
            }

            @Override
            public void forgetAll() {
                resets.incrementAndGet();
                entries.clear();
            }
        });
    }

    /** The bucket's compiled policy, or null when it has none. */
    public Policy policy(Bucket bucket) {
        if (!feed.current()) {
            // Another node's change may not have arrived (SC-C3): no entry counts, read and compile through.
            if (EventLoopReads.active()) throw new EventLoopReads.Defer("bucket policy: change feed not current");
            return load(bucket);
        }
        Entry e = entries.get(bucket.name());
        if (e != null && e.of(bucket)) return e.policy;
        // A miss loads under the entry's lock, which a load or a put elsewhere may hold through a store
        // write: an event loop must not wait for it (docs/performance.md "The GET path"), so the request
        // runs again off the loop, and that run fills the map for the next ones.
        if (EventLoopReads.active()) throw new EventLoopReads.Defer("bucket policy not cached");
        long before = resets.get();
        Entry p = entries.compute(bucket.name(), (k, old) -> old != null && old.of(bucket) ? old : loadEntry(bucket));
        if (resets.get() != before) entries.remove(bucket.name()); // a reset while it loaded: do not keep it
        if (p == null && bucket.incarnation() == Bucket.ANY_INCARNATION) return null; // no such bucket: no policy
        if (p == null || !p.of(bucket)) throw new NoSuchBucketException(bucket.name()); // AUTH-15: not the request's row
        return p.policy;
    }

    /** The policy of the row of {@code bucket}'s name, with its incarnation; null (nothing kept) when there is no such bucket. */
    private Entry loadEntry(Bucket bucket) {
        return meta.buckets().configOfRow(bucket.name(), ConfigKind.POLICY)
                .map(r -> new Entry(r.incarnation(), compile(r.document(), bucket))).orElse(null);
    }

    /** Read through (the feed not current): the request's row's policy only (AUTH-15). */
    private Policy load(Bucket bucket) {
        return compile(meta.buckets().config(bucket.name(), ConfigKind.POLICY, bucket.incarnation()), bucket);
    }

    private Policy compile(Optional<String> text, Bucket bucket) {
        if (text.isEmpty()) return null;
        try {
            return compiler.apply(text.get(), bucket);
        } catch (RuntimeException ex) {
            // Stored documents were validated on PUT; if one no longer compiles (a changed region), only the owner gets in.
            log.warn("stored policy of bucket {} does not compile ({}); treating it as granting nothing", bucket.name(), ex.getMessage());
            return UNREADABLE;
        }
    }

    /** The stored document, byte for byte as it was put (POL-A2); empty when the bucket has none. */
    public Optional<String> document(Bucket bucket) {
        return meta.buckets().config(bucket.name(), ConfigKind.POLICY, bucket.incarnation()); // AUTH-15
    }

    /** Stores {@code text} verbatim and caches {@code compiled}, its already validated form. */
    public void put(Bucket bucket, String text, Policy compiled) {
        writeUnderEntryLock(bucket, () -> meta.buckets().putConfig(bucket.name(), ConfigKind.POLICY, text, bucket.incarnation()), compiled); // AUTH-13
    }

    /** Removes the policy; nothing to remove is not an error (POL-A4). */
    public void delete(Bucket bucket) {
        writeUnderEntryLock(bucket, () -> meta.buckets().deleteConfig(bucket.name(), ConfigKind.POLICY, bucket.incarnation()), null); // AUTH-13
    }

    /**
     * The store write runs inside the entry's {@code compute}, so a concurrent miss cannot load the
     * old document over the new one. The write's own change reaches {@link #changed} on this thread,
     * inside that {@code compute}: it is skipped there (removing the entry being computed would be a
     * recursive update), since the entry computed is the write's own result.
     */
    private void writeUnderEntryLock(Bucket bucket, Runnable write, Policy result) {
        writing.set(bucket.name());
        try {
            entries.compute(bucket.name(), (k, old) -> {
                write.run();
                return new Entry(bucket.incarnation(), result);
            });
        } finally {
            writing.remove();
        }
    }

    private void changed(ChangeFeed.Change change) {
        if (change.touches(change.id(), ConfigKind.POLICY) && !change.id().equals(writing.get())) entries.remove(change.id());
    }

    /** Drops a deleted bucket's entry (memory only; correctness does not depend on it). */
    public void forget(String bucketName) {
        entries.remove(bucketName);
    }

    /** The bucket a request or an explain names. */
    public Optional<Bucket> bucket(String name) {
        return meta.buckets().find(name);
    }

    /**
     * s3:ExistingObjectTag (POL-S5): the addressed version's tags, empty for no key, a missing
     * version or a delete marker. Called only when a condition asks. Read in the row of the bucket the
     * decision is about only (AUTH-15: the condition in the statement that reads the version), so a
     * namesake created since never tips a condition with its tags: NoSuchBucket.
     */
    public Map<String, String> tags(Bucket bucket, String key, String versionId) {
        if (key == null) return Map.of();
        var v = versionId == null ? meta.objects().latest(bucket.name(), key, bucket.incarnation())
                : meta.objects().version(bucket.name(), key, versionId, bucket.incarnation());
        return v.filter(x -> !x.deleteMarker()).map(ObjectVersion::tags).orElse(Map.of());
    }

    /**
     * POL-S13: whether the key has a current version (not a delete marker); asked only for a refused
     * GET/HEAD. In {@code bucket}'s row only (AUTH-15): a namesake's key never turns AccessDenied into NoSuchKey.
     */
    public boolean exists(Bucket bucket, String key) {
        return meta.objects().latest(bucket.name(), key, bucket.incarnation()).filter(v -> !v.deleteMarker()).isPresent();
    }

    /**
     * The principal an explain names: {@code anonymous}, a CAM name
     * ({@code qcs::cam::uin/<root>:uin/<uin>}) or a uin of the bucket owner's account.
     *
     * @throws IllegalArgumentException naming what is wrong (bad spelling, unknown account or user)
     */
    public Principal principal(Bucket bucket, String spelled) {
        return principal(bucket.ownerUin(), spelled);
    }

    /**
     * As {@link #principal(Bucket, String)}, for a caller who may not learn which other accounts exist
     * (the HTTP explain endpoint, POL-I8): another account's root, by its CAM name or a bare uin that is
     * no sub-user of the bucket owner's account, is taken as named, whether that account exists or not.
     * The decision for an account that does not exist is the one it would get if it did: policies and
     * ACLs name accounts by uin.
     */
    public Principal principalAsNamed(Bucket bucket, String spelled) {
        String s = spelled.trim();
        var m = CAM.matcher(s);
        String root = null;
        if (m.matches() && m.group(1).equals(m.group(2))) root = m.group(1);
        else if (s.matches("\\d{1,20}") && !meta.identity().findAccount(bucket.ownerUin()).map(a -> isUserOf(a, s)).orElse(false)) root = s;
        if (root == null || root.equals(bucket.ownerUin())) return principal(bucket, spelled);
        String r = root;
        return new Principal.Root(meta.identity().findAccount(r).orElseGet(() -> new Account(r, UNKNOWN_APPID)));
    }

    /** The APPID of an account {@link #principalAsNamed} stands in for; no decision reads it. */
    static final String UNKNOWN_APPID = "0";

    private boolean isUserOf(Account account, String uin) {
        return meta.identity().listUsers(account).stream().anyMatch(u -> u.uin().equals(uin));
    }

    /**
     * As {@link #principal(Bucket, String)} without a bucket (explaining ListBuckets or CreateBucket):
     * a bare uin is looked up in every account (uins are unique across accounts).
     */
    public Principal principal(String spelled) {
        String s = spelled.trim();
        if (s.matches("\\d{1,20}")) {
            for (Account a : meta.identity().listAccounts()) {
                if (isUserOf(a, s)) return principal(a.rootUin(), s);
            }
            throw new IllegalArgumentException("no user " + s);
        }
        return principal("", s);
    }

    private Principal principal(String defaultRootUin, String spelled) {
        String s = spelled.trim();
        if (s.equalsIgnoreCase("anonymous") || s.equals("qcs::cam::anonymous:anonymous")) return Principal.ANONYMOUS;
        String root, uin;
        var m = CAM.matcher(s);
        if (m.matches()) {
            root = m.group(1);
            uin = m.group(2);
        } else if (s.matches("\\d{1,20}")) {
            root = defaultRootUin;
            uin = s;
            if (meta.identity().findAccount(s).isPresent()) root = s;
        } else {
            throw new IllegalArgumentException("bad principal (want anonymous, qcs::cam::uin/<root>:uin/<uin> or a uin): " + spelled);
        }
        String r = root;
        Account account = meta.identity().findAccount(r).orElseThrow(() -> new IllegalArgumentException("no account with root uin " + r));
        if (root.equals(uin)) return new Principal.Root(account);
        boolean known = isUserOf(account, uin);
        if (!known) throw new IllegalArgumentException("no user " + uin + " in account " + root);
        return new Principal.SubUser(account, uin);
    }
}
