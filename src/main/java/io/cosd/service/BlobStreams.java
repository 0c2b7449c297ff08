package io.cosd.service;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.object.BlobLayout;
import io.cosd.store.blob.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Streams bytes into a new committed blob while computing their MD5; never holds more than one
 * buffer in memory. The caller owns the returned blob (records it, or deletes it on failure).
 */
final class BlobStreams {
    private static final int BUF = 256 * 1024;

    /** A committed blob and its size and quoted hex MD5. */
    record Written(String blobId, long size, byte[] md5) {
        String etag() { return "\"" + HexFormat.of().formatHex(md5) + "\""; }
    }

    private BlobStreams() {}

    /**
     * Body → blob. Checks the declared length (IncompleteBody), the size cap (EntityTooLarge) and
     * Content-MD5 (BadDigest) before the commit, so a refused body never becomes a blob.
     */
    static Written write(BlobStore blobs, InputStream body, long expectedLength, byte[] contentMd5, long max) {
        BlobStore.Writer w = null;
        try {
            w = blobs.create();
            MessageDigest md5 = md5();
            byte[] buf = new byte[BUF];
            ByteBuffer bb = ByteBuffer.wrap(buf);
            long size = 0;
            for (int n; (n = body.read(buf)) > 0; ) {
                size += n;
                if (size > max) throw ErrorCode.ENTITY_TOO_LARGE.exception();
                md5.update(buf, 0, n);
                bb.clear().limit(n);
                while (bb.hasRemaining()) w.write(bb);
            }
            if (expectedLength >= 0 && size != expectedLength) throw ErrorCode.INCOMPLETE_BODY.exception();
            byte[] digest = md5.digest();
            if (contentMd5 != null && !MessageDigest.isEqual(digest, contentMd5)) throw ErrorCode.BAD_DIGEST.exception();
            String id = w.commit();
            w = null;
            return new Written(id, size, digest);
        } catch (IOException e) {
            throw ErrorCode.INCOMPLETE_BODY.exception(e.getMessage());
        } finally {
            if (w != null) w.abort();
        }
    }

    /**
     * The given extents of existing blobs → one new blob. With {@code digest} the bytes pass through
     * a buffer to compute their MD5 (part ETags need it); without, they move by zero-copy transfer.
     */
    static Written copy(BlobStore blobs, Iterable<BlobLayout.Extent> extents, boolean digest) throws IOException {
        BlobStore.Writer w = blobs.create();
        try {
            MessageDigest md5 = md5();
            ByteBuffer bb = digest ? ByteBuffer.allocate(BUF) : null;
            long size = 0;
            for (BlobLayout.Extent e : extents) {
                try (FileChannel in = blobs.open(e.blobId())) {
                    long pos = e.position(), end = e.position() + e.length();
                    while (pos < end) {
                        if (!digest) {
                            long n = in.transferTo(pos, end - pos, w);
                            if (n <= 0) throw new IOException("blob " + e.blobId() + " shorter than its record");
                            pos += n;
                            continue;
                        }
                        bb.clear().limit((int) Math.min(bb.capacity(), end - pos));
                        int n = in.read(bb, pos);
                        if (n <= 0) throw new IOException("blob " + e.blobId() + " shorter than its record");
                        pos += n;
                        bb.flip();
                        md5.update(bb.duplicate());
                        while (bb.hasRemaining()) w.write(bb);
                    }
                }
                size += e.length();
            }
            String id = w.commit();
            w = null;
            return new Written(id, size, digest ? md5.digest() : null);
        } finally {
            if (w != null) w.abort();
        }
    }

    /** A cloned prototype (Hashes.digest): no provider lookup on every write. */
    static MessageDigest md5() {
        return io.cosd.domain.signing.Hashes.digest("MD5");
    }
}
