package io.cosd.service;

/**
 * A test-only hook (docs/scale-out.md "The orphan sweep's fence", SC-F1): with
 * {@code COSD_TEST_PAUSE_BEFORE_COMMIT_MS} set, a PUT, POST or copy of a key under {@link #PREFIX}
 * sleeps that long after its blob is renamed into place and before its metadata commit, as a node
 * frozen in that window would (a GC pause, SIGSTOP, a suspended VM), and an UploadPart of such a key
 * sleeps as long after its authorization and before it looks up its upload ({@link #beforePart}).
 * A replication status or resync of a bucket named {@code cosd-test-pause-*} sleeps as long after its
 * authorization ({@link #beforeAdmin}). Off (zero) unless set; no other key is ever delayed. {@code FencedSweepE2eTest} lets another node
 * sweep meanwhile; {@code BucketIncarnationE2eTest} deletes and re-creates the bucket meanwhile.
 * With {@code COSD_TEST_PAUSE_RELEASE_FILE} also set, a pause ends as soon as that file exists: the
 * test releases the held write once its race is set up, and the pause is only the upper bound.
 */
final class CommitPause {
    static final String PREFIX = "cosd-test-pause/";
    private static final long MILLIS = parse(System.getenv("COSD_TEST_PAUSE_BEFORE_COMMIT_MS"));
    private static final String RELEASE = System.getenv("COSD_TEST_PAUSE_RELEASE_FILE");

    private CommitPause() {}

    /** An UploadPart's window between its authorization and its upload's look-up (AUTH-15's namesake race). */
    static void beforePart(String key) {
        before(key);
    }

    /** Buckets whose replication admin requests {@link #beforeAdmin} holds. */
    static final String ADMIN_BUCKET_PREFIX = "cosd-test-pause-";

    /**
     * The replication admin's window between its authorization (on the bucket row found by name) and its
     * outbox statements, for a bucket named {@code cosd-test-pause-*} (ADM-13's namesake race,
     * {@code ReplicationAdminNamesakeE2eTest}).
     */
    static void beforeAdmin(String bucket) {
        if (bucket.startsWith(ADMIN_BUCKET_PREFIX)) before(PREFIX);
    }

    static void before(String key) {
        if (MILLIS <= 0 || !key.startsWith(PREFIX)) return;
        java.nio.file.Path release = RELEASE == null || RELEASE.isBlank() ? null : java.nio.file.Path.of(RELEASE);
        long end = System.nanoTime() + MILLIS * 1_000_000;
        try {
            for (long left; (left = (end - System.nanoTime()) / 1_000_000) > 0; ) {
                if (release != null && java.nio.file.Files.exists(release)) return;
                Thread.sleep(release == null ? left : Math.min(left, 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long parse(String v) {
        try {
            return v == null ? 0 : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
