package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.object.ChecksumAlgorithm;
import io.cosd.store.blob.DiskBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.cosd.service.WrittenBodies.assertNothingStored;
import static io.cosd.service.WrittenBodies.md5;
import static io.cosd.service.WrittenBodies.random;
import static io.cosd.service.WrittenBodies.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The large-body path (docs/performance.md "The 1 MiB PUT"): a body taken as its received off-heap
 * buffers is stored and hashed exactly as the copying path stores and hashes it, with the MD5 inline
 * or on a helper, and refuses what that path refuses before anything commits, releasing every
 * buffer. A real {@link DiskBlobStore} on a temporary directory; the body is a sequence of direct
 * buffers, as the HTTP edge hands them out.
 */
class PieceWriteTest {
    @TempDir
    Path dir;

    private final AtomicInteger live = new AtomicInteger();

    @Test
    void aBodyWrittenFromItsPiecesHasTheBytesMd5Crc64AndChecksumOfTheCopyingPathWithTheMd5InlineOrOnAHelper() throws IOException {
        byte[] body = random(3_000_017);
        DiskBlobStore blobs = new DiskBlobStore(dir);
        BlobStreams.Written copied = BlobStreams.write(blobs, new ByteArrayInputStream(body), body.length, null, Long.MAX_VALUE,
                ChecksumAlgorithm.CRC32C, null, null);
        for (Supplier<Md5Lane> lane : List.<Supplier<Md5Lane>>of(Md5Lane::inline, Md5Lane::parallelLane)) {
            BlobStreams.Written w = PieceWrite.write(blobs, pieces(body, 65_536, 1_000, 7), body.length, md5(body), Long.MAX_VALUE,
                    ChecksumAlgorithm.CRC32C, null, lane);
            assertThat(w.md5()).isEqualTo(copied.md5()).isEqualTo(md5(body));
            assertThat(w.crc64()).isEqualTo(copied.crc64());
            assertThat(w.checksum()).isEqualTo(copied.checksum());
            assertThat(w.size()).isEqualTo(body.length);
            assertThat(read(blobs, w.blobId())).isEqualTo(body);
            assertThat(live).as("buffers not released").hasValue(0);
        }
    }

