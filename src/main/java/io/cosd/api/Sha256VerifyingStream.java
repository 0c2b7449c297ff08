package io.cosd.api;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.signing.Hashes;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SigV4 with {@code x-amz-content-sha256: <hex>}: the body must hash to that value. Checked when the
 * stream reaches EOF, before the caller commits anything.
 */
final class Sha256VerifyingStream extends FilterInputStream {
    private final MessageDigest sha;
    private final String expected;
    private boolean checked;

    Sha256VerifyingStream(InputStream in, String expectedHex) {
        super(in);
        this.expected = expectedHex.toLowerCase(Locale.ROOT);
        this.sha = Hashes.digest("SHA-256");
    }

    @Override
    public int read() throws IOException {
        byte[] b = new byte[1];
        int n = read(b, 0, 1);
        return n < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) sha.update(b, off, n);
        if (n < 0 && !checked) {
            checked = true;
            if (!HexFormat.of().formatHex(sha.digest()).equals(expected)) throw ErrorCode.INVALID_CONTENT_SHA256.exception();
        }
        return n;
    }
}
