package io.cosd.service;

import io.cosd.api.auth.AwsChunkedInputStream;
import io.cosd.api.auth.ChunkedBodies;
import io.cosd.api.auth.ChunkedBodies.Mode;
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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * aws-chunked bodies on the piece path (docs/performance.md "aws-chunked bodies on the piece path",
 * AUTH-14, AUTH-T1): the real edge body ({@link BodyStream} fed Netty direct buffers) behind the API's
 * real decoder, written by {@link PieceWrite} with the MD5 inline or on a helper into a real
 * {@link DiskBlobStore}. Every form the SDKs send commits the exact bytes with their MD5 and checksum; a
 * forged chunk or trailer, a broken framing, a wrong length or a client gone midway commits nothing,
 * leaves no temporary file, answers what the byte form answers, and every received buffer is released
 * (the edge closing the body after the answer, as it does; leak detector at PARANOID).
 */
@ExtendWith(ParanoidLeaks.class)
class ChunkedPieceWriteTest {
    private static final int K128 = 128 * 1024;
    private static final int[] SIZES = {0, 1, 256 * 1024, 1_048_576, 3 * 1_048_576 + 17};

    @TempDir
    Path dir;
    private final List<ByteBuf> received = new ArrayList<>();


    private static List<Supplier<Md5Lane>> lanes() {
        return List.of(Md5Lane::inline, Md5Lane::parallelLane);
    }

    @Test
    void everyFormCommitsTheExactBytesWithTheirMd5AndChecksumForEverySizeAndLane_AUTH_14() throws IOException {
        DiskBlobStore blobs = new DiskBlobStore(dir);
        for (Mode mode : Mode.values()) {
            for (int size : SIZES) {
                byte[] data = random(size);
                byte[] body = ChunkedBodies.encode(mode, data, K128);
                for (Supplier<Md5Lane> lane : lanes()) {
                    String row = mode + " size " + size + " lane " + lane;
                    BodyStream edge = edge(body, new int[] {65_536});
                    BlobStreams.Written w = PieceWrite.write(blobs, decoded(edge, mode, size), size, null, Long.MAX_VALUE,
                            ChecksumAlgorithm.CRC32, null, lane);
                    assertThat(w.size()).as(row).isEqualTo(size);
                    assertThat(w.md5()).as(row).isEqualTo(md5(data));
                    assertThat(w.checksum().bytes()).as(row).isEqualTo(ChecksumAlgorithm.CRC32.of(data));
                    assertThat(read(blobs, w.blobId())).as(row).isEqualTo(data);
                    edge.close();
                    assertReleased(row);
                }
            }
        }
        WrittenBodies.assertNoTemporaryFiles(dir, "chunked piece write");
    }

    @Test
    void tinyChunksWhosePiecesAreCopiesCommitTheExactBytesThroughTheDirectWriteForEveryLane_AUTH_14() throws IOException {
        // Slices under a quarter of their received buffer go out as heap copies (docs/performance.md "aws-chunked
        // bodies on the piece path"): mixed with slices of direct buffers, through the MD5 lane and the O_DIRECT
        // stage (a declared length of 256 KiB and more), they still make exactly the body's bytes.
        DiskBlobStore blobs = new DiskBlobStore(dir);
        int size = 270_000;
        byte[] data = random(size);
        record Shape(Mode mode, int chunk) {}
        for (Shape shape : List.of(new Shape(Mode.UNSIGNED_TRAILER, 1), new Shape(Mode.SIGNED_TRAILER, 100), new Shape(Mode.SIGNED, 70_000))) {
            byte[] body = ChunkedBodies.encode(shape.mode(), data, shape.chunk());
            for (Supplier<Md5Lane> lane : lanes()) {
                String row = shape + " lane " + lane;
                BodyStream edge = edge(body, new int[] {65_536});
                BlobStreams.Written w = PieceWrite.write(blobs, decoded(edge, shape.mode(), size), size, md5(data), Long.MAX_VALUE,
                        ChecksumAlgorithm.CRC32, null, lane);
                assertThat(w.md5()).as(row).isEqualTo(md5(data));
                assertThat(w.checksum().bytes()).as(row).isEqualTo(ChecksumAlgorithm.CRC32.of(data));
                assertThat(read(blobs, w.blobId())).as(row).isEqualTo(data);
                edge.close();
                assertReleased(row);
            }
        }
        WrittenBodies.assertNoTemporaryFiles(dir, "tiny chunks");
    }

