import io.cosd.domain.object.Crc64;

import java.security.MessageDigest;
import java.util.Random;

/**
 * bench/hash-cost/run: CPU per MiB of what a PUT computes over every byte (bench/README.md "PUT path
 * CPU"): MD5 (the ETag), CRC64-ECMA (x-cos-hash-crc64ecma), and both in one pass over 256 KiB
 * buffers as BlobStreams.write does, and SHA-256 (a signed x-amz-content-sha256) and the CRC32/CRC32C
 * checksums from an off-heap buffer, as the piece path computes them. Single thread, in process,
 * after warm-up; thread CPU time.
 */
public final class HashCost {
    public static void main(String[] args) throws Exception {
        byte[] mib = new byte[1 << 20];
        new Random(1).nextBytes(mib);
        int buf = 256 * 1024, rounds = 5, reps = 300;
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(mib.length).put(mib).flip();
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int r = 0; r <= rounds; r++) {
            for (String what : new String[] {"md5", "crc64", "md5+crc64", "sha256", "crc32", "crc32c"}) {
                long t0 = bean.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) {
                    if (what.startsWith("sha") || what.startsWith("crc32")) {
                        sink += other(what, direct, buf);
                        continue;
                    }
                    MessageDigest md5 = MessageDigest.getInstance("MD5");
                    Crc64 crc = new Crc64();
                    for (int off = 0; off < mib.length; off += buf) {
                        if (!what.equals("crc64")) md5.update(mib, off, buf);
                        if (!what.equals("md5")) crc.update(mib, off, buf);
                    }
                    sink += md5.digest()[0] + crc.value();
                }
                long ns = bean.getCurrentThreadCpuTime() - t0;
                if (r > 0) System.out.printf("round %d %-10s %7.0f µs/MiB  %6.0f MB/s%n", r, what, ns / 1e3 / reps, reps * (double) mib.length / ns * 1e3);
            }
        }
        if (sink == 42) System.out.println();
    }

    /** One MiB through SHA-256, CRC32 or CRC32C from an off-heap buffer, {@code buf} bytes a call. */
    private static long other(String what, java.nio.ByteBuffer direct, int buf) throws Exception {
        if (what.equals("sha256")) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int off = 0; off < direct.capacity(); off += buf) sha.update(direct.slice(off, buf));
            return sha.digest()[0];
        }
        java.util.zip.Checksum c = what.equals("crc32") ? new java.util.zip.CRC32() : new java.util.zip.CRC32C();
        for (int off = 0; off < direct.capacity(); off += buf) c.update(direct.slice(off, buf));
        return c.getValue();
    }
}
