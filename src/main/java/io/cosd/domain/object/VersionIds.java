package io.cosd.domain.object;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * COS version ids (VER-I2): {@code base64_nopad(decimal(2^64 - 1 - t_µs))}, t_µs = creation time in
 * microseconds since the epoch. Newer versions get lexicographically smaller ids, as on COS. Pure:
 * the caller supplies the time; {@link Generator} makes ids unique within a process by never
 * reusing a microsecond (two writes in the same µs get t and t+1: the "tie-breaker" VER-I2 allows).
 */
public final class VersionIds {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private VersionIds() {}

    public static String format(long micros) {
        String decimal = MAX.subtract(BigInteger.valueOf(micros)).toString();
        return Base64.getEncoder().withoutPadding().encodeToString(decimal.getBytes(StandardCharsets.US_ASCII));
    }

    /** The creation time encoded in a well-formed id, or -1 when the id is not one of ours. */
    public static long micros(String id) {
        if (id == null || id.isEmpty() || id.length() > 28) return -1;
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(id);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (raw.length == 0 || raw.length > 20) return -1;
        for (byte b : raw) if (b < '0' || b > '9') return -1;
        BigInteger n = new BigInteger(new String(raw, StandardCharsets.US_ASCII));
        if (n.compareTo(MAX) > 0) return -1;
        long t = MAX.subtract(n).longValue();
        // Re-encoding must give the same text: rejects leading zeros and non-canonical padding bits.
        return t >= 0 && format(t).equals(id) ? t : -1;
    }

    /** True for the literal {@code null} and for ids this format can produce (VER-I7, VER-I8). */
    public static boolean isWellFormed(String id) {
        return ObjectVersion.NULL_VERSION.equals(id) || micros(id) >= 0;
    }

    /** Unique, time-ordered ids for one process (one process owns the metadata store). */
    public static final class Generator {
        private long last;

        public synchronized String next(Instant now) {
            long us = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
            last = Math.max(us, last + 1);
            return format(last);
        }
    }
}
