package io.cosd.service;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A request body that can hand out its received buffers as they are, without copying them into
 * an array first (docs/performance.md "The 1 MiB PUT"): a large body is hashed from them and
 * written from them to its blob file. The HTTP edge's body stream implements it; any other
 * {@link java.io.InputStream} (a decoded aws-chunked body, a verifying wrapper) takes the copying
 * path. Reading pieces and reading bytes may be mixed; each byte is delivered once.
 */
public interface BodyPieces {
    /**
     * The next received piece of the body, blocking until one has arrived; null at the body's end.
     * The caller owns it and {@link Piece#release releases} it. A failure to receive (client gone,
     * body timeout) is the same {@link IOException} a byte read gets.
     */
    Piece nextPiece() throws IOException;

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
