package io.cosd.api.core;

import io.cosd.api.auth.HeaderView;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.route.UnbuiltHeaders;
import io.cosd.domain.object.Crc64Nvme;
import io.cosd.domain.signing.Hashes;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * {@code x-amz-checksum-<alg>: <base64>} sent as a header (the AWS SDK v2 sends one on every XML
 * body, e.g. DeleteObjects and PutBucketCors; users may send one on PutObject/UploadPart): the body
 * must hash to it, checked at EOF before the caller stores anything, else {@code 400 BadDigest}
 * (docs/unbuilt.md "Checksums"). The aws-chunked trailer form is verified by AwsChunkedInputStream;
 * algorithms cosd cannot verify were refused before (UnbuiltHeaders), never accepted unchecked.
 */
public final class ChecksumHeaders {
    private ChecksumHeaders() {}

    /**
     * One checksum value sent elsewhere than in a header (a POST Object form field, OBJ-K10), checked as a
     * header's: {@code name} is {@code x-amz-checksum-<alg>} of a verified algorithm.
     */
    public static InputStream verifying(String name, String value, InputStream body) {
        String alg = name.substring(15);
        return new Verifying(body, List.of(new Expected(name, decode(name, value.trim(), size(alg)), hasher(alg))));
    }

    private static int size(String alg) {
        return switch (alg) {
            case "sha256" -> 32;
            case "sha1" -> 20;
            case "crc64nvme" -> 8;
            default -> 4;
        };
    }

    /** The body wrapped so each verifiable checksum header is checked at EOF; the body itself when there is none. */
    public static InputStream verifying(HeaderView headers, InputStream body) {
        List<Expected> want = new ArrayList<>(1);
        for (var e : headers.entries()) {
            String raw = e.getKey();
            if (raw.length() < 16 || !raw.regionMatches(true, 0, "x-amz-checksum-", 0, 15)) continue; // hot path: no lowercasing
            String name = raw.toLowerCase(Locale.ROOT);
            String alg = name.substring(15);
            if (!UnbuiltHeaders.VERIFIED_CHECKSUMS.contains(alg)) continue;
            byte[] value = decode(name, e.getValue().trim(), size(alg));
            want.add(new Expected(name, value, hasher(alg)));
        }
        return want.isEmpty() || body == null ? body : new Verifying(body, want);
    }

    /** AWS: a value that is not base64 of the algorithm's size is 400 InvalidRequest naming the header. */
    private static byte[] decode(String name, String v, int size) {
        try {
            byte[] b = Base64.getDecoder().decode(v);
            if (b.length == size) return b;
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw ErrorCode.INVALID_REQUEST.exception("Value for " + name + " header is invalid.");
    }

    private interface Hasher {
        void update(byte[] b, int off, int n);

        byte[] digest();
    }

    private static Hasher hasher(String alg) {
        return switch (alg) {
            case "crc32" -> crc(new CRC32());
            case "crc32c" -> crc(new CRC32C());
            case "sha256" -> md(Hashes.digest("SHA-256"));
            case "sha1" -> md(Hashes.digest("SHA-1"));
            case "crc64nvme" -> {
                var c = new Crc64Nvme();
                yield new Hasher() {
                    public void update(byte[] b, int off, int n) { c.update(b, off, n); }

                    public byte[] digest() { return c.bytes(); }
                };
            }
            default -> throw new IllegalArgumentException(alg);
        };
    }

    private static Hasher md(MessageDigest md) {
        return new Hasher() {
            public void update(byte[] b, int off, int n) { md.update(b, off, n); }

            public byte[] digest() { return md.digest(); }
        };
    }

    private static Hasher crc(Checksum c) {
        return new Hasher() {
            public void update(byte[] b, int off, int n) { c.update(b, off, n); }

            public byte[] digest() { return ByteBuffer.allocate(4).putInt((int) c.getValue()).array(); }
        };
    }

    private record Expected(String header, byte[] value, Hasher hasher) {}

    private static final class Verifying extends FilterInputStream {
        private final List<Expected> want;
        private boolean checked;

        Verifying(InputStream in, List<Expected> want) {
            super(in);
            this.want = want;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            int n;
            while ((n = read(b, 0, 1)) == 0) { /* loop */ }
            return n < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) for (Expected e : want) e.hasher().update(b, off, n);
            if (n < 0 && !checked) {
                checked = true;
                for (Expected e : want) {
                    if (!MessageDigest.isEqual(e.hasher().digest(), e.value())) {
                        throw ErrorCode.BAD_DIGEST.exception("The " + e.header() + " you specified did not match the calculated checksum.");
                    }
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes would escape the checksum; read them instead.
            byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
            long left = n;
            while (left > 0) {
                int r = read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) break;
                left -= r;
            }
            return n - left;
        }
    }
}
