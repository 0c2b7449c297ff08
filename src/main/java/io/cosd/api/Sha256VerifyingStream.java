package io.cosd.api;

import io.cosd.api.core.ReadThroughStream;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.signing.Hashes;
import io.cosd.service.BodyPieces;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A body whose sender declared its SHA-256 ({@code x-amz-content-sha256: <hex>}, signed under SigV4 or
 * SigV2, or sent anonymously, AUTH-11): it must hash to that value, else {@code 400
 * XAmzContentSHA256Mismatch} and nothing is stored (AUTH-12). Read as bytes, it hashes them and checks
 * when the stream reaches EOF, before the caller commits anything. Read as pieces (the edge's received
 * buffers, docs/performance.md "Signed and checksummed bodies"), it hands them out as they are and
 * names its digest in {@link BodyPieces#checks()}: the reader hashes them from the buffers, and the
 * store's one commit point verifies it first ({@code BlobStreams.commit}). Both ways go through one
 * {@link Digest}, which also counts the bytes handed out and refuses a verification that was not fed
 * every one of them, so a reader that forgot to hash a piece cannot pass.
 */
class Sha256VerifyingStream extends ReadThroughStream {
    final Digest digest;

    private Sha256VerifyingStream(InputStream in, String expectedHex) {
        super(in);
        this.digest = new Digest(expectedHex);
    }

    /** {@code in} checked against {@code expectedHex} (64 hex digits, any case); hands out pieces when {@code in} does. */
    static InputStream of(InputStream in, String expectedHex) {
        return in instanceof BodyPieces ? new Pieces(in, expectedHex) : new Sha256VerifyingStream(in, expectedHex);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) digest.bytesRead(b, off, n);
        if (n < 0) digest.verify();
        return n;
    }

    @Override
    public boolean markSupported() {
        return false; // a reset would feed bytes twice
    }

    /** The edge's body: its received buffers handed out whole, the reader hashing them (docs/performance.md). */
    private static final class Pieces extends Sha256VerifyingStream implements BodyPieces {
        private final BodyPieces pieces;
        private boolean piecesTaken;

        Pieces(InputStream in, String expectedHex) {
            super(in, expectedHex);
            this.pieces = (BodyPieces) in;
        }

        @Override
        public Piece nextPiece() throws IOException {
            piecesTaken = true;
            Piece p = pieces.nextPiece();
            if (p != null) digest.handedOut(p.bytes().remaining());
            return p;
        }

        @Override
        public List<Check> checks() {
            return List.of(digest);
        }

        @Override
        public void begin() {
            pieces.begin();
        }

        @Override
        public void stopPieces() {
            pieces.stopPieces();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // Bytes then pieces keeps the order the digest sees; pieces then bytes could hash a byte
            // before the piece a helper has not hashed yet. No reader does it, so it is refused.
            if (piecesTaken) throw new IllegalStateException("body read as bytes after it was read as pieces");
            return super.read(b, off, len);
        }
    }

    /**
     * The running SHA-256 and the rule: every byte handed out is fed once, in order, and the result
     * must equal the declared value. Fed on one thread at a time, in order (the reader, or a helper it hands off to).
     */
    static final class Digest implements BodyPieces.Check {
        private final MessageDigest sha = Hashes.digest("SHA-256");
        private final byte[] expected;
        /** Bytes handed out as pieces minus bytes of pieces fed: zero when every piece was hashed (atomic: a helper may feed). */
        private final java.util.concurrent.atomic.AtomicLong unfed = new java.util.concurrent.atomic.AtomicLong();
        private byte[] result;

        Digest(String expectedHex) {
            this.expected = HexFormat.of().parseHex(expectedHex.toLowerCase(Locale.ROOT));
        }

        void bytesRead(byte[] b, int off, int n) {
            sha.update(b, off, n);
        }

        void handedOut(long n) {
            unfed.addAndGet(n);
        }

        @Override
        public void update(ByteBuffer bytes) {
            unfed.addAndGet(-bytes.remaining());
            sha.update(bytes.duplicate());
        }

        @Override
        public void verify() {
            if (unfed.get() != 0) throw new IllegalStateException("a body's SHA-256 was verified before every byte was hashed");
            if (result == null) result = sha.digest();
            if (!MessageDigest.isEqual(result, expected)) throw ErrorCode.INVALID_CONTENT_SHA256.exception();
        }
    }
}
