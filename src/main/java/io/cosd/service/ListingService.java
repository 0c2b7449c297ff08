package io.cosd.service;

import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.meta.MetadataStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Listing pages with prefix/delimiter grouping. Each page is a sequence of index range scans:
 * after a common prefix is emitted the scan seeks past it instead of reading its keys.
 */
public final class ListingService {
    /** Bounded batch per store call. */
    private static final int BATCH = 1000;
    /** The largest code point; appended to a common prefix to seek past every key under it. */
    private static final String MAX_CHAR = new String(Character.toChars(Character.MAX_CODE_POINT));

    /** @param next marker for the next page (last key or prefix returned), null when not truncated */
    public record Page(List<ObjectVersion> objects, List<String> commonPrefixes, boolean truncated, String next) {}

    private final MetadataStore meta;

    public ListingService(MetadataStore meta) { this.meta = meta; }

    public Page list(String bucket, String prefix, String delimiter, String after, int maxKeys) {
        prefix = prefix == null ? "" : prefix;
        boolean grouping = delimiter != null && !delimiter.isEmpty();
        List<ObjectVersion> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String cursor = after != null && !after.isEmpty() ? after : null;
        String lastPrefix = null;
        if (grouping && cursor != null && cursor.startsWith(prefix)) {
            // Continuing after a CommonPrefix (the marker is "dir/"): skip every key under it.
            int idx = cursor.indexOf(delimiter, prefix.length());
            if (idx >= 0) {
                lastPrefix = cursor.substring(0, idx + delimiter.length());
                if (cursor.equals(lastPrefix)) cursor = lastPrefix + MAX_CHAR;
            }
        }
        String lastReturned = null;
        int count = 0;
        if (maxKeys <= 0) {
            boolean more = !meta.objects().listLatest(bucket, prefix, cursor, 1).isEmpty();
            return new Page(objects, prefixes, more, null);
        }
        while (true) {
            List<ObjectVersion> batch = meta.objects().listLatest(bucket, prefix, cursor, Math.min(BATCH, maxKeys - count + 1));
            if (batch.isEmpty()) return new Page(objects, prefixes, false, null);
            for (ObjectVersion v : batch) {
                String key = v.key();
                cursor = key;
                if (grouping) {
                    int idx = key.indexOf(delimiter, prefix.length());
                    if (idx >= 0) {
                        String cp = key.substring(0, idx + delimiter.length());
                        if (cp.equals(lastPrefix)) continue; // a key sorting after the seek target: step over it
                        if (count == maxKeys) return new Page(objects, prefixes, true, lastReturned);
                        prefixes.add(cp);
                        lastPrefix = cp;
                        lastReturned = cp;
                        count++;
                        cursor = cp + MAX_CHAR;
                        break; // re-seek past the prefix
                    }
                }
                if (count == maxKeys) return new Page(objects, prefixes, true, lastReturned);
                objects.add(v);
                lastReturned = key;
                count++;
            }
        }
    }
}
