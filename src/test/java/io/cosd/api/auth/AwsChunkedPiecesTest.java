package io.cosd.api.auth;

import io.cosd.api.auth.ChunkedBodies.Mode;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.BodyStream;
import io.cosd.api.http.EdgeBodies;
import io.cosd.service.BodyPieces;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.cosd.ParanoidLeaks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The aws-chunked decoder over the edge's received buffers (docs/performance.md "aws-chunked bodies on the
 * piece path", AUTH-14): every form the SDKs send, split at every awkward place (a head, the data, a CRLF, the
 * trailer split at every byte; chunk-sized, 64 KiB and the SDK's 128 KiB chunks; empty and one-byte bodies)
 * decodes to the exact bytes as slices of the received direct buffers (no copy), and the byte form agrees;
 * every refusal is the byte form's error, and every received buffer is released exactly once (Netty's leak
 * detector at PARANOID).
 */
@ExtendWith(ParanoidLeaks.class)
class AwsChunkedPiecesTest {
    private static final int K64 = 64 * 1024;
    private static final int K128 = 128 * 1024;
    private final List<ByteBuf> received = new ArrayList<>();


    @Test
    void aSmallBodySplitInTwoAtEveryByteDecodesToItsBytesInEveryMode_AUTH_14() throws IOException {
        // Two 8-byte chunks and a 3-byte one, then the final chunk and the trailer: a split at every byte of the
        // encoding lands once in every head, every chunk's data, every CRLF and every trailer line.
        for (Mode mode : Mode.values()) {
            for (int size : new int[] {0, 1, 8, 19}) {
                byte[] data = random(size);
                byte[] body = ChunkedBodies.encode(mode, data, 8);
                for (int at = 0; at <= body.length; at++) {
                    String row = mode + " size " + size + " split at " + at;
                    assertThat(drain(pieces(mode, body, size, new int[] {at == 0 ? body.length : at, Integer.MAX_VALUE}))).as(row).isEqualTo(data);
                    assertReleased(row);
                }
                assertThat(drain(pieces(mode, body, size, new int[] {1}))).as(mode + " byte by byte").isEqualTo(data);
                assertReleased(mode + " byte by byte");
                assertThat(bytes(mode, body, size, 3)).as(mode + " read as bytes").isEqualTo(data);
            }
        }
    }

    @Test
    void largeBodiesInChunkSizedSixtyFourKiBAndTheSdksOneHundredTwentyEightKiBChunksDecodeForEveryBufferSplit_AUTH_14() throws IOException {
        int[][] shapes = { // {body size, chunk size}
                {K64, K64},            // exactly one chunk
                {4 * K64, K64},        // a multiple of 64 KiB
                {K128, K128},          // exactly the SDK's chunk
                {1_048_576, K128},     // 1 MiB as the SDK sends it
                {300_001, K128},       // a short last chunk
        };
        int[][] splits = {{Integer.MAX_VALUE}, {1, K64}, {16_384}, {256 * 1024}, {K128 + 87}, {4093, 4099}};
        for (Mode mode : Mode.values()) {
            for (int[] shape : shapes) {
                byte[] data = random(shape[0]);
                byte[] body = ChunkedBodies.encode(mode, data, shape[1]);
                for (int[] split : splits) {
                    String row = mode + " " + Arrays.toString(shape) + " split " + Arrays.toString(split);
                    assertThat(drain(pieces(mode, body, data.length, split))).as(row).isEqualTo(data);
                    assertReleased(row);
                }
                assertThat(bytes(mode, body, data.length, 70_000)).as(mode + " read as bytes").isEqualTo(data);
            }
        }
    }

    @Test
    void withoutADeclaredLengthTheBodyStillDecodes() throws IOException {
        for (Mode mode : Mode.values()) {
            byte[] data = random(200_000);
            assertThat(drain(pieces(mode, ChunkedBodies.encode(mode, data, K64), -1, new int[] {16_384}))).isEqualTo(data);
            assertReleased(mode.name());
        }
    }

