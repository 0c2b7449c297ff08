package io.cosd.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The in-memory model the seeded driver checks cosd against (ObjectModelE2eTest): pure Java, no I/O.
 * Per bucket its versioning state and, per key, the S3 version stack, newest first, with the rules of
 * docs/versioning.md: VER-I1 (an Enabled write stacks a new version), VER-I3/I4 (unversioned and
 * Suspended writes replace the {@code null} version), VER-D1..D5 (deletes and delete markers).
 */
final class ObjectModel {
    enum Versioning { UNVERSIONED, ENABLED, SUSPENDED }

    /** Keys in UTF-8 byte order, as listings give them (VER-L2). */
    static final Comparator<String> UTF8 = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    static final class Bucket {
        final String name;
        Versioning state = Versioning.UNVERSIONED;
        /** Each key's stack, newest first; a key without versions has no entry. */
        final TreeMap<String, List<ModelVersion>> keys = new TreeMap<>(UTF8);

        Bucket(String name) {
            this.name = name;
        }

        /** VER-I6: reads name the version once the bucket has ever been versioned. */
        boolean everVersioned() {
            return state != Versioning.UNVERSIONED;
        }
    }

    private final Map<String, Bucket> buckets = new LinkedHashMap<>();

    Bucket add(String name) {
        Bucket b = new Bucket(name);
        buckets.put(name, b);
        return b;
    }

    Bucket bucket(String name) {
        Bucket b = buckets.get(name);
        if (b == null) throw new IllegalArgumentException("no bucket " + name);
        return b;
    }

    List<Bucket> buckets() {
        return List.copyOf(buckets.values());
    }

    /** VER-S4: Enabled or Suspended, never back to unversioned. */
    void setVersioning(String bucket, Versioning state) {
        if (state == Versioning.UNVERSIONED) throw new IllegalArgumentException("a bucket never returns to unversioned (VER-S4)");
        bucket(bucket).state = state;
    }

    List<ModelVersion> stack(String bucket, String key) {
        return List.copyOf(bucket(bucket).keys.getOrDefault(key, List.of()));
    }

    Optional<ModelVersion> current(String bucket, String key) {
        List<ModelVersion> s = bucket(bucket).keys.get(key);
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s.get(0));
    }

    Optional<ModelVersion> byId(String bucket, String key, String id) {
        return stack(bucket, key).stream().filter(v -> v.id().equals(id)).findFirst();
    }

    /**
     * A new version becomes current: in an Enabled bucket it is stacked under the id the server gave it
     * (VER-I1); otherwise it is the {@code null} version and replaces the one there was (VER-I3, VER-I4).
     */
    void put(String bucket, String key, ModelVersion v) {
        Bucket b = bucket(bucket);
        List<ModelVersion> s = b.keys.computeIfAbsent(key, k -> new ArrayList<>());
        if (b.state != Versioning.ENABLED) {
            if (!ModelVersion.NULL.equals(v.id())) throw new IllegalArgumentException("a write outside Enabled is the null version: " + v);
            s.removeIf(x -> x.id().equals(ModelVersion.NULL));
        }
        s.add(0, v);
    }

    /** What a DELETE without a version id did: the version id it names and whether it made a marker. */
    record Deletion(String versionId, boolean deleteMarker) {}

    /**
     * DELETE without a version id (VER-D1..D3): unversioned removes the object; Enabled stacks a new marker
     * under {@code markerId} (the server's), even over a missing key or another marker; Suspended replaces
     * the {@code null} version with a {@code null} marker.
     */
    Deletion deleteCurrent(String bucket, String key, String markerId) {
        Bucket b = bucket(bucket);
        switch (b.state) {
            case UNVERSIONED -> {
                List<ModelVersion> s = b.keys.get(key);
                if (s != null) s.removeIf(x -> x.id().equals(ModelVersion.NULL));
                dropIfEmpty(b, key);
                return new Deletion(null, false);
            }
            case ENABLED -> {
                b.keys.computeIfAbsent(key, k -> new ArrayList<>()).add(0, ModelVersion.marker(markerId));
                return new Deletion(markerId, true);
            }
            default -> {
                List<ModelVersion> s = b.keys.computeIfAbsent(key, k -> new ArrayList<>());
                s.removeIf(x -> x.id().equals(ModelVersion.NULL));
                s.add(0, ModelVersion.marker(ModelVersion.NULL));
                return new Deletion(ModelVersion.NULL, true);
            }
        }
    }

    /** DELETE ?versionId= (VER-D4, VER-D5): that version or marker goes for good; none is a no-op. The removed one, if any. */
    Optional<ModelVersion> deleteVersion(String bucket, String key, String id) {
        Bucket b = bucket(bucket);
        List<ModelVersion> s = b.keys.get(key);
        if (s == null) return Optional.empty();
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i).id().equals(id)) {
                ModelVersion gone = s.remove(i);
                dropIfEmpty(b, key);
                return Optional.of(gone);
            }
        }
        return Optional.empty();
    }

    private static void dropIfEmpty(Bucket b, String key) {
        List<ModelVersion> s = b.keys.get(key);
        if (s != null && s.isEmpty()) b.keys.remove(key);
    }

    /** Every data version of every key, for picking copy sources. */
    List<Located> dataVersions() {
        List<Located> out = new ArrayList<>();
        for (Bucket b : buckets.values()) {
            b.keys.forEach((k, s) -> s.forEach(v -> {
                if (!v.marker()) out.add(new Located(b.name, k, v));
            }));
        }
        return out;
    }

    /** A version with where it lives. */
    record Located(String bucket, String key, ModelVersion version) {}
}