    @Test
    void theStoreTakesALargeOrUnknownLengthChunkedBodyAsPiecesAndASmallOneAsBytes() throws IOException {
        // BlobStreams.write is what PutObject and UploadPart call: the decoded length decides, as for a plain body.
        DiskBlobStore blobs = new DiskBlobStore(dir);
        for (int size : SIZES) {
            byte[] data = random(size);
            for (long declared : new long[] {size, -1}) {
                BodyStream edge = edge(ChunkedBodies.encode(Mode.SIGNED_TRAILER, data, K128), new int[] {65_536});
                InputStream in = (InputStream) decoded(edge, Mode.SIGNED_TRAILER, declared);
                BlobStreams.Written w = BlobStreams.write(blobs, in, declared, md5(data), Long.MAX_VALUE, ChecksumAlgorithm.CRC32, null, null);
                assertThat(read(blobs, w.blobId())).as("size %d declared %d", size, declared).isEqualTo(data);
                boolean piecePath = declared < 0 || declared >= 256 * 1024;
                if (piecePath) assertThatThrownBy(in::read).isInstanceOf(IllegalStateException.class);
                else assertThat(in.read()).isEqualTo(-1);
                edge.close();
                assertReleased("size " + size + " declared " + declared);
            }
        }
    }

    @Test
    void aForgedOrBrokenBodyIsRefusedWithTheByteFormsErrorAndStoresNothingForEveryLane_AUTH_14() throws IOException {
        DiskBlobStore blobs = new DiskBlobStore(dir);
        byte[] data = random(1_048_576);
        byte[] signed = ChunkedBodies.encode(Mode.SIGNED_TRAILER, data, K128);
        byte[] unsigned = ChunkedBodies.encode(Mode.UNSIGNED_TRAILER, data, K128);
        byte[] tampered = signed.clone();
        tampered[signed.length / 2] ^= 1; // a data byte of a middle chunk
        record Case(String what, Mode mode, byte[] body, long declared, ErrorCode code) {}
        String crc = ChunkedBodies.crc32(data), other = ChunkedBodies.crc32(new byte[7]);
        List<Case> cases = List.of(
                new Case("a changed data byte", Mode.SIGNED_TRAILER, tampered, data.length, ErrorCode.SIGNATURE_DOES_NOT_MATCH),
                new Case("a trailer changed after signing", Mode.SIGNED_TRAILER, replace(signed, crc, other), data.length, ErrorCode.SIGNATURE_DOES_NOT_MATCH),
                new Case("a wrong unsigned trailer", Mode.UNSIGNED_TRAILER, replace(unsigned, crc, other), data.length, ErrorCode.BAD_DIGEST),
                new Case("bytes after the final chunk", Mode.SIGNED_TRAILER, concat(signed, "\r\n".getBytes(StandardCharsets.US_ASCII)), data.length, ErrorCode.INVALID_REQUEST),
                new Case("no final chunk", Mode.UNSIGNED_TRAILER, Arrays.copyOf(unsigned, unsigned.length - 60), data.length, ErrorCode.INCOMPLETE_BODY),
                new Case("a shorter declared length", Mode.SIGNED_TRAILER, signed, data.length - 1, ErrorCode.INCOMPLETE_BODY));
        for (Case c : cases) {
            for (Supplier<Md5Lane> lane : lanes()) {
                String row = c.what + " lane " + lane;
                BodyStream edge = edge(c.body, new int[] {16_384});
                Throwable t = catchThrowable(() -> PieceWrite.write(blobs, decoded(edge, c.mode, c.declared), c.declared, null, Long.MAX_VALUE,
                        ChecksumAlgorithm.CRC32, null, lane));
                assertThat(t).as(row).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(c.code));
                WrittenBodies.assertNothingStored(dir, row);
                edge.close();
                assertReleased(row);
            }
        }
    }

    @Test
    void aClientGoneMidBodyIsIncompleteBodyStoresNothingAndReleasesEveryBuffer() throws Exception {
        byte[] data = random(2_000_000);
        byte[] body = ChunkedBodies.encode(Mode.SIGNED_TRAILER, data, K128);
        for (Supplier<Md5Lane> lane : lanes()) {
            BodyStream edge = EdgeBodies.open();
            int sent = 0;
            for (int i = 0; i < 5; i++, sent += 100_003) offer(edge, body, sent, 100_003); // a buffer ends mid-chunk, the decoder holds it
            BodyPieces decoded = decoded(edge, Mode.SIGNED_TRAILER, data.length);
            CompletableFuture<BlobStreams.Written> put = CompletableFuture.supplyAsync(() -> PieceWrite.write(DiskBlobStore.throughPageCache(dir),
                    decoded, data.length, null, Long.MAX_VALUE, ChecksumAlgorithm.CRC32, null, lane));
            awaitTemporaryFile(); // the reader has started on what arrived and waits for more
            EdgeBodies.fail(edge, new IOException("connection reset by peer"));
            Throwable t = catchThrowable(() -> put.get(20, TimeUnit.SECONDS));
            assertThat(t.getCause()).isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.reason()).isEqualTo(Refusal.Reason.BODY_INCOMPLETE));
            WrittenBodies.assertNothingStored(dir, "lane " + lane);
            edge.close();
            assertReleased("lane " + lane);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private BodyStream edge(byte[] body, int[] split) {
        BodyStream edge = EdgeBodies.open();
        for (int off = 0, i = 0; off < body.length; i++) {
            int n = Math.min(split[Math.min(i, split.length - 1)], body.length - off);
            offer(edge, body, off, n);
            off += n;
        }
        EdgeBodies.end(edge);
        return edge;
    }

    private void offer(BodyStream edge, byte[] body, int off, int n) {
        ByteBuf buf = Unpooled.directBuffer(n).writeBytes(body, off, n);
        received.add(buf);
        EdgeBodies.offer(edge, buf);
    }

    /** The API's decoder over the edge body, as ApiHandler and RequestGuard set it up. */
    private static BodyPieces decoded(BodyStream edge, Mode mode, long declared) {
        AwsChunkedInputStream in = AwsChunkedInputStream.of(edge, ChunkedBodies.payload(mode, declared));
        in.expectTrailer(mode == Mode.SIGNED ? null : ChunkedBodies.TRAILER);
        assertThat(in).isInstanceOf(BodyPieces.class);
        return (BodyPieces) in;
    }

    /** Every received buffer released exactly once; a cancelled helper releases a moment later. */
    private void assertReleased(String row) {
        long until = System.nanoTime() + 30_000_000_000L;
        while (received.stream().anyMatch(b -> b.refCnt() != 0) && System.nanoTime() < until) WrittenBodies.pause();
        assertThat(received).as(row + ": buffers still held").allSatisfy(b -> assertThat(b.refCnt()).isZero());
        received.clear();
    }

    private void awaitTemporaryFile() throws Exception {
        long until = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < until) {
            try (var files = Files.list(dir.resolve("tmp"))) {
                if (files.anyMatch(f -> f.toFile().length() > 0)) return;
            } catch (java.nio.file.NoSuchFileException e) {
                // not created yet
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the writer never wrote what arrived");
    }

    private static byte[] replace(byte[] body, String from, String to) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int i = text.lastIndexOf(from);
        return (text.substring(0, i) + to + text.substring(i + from.length())).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