    @Test
    void everyChecksumAlgorithmIsComputedFromTheBuffersAsTheCopyingPathComputesItAndAWrongHeaderValueStoresNothing_UB_3() throws IOException {
        // CRC32, CRC32C, SHA-1 and SHA-256 read the off-heap pieces directly; CRC64NVME copies through a
        // scratch array: either way the value is the copying path's, and a header value that differs refuses.
        byte[] body = random(1_300_001);
        DiskBlobStore blobs = new DiskBlobStore(dir);
        for (ChecksumAlgorithm alg : ChecksumAlgorithm.values()) {
            byte[] want = alg.of(body);
            BlobStreams.Written copied = BlobStreams.write(blobs, new ByteArrayInputStream(body), body.length, null, Long.MAX_VALUE, alg, want, null);
            for (Supplier<Md5Lane> lane : List.<Supplier<Md5Lane>>of(Md5Lane::inline, Md5Lane::parallelLane)) {
                BlobStreams.Written w = PieceWrite.write(blobs, pieces(body, 1, 65_535, 262_144, 16_384), body.length, null, Long.MAX_VALUE,
                        alg, want, lane);
                assertThat(w.checksum()).as(alg.name()).isEqualTo(copied.checksum());
                assertThat(w.checksum().bytes()).as(alg.name()).isEqualTo(want);
                byte[] wrong = want.clone();
                wrong[0] ^= 1;
                assertThatThrownBy(() -> PieceWrite.write(blobs, pieces(body, 65_536), body.length, null, Long.MAX_VALUE, alg, wrong, lane))
                        .as(alg.name()).isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.reason()).isEqualTo(Refusal.Reason.DIGEST_MISMATCH));
                assertThat(live).as("buffers not released").hasValue(0);
            }
        }
        try (var files = Files.list(dir.resolve("tmp"))) {
            assertThat(files).as("temp files").isEmpty();
        }
    }

    @Test
    void aChecksumTheBodyComputedAlreadyIsStoredAsItGivesItNotComputedASecondTime_OBJ_K2() throws IOException {
        // An aws-chunked decoder computes its trailer's checksum to verify it (AUTH-14); the put path stores that
        // value instead of hashing every byte again. A body that gives a value of its own shows which was stored.
        byte[] given = {1, 2, 3, 4};
        DiskBlobStore blobs = new DiskBlobStore(dir);
        for (int size : new int[] {1_000_000, 100_000}) { // the piece path and the copying path
            byte[] body = random(size);
            Pieces p = pieces(body, 65_536);
            p.computed = given::clone;
            BlobStreams.Written w = BlobStreams.write(blobs, p, body.length, null, Long.MAX_VALUE, ChecksumAlgorithm.CRC32, null, null);
            assertThat(w.checksum().bytes()).as(size + " bytes").isEqualTo(given);
            assertThat(p.begun).as("begun before the blob file opened (EDGE-K3)").isTrue();
            // Another algorithm than the body computes: computed here, from the bytes.
            Pieces other = pieces(body, 65_536);
            other.computed = given::clone;
            w = BlobStreams.write(blobs, other, body.length, null, Long.MAX_VALUE, ChecksumAlgorithm.CRC32C, null, null);
            assertThat(w.checksum().bytes()).isEqualTo(ChecksumAlgorithm.CRC32C.of(body));
        }
        assertThat(live).as("buffers not released").hasValue(0);
    }

    @Test
    void aBodyOfUnknownLengthIsWhateverArrived() throws IOException {
        byte[] body = random(700_000);
        DiskBlobStore blobs = new DiskBlobStore(dir);
        BlobStreams.Written w = PieceWrite.write(blobs, pieces(body, 40_000), -1, null, Long.MAX_VALUE, null, null, Md5Lane::parallelLane);
        assertThat(read(blobs, w.blobId())).isEqualTo(body);
        assertThat(w.md5()).isEqualTo(md5(body));
    }

    @Test
    void aBodyOverTheCapIsRefusedMidwayAndLeavesNoFileAndNoHeldBuffer() throws IOException {
        byte[] body = random(2_000_000);
        for (Supplier<Md5Lane> lane : List.<Supplier<Md5Lane>>of(Md5Lane::inline, Md5Lane::parallelLane)) {
            assertThatThrownBy(() -> PieceWrite.write(new DiskBlobStore(dir), pieces(body, 65_536), -1, null, 1_000_000, null, null, lane))
                    .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.reason()).isEqualTo(Refusal.Reason.BODY_TOO_LARGE));
            assertNoFiles();
            awaitReleased();
        }
    }

    @Test
    void aContentMd5MismatchFoundAfterTheHelpersFsyncStillCommitsNothing_UB_3() throws IOException {
        byte[] body = random(1_048_576);
        byte[] wrong = md5(random(10));
        assertThatThrownBy(() -> PieceWrite.write(new DiskBlobStore(dir), pieces(body, 65_536), body.length, wrong, Long.MAX_VALUE,
                null, null, Md5Lane::parallelLane))
                .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.reason()).isEqualTo(Refusal.Reason.DIGEST_MISMATCH));
        assertNoFiles();
        assertThat(live).hasValue(0);
    }

    @Test
    void aBodyShorterThanDeclaredOrBrokenOffIsIncompleteBodyAndLeavesNothing() throws IOException {
        byte[] body = random(600_000);
        assertThatThrownBy(() -> PieceWrite.write(new DiskBlobStore(dir), pieces(body, 65_536), body.length + 1, null, Long.MAX_VALUE,
                null, null, Md5Lane::parallelLane))
                .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.reason()).isEqualTo(Refusal.Reason.BODY_INCOMPLETE));
        BodyPieces broken = failingAfter(pieces(body, 65_536), 3);
        assertThatThrownBy(() -> PieceWrite.write(new DiskBlobStore(dir), broken, body.length, null, Long.MAX_VALUE,
                null, null, Md5Lane::parallelLane))
                .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.reason()).isEqualTo(Refusal.Reason.BODY_INCOMPLETE));
        assertNoFiles();
        awaitReleased();
    }

    @Test
    void onlyAPlainBodyOfAtLeast256KiBFromTheEdgeTakesThePiecePath() throws IOException {
        // Smaller bodies keep the copying path tuned for them (and inline storage); so do SSE bodies.
        byte[] small = random(100_000);
        BodyPieces p = pieces(small, 65_536);
        BlobStreams.Written w = BlobStreams.write(new DiskBlobStore(dir), (InputStream) p, small.length, null, Long.MAX_VALUE);
        assertThat(read(new DiskBlobStore(dir), w.blobId())).isEqualTo(small);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void assertNoFiles() throws IOException {
        assertNothingStored(dir, "piece write");
    }

    /** The helper of a cancelled lane releases what it still holds a moment after the refusal. */
    private void awaitReleased() {
        // Sleeps, not spins: on a loaded 2-core machine a spinning test starves the very helper it waits for.
        long until = System.nanoTime() + 30_000_000_000L;
        while (live.get() != 0 && System.nanoTime() < until) WrittenBodies.pause();
        assertThat(live).as("buffers not released").hasValue(0);
    }

    /** The body as direct buffers of the given sizes (the last repeated), counted while held; also readable as a stream. */
    private Pieces pieces(byte[] body, int... sizes) {
        List<ByteBuffer> list = new ArrayList<>();
        for (int off = 0, i = 0; off < body.length; i++) {
            int n = Math.min(sizes[Math.min(i, sizes.length - 1)], body.length - off);
            list.add(ByteBuffer.allocateDirect(n).put(body, off, n).flip());
            off += n;
        }
        return new Pieces(list);
    }

    private static BodyPieces failingAfter(Pieces p, int n) {
        AtomicInteger given = new AtomicInteger();
        return new BodyPieces() {
            @Override
            public Piece nextPiece() throws IOException {
                if (given.incrementAndGet() > n) throw new IOException("connection reset by peer");
                return p.nextPiece();
            }

            @Override
            public List<Check> checks() {
                return List.of();
            }

            @Override
            public void begin() {
                p.begin();
            }

            @Override
            public void stopPieces() {
                p.stopPieces();
            }
        };
    }

    private final class Pieces extends InputStream implements BodyPieces {
        private final List<ByteBuffer> list;
        private int next;
        /** What {@link #computes} gives (null: the body computes no checksum); whether {@link #begin} was called. */
        Supplier<byte[]> computed;
        boolean begun;

        @Override
        public Supplier<byte[]> computes(ChecksumAlgorithm algorithm) {
            return algorithm == ChecksumAlgorithm.CRC32 ? computed : null;
        }

        Pieces(List<ByteBuffer> list) {
            this.list = list;
        }

        @Override
        public List<Check> checks() {
            return List.of();
        }

        @Override
        public void begin() {
            begun = true;
        }

        @Override
        public void stopPieces() {
        }

        @Override
        public Piece nextPiece() {
            if (next == list.size()) return null;
            ByteBuffer b = list.get(next++);
            live.incrementAndGet();
            AtomicInteger refs = new AtomicInteger(1);
            return new Piece() {
                public ByteBuffer bytes() { return b.duplicate(); }

                public Piece retain() {
                    refs.incrementAndGet();
                    return this;
                }

                public void release() {
                    int left = refs.decrementAndGet();
                    if (left < 0) throw new AssertionError("released twice");
                    if (left == 0) live.decrementAndGet();
                }
            };
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (next < list.size() && !list.get(next).hasRemaining()) next++;
            if (next == list.size()) return -1;
            ByteBuffer head = list.get(next);
            int n = Math.min(len, head.remaining());
            head.get(b, off, n);
            return n;
        }
    }
}
