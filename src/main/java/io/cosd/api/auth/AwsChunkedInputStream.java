package io.cosd.api.auth;

import io.cosd.api.error.ErrorCode;
import io.cosd.service.BodyPieces;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An {@code aws-chunked} request body, decoded and verified as it is read (the framing and its checks are
 * {@link ChunkedDecoder}'s, shared with the piece form, AUTH-14). {@link #of} gives the form that also
 * hands out the edge's received buffers ({@link AwsChunkedPieces}, docs/performance.md "aws-chunked
 * bodies on the piece path"); this class reads bytes, for what still reads a body as bytes (small bodies,
 * SSE, XML documents).
 *
 * <p><b>Never hand out a forged object:</b> chunk data is streamed straight through (read into the
 * caller's array when no framing is pending), never buffered whole, so chunks of any size work in
 * constant memory. The bytes that <em>complete</em> a chunk are returned only after that chunk's signature
 * has been checked, so at most one chunk minus its last bytes is ever unverified in the caller's hands,
 * and EOF (-1) is reported only after the final chunk, the trailer (checksum and, in signed mode, its
 * signature), the decoded length and the body's end with nothing after the final chunk all check out.
 * Callers that commit only after EOF therefore never store a forged or truncated body.
 *
 * <p>Errors surface from {@code read} as unchecked {@link io.cosd.api.error.ApiException}:
 * {@code SignatureDoesNotMatch} (chunk or trailer signature), {@code IncompleteBody} (early end of stream or
 * wrong decoded length), {@code BadDigest} (trailing checksum) or {@code InvalidRequest} (broken framing).
 */
public sealed class AwsChunkedInputStream extends InputStream permits AwsChunkedPieces {
    /** Framing is read through this much at a time; chunk data goes straight into the caller's array. */
    private static final int BUF = 16 * 1024;

    final ChunkedDecoder decoder;
    final InputStream in;
    private final ByteBuffer buf = ByteBuffer.allocate(BUF).limit(0);
    private boolean eof;

    public AwsChunkedInputStream(InputStream raw, AuthResult.Payload.AwsChunked p) {
        this.in = Objects.requireNonNull(raw);
        this.decoder = new ChunkedDecoder(p);
    }

    /**
     * {@code raw} decoded: read as pieces too when it is the edge's body, which hands out received buffers and
     * declares no digest of its own (a digest over the encoded bytes would not be a digest of what is stored).
     */
    public static AwsChunkedInputStream of(InputStream raw, AuthResult.Payload.AwsChunked p) {
        if (raw instanceof BodyPieces pieces && pieces.checks().isEmpty()) return new AwsChunkedPieces(raw, p);
        return new AwsChunkedInputStream(raw, p);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        while ((n = read(one, 0, 1)) == 0) { /* a 1-byte read returns a byte or the end */ }
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (eof) return -1;
        if (len == 0) return 0;
        while (true) {
            if (!buf.hasRemaining()) {
                long want = decoder.dataLeft();
                if (want > 0) { // inside a chunk's data with no framing pending: straight into the caller's array
                    int n = in.read(b, off, (int) Math.min(len, want));
                    if (n < 0) decoder.end(); // throws: the body ended inside a chunk
                    if (n <= 0) continue;
                    decoder.data(ByteBuffer.wrap(b, off, n), n);
                    settle(); // the chunk's CRLF and signature before its last bytes leave
                    return n;
                }
                if (!fill()) {
                    decoder.end(); // throws unless the body was complete
                    eof = true;
                    return -1;
                }
            }
            int n = decoder.next(buf);
            if (n <= 0) continue; // the buffer is used up (or the body is complete and must now end)
            int k = Math.min(n, len);
            int at = buf.position();
            decoder.data(buf, k);
            System.arraycopy(buf.array(), buf.arrayOffset() + at, b, off, k); // before settle() may refill buf
            settle();
            return k;
        }
    }

    /**
     * When the bytes just decoded completed their chunk: reads on until its CRLF and signature checked out
     * ({@link ChunkedDecoder#holding()}), so the read that returns them throws instead when they do not.
     */
    private void settle() throws IOException {
        while (decoder.holding()) {
            if (!buf.hasRemaining() && !fill()) decoder.end(); // throws: the body ended after the chunk's data
            decoder.next(buf);
        }
    }

    /** The next bytes of the encoded body into {@link #buf}; false at its end. */
    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buf.array(), buf.arrayOffset(), buf.capacity());
        } while (n == 0);
        if (n < 0) return false;
        buf.position(0).limit(n);
        return true;
    }

    /**
     * The request's {@code x-amz-trailer} header (before any byte is read): compute the trailing checksum it
     * announces, and only that one (a trailing checksum it did not announce is then refused, 501). Other
     * values change nothing.
     */
    public void expectTrailer(String header) {
        decoder.expectTrailer(header);
    }

    /** 400 InvalidRequest: {@code x-amz-trailer} names a checksum the body cannot carry (not an aws-chunked trailer body). */
    public static io.cosd.api.error.ApiException trailerWithoutTrailerBody(String name) {
        return ErrorCode.INVALID_REQUEST.exception("x-amz-trailer: " + name + " needs an aws-chunked body with a trailer "
                + "(x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER or STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER); "
                + "this body carries none, so the checksum could not be verified.");
    }

    @Override
    public void close() throws IOException { in.close(); }
}