    @Test
    void everyRefusalIsTheByteFormsErrorAndReleasesEveryBuffer_AUTH_14() throws IOException {
        byte[] data = random(300_000);
        for (Mode mode : Mode.values()) {
            boolean signed = mode != Mode.UNSIGNED_TRAILER;
            byte[] body = ChunkedBodies.encode(mode, data, K128);
            List<Case> cases = new ArrayList<>(List.of(
                    new Case("a changed data byte", flip(body, 200_000), data.length, signed ? ErrorCode.SIGNATURE_DOES_NOT_MATCH : ErrorCode.BAD_DIGEST),
                    new Case("a malformed head", replaceFirst(body, "20000", "2z000"), data.length, ErrorCode.INVALID_REQUEST),
                    new Case("a head line over 8 KiB", replaceFirst(body, "20000", "20000;x=" + "a".repeat(9000)), data.length, ErrorCode.INVALID_REQUEST),
                    new Case("a chunk longer than its head says", replaceFirst(body, "20000", "1ffff"), data.length, ErrorCode.INVALID_REQUEST),
                    new Case("no final chunk", Arrays.copyOf(body, lastIndexOf(body, "\r\n0") + 2), data.length, ErrorCode.INCOMPLETE_BODY),
                    new Case("cut inside a chunk", Arrays.copyOf(body, 100_000), data.length, ErrorCode.INCOMPLETE_BODY),
                    new Case("bytes after the final chunk", concat(body, "x".getBytes(StandardCharsets.US_ASCII)), data.length, ErrorCode.INVALID_REQUEST),
                    new Case("a longer declared length", body, data.length + 1, ErrorCode.INCOMPLETE_BODY),
                    new Case("a shorter declared length", body, data.length - 1, ErrorCode.INCOMPLETE_BODY),
                    new Case("a trailing checksum of other bytes", ChunkedBodies.encode(mode, data, K128, ChunkedBodies.TRAILER + ":" + ChunkedBodies.crc32(new byte[3])),
                            data.length, mode == Mode.SIGNED ? null : ErrorCode.BAD_DIGEST)));
            if (signed) {
                String last = lastChunkSignature(body);
                cases.add(new Case("a wrong final chunk signature", replaceFirst(body, last, last.replace(last.charAt(0), last.charAt(0) == 'a' ? 'b' : 'a')),
                        data.length, ErrorCode.SIGNATURE_DOES_NOT_MATCH));
                cases.add(new Case("a chunk without its signature", replaceFirst(body, ";chunk-signature=", ";chunk-signatur="), data.length, ErrorCode.INVALID_REQUEST));
            }
            if (mode != Mode.SIGNED) {
                String crc = ChunkedBodies.crc32(data);
                cases.add(new Case("a trailer changed after signing", replaceFirst(body, crc, ChunkedBodies.crc32(new byte[5])), data.length,
                        signed ? ErrorCode.SIGNATURE_DOES_NOT_MATCH : ErrorCode.BAD_DIGEST));
            }
            if (mode == Mode.SIGNED_TRAILER) {
                cases.add(new Case("a trailer without its signature", cut(body, "x-amz-trailer-signature:"), data.length, ErrorCode.SIGNATURE_DOES_NOT_MATCH));
            }
            for (Case c : cases) {
                if (c.code == null) continue; // no trailer in this mode: the line is framing bytes after the final chunk
                for (int[] split : new int[][] {{Integer.MAX_VALUE}, {16_384}, {1, 65_536}}) {
                    String row = mode + ": " + c.what + " split " + Arrays.toString(split);
                    BodyPieces b = pieces(mode, c.body, c.declared, split);
                    assertThatThrownBy(() -> drain(b)).as(row).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(c.code));
                    ((InputStream) b).close(); // as the edge closes its body after the answer: what was never read goes too
                    assertReleased(row);
                }
                assertThatThrownBy(() -> bytes(mode, c.body, c.declared, 8192)).as(mode + ": " + c.what + " as bytes")
                        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(c.code));
            }
        }
    }

    @Test
    void aChunkWhoseDataRunsOnPastItsHeadsSizeIsMalformedFramingInEveryModeForEverySplitAsTheByteFormAlwaysAnswered_AUTH_14() throws IOException {
        // The byte form answered 400 InvalidRequest when a chunk's data is not followed by its CRLF, before it
        // looked at the chunk's signature (a framing error is the client's encoding, not a forgery); both forms
        // keep that order whether the CRLF arrives in the buffer that completes the data or in a later one, and
        // the bytes that complete the chunk still never leave before its CRLF and signature checked out.
        for (Mode mode : Mode.values()) {
            byte[] data = random(19);
            byte[] body = replaceFirst(ChunkedBodies.encode(mode, data, 8), "8", "7"); // the first chunk's head says 7 of its 8 bytes
            for (int at = 1; at <= body.length; at++) {
                String row = mode + " split at " + at;
                BodyPieces b = pieces(mode, body, data.length, new int[] {at, Integer.MAX_VALUE});
                List<byte[]> delivered = new ArrayList<>();
                assertThatThrownBy(() -> {
                    for (BodyPieces.Piece p; (p = b.nextPiece()) != null; ) {
                        ByteBuffer bb = p.bytes();
                        byte[] c = new byte[bb.remaining()];
                        bb.get(c);
                        delivered.add(c);
                        p.release();
                    }
                }).as(row).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
                assertThat(delivered.stream().mapToInt(c -> c.length).sum()).as(row + ": bytes of the unchecked chunk handed out").isLessThan(7);
                b.stopPieces();
                ((InputStream) b).close();
                assertReleased(row);
            }
            for (int step : new int[] {1, 3, 7, 64}) {
                assertThatThrownBy(() -> bytes(mode, body, data.length, step)).as(mode + " as bytes, step " + step)
                        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
            }
        }
    }

    @Test
    void piecesAReaderHoldsPinAtMostFourTimesTheirBytesOfReceivedBuffersHoweverSmallTheChunks_AUTH_14() throws IOException {
        // The MD5 lane holds up to (QUEUE + 1) x BATCH bytes of pieces (docs/performance.md "The 1 MiB PUT"). A
        // slice keeps its whole received buffer alive, so one-byte signed chunks (about 90 encoded bytes each)
        // would pin ninety times what the lane counts: hundreds of MiB of direct memory for one authenticated
        // upload. A slice that is a small part of its buffer is handed out as a copy instead.
        for (Mode mode : Mode.values()) {
            for (int chunk : new int[] {1, 7, 100, 4096, K64}) {
                byte[] data = random(200_000);
                byte[] body = ChunkedBodies.encode(mode, data, chunk);
                List<ByteBuf> bufs = new ArrayList<>();
                for (int off = 0; off < body.length; off += K64) {
                    bufs.add(Unpooled.directBuffer(K64).writeBytes(body, off, Math.min(K64, body.length - off)));
                }
                int[] handedOut = {0};
                AwsChunkedInputStream in = AwsChunkedInputStream.of(new ListEdge(bufs, handedOut), ChunkedBodies.payload(mode, data.length));
                in.expectTrailer(mode == Mode.SIGNED ? null : ChunkedBodies.TRAILER);
                BodyPieces b = (BodyPieces) in;
                List<BodyPieces.Piece> held = new ArrayList<>();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                long heldBytes = 0;
                for (BodyPieces.Piece p; (p = b.nextPiece()) != null; ) {
                    ByteBuffer bb = p.bytes();
                    byte[] c = new byte[bb.remaining()];
                    bb.get(c);
                    out.writeBytes(c);
                    held.add(p);
                    heldBytes += c.length;
                    // what the edge handed out and is still alive, less the one buffer the decoder is parsing
                    long pinned = bufs.subList(0, handedOut[0]).stream().filter(x -> x.refCnt() > 0).mapToLong(ByteBuf::capacity).sum();
                    assertThat(pinned).as(mode + " chunk " + chunk + ": received bytes pinned holding " + heldBytes)
                            .isLessThanOrEqualTo(4 * heldBytes + K64);
                }
                assertThat(out.toByteArray()).as(mode + " chunk " + chunk).isEqualTo(data);
                b.checks().forEach(BodyPieces.Check::verify);
                held.forEach(BodyPieces.Piece::release);
                b.stopPieces();
                assertThat(bufs).as(mode + " chunk " + chunk + ": released").allSatisfy(x -> assertThat(x.refCnt()).isZero());
            }
        }
    }

    @Test
    void theSliceThatCompletesAForgedChunkNeverLeavesTheDecoder_AUTH_14() throws IOException {
        byte[] data = random(300_000);
        byte[] body = flip(ChunkedBodies.encode(Mode.SIGNED, data, K128), 1000); // inside the first chunk
        BodyPieces b = pieces(Mode.SIGNED, body, data.length, new int[] {16_384});
        long delivered = 0;
        try {
            for (BodyPieces.Piece p; (p = b.nextPiece()) != null; ) {
                delivered += p.bytes().remaining();
                p.release();
            }
        } catch (ApiException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        }
        assertThat(delivered).isLessThan(K128);
        ((InputStream) b).close();
        assertReleased("forged");
    }

    @Test
    void aRefusedBodyStaysRefusedForAReaderThatReadsOn() throws IOException {
        byte[] data = random(1000);
        byte[] forged = ChunkedBodies.encode(Mode.SIGNED, data, 100);
        forged[forged.length - 150] ^= 1; // in the last data chunk
        AwsChunkedInputStream in = AwsChunkedInputStream.of(new ByteArrayInputStream(forged), ChunkedBodies.payload(Mode.SIGNED, data.length));
        byte[] buf = new byte[64];
        assertThatThrownBy(() -> { while (in.read(buf) >= 0) { } }).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH));
        // a second read gets the same answer at once, never the rest of a body whose chunk failed
        assertThatThrownBy(() -> in.read(buf)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    void theCommitsCheckPassesOnlyOnceTheWholeBodyVerified_AUTH_14() throws IOException {
        byte[] data = random(300_000);
        BodyPieces b = pieces(Mode.SIGNED_TRAILER, ChunkedBodies.encode(Mode.SIGNED_TRAILER, data, K128), data.length, new int[] {K64});
        assertThat(b.checks()).hasSize(1);
        BodyPieces.Piece first = b.nextPiece();
        first.release();
        // A reader that stopped here (forgot the rest, or a bug) cannot commit: the check fails closed.
        assertThatThrownBy(() -> b.checks().get(0).verify()).isInstanceOf(IllegalStateException.class);
        while ((first = b.nextPiece()) != null) first.release();
        b.checks().get(0).verify();
        b.stopPieces();
        assertReleased("verified");
    }

    @Test
    void theDecoderPassesBeginOnToTheEdgeSoTheClientGetsIts100BeforeTheFirstRead_EDGE_K3() throws IOException {
        java.util.concurrent.atomic.AtomicInteger demands = new java.util.concurrent.atomic.AtomicInteger();
        BodyStream edge = EdgeBodies.open(demands::incrementAndGet);
        AwsChunkedInputStream in = AwsChunkedInputStream.of(edge, ChunkedBodies.payload(Mode.SIGNED, 0));
        ((BodyPieces) in).begin();
        assertThat(demands).hasValue(1);
        in.close();
    }

    @Test
    void theTrailingChecksumTheDecoderComputesIsHandedOnOnlyOnceTheBodyVerified_AUTH_14_OBJ_K2() throws IOException {
        // The put path stores the decoder's CRC32 rather than computing it a second time (BlobStreams.digest).
        byte[] data = random(300_000);
        for (Mode mode : new Mode[] {Mode.SIGNED_TRAILER, Mode.UNSIGNED_TRAILER}) {
            BodyPieces b = pieces(mode, ChunkedBodies.encode(mode, data, K64), data.length, new int[] {K64});
            var crc = b.computes(io.cosd.domain.object.ChecksumAlgorithm.CRC32);
            assertThat(crc).as(mode + ": the announced trailer's algorithm").isNotNull();
            assertThat(b.computes(io.cosd.domain.object.ChecksumAlgorithm.SHA256)).as("not announced: not computed").isNull();
            b.nextPiece().release();
            assertThatThrownBy(crc::get).as("before the body verified").isInstanceOf(IllegalStateException.class);
            for (BodyPieces.Piece p; (p = b.nextPiece()) != null; ) p.release();
            b.checks().forEach(BodyPieces.Check::verify);
            assertThat(crc.get()).isEqualTo(io.cosd.domain.object.ChecksumAlgorithm.CRC32.of(data)).isEqualTo(crc.get());
            b.stopPieces();
        }
        BodyPieces signed = pieces(Mode.SIGNED, ChunkedBodies.encode(Mode.SIGNED, data, K64), data.length, new int[] {K64});
        assertThat(signed.computes(io.cosd.domain.object.ChecksumAlgorithm.CRC32)).as("no trailer: nothing computed").isNull();
        signed.stopPieces();
        ((InputStream) signed).close();
        assertReleased("trailer checksum");
    }

    @Test
    void aBodyTakenAsPiecesCannotThenBeReadAsBytesNorTheOtherWayRound() throws IOException {
        byte[] data = random(1000);
        byte[] body = ChunkedBodies.encode(Mode.SIGNED, data, 100);
        BodyPieces asPieces = pieces(Mode.SIGNED, body, data.length, new int[] {64});
        asPieces.nextPiece().release();
        assertThatThrownBy(((InputStream) asPieces)::read).isInstanceOf(IllegalStateException.class);
        asPieces.stopPieces();
        ((InputStream) asPieces).close();
        BodyPieces asBytes = pieces(Mode.SIGNED, body, data.length, new int[] {64});
        assertThat(((InputStream) asBytes).readAllBytes()).isEqualTo(data);
        assertThatThrownBy(asBytes::nextPiece).isInstanceOf(IllegalStateException.class);
        ((InputStream) asBytes).close();
        assertReleased("mixed");
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** An edge that hands out the given buffers one by one, counting them (what a reader has taken so far). */
    private static final class ListEdge extends InputStream implements BodyPieces {
        private final List<ByteBuf> bufs;
        private final int[] handedOut;

        ListEdge(List<ByteBuf> bufs, int[] handedOut) {
            this.bufs = bufs;
            this.handedOut = handedOut;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Piece nextPiece() {
            if (handedOut[0] == bufs.size()) return null;
            ByteBuf buf = bufs.get(handedOut[0]++);
            return new Piece() {
                @Override
                public ByteBuffer bytes() {
                    return buf.nioBuffer();
                }

                @Override
                public Piece retain() {
                    buf.retain();
                    return this;
                }

                @Override
                public void release() {
                    buf.release();
                }
            };
        }

        @Override
        public List<Check> checks() {
            return List.of();
        }

        @Override
        public void begin() {
        }

        @Override
        public void stopPieces() {
        }
    }

    private record Case(String what, byte[] body, long declared, ErrorCode code) {}

    /** The body as the edge receives it (direct buffers of the split's sizes, the last repeated), behind the API's decoder. */
    private BodyPieces pieces(Mode mode, byte[] body, long declared, int[] split) {
        BodyStream edge = EdgeBodies.open();
        for (int off = 0, i = 0; off < body.length; i++) {
            int n = (int) Math.min((long) split[Math.min(i, split.length - 1)], body.length - off);
            ByteBuf buf = Unpooled.directBuffer(n).writeBytes(body, off, n);
            received.add(buf);
            EdgeBodies.offer(edge, buf);
            off += n;
        }
        EdgeBodies.end(edge);
        AwsChunkedInputStream in = AwsChunkedInputStream.of(edge, ChunkedBodies.payload(mode, declared));
        in.expectTrailer(mode == Mode.SIGNED ? null : ChunkedBodies.TRAILER);
        assertThat(in).isInstanceOf(BodyPieces.class);
        return (BodyPieces) in;
    }

    /** Every piece's bytes in order; each piece is a view of a received direct buffer, or a copy of a small part of one. */
    private static byte[] drain(BodyPieces b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BodyPieces.Piece p; (p = b.nextPiece()) != null; ) {
            ByteBuffer bb = p.bytes();
            assertThat(bb.isDirect() || bb.remaining() < AwsChunkedPieces.COPY_BELOW).isTrue();
            byte[] chunk = new byte[bb.remaining()];
            bb.get(chunk);
            out.writeBytes(chunk);
            p.release();
        }
        b.checks().forEach(BodyPieces.Check::verify);
        b.stopPieces();
        return out.toByteArray();
    }

    /** The byte form over a plain stream, read {@code step} bytes at a time. */
    private static byte[] bytes(Mode mode, byte[] body, long declared, int step) throws IOException {
        AwsChunkedInputStream in = AwsChunkedInputStream.of(new ByteArrayInputStream(body), ChunkedBodies.payload(mode, declared));
        in.expectTrailer(mode == Mode.SIGNED ? null : ChunkedBodies.TRAILER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[step];
        for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
        return out.toByteArray();
    }

    private void assertReleased(String row) {
        assertThat(received).as(row + ": buffers still held").allSatisfy(b -> assertThat(b.refCnt()).isZero());
        received.clear();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** {@code body} with one data byte changed: the {@code dataIndex}th byte of the decoded data, found past the heads. */
    private static byte[] flip(byte[] body, int dataIndex) {
        byte[] b = body.clone();
        int headEnd = indexOf(b, "\r\n") + 2; // the first head
        int at = headEnd + dataIndex;
        int chunk = K128;
        if (dataIndex >= chunk) { // the second chunk's data: past the first chunk, its CRLF and the second head
            int second = headEnd + chunk + 2;
            at = indexOf(Arrays.copyOfRange(b, second, b.length), "\r\n") + second + 2 + (dataIndex - chunk);
        }
        b[at] ^= 1;
        return b;
    }

    private static int indexOf(byte[] body, String s) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int i = text.indexOf(s);
        if (i < 0) throw new AssertionError("not in body: " + s);
        return i;
    }

    private static int lastIndexOf(byte[] body, String s) {
        return new String(body, StandardCharsets.ISO_8859_1).lastIndexOf(s);
    }

    private static byte[] replaceFirst(byte[] body, String from, String to) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int i = text.indexOf(from);
        if (i < 0) throw new AssertionError("not in body: " + from);
        return (text.substring(0, i) + to + text.substring(i + from.length())).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code body} without the line that starts with {@code prefix}. */
    private static byte[] cut(byte[] body, String prefix) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int i = text.indexOf(prefix);
        int end = text.indexOf("\r\n", i) + 2;
        return (text.substring(0, i) + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String lastChunkSignature(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int i = text.lastIndexOf("0;chunk-signature=") + "0;chunk-signature=".length();
        return text.substring(i, i + 64);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
