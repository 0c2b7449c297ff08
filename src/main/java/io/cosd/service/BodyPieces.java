package io.cosd.service;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A request body that can hand out its received buffers as they are, without copying them into
 * an array first (docs/performance.md "The 1 MiB PUT"): a large body is hashed from them and
 * written from them to its blob file. The HTTP edge's body stream implements it; any other
 * {@link java.io.InputStream} takes the copying path; the API's verifying wrappers (a declared SHA-256,
 * a decoded aws-chunked body) hand out pieces too when what they wrap does. Reading pieces and reading bytes may be mixed (bytes first); each byte is delivered
 * once. A body whose sender declared a digest of all its bytes (a signed {@code x-amz-content-sha256})
 * says so in {@link #checks()}: whoever takes its pieces feeds each check every piece, and
 * {@link BlobStreams#commit} verifies them before anything is stored.
 */
public interface BodyPieces {
    /**
     * Every check that must refuse the request before its body is uploaded has passed (docs/edge.md EDGE-K3):
     * start receiving the body now, so the edge sends {@code 100 Continue} to a client that asked for it, while
     * the reader gets ready to store it (opens its blob file). Bytes that arrive meanwhile wait in the edge's
     * bounded buffer (back-pressure as ever: never more than its high-water mark). The first piece or byte read
     * begins too. Idempotent. No default, as {@link #stopPieces()}: a wrapper must pass it on to what it wraps,
     * or its body would keep the client waiting for the 100 until the first read.
     */
    void begin();

    /**
     * The next received piece of the body, blocking until one has arrived; null at the body's end.
     * The caller owns it and {@link Piece#release releases} it. A failure to receive (client gone,
     * body timeout) is the same {@link IOException} a byte read gets.
     */
    Piece nextPiece() throws IOException;

    /**
     * The digests this body's sender declared over all of its bytes (AUTH-11, docs/signing.md: a signed or
     * sent {@code x-amz-content-sha256}), or, for a decoded aws-chunked body, the check that its decoder
     * verified all of it (AUTH-14); empty for most bodies. A reader of pieces feeds each check every
     * piece's bytes, in order, before it takes the next piece; bytes read as bytes the body feeds itself.
     * {@link BlobStreams#commit} verifies them first, before any other check and before the blob commits.
     * No default: a wrapper that hands out pieces must say what it checks, so one that forgot to pass
     * its digest through cannot skip AUTH-12 by inheriting an empty list.
     */
    List<Check> checks();

    /**
     * {@code algorithm}'s checksum of all of this body's bytes when the body computes it anyway (an aws-chunked
     * decoder computes the trailing checksum it verifies, AUTH-14), so the reader stores that value instead of
     * hashing every byte a second time (OBJ-K2); null when it does not (the reader computes it). The supplier
     * answers only once the body was read to its verified end and throws before. Default: null, which is
     * always safe (the reader computes the checksum itself).
     */
    default java.util.function.Supplier<byte[]> computes(io.cosd.domain.object.ChecksumAlgorithm algorithm) {
        return null;
    }

    /**
     * The reader takes no more pieces: the body's end, or a failure midway. A body that keeps a received
     * buffer between pieces (an aws-chunked decoder partway through one, AUTH-14) releases it here, since no
     * one else knows of it; the edge's own queue is released when the edge closes the body. Idempotent.
     * No default, as {@link #checks()}: a wrapper must pass it on to what it wraps.
     */
    void stopPieces();

    /**
     * One digest the body must match, computed by its reader from the pieces (so from the received
     * buffers, with no copy) and verified by the body's own rule, which throws the sender's error.
     */
    interface Check {
        /** The next bytes of the body, in order; reads {@code bytes} without moving the caller's position. */
        void update(ByteBuffer bytes);

        /**
         * At the body's end: returns when every byte handed out was fed and the digest matches; else throws
         * the wire error the body's rule names (XAmzContentSHA256Mismatch). Repeatable, same answer.
         */
        void verify();
    }

    /** One received buffer, reference counted: released when every holder released it. */
    interface Piece {
        /** A fresh view of the piece's bytes (its own position and limit, so holders do not interfere); holders only read it. */
        ByteBuffer bytes();

        /** One more holder (another thread hashing it); returns this piece. */
        Piece retain();

        /** This holder is done with it; the last release frees the buffer. */
        void release();
    }
}
