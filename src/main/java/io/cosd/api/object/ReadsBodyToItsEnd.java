package io.cosd.api.object;

import io.cosd.api.core.ReadThroughStream;
import io.cosd.api.error.ErrorCode;

import java.io.IOException;
import java.io.InputStream;

/**
 * A POST form's file part whose request declared a SHA-256 of its whole body ({@code x-amz-content-sha256}:
 * a hex digest, signed or sent anonymously, AUTH-11, AUTH-12). That digest covers the closing boundary and any
 * fields after the file too, and the body checks it only when its last byte is read; the handler stores the
 * file before it drains the rest, so the end was read after the commit, or never (the closing boundary ends
 * the form, not the body). Here the file's end is held back until the rest of the body has been read to its
 * end, so a mismatch refuses the file before it is stored (XAmzContentSHA256Mismatch) and nothing changes.
 * More than {@link PostObjectHandler#MAX_TRAILING_BYTES} after the file cannot be checked and is refused.
 */
final class ReadsBodyToItsEnd extends ReadThroughStream {
    private final FormParts parts;
    private final PostObjectHandler.CountingStream body;
    private boolean ended;

    ReadsBodyToItsEnd(InputStream file, FormParts parts, PostObjectHandler.CountingStream body) {
        super(file);
        this.parts = parts;
        this.body = body;
    }

    /** Whether the request declared its body's SHA-256 (a 64-hex-digit {@code x-amz-content-sha256}). */
    static boolean declared(String contentSha256) {
        return contentSha256 != null && contentSha256.trim().matches("[0-9a-fA-F]{64}");
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0 && !ended) {
            ended = true;
            readRest();
        }
        return n;
    }

    /** The fields after the file (dropped, as drainRest drops them), then whatever follows the closing boundary. */
    private void readRest() throws IOException {
        long start = body.count;
        while (parts.next() != null) {
            if (body.count - start > PostObjectHandler.MAX_TRAILING_BYTES) throw tooLong();
        }
        byte[] sink = new byte[8192];
        while (body.read(sink, 0, sink.length) >= 0) {
            if (body.count - start > PostObjectHandler.MAX_TRAILING_BYTES) throw tooLong();
        }
    }

    private static RuntimeException tooLong() {
        return ErrorCode.INVALID_REQUEST.exception("A POST whose x-amz-content-sha256 is a digest may carry at most "
                + PostObjectHandler.MAX_TRAILING_BYTES + " bytes after the file.");
    }
}
