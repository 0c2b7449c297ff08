package io.cosd.domain.signing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A small bounded memo of keys derived from a secret (q-sign SignKey per (SecretKey, KeyTime), SigV4
 * signing key per (secret, date, region, service)). SDKs reuse one KeyTime or date for many requests,
 * so the HMAC chain that derives the key runs once per window instead of once per request.
 *
 * <p>The map key is a SHA-256 fingerprint of the length-prefixed inputs, so no secret is kept as a
 * key. When the map reaches its capacity it is cleared (cheaper and lock-free compared with LRU;
 * a cleared entry costs one re-derivation). The cached value is a pure function of the inputs, so
 * a racing double derivation is harmless.
 */
final class DerivedKeyCache<V> {
    /** The first 256 bits of SHA-256 over the inputs; equality of all four words means the same inputs. */
    record Fingerprint(long a, long b, long c, long d) {}

    private final int capacity;
    private final ConcurrentHashMap<Fingerprint, V> map = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder(), misses = new LongAdder();

    DerivedKeyCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        this.capacity = capacity;
    }

    /**
     * Per thread, the last lookup: the same secret object (a remembered access key's, on an event
     * loop) with equal parts is answered without computing the SHA-256 fingerprint. It holds that
     * secret's reference no longer than the thread's memo of the key holds it anyway.
     */
    private record Last(String secret, String[] parts, Object value, long generation) {}

    private final ThreadLocal<Last> last = new ThreadLocal<>();

    /** The cached value for (secret, parts), deriving and remembering it on a miss. */
    @SuppressWarnings("unchecked")
    V get(String secret, Supplier<V> derive, String... parts) {
        Last l = last.get();
        if (l != null && l.secret == secret && l.generation == generation && java.util.Arrays.equals(l.parts, parts)) {
            hits.increment();
            return (V) l.value;
        }
        long g = generation;
        V v = lookup(secret, derive, parts);
        if (!Thread.currentThread().isVirtual()) last.set(new Last(secret, parts.clone(), v, g)); // a virtual thread lives for one request
        return v;
    }

    private V lookup(String secret, Supplier<V> derive, String... parts) {
        Fingerprint f = fingerprint(secret, parts);
        V v = map.get(f);
        if (v != null) {
            hits.increment();
            return v;
        }
        misses.increment();
        v = derive.get();
        if (map.size() >= capacity) map.clear();
        map.put(f, v);
        return v;
    }

    /** Bumped by {@link #clear}: a thread's {@link Last} of an older generation is not used. */
    private volatile long generation;

    /**
     * Forgets every derived key, the threads' last lookups included (docs/scale-out.md "Caches across
     * nodes", SC-C6): called when a key is revoked or a user or account removed, so no key derived from
     * that secret stays in memory; the live keys' are derived again once each.
     */
    void clear() {
        generation++;
        map.clear();
    }

    static Fingerprint fingerprint(String secret, String... parts) {
        MessageDigest md = Hashes.digest("SHA-256");
        update(md, secret);
        for (String p : parts) update(md, p);
        ByteBuffer h = ByteBuffer.wrap(md.digest());
        return new Fingerprint(h.getLong(), h.getLong(), h.getLong(), h.getLong());
    }

    /** Length-prefixed, so ("ab", "c") and ("a", "bc") never share a fingerprint. */
    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update((byte) (b.length >>> 24));
        md.update((byte) (b.length >>> 16));
        md.update((byte) (b.length >>> 8));
        md.update((byte) b.length);
        md.update(b);
    }

    long hits() { return hits.sum(); }

    long misses() { return misses.sum(); }

    int size() { return map.size(); }
}
