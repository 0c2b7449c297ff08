package io.cosd.e2e;

import software.amazon.awssdk.services.s3.S3Client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One seeded run's shared state: the random source, the model, the client, the choices every
 * operation draws from (buckets, keys, sizes, encryption, metadata) and a log of the last steps for
 * the failure report. Every choice comes from {@link #rng} in step order, and the server's answers
 * only fill in ids, so one seed replays the same requests (ObjectModelE2eTest).
 */
final class ModelRun {
    /** The smallest part but the last of a completed upload: COS's 1 MiB (api/core/Limits.MIN_PART_SIZE). */
    static final long MIN_PART = 1L << 20;
    /** The default --inline-max: versions of at most this many stored bytes live in meta.db (docs/storage.md). */
    static final long INLINE_MAX = 64 * 1024;

    /**
     * The keys a run writes: few, so versions stack up; chosen for listing order and common prefixes
     * ({@code -} sorts before {@code /}, upper case before lower case, UTF-8 past ASCII; a key that
     * ends with the delimiter; a space; a character outside the BMP, past the seek a listing makes over a
     * common prefix; {@code +}, {@code =} and {@code %}, which signing and URL encoding must keep as they are).
     */
    static final List<String> KEYS = List.of("a", "a-b", "a/b", "a/c/d", "b", "dir/", "dir/x", "dir/\uD83D\uDE00", "sp ace", "a+b=c", "100%/x", "\u00fc/\u00df", "Z");
    static final List<String> PREFIXES = List.of("", "", "a", "a/", "dir/", "\u00fc", "q");
    static final List<String> CONTENT_TYPES = List.of("application/octet-stream", "text/plain", "image/png", "application/x-model");

    final long seed;
    final Random rng;
    final ObjectModel model = new ObjectModel();
    /** The client of the server now running; a restart step replaces both (ModelDriver). */
    S3Client s3;
    final List<String> bucketNames;
    /** Every version id the server ever gave, to check that a new one is new (VER-I1). */
    final Set<String> seenIds = new HashSet<>();
    /** Ids of versions deleted for good: well-formed ids the server no longer has (VER-D5, NoSuchVersion). */
    final List<String> deadIds = new ArrayList<>();
    private final Deque<String> log = new ArrayDeque<>();
    final Map<String, Integer> counts = new LinkedHashMap<>();
    int step;

    ModelRun(long seed, S3Client s3, List<String> bucketNames) {
        this.seed = seed;
        this.rng = new Random(seed);
        this.s3 = s3;
        this.bucketNames = List.copyOf(bucketNames);
    }

    /** Notes what the current step does, for the failure report (the last 40 are kept). */
    void note(String what) {
        if (log.size() == 40) log.removeFirst();
        log.addLast("step " + step + ": " + what);
    }

    void count(String op) {
        counts.merge(op, 1, Integer::sum);
    }

    String recent() {
        return String.join("\n", log);
    }

    String bucket() {
        return bucketNames.get(rng.nextInt(bucketNames.size()));
    }

    String key() {
        return KEYS.get(rng.nextInt(KEYS.size()));
    }

    <T> T pick(List<T> from) {
        return from.get(rng.nextInt(from.size()));
    }

    boolean chance(int percent) {
        return rng.nextInt(100) < percent;
    }

    /**
     * A PutObject size: empty, one byte, small, around the inline threshold (which counts stored bytes,
     * so SSE's chunk overhead moves it: docs/storage.md "Small objects inline"), around the 64 KiB SSE chunk
     * (docs/encryption.md), or about 1 MiB.
     */
    long size() {
        int r = rng.nextInt(100);
        if (r < 8) return 0;
        if (r < 14) return 1;
        if (r < 50) return 2 + rng.nextInt(5000);
        if (r < 80) return INLINE_MAX - 40 + rng.nextInt(80);
        if (r < 92) return 3 * INLINE_MAX + rng.nextInt(40) - 20;
        return MIN_PART + rng.nextInt(4096) - 2048;
    }

    ModelSse sse() {
        int r = rng.nextInt(100);
        if (r < 60) return ModelSse.NONE;
        if (r < 80) return ModelSse.S3;
        return ModelSse.customer(rng.nextBoolean() ? ModelSse.KEY_1 : ModelSse.KEY_2);
    }

    Map<String, String> meta() {
        Map<String, String> m = new LinkedHashMap<>();
        int n = rng.nextInt(3);
        for (int i = 0; i < n; i++) m.put(pick(List.of("color", "owner", "x-step")), "v" + step + "-" + i);
        return m;
    }

    /** Tags for a write (x-amz-tagging): none mostly, sometimes one or two (docs/tagging.md). */
    String tagging() {
        int r = rng.nextInt(100);
        return r < 75 ? null : r < 90 ? "k1=v" + step : "k1=v" + step + "&k2=w";
    }

    static int tagCount(String tagging) {
        return tagging == null ? 0 : tagging.split("&").length;
    }

    String contentType() {
        return pick(CONTENT_TYPES);
    }

    /** A version id the server gave: new, never {@code null} (VER-I1, VER-I2). */
    void newId(String id, String what) {
        ModelCheck.that(id != null && !id.isEmpty() && !ModelVersion.NULL.equals(id), "%s: an Enabled write needs a version id, got %s", what, id);
        ModelCheck.that(seenIds.add(id), "%s: version id %s was given before", what, id);
    }
}
