package io.cosd.api.auth;

import io.cosd.service.BodyPieces;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * An aws-chunked body that hands out its chunk data as slices of the edge's received buffers
 * (docs/performance.md "aws-chunked bodies on the piece path"): no copy into an array, so a large
 * body from the AWS SDK's default client takes the piece path ({@code service/PieceWrite}) as a plain
 * body does. Each slice is one chunk's data (or a part of it) inside one received buffer, and holds its
 * own reference to that buffer; the framing around it is parsed and verified by the same
 * {@link ChunkedDecoder} as the byte form, which hashes every slice before it is handed out and verifies a
 * chunk's CRLF and then its signature before handing out the slice that completes it (reading on into the
 * next received buffer when the CRLF is there).
 *
 * <p>The slices of a chunk that is still being received go out unverified, so a reader may only put them
 * where nothing can see them (the blob's temporary file). What makes that safe is structural (AUTH-14):
 * {@link #checks()} names a check that {@code BlobStreams.commit} runs before anything is stored, which
 * passes only when the decoder reached its verified end (every chunk, the final zero chunk, the trailer, the
 * decoded length and the body's end with nothing after it) and handed out exactly the bytes it hashed. A
 * body refused midway throws from {@link #nextPiece()} with the byte form's error, and releases the buffer
 * it held.
 *
 * <p>Read either as pieces or as bytes (the copying path, through the byte form), never both: the
 * byte form reads ahead of what it returns.
 */
final class AwsChunkedPieces extends AwsChunkedInputStream implements BodyPieces {
    /** A slice under a quarter of its received buffer, and under this, is handed out as a copy ({@link #piece}). */
    static final int COPY_BELOW = 64 * 1024;
    private final BodyPieces edge;
    private final Verified verified = new Verified();
    /** The received buffer being parsed and its view ({@code bytes}'s position is the decoder's); null between buffers. */
    private Piece current;
    private ByteBuffer bytes;
    private int base;
    private long handedOut;
    private boolean piecesTaken;
    private boolean bytesTaken;

    AwsChunkedPieces(InputStream raw, AuthResult.Payload.AwsChunked p) {
        super(raw, p);
        this.edge = (BodyPieces) raw;
    }

    @Override
    public Piece nextPiece() throws IOException {
        if (bytesTaken) throw new IllegalStateException("aws-chunked body read as pieces after it was read as bytes");
        piecesTaken = true;
        try {
            while (true) {
                if (current == null) {
                    Piece p = edge.nextPiece();
                    if (p == null) {
                        decoder.end(); // throws unless the body was complete
                        return null;
                    }
                    current = p;
                    bytes = p.bytes();
                    base = bytes.position();
                }
                int n = decoder.next(bytes);
                if (n > 0) {
                    int at = bytes.position() - base;
                    decoder.data(bytes, n); // hashed and counted
                    Piece slice = piece(at, n);
                    try {
                        settle(); // a chunk's CRLF and signature checked before its last slice leaves
                    } catch (IOException | RuntimeException | Error e) {
                        slice.release();
                        throw e;
                    }
                    handedOut += n;
                    return slice;
                }
                releaseCurrent(); // used up (or the body is complete and the next must be its end)
            }
        } catch (IOException | RuntimeException | Error e) {
            releaseCurrent(); // refused or cut off: the buffer held between pieces goes back now
            throw e;
        }
    }

    /**
     * The {@code n} data bytes at {@code at} of the current buffer as a piece: a slice holding the buffer, or a
     * copy when they are a small part of it. Why: whoever holds pieces bounds what it holds by their bytes
     * (the MD5 lane: {@code (QUEUE + 1) x BATCH}), but a slice keeps its whole received buffer alive, and tiny
     * chunks (a byte each, about ninety encoded bytes with its signed head) would make every held byte pin
     * ninety; with copies of the small ones a held piece pins at most four times its bytes (received buffers
     * are at most 256 KiB, so a slice not copied is at least a quarter of its buffer). The SDKs' 64 and 128 KiB
     * chunks copy at most the few KiB of a chunk's end that share a buffer with the next head.
     */
    private Piece piece(int at, int n) {
        int length = bytes.limit() - base;
        if (n >= COPY_BELOW || n >= length / 4) return new Slice(current.retain(), at, n);
        ByteBuffer src = bytes.duplicate();
        src.limit(base + at + n).position(base + at);
        return new Copy(ByteBuffer.allocate(n).put(src).flip());
    }

    /**
     * When the slice just decoded completed its chunk: parses on, through later received buffers if the CRLF
     * is not in this one, until the chunk's CRLF and signature checked out ({@link ChunkedDecoder#holding()}).
     * The slice holds its own reference, so the buffer it lies in may be let go of here.
     */
    private void settle() throws IOException {
        while (decoder.holding()) {
            if (!bytes.hasRemaining()) {
                releaseCurrent();
                Piece p = edge.nextPiece();
                if (p == null) {
                    decoder.end(); // throws: the body ended after the chunk's data
                    return;
                }
                current = p;
                bytes = p.bytes();
                base = bytes.position();
            }
            decoder.next(bytes);
        }
    }

    @Override
    public List<Check> checks() {
        return List.of(verified);
    }

    /** The trailing checksum the decoder computes anyway, taken by the put path instead of a second pass (OBJ-K2, AUTH-14). */
    @Override
    public java.util.function.Supplier<byte[]> computes(io.cosd.domain.object.ChecksumAlgorithm algorithm) {
        return decoder.checksum(algorithm);
    }

    /** EDGE-K3: the decoder has nothing to ready; the edge starts receiving. */
    @Override
    public void begin() {
        edge.begin();
    }

    @Override
    public void stopPieces() {
        releaseCurrent();
        edge.stopPieces();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (piecesTaken) throw new IllegalStateException("aws-chunked body read as bytes after it was read as pieces");
        bytesTaken = true;
        return super.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
        releaseCurrent();
        super.close();
    }

    private void releaseCurrent() {
        Piece p = current;
        current = null;
        bytes = null;
        if (p != null) p.release();
    }

    /**
     * AUTH-14, structurally: the body may become a blob only when the decoder verified all of it. The decoder
     * hashes every byte itself before handing it out, so the reader has nothing to feed; what this adds is
     * that a commit reached any other way (a reader that stopped taking pieces early) fails closed, an
     * internal error with nothing stored.
     */
    private final class Verified implements Check {
        @Override
        public void update(ByteBuffer b) {
            // nothing: the decoder hashed these bytes before it handed them out
        }

        @Override
        public void verify() {
            if (!decoder.complete()) {
                throw new IllegalStateException("an aws-chunked body was committed before its final chunk, trailer and length verified");
            }
            if (piecesTaken && handedOut != decoder.decoded()) {
                throw new IllegalStateException("an aws-chunked body handed out other bytes than it verified");
            }
        }
    }

    /** A small slice's bytes, copied: holds no received buffer, so retain and release have nothing to count. */
    private record Copy(ByteBuffer data) implements Piece {
        @Override
        public ByteBuffer bytes() {
            return data.duplicate();
        }

        @Override
        public Piece retain() {
            return this;
        }

        @Override
        public void release() {
        }
    }

    /** {@code length} bytes at {@code offset} of a received piece's view, holding one reference to it. */
    private record Slice(Piece piece, int offset, int length) implements Piece {
        @Override
        public ByteBuffer bytes() {
            ByteBuffer b = piece.bytes();
            int start = b.position() + offset;
            return b.limit(start + length).position(start);
        }

        @Override
        public Piece retain() {
            piece.retain();
            return this;
        }

        @Override
        public void release() {
            piece.release();
        }
    }
}
