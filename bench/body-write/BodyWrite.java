package io.cosd.service;

import io.cosd.store.blob.DiskBlobStore;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bench/body-write/run (bench/README.md "The 1 MiB PUT"): one large body at a time through the real
 * write path into a real DiskBlobStore (fsync, rename, directory fsync each), from off-heap pieces
 * as the HTTP edge receives them, three ways, alternating in short rounds so machine drift hits all
 * alike: "copy" (the stream path: each piece copied into the 256 KiB array, hashed, written through
 * the JDK's temporary direct buffer), "pieces" (PieceWrite, MD5 inline, as at c=16) and
 * "pieces+lane" (PieceWrite, MD5 on a helper, as at c=1). Per way: process CPU per body (every
 * thread, kernel included) and wall time per body (the c=1 latency of this step), medians over rounds,
 * and the 10th and 50th percentile of single bodies' wall times (on a loaded machine the p10 is the
 * body that got the cores it asked for).
 *
 * With --signed the body carries a declared SHA-256, as a SigV4 body with {@code x-amz-content-sha256:
 * <hex>} does (docs/performance.md "Signed and checksummed bodies"): "copy" then reads it through a
 * stream that hashes the copied bytes and checks at the end (the API's verifying stream, the only way
 * before), the piece ways declare it in {@link BodyPieces#checks()} and PieceWrite hashes the pieces.
 *
 *   run [--size BYTES] [--piece BYTES] [--rounds N] [--per-round N] [--dir DIR] [--signed]
 */
public final class BodyWrite {
    public static void main(String[] args) throws Exception {
        int size = 1 << 20, piece = 65_536, rounds = 15, per = 20;
        Path dir = null;
        boolean signed = false;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--signed" -> {
                    signed = true;
                    i--;
                }
                case "--size" -> size = Integer.parseInt(args[i + 1]);
                case "--piece" -> piece = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--per-round" -> per = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path root = Files.createTempDirectory(dir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dir, "cosd-body-write");
        DiskBlobStore blobs = new DiskBlobStore(root);
        byte[] body = new byte[size];
        new Random(1).nextBytes(body);
        List<ByteBuffer> pieces = new ArrayList<>();
        for (int off = 0; off < size; off += piece) {
            int n = Math.min(piece, size - off);
            pieces.add(ByteBuffer.allocateDirect(n).put(body, off, n).flip());
        }
        byte[] sha = signed ? java.security.MessageDigest.getInstance("SHA-256").digest(body) : null;
        String[] ways = {"copy", "pieces", "pieces+lane"};
        double[][] cpu = new double[ways.length][rounds], wall = new double[ways.length][rounds];
        double[][] each = new double[ways.length][rounds * per]; // every body's own wall time
        for (int r = -3; r < rounds; r++) { // three unreported rounds of warm-up
            for (int w = 0; w < ways.length; w++) {
                long c0 = processCpuNanos(), t0 = System.nanoTime();
                for (int i = 0; i < per; i++) {
                    long e0 = System.nanoTime();
                    Source src = new Source(pieces, sha);
                    BlobStreams.Written out = switch (w) {
                        case 0 -> BlobStreams.write(blobs, (InputStream) src.stream(), size, null, Long.MAX_VALUE);
                        case 1 -> PieceWrite.write(blobs, src, size, null, Long.MAX_VALUE, null, null, Md5Lane::inline);
                        default -> PieceWrite.write(blobs, src, size, null, Long.MAX_VALUE, null, null, Md5Lane::parallelLane);
                    };
                    if (r >= 0) each[w][r * per + i] = (System.nanoTime() - e0) / 1e3;
                    blobs.delete(out.blobId());
                }
                if (r >= 0) {
                    cpu[w][r] = (processCpuNanos() - c0) / 1e3 / per;
                    wall[w][r] = (System.nanoTime() - t0) / 1e3 / per;
                }
            }
        }
        System.out.printf("%sbody %d bytes in %d-byte pieces, %d rounds of %d per way, load %s%n", signed ? "signed " : "", size, piece, rounds, per,
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        System.out.println("| way | CPU µs/body (median of rounds) | min | wall µs/body (median of rounds) | one body's wall p10 | p50 |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (int w = 0; w < ways.length; w++) {
            double[] e = each[w].clone();
            Arrays.sort(e);
            System.out.printf("| %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f |%n", ways[w], median(cpu[w]), Arrays.stream(cpu[w]).min().orElse(0),
                    median(wall[w]), e[e.length / 10], e[e.length / 2]);
        }
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Every thread's time on a CPU so far, in ns (the sum of /proc/self/task/N/schedstat: finer than the 10 ms ticks of /proc/self/stat). */
    private static long processCpuNanos() throws java.io.IOException {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    sum += Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a thread that ended meanwhile: its time is lost from both ends of no round
                }
            }
        }
        return sum;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The body as the edge hands it out: whole pieces, or bytes copied out of them (BodyStream.read). */
    private static final class Source implements BodyPieces {
        private final List<ByteBuffer> pieces;
        private final byte[] sha; // the declared SHA-256, or null
        private final java.security.MessageDigest digest;
        private int next;

        Source(List<ByteBuffer> pieces, byte[] sha) throws java.security.NoSuchAlgorithmException {
            this.pieces = pieces;
            this.sha = sha;
            this.digest = sha == null ? null : java.security.MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void stopPieces() {
        }

        @Override
        public List<Check> checks() {
            if (sha == null) return List.of();
            return List.of(new Check() {
                public void update(ByteBuffer bytes) { digest.update(bytes.duplicate()); }

                public void verify() {
                    if (!java.security.MessageDigest.isEqual(digest.digest(), sha)) throw new IllegalStateException("SHA-256 mismatch");
                }
            });
        }

        /** The copying path's view: bytes, hashed as they are copied and checked at the end when a SHA-256 is declared. */
        InputStream stream() {
            InputStream plain = bytes();
            if (sha == null) return plain;
            return new java.io.FilterInputStream(plain) {
                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) digest.update(b, off, n);
                    if (n < 0 && !java.security.MessageDigest.isEqual(digest.digest(), sha)) throw new IllegalStateException("SHA-256 mismatch");
                    return n;
                }
            };
        }

        public Piece nextPiece() {
            if (next == pieces.size()) return null;
            ByteBuffer b = pieces.get(next++);
            AtomicInteger refs = new AtomicInteger(1);
            return new Piece() {
                public ByteBuffer bytes() { return b.duplicate(); }

                public Piece retain() {
                    refs.incrementAndGet();
                    return this;
                }

                public void release() {
                    refs.decrementAndGet();
                }
            };
        }

        private InputStream bytes() {
            return new InputStream() {
                ByteBuffer head;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    while (head == null || !head.hasRemaining()) {
                        if (next == pieces.size()) return -1;
                        head = pieces.get(next++).duplicate();
                    }
                    int n = Math.min(len, head.remaining());
                    head.get(b, off, n);
                    return n;
                }
            };
        }
    }
}
