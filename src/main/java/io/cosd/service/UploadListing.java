package io.cosd.service;

import io.cosd.domain.object.MultipartUpload;
import io.cosd.store.meta.UploadRepository;

import java.util.ArrayList;
import java.util.List;

/**
 * ListMultipartUploads pages: uploads ordered by key then upload id (= initiation order), grouped
 * by prefix/delimiter like object listings. After a common prefix is emitted the scan seeks past it.
 * Markers: {@code key-marker} alone skips every upload of that key; with {@code upload-id-marker} it
 * resumes after that upload of that key (S3 semantics; an upload-id-marker without key-marker is ignored).
 */
public final class UploadListing {
    private static final int BATCH = 1000;
    private static final String MAX_CHAR = new String(Character.toChars(Character.MAX_CODE_POINT));

    /**
     * @param nextKey      marker for the next page (last upload's key or last common prefix), null unless truncated
     * @param nextUploadId upload id of the last upload returned, null unless truncated or if the page ended on a prefix
     */
    public record Page(List<MultipartUpload> uploads, List<String> commonPrefixes, boolean truncated, String nextKey,
                       String nextUploadId) {}

    private final UploadRepository uploads;
    private final long incarnation;

    /** @param incarnation the bucket row the listing was authorized against (AUTH-15); every batch is read in it only */
    UploadListing(UploadRepository uploads, long incarnation) {
        this.uploads = uploads;
        this.incarnation = incarnation;
    }

    Page list(String bucket, String prefix, String delimiter, String keyMarker, String uploadIdMarker, int max) {
        prefix = prefix == null ? "" : prefix;
        boolean grouping = delimiter != null && !delimiter.isEmpty();
        String afterKey = keyMarker == null || keyMarker.isEmpty() ? null : keyMarker;
        String afterId = afterKey != null && uploadIdMarker != null && !uploadIdMarker.isEmpty() ? uploadIdMarker : null;
        String lastPrefix = null;
        if (grouping && afterKey != null && afterKey.startsWith(prefix)) {
            int idx = afterKey.indexOf(delimiter, prefix.length());
            if (idx >= 0) {
                lastPrefix = afterKey.substring(0, idx + delimiter.length());
                if (afterKey.equals(lastPrefix)) {
                    afterKey = lastPrefix + MAX_CHAR; // continuing after a CommonPrefix: skip everything under it
                    afterId = null;
                }
            }
        }
        List<MultipartUpload> out = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        if (max <= 0) return new Page(out, prefixes, false, null, null); // as ListObjects with max-keys=0 (ListingService)
        String nextKey = null, nextId = null;
        int count = 0;
        while (true) {
            List<MultipartUpload> batch = uploads.list(bucket, prefix, afterKey, afterId, Math.min(BATCH, max - count + 1), incarnation);
            if (batch.isEmpty()) return new Page(out, prefixes, false, null, null);
            for (MultipartUpload u : batch) {
                afterKey = u.key();
                afterId = u.uploadId();
                if (grouping) {
                    int idx = u.key().indexOf(delimiter, prefix.length());
                    if (idx >= 0) {
                        String cp = u.key().substring(0, idx + delimiter.length());
                        if (cp.equals(lastPrefix)) continue;
                        if (count == max) return new Page(out, prefixes, true, nextKey, nextId);
                        prefixes.add(cp);
                        lastPrefix = cp;
                        nextKey = cp;
                        nextId = null;
                        count++;
                        afterKey = cp + MAX_CHAR;
                        afterId = null;
                        break;
                    }
                }
                if (count == max) return new Page(out, prefixes, true, nextKey, nextId);
                out.add(u);
                nextKey = u.key();
                nextId = u.uploadId();
                count++;
            }
        }
    }
}
