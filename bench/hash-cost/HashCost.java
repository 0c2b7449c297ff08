import io.cosd.domain.object.Crc64;

import java.security.MessageDigest;
import java.util.Random;

/**
 * bench/hash-cost/run: CPU per MiB of what a PUT computes over every byte (bench/README.md "PUT path
 * CPU"): MD5 (the ETag), CRC64-ECMA (x-cos-hash-crc64ecma), and both in one pass over 256 KiB
 * buffers as BlobStreams.write does. Single thread, in process, after warm-up; thread CPU time.
 */
public final class HashCost {
    public static void main(String[] args) throws Exception {
        byte[] mib = new byte[1 << 20];
        new Random(1).nextBytes(mib);
        int buf = 256 * 1024, rounds = 5, reps = 300;
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int r = 0; r <= rounds; r++) {
            for (String what : new String[] {"md5", "crc64", "md5+crc64"}) {
                long t0 = bean.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) {
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
}
