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
 * With --chunked the pieces are the body as the AWS SDK v2 sends it by default over http
 * ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}: 128 KiB chunks, each signed, and a signed CRC32
 * trailer; docs/performance.md "aws-chunked bodies on the piece path"), decoded by the API's decoder:
 * "copy" reads it through the decoder's byte form (the only way before), the piece ways through its
 * piece form (slices of the received buffers); every way also computes and stores the CRC32.
 *
 *   run [--size BYTES] [--piece BYTES] [--rounds N] [--per-round N] [--dir DIR] [--signed | --chunked]
 */
public final class BodyWrite {
    public static void main(String[] args) throws Exception {
        int size = 1 << 20, piece = 65_536, rounds = 15, per = 20;
        Path dir = null;
        boolean signed = false, chunked = false;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--signed" -> {
                    signed = true;
                    i--;
                }
                case "--chunked" -> {
                    chunked = true;
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
        byte[] sent = chunked ? Chunked.encode(body) : body;
        List<ByteBuffer> pieces = new ArrayList<>();
        for (int off = 0; off < sent.length; off += piece) {
            int n = Math.min(piece, sent.length - off);
            pieces.add(ByteBuffer.allocateDirect(n).put(sent, off, n).flip());
        }
        io.cosd.domain.object.ChecksumAlgorithm crc = chunked ? io.cosd.domain.object.ChecksumAlgorithm.CRC32 : null;
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
                    BlobStreams.Written out = chunked ? switch (w) {
                        case 0 -> BlobStreams.write(blobs, Chunked.decoder(src.bytes(), size), size, null, Long.MAX_VALUE, crc, null, null);
                        case 1 -> PieceWrite.write(blobs, (BodyPieces) Chunked.decoder(src.both(), size), size, null, Long.MAX_VALUE, crc, null, Md5Lane::inline);
                        default -> PieceWrite.write(blobs, (BodyPieces) Chunked.decoder(src.both(), size), size, null, Long.MAX_VALUE, crc, null,
                                Md5Lane::parallelLane);
                    } : switch (w) {
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
        System.out.printf("%sbody %d bytes in %d-byte pieces, %d rounds of %d per way, load %s%n", signed ? "signed " : chunked ? "aws-chunked " : "", size, piece, rounds, per,
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

        /** The edge's body as the decoder sees it: bytes and pieces both (it takes pieces). */
        InputStream both() {
            InputStream bytes = bytes();
            Source self = this;
            class Both extends InputStream implements BodyPieces {
                @Override
                public int read() throws java.io.IOException { return bytes.read(); }

                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException { return bytes.read(b, off, len); }

                @Override
                public Piece nextPiece() { return self.nextPiece(); }

                @Override
                public List<Check> checks() { return self.checks(); }

                @Override
                public void stopPieces() { }
            }
            return new Both();
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

    /** The SDK's default aws-chunked encoding of a body, signed under a fixed key, and the API's decoder for it. */
    private static final class Chunked {
        private static final int CHUNK = 128 * 1024;
        private static final String DATE = "20130524T000000Z", SCOPE = "20130524/us-east-1/s3/aws4_request",
                SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
        private static final byte[] KEY = io.cosd.domain.signing.SigV4Signer.signingKey("benchSecretKey", "20130524", "us-east-1", "s3");

        static InputStream decoder(InputStream edge, long size) {
            var p = new io.cosd.api.auth.AuthResult.Payload.AwsChunked(true, true, KEY, DATE, SCOPE, SEED, size);
            var in = io.cosd.api.auth.AwsChunkedInputStream.of(edge, p);
            in.expectTrailer("x-amz-checksum-crc32");
            return in;
        }

        static byte[] encode(byte[] data) {
            var out = new java.io.ByteArrayOutputStream();
            String prev = SEED;
            for (int off = 0; ; off += CHUNK) {
                int n = Math.max(0, Math.min(CHUNK, data.length - off));
                byte[] c = Arrays.copyOfRange(data, Math.min(off, data.length), Math.min(off, data.length) + n);
                prev = io.cosd.domain.signing.SigV4Signer.sign(KEY, io.cosd.domain.signing.SigV4Signer.chunkStringToSign(DATE, SCOPE, prev,
                        io.cosd.domain.signing.Hashes.sha256Hex(c)));
                out.writeBytes((Integer.toHexString(n) + ";chunk-signature=" + prev + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.writeBytes(c);
                if (n == 0) break;
                out.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            String trailer = "x-amz-checksum-crc32:" + java.util.Base64.getEncoder().encodeToString(io.cosd.domain.object.ChecksumAlgorithm.CRC32.of(data));
            String sig = io.cosd.domain.signing.SigV4Signer.sign(KEY, io.cosd.domain.signing.SigV4Signer.trailerStringToSign(DATE, SCOPE, prev,
                    io.cosd.domain.signing.Hashes.sha256Hex(trailer + "\n")));
            out.writeBytes((trailer + "\r\nx-amz-trailer-signature:" + sig + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return out.toByteArray();
        }
    }
}
