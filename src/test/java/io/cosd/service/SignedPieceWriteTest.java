package io.cosd.service;

import io.cosd.api.DeclaredSha256;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.BodyStream;
import io.cosd.api.http.EdgeBodies;
import io.cosd.domain.Refusal;
import io.cosd.domain.object.ChecksumAlgorithm;
import io.cosd.store.blob.DiskBlobStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.cosd.ParanoidLeaks;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.cosd.service.WrittenBodies.md5;
import static io.cosd.service.WrittenBodies.random;
import static io.cosd.service.WrittenBodies.read;
import static io.cosd.service.WrittenBodies.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A body with a declared SHA-256 (a signed {@code x-amz-content-sha256}) on the piece path
 * (docs/performance.md "Signed and checksummed bodies", AUTH-12): the real edge body ({@link BodyStream}
 * fed Netty direct buffers, as the event loop feeds it) behind the API's real verifying wrapper, written
 * by {@link PieceWrite} with the MD5 inline or on a helper, into a real {@link DiskBlobStore}. The right
 * digest commits the exact bytes; a wrong one, a wrong length or a broken connection commits nothing,
 * answers what the copying path answers, and every received buffer is released exactly once (reference
 * counts, with Netty's leak detector at PARANOID).
 */
@ExtendWith(ParanoidLeaks.class)
class SignedPieceWriteTest {
    private static final int K256 = 256 * 1024;
    /** Body sizes at the awkward boundaries: empty, one byte, around the piece-path threshold, larger. */
    private static final int[] SIZES = {0, 1, K256 - 1, K256, K256 + 1, 1_048_576, 3 * 1_048_576 + 17};
    /** How the body arrives: buffer sizes in order, the last repeated. */
    private static final int[][] SPLITS = {
            {Integer.MAX_VALUE},            // one buffer
            {1, 65_536},                    // a lone first byte, then 64 KiB buffers
            {K256},                         // exactly the MD5 lane's batch
            {K256 - 1, 1, 1, 65_537},       // pieces straddling a batch boundary
            {16_384},                       // what Netty's reads usually hand out
    };


    @TempDir
    Path dir;
    private final List<ByteBuf> received = new ArrayList<>();


    private static List<Supplier<Md5Lane>> lanes() {
        return List.of(Md5Lane::inline, Md5Lane::parallelLane);
    }

    @Test
    void theRightDigestCommitsTheExactBytesForEverySizeSplitAndLane_AUTH_12() throws IOException {
        DiskBlobStore blobs = new DiskBlobStore(dir);
        for (int size : SIZES) {
            byte[] body = random(size);
            for (int[] split : SPLITS) {
                for (Supplier<Md5Lane> lane : lanes()) {
                    String row = "size " + size + " split " + Arrays.toString(split) + " lane " + lane;
                    BlobStreams.Written w = PieceWrite.write(blobs, signed(body, split, sha256Hex(body)), size, null,
                            Long.MAX_VALUE, null, null, lane);
                    assertThat(w.size()).as(row).isEqualTo(size);
                    assertThat(w.md5()).as(row).isEqualTo(md5(body));
                    assertThat(read(blobs, w.blobId())).as(row).isEqualTo(body);
                    assertReleased(row);
                }
            }
        }
    }

    @Test
    void theStoreTakesTheSignedEdgeBodyAsPiecesAtEveryLengthItDeclaresOrNone() throws IOException {
        // BlobStreams.write is what PutObject and UploadPart call: an unknown length or one of at least
        // 256 KiB takes the piece path, a smaller one the copying path; both store the bytes and check.
        DiskBlobStore blobs = new DiskBlobStore(dir);
        for (int size : SIZES) {
            byte[] body = random(size);
            for (long declared : new long[] {size, -1}) {
                InputStream in = (InputStream) signed(body, new int[] {65_536}, sha256Hex(body));
                BlobStreams.Written w = BlobStreams.write(blobs, in, declared, md5(body),
                        Long.MAX_VALUE, ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.CRC32C.of(body), null);
                assertThat(read(blobs, w.blobId())).as("size %d declared %d", size, declared).isEqualTo(body);
                boolean piecePath = declared < 0 || declared >= K256;
                // A body taken as pieces refuses a later byte read; one read as bytes is simply at its end.
                if (piecePath) assertThatThrownBy(in::read).isInstanceOf(IllegalStateException.class);
                else assertThat(in.read()).isEqualTo(-1);
                assertThat(w.checksum().bytes()).isEqualTo(ChecksumAlgorithm.CRC32C.of(body));
                assertReleased("size " + size);
                Throwable wrong = catchThrowable(() -> BlobStreams.write(blobs, (InputStream) signed(body, new int[] {65_536}, sha256Hex(new byte[] {7})),
                        declared, null, Long.MAX_VALUE, null, null, null));
                assertThat(wrong).as("size %d declared %d", size, declared).isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONTENT_SHA256));
                assertReleased("size " + size);
            }
        }
        assertNoTemporaryFiles();
    }

    @Test
    void aWrongDigestIsXAmzContentSha256MismatchAndStoresNothingForEverySizeSplitAndLane_AUTH_12() throws IOException {
        DiskBlobStore blobs = new DiskBlobStore(dir);
        for (int size : SIZES) {
            byte[] body = random(size);
            byte[] other = body.clone();
            if (size > 0) other[size / 2] ^= 1; // one bit off in the middle
            String wrong = size > 0 ? sha256Hex(other) : sha256Hex(new byte[] {0});
            for (int[] split : SPLITS) {
                for (Supplier<Md5Lane> lane : lanes()) {
                    String row = "size " + size + " split " + Arrays.toString(split) + " lane " + lane;
                    assertThatThrownBy(() -> PieceWrite.write(blobs, signed(body, split, wrong), size, null, Long.MAX_VALUE, null, null, lane))
                            .as(row).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONTENT_SHA256));
                    assertNothingStored(row);
                    assertReleased(row);
                }
            }
        }
    }

    @Test
    void aLengthShortOrLongOfTheDeclaredOneAnswersWhatTheCopyingPathAnswers() throws IOException {
        // The copying path checks the digest at the body's end, then the length: so a right digest with a
        // wrong length is IncompleteBody, and a wrong digest is XAmzContentSHA256Mismatch whatever the length.
        DiskBlobStore blobs = new DiskBlobStore(dir);
        byte[] body = random(1_048_576);
        String right = sha256Hex(body), wrong = sha256Hex(random(5));
        for (long declared : new long[] {body.length - 1, body.length + 1}) {
            for (String hex : List.of(right, wrong)) {
                Throwable copying = catchThrowable(() -> BlobStreams.write(blobs,
                        DeclaredSha256.verifying(new ByteArrayInputStream(body), hex), declared, null, Long.MAX_VALUE));
                for (Supplier<Md5Lane> lane : lanes()) {
                    Throwable pieces = catchThrowable(() -> PieceWrite.write(blobs, signed(body, new int[] {65_536}, hex), declared, null,
                            Long.MAX_VALUE, null, null, lane));
                    assertThat(outcome(pieces)).as("declared %d, %s digest", declared, hex.equals(right) ? "right" : "wrong")
                            .isEqualTo(outcome(copying))
                            .isEqualTo(hex.equals(right) ? "BODY_INCOMPLETE" : "INVALID_CONTENT_SHA256");
                    assertNothingStored("declared " + declared);
                    assertReleased("declared " + declared);
                }
            }
        }
    }

    @Test
    void aClientGoneMidBodyIsIncompleteBodyStoresNothingAndReleasesEveryBuffer() throws Exception {
        byte[] body = random(2_000_000);
        for (Supplier<Md5Lane> lane : lanes()) {
            BodyStream edge = EdgeBodies.open();
            InputStream signed = DeclaredSha256.verifying(edge, sha256Hex(body));
            int sent = 0;
            for (int i = 0; i < 5; i++, sent += 100_000) offer(edge, body, sent, 100_000);
            // Through the page cache, so the temporary file's size shows how far the writer got (a direct
            // write keeps a large body's bytes in its aligned buffer until the buffer fills).
            CompletableFuture<BlobStreams.Written> put = CompletableFuture.supplyAsync(() -> PieceWrite.write(DiskBlobStore.throughPageCache(dir),
                    (BodyPieces) signed, body.length, null, Long.MAX_VALUE, null, null, lane));
            awaitTemporaryFileOf(sent); // the reader has hashed and written what arrived, and waits for more
            EdgeBodies.fail(edge, new IOException("connection reset by peer"));
            Throwable t = catchThrowable(() -> put.get(20, TimeUnit.SECONDS));
            assertThat(t.getCause()).isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.reason()).isEqualTo(Refusal.Reason.BODY_INCOMPLETE));
            assertNothingStored("lane " + lane);
            assertReleased("lane " + lane);
        }
    }

    @Test
    void aReaderThatTookPiecesWithoutHashingThemCannotPassTheCheck_AUTH_12() throws IOException {
        // Security by construction: the wrapper counts what it handed out, so a path that forgot to feed
        // the digest fails closed (an internal error), even for a body whose digest would have matched.
        byte[] body = random(300_000);
        BodyPieces signed = signed(body, new int[] {65_536}, sha256Hex(body));
        for (BodyPieces.Piece p; (p = signed.nextPiece()) != null; ) p.release();
        assertThat(signed.checks()).hasSize(1);
        assertThatThrownBy(() -> signed.checks().get(0).verify()).isInstanceOf(IllegalStateException.class);
        assertReleased("unfed");
    }

    @Test
    void aBodyReadAsBytesStillChecksItsDigestAtItsEnd_AUTH_12() throws IOException {
        // The copying path (small bodies, SSE, XML documents) reads bytes; the same digest decides there.
        byte[] body = random(10_000);
        InputStream ok = (InputStream) signed(body, new int[] {4_000}, sha256Hex(body));
        assertThat(ok.readAllBytes()).isEqualTo(body);
        InputStream bad = (InputStream) signed(body, new int[] {4_000}, sha256Hex(random(3)));
        assertThatThrownBy(bad::readAllBytes).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONTENT_SHA256));
        bad.close();
        assertReleased("bytes");
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** The body as the edge receives it (direct buffers of the split's sizes, then the end), behind the API's SHA-256 wrapper. */
    private BodyPieces signed(byte[] body, int[] split, String hex) {
        BodyStream edge = EdgeBodies.open();
        for (int off = 0, i = 0; off < body.length; i++) {
            int n = (int) Math.min((long) split[Math.min(i, split.length - 1)], body.length - off);
            offer(edge, body, off, n);
            off += n;
        }
        EdgeBodies.end(edge);
        InputStream in = DeclaredSha256.verifying(edge, hex);
        assertThat(in).isInstanceOf(BodyPieces.class);
        return (BodyPieces) in;
    }

    private void offer(BodyStream edge, byte[] body, int off, int n) {
        ByteBuf buf = Unpooled.directBuffer(n).writeBytes(body, off, n);
        received.add(buf);
        EdgeBodies.offer(edge, buf);
    }

    /** Every received buffer released exactly once (a second release would have thrown); a cancelled helper releases a moment later. */
    private void assertReleased(String row) {
        // Sleeps, not spins: on a loaded 2-core machine a spinning test starves the very helper it waits for.
        long until = System.nanoTime() + 30_000_000_000L;
        while (received.stream().anyMatch(b -> b.refCnt() != 0) && System.nanoTime() < until) WrittenBodies.pause();
        assertThat(received).as(row + ": buffers still held").allSatisfy(b -> assertThat(b.refCnt()).isZero());
        received.clear();
    }

    private static String outcome(Throwable t) {
        if (t instanceof Refusal r) return r.reason().name();
        if (t instanceof ApiException a) return a.code().name();
        return String.valueOf(t);
    }

    private void awaitTemporaryFileOf(long bytes) throws Exception {
        long until = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < until) {
            try (var files = Files.list(dir.resolve("tmp"))) {
                if (files.anyMatch(f -> size(f) == bytes)) return;
            } catch (java.nio.file.NoSuchFileException e) {
                // not created yet
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the writer never wrote the " + bytes + " bytes that arrived");
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }

    private void assertNothingStored(String row) throws IOException {
        WrittenBodies.assertNothingStored(dir, row);
    }

    private void assertNoTemporaryFiles() throws IOException {
        WrittenBodies.assertNoTemporaryFiles(dir, "signed piece write");
    }
}
