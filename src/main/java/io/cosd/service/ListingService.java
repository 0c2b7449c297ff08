package io.cosd.service;

import io.cosd.domain.bucket.Bucket;

import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.meta.MetadataStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Listing pages with prefix/delimiter grouping, for current objects (GET Bucket) and for all
 * versions (GET ?versions). Each page is a sequence of index range scans: after a common prefix is
 * emitted the scan seeks past it instead of reading its keys (or its keys' versions).
 */
public final class ListingService {
    /** Bounded batch per store call. */
    private static final int BATCH = 1000;
    /** The largest code point; appended to a common prefix to seek past every key under it. */
    private static final String MAX_CHAR = new String(Character.toChars(Character.MAX_CODE_POINT));
    /** Cursor seq meaning "past every version of the cursor key". */
    private static final long PAST_KEY = Long.MIN_VALUE;

    /**
     * @param next          marker for the next page (last key or prefix returned), null when not truncated
     * @param nextVersionId version id of the last entry when truncated; "" if it was a common prefix (VER-L6)
     */
    public record Page(List<ObjectVersion> objects, List<String> commonPrefixes, boolean truncated, String next,
                       String nextVersionId) {}

    /** Entries strictly after the cursor (key, seq), in listing order. */
    private interface Source {
        List<ObjectVersion> fetch(String afterKey, long afterSeq, int limit);
    }

    private final MetadataStore meta;

    public ListingService(MetadataStore meta) { this.meta = meta; }

    /** Current, non-deleted objects after the marker key. */
    public Page list(String bucket, String prefix, String delimiter, String after, int maxKeys) {
        return list(bucket, Bucket.ANY_INCARNATION, prefix, delimiter, after, maxKeys);
    }

    /**
     * As {@link #list(String, String, String, String, int)}, every page read in the bucket row of
     * {@code incarnation} only (docs/security.md AUTH-15): a namesake's is NoSuchBucket.
     */
    public Page list(String bucket, long incarnation, String prefix, String delimiter, String after, int maxKeys) {
        String p = prefix == null ? "" : prefix;
        return walk((k, s, n) -> meta.objects().listLatest(bucket, p, k, n, incarnation), p, delimiter, after, PAST_KEY, maxKeys);
    }

    /**
     * Every version and delete marker (VER-L2, VER-L7): {@code keyMarker} alone starts after all of
     * that key; with {@code versionIdMarker} it continues after that version of the key. A marker
     * version that no longer exists continues with the next key.
     */
    public Page listVersions(String bucket, String prefix, String delimiter, String keyMarker, String versionIdMarker, int maxKeys) {
        return listVersions(bucket, Bucket.ANY_INCARNATION, prefix, delimiter, keyMarker, versionIdMarker, maxKeys);
    }

    /** As {@link #listVersions(String, String, String, String, String, int)}, in the row of {@code incarnation} only (AUTH-15). */
    public Page listVersions(String bucket, long incarnation, String prefix, String delimiter, String keyMarker, String versionIdMarker,
                             int maxKeys) {
        String p = prefix == null ? "" : prefix;
        long afterSeq = PAST_KEY;
        if (keyMarker != null && !keyMarker.isEmpty() && versionIdMarker != null && !versionIdMarker.isEmpty()) {
            afterSeq = meta.objects().version(bucket, keyMarker, versionIdMarker, incarnation).map(ObjectVersion::seq).orElse(PAST_KEY);
        }
        return walk((k, s, n) -> meta.objects().listVersions(bucket, p, k, s, n, incarnation), p, delimiter, keyMarker, afterSeq, maxKeys);
    }

    private static Page walk(Source source, String prefix, String delimiter, String after, long afterSeq, int maxKeys) {
        boolean grouping = delimiter != null && !delimiter.isEmpty();
        List<ObjectVersion> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String cursor = after != null && !after.isEmpty() ? after : null;
        long cursorSeq = afterSeq;
        String lastPrefix = null;
        if (grouping && cursor != null && cursor.startsWith(prefix)) {
            // Continuing after a CommonPrefix (the marker is "dir/"): skip every key under it.
            int idx = cursor.indexOf(delimiter, prefix.length());
            if (idx >= 0) {
                lastPrefix = cursor.substring(0, idx + delimiter.length());
                if (cursor.equals(lastPrefix)) {
                    cursor = lastPrefix + MAX_CHAR;
                    cursorSeq = PAST_KEY;
                }
            }
        }
        if (maxKeys <= 0) {
            // S3 answers max-keys=0 with an empty page that is not truncated (a truncated page with
            // no next marker would send a paging client round forever): ceph/s3-tests
            // test_bucket_list(v2)_maxkeys_zero.
            return new Page(objects, prefixes, false, null, null);
        }
        String lastReturned = null, lastVersion = null;
        int count = 0;
        while (true) {
            List<ObjectVersion> batch = source.fetch(cursor, cursorSeq, Math.min(BATCH, maxKeys - count + 1));
            if (batch.isEmpty()) return new Page(objects, prefixes, false, null, null);
            for (ObjectVersion v : batch) {
                String key = v.key();
                cursor = key;
                cursorSeq = v.seq();
                if (grouping) {
                    int idx = key.indexOf(delimiter, prefix.length());
                    if (idx >= 0) {
                        String cp = key.substring(0, idx + delimiter.length());
                        if (cp.equals(lastPrefix)) continue; // an entry sorting after the seek target: step over it
                        if (count == maxKeys) return new Page(objects, prefixes, true, lastReturned, lastVersion);
                        prefixes.add(cp);
                        lastPrefix = cp;
                        lastReturned = cp;
                        lastVersion = "";
                        count++;
                        cursor = cp + MAX_CHAR;
                        cursorSeq = PAST_KEY;
                        break; // re-seek past the prefix
                    }
                }
                if (count == maxKeys) return new Page(objects, prefixes, true, lastReturned, lastVersion);
                objects.add(v);
                lastReturned = key;
                lastVersion = v.versionId();
                count++;
            }
        }
    }
}
