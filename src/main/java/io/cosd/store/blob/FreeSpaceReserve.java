package io.cosd.store.blob;

import java.util.Locale;

/**
 * How much free space the blob store keeps back (--min-free-space, COSD_MIN_FREE_SPACE): new blobs
 * are refused while writing them would leave less than this, so the disk never fills up under
 * cosd's own writes and SQLite, its WAL and the temp files always have room (docs/storage.md
 * "Full disk"). Either a fixed number of bytes or a percentage of the file system's size.
 *
 * @param bytes   fixed reserve in bytes (used when {@code percent} is negative)
 * @param percent reserve as a percentage of the file system's total size, or -1
 */
public record FreeSpaceReserve(long bytes, double percent) {
    /** No reserve: writes stop only when the file system says ENOSPC. */
    public static final FreeSpaceReserve NONE = new FreeSpaceReserve(0, -1);

    /**
     * The default: 1 GiB, but never more than 5% of the file system, so a small CI disk (a few GiB
     * free) still takes writes while a large one keeps a useful margin.
     */
    public static final String DEFAULT_SPEC = "1GiB,5%";

    public FreeSpaceReserve {
        if (bytes < 0) throw new IllegalArgumentException("reserve must not be negative");
        if (percent > 100) throw new IllegalArgumentException("reserve over 100%");
    }

    /** The reserve in bytes on a file system of {@code totalBytes}. */
    public long bytesFor(long totalBytes) {
        if (percent < 0) return bytes;
        long p = (long) (totalBytes * (percent / 100.0));
        return bytes > 0 ? Math.min(bytes, p) : p;
    }

    /**
     * {@code 0}, {@code 1073741824}, {@code 512M}, {@code 1GiB}, {@code 2g}, {@code 5%}, or
     * {@code 1GiB,5%} (the smaller of the two). Suffixes K/M/G/T (with optional {@code iB} or {@code B})
     * are powers of 1024.
     */
    public static FreeSpaceReserve parse(String spec) {
        if (spec == null || spec.isBlank()) return parse(DEFAULT_SPEC);
        long bytes = 0;
        double percent = -1;
        for (String part : spec.split(",")) {
            String s = part.trim();
            if (s.endsWith("%")) {
                percent = Double.parseDouble(s.substring(0, s.length() - 1).trim());
                if (percent < 0 || percent > 100) throw new IllegalArgumentException("min free space percentage out of range: " + s);
            } else {
                bytes = bytes(s);
            }
        }
        return new FreeSpaceReserve(bytes, percent);
    }

    private static long bytes(String s) {
        String u = s.toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "").trim();
        long mult = 1;
        if (!u.isEmpty() && "KMGT".indexOf(u.charAt(u.length() - 1)) >= 0) {
            mult = 1L << (10 * ("KMGT".indexOf(u.charAt(u.length() - 1)) + 1));
            u = u.substring(0, u.length() - 1).trim();
        }
        try {
            long n = Long.parseLong(u);
            if (n < 0) throw new IllegalArgumentException("min free space must not be negative: " + s);
            return Math.multiplyExact(n, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("min free space is not a size: " + s + " (e.g. 1GiB, 512M, 5%)");
        }
    }

    @Override
    public String toString() {
        if (percent < 0) return bytes + " bytes";
        return bytes > 0 ? "min(" + bytes + " bytes, " + percent + "%)" : percent + "%";
    }
}
