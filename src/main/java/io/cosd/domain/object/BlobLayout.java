package io.cosd.domain.object;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an object's bytes live: one blob for a simple object, or the blobs of its parts in part
 * order for a completed multipart object (the object's bytes are their concatenation).
 */
public record BlobLayout(List<Extent> extents) {
    /**
     * {@code length} bytes of blob {@code blobId} starting at {@code position}; {@code part}: the part number the
     * blob was uploaded as (an encrypted part blob is sealed under that part's key, SSE-14), 0 for a single blob.
     */
    public record Extent(String blobId, long position, long length, int part) {
        /** An extent of a single-blob object (part 0). */
        public Extent(String blobId, long position, long length) {
            this(blobId, position, length, 0);
        }
    }

    public BlobLayout {
        extents = List.copyOf(extents);
    }

    public static BlobLayout single(String blobId, long size) {
        return new BlobLayout(List.of(new Extent(blobId, 0, size)));
    }

    public static BlobLayout ofParts(List<UploadedPart> parts) {
        List<Extent> out = new ArrayList<>(parts.size());
        for (UploadedPart p : parts) out.add(new Extent(p.blobId(), 0, p.size(), p.partNumber()));
        return new BlobLayout(out);
    }

    public long size() {
        long n = 0;
        for (Extent e : extents) n += e.length();
        return n;
    }

    /**
     * The pieces of blobs holding object bytes {@code [start, start + length)}, in order; a range
     * that crosses part boundaries maps onto several extents. Empty parts contribute nothing.
     */
    public List<Extent> slice(long start, long length) {
        List<Extent> out = new ArrayList<>();
        long base = 0, end = start + length;
        for (Extent e : extents) {
            long eStart = base, eEnd = base + e.length();
            base = eEnd;
            if (eEnd <= start || e.length() == 0) continue;
            if (eStart >= end) break;
            long from = Math.max(start, eStart), to = Math.min(end, eEnd);
            out.add(new Extent(e.blobId(), e.position() + (from - eStart), to - from, e.part()));
        }
        return out;
    }
}
