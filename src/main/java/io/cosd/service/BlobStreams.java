package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.crypto.ChunkFormat;
import io.cosd.domain.object.BlobLayout;
import io.cosd.domain.object.ChecksumAlgorithm;
import io.cosd.domain.object.ObjectChecksum;
import io.cosd.domain.object.Crc64;
import io.cosd.domain.signing.Hashes;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.DiskFullException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Streams bytes into a new committed blob while computing their MD5 and CRC64 (x-cos-hash-crc64ecma)
 * in the same pass over each buffer; never holds more than one buffer in memory. The caller owns the returned blob (records it, or deletes it on failure).
 */
final class BlobStreams {
    private static final int BUF = 256 * 1024;
    /** The smallest buffer a body is read with (an empty body still reads its end through it). */
    private static final int MIN_BUF = 512;

    /** A committed blob and its size, MD5 and CRC64 (both null when not computed), and the additional checksum asked for (else null). */
    record Written(String blobId, long size, byte[] md5, Long crc64, ObjectChecksum checksum) {
        String etag() { return "\"" + HexFormat.of().formatHex(md5) + "\""; }

        /**
         * The ETag of bytes sealed under {@code key} (SSE-6): an SSE-C object's is not its plaintext's MD5, which
         * anyone allowed to list would learn without the key (and could confirm a guessed content with), but
         * HMAC-SHA256 under a label and the object's random data key of that MD5, cut to MD5's length so it keeps
         * ETag's shape (multipart ETags are built from it); S3's SSE-C ETag is not the MD5 either. Others: the MD5.
         */
        String etag(io.cosd.domain.crypto.Sealing key) {
            if (key == null || !io.cosd.domain.crypto.Encryption.customerKeyed(key.meta())) return etag();
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(key.dataKey(), "HmacSHA256"));
                mac.update("cosd sse-c etag v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                byte[] tag = mac.doFinal(md5);
                return "\"" + HexFormat.of().formatHex(tag, 0, 16) + "\"";
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private BlobStreams() {}

    /**
     * Body → blob. Checks the declared length ({@code BODY_INCOMPLETE}), the size cap
     * ({@code BODY_TOO_LARGE}) and Content-MD5 ({@code DIGEST_MISMATCH}) before the commit, so a
     * refused body never becomes a blob ({@link io.cosd.domain.Refusal}; api words them IncompleteBody,
     * EntityTooLarge, BadDigest). A failure reading the body is the client's ({@code BODY_INCOMPLETE});
     * a failure writing the blob is the server's:
     * {@link StorageFault} DISK_FULL for lack of space (refused before the first byte is read when the
     * declared length does not fit the reserve), an {@link UncheckedIOException} (500) otherwise.
     */
    static Written write(BlobStore blobs, InputStream body, long expectedLength, byte[] contentMd5, long max) {
        return write(blobs, body, expectedLength, contentMd5, max, null, null, null);
    }

    /**
     * As {@link #write(BlobStore, InputStream, long, byte[], long)}, the blob encrypted under {@code dataKey}
     * (docs/encryption.md, SSE-1) when it is not null; MD5 and CRC64 are the plaintext's.
     */
    static Written write(BlobStore blobs, InputStream body, long expectedLength, byte[] contentMd5, long max, byte[] dataKey) {
        return write(blobs, body, expectedLength, contentMd5, max, null, null, dataKey);
    }

    /**
     * As {@link #write(BlobStore, InputStream, long, byte[], long)}, also computing {@code checksum} (when not
     * null) in the same pass over each buffer (OBJ-K2), and checking it against {@code checksumValue} (the value
     * a header sent; null: none) before the commit, as Content-MD5 ({@code DIGEST_MISMATCH}, UB-3). A value sent
     * in an aws-chunked trailer was checked by the decoder at the end of the body, so before this commits too.
     * The blob is encrypted under {@code dataKey} when it is not null (SSE-1); every digest is the plaintext's.
     */
    static Written write(BlobStore blobs, InputStream body, long expectedLength, byte[] contentMd5, long max,
                         ChecksumAlgorithm checksum, byte[] checksumValue, byte[] dataKey) {
        admit(blobs, body, expectedLength, dataKey == null || expectedLength < 0 ? expectedLength : ChunkFormat.cipherSize(expectedLength), max);
        if (dataKey == null && body instanceof BodyPieces pieces && (expectedLength < 0 || expectedLength >= BUF)) {
            return PieceWrite.write(blobs, pieces, expectedLength, contentMd5, max, checksum, checksumValue);
        }
        BlobStore.Writer w = null;
        try {
            if (dataKey == null) {
                w = create(blobs, expectedLength);
            } else {
                w = create(blobs, expectedLength < 0 ? -1 : ChunkFormat.cipherSize(expectedLength));
                try {
                    w = new SealingWriter(w, dataKey);
                } catch (IOException e) {
                    throw storageFailure(e);
                }
            }
            MessageDigest md5 = md5();
            Crc64 crc = new Crc64();
            ChecksumAlgorithm.Digest extra = digest(body, checksum);
            byte[] buf = new byte[bufferFor(expectedLength)];
            ByteBuffer bb = ByteBuffer.wrap(buf);
            long size = 0;
            for (int n; (n = readBody(body, buf)) > 0; ) {
                size += n;
                if (size > max) throw new Refusal(Refusal.Reason.BODY_TOO_LARGE);
                md5.update(buf, 0, n);
                crc.update(buf, 0, n);
                if (extra != null) extra.update(buf, 0, n);
                bb.clear().limit(n);
                try {
                    while (bb.hasRemaining()) w.write(bb);
                } catch (IOException e) {
                    throw storageFailure(e);
                }
            }
            Written written = commit(w, size, expectedLength, declared(body), md5.digest(), contentMd5, crc, checksum, extra, checksumValue);
            w = null;
            return written;
        } finally {
            if (w != null) w.abort();
        }
    }

    /**
     * EDGE-K3: the last refusals due before the body is uploaded, then the body begins. A declared length over
     * the cap is EntityTooLarge, and a declared size the free-space reserve cannot take is DISK_FULL (ST-F3),
     * both before the edge sends {@code 100 Continue}; then the edge starts receiving (and sends the 100) while
     * the caller opens the blob file, which costs a file create (with O_DIRECT for a large body) the client
     * no longer waits for. {@link BlobStore#create(long)} checks the reserve again: every other writer
     * (copies, multipart completion, the cold tier) relies on that check, and it sees the space writes that
     * began in between took; a body refused there after its 100 closes its connection (EDGE-K1).
     */
    private static void admit(BlobStore blobs, InputStream body, long expectedLength, long storedLength, long max) {
        if (expectedLength > max) throw new Refusal(Refusal.Reason.BODY_TOO_LARGE);
        try {
            blobs.checkFree(Math.max(0, storedLength));
        } catch (IOException e) {
            throw storageFailure(e);
        }
        if (body instanceof BodyPieces p) p.begin();
    }

    /**
     * The running {@code checksum} of a body (null: none asked): the one the body computes anyway (an aws-chunked
     * decoder's trailing checksum, {@link BodyPieces#computes}), taken at the commit, else a fresh digest the
     * reader feeds. Either way {@link #commit} reads it after the body's own checks verified (AUTH-14).
     */
    static ChecksumAlgorithm.Digest digest(Object body, ChecksumAlgorithm checksum) {
        if (checksum == null) return null;
        java.util.function.Supplier<byte[]> computed = body instanceof BodyPieces p ? p.computes(checksum) : null;
        return computed == null ? checksum.newDigest() : new Computed(computed);
    }

    /** A checksum the body computed: nothing to feed, its value read at the commit. */
    private record Computed(java.util.function.Supplier<byte[]> value) implements ChecksumAlgorithm.Digest {
        @Override public void update(byte[] b, int off, int len) { }

        @Override public void update(ByteBuffer bb, byte[] scratch) { }

        @Override public boolean needsScratch() { return false; }

        @Override public byte[] bytes() { return value.get(); }
    }

    /** The digests {@code body}'s sender declared (a checked x-amz-content-sha256); none for a plain stream. */
    private static java.util.List<BodyPieces.Check> declared(InputStream body) {
        return body instanceof BodyPieces p ? p.checks() : java.util.List.of();
    }

    /**
     * The one place that decides a body may become a blob, for both paths (AUTH-12, AUTH-14, UB-3): the
     * digests the body's sender declared (a signed {@code x-amz-content-sha256}: XAmzContentSHA256Mismatch; a
     * body read as bytes checked it at its end already, a body read as pieces is checked here) and, for an
     * aws-chunked body, that its decoder verified every chunk, the trailer and the length, then the declared
     * length ({@code BODY_INCOMPLETE}), Content-MD5 and the asked checksum ({@code DIGEST_MISMATCH}), in
     * the order the copying path always answered them; only then the commit. On any failure the caller still
     * owns {@code w} and aborts it.
     */
    static Written commit(BlobStore.Writer w, long size, long expectedLength, java.util.List<BodyPieces.Check> declared,
                          byte[] digest, byte[] contentMd5, Crc64 crc,
                          ChecksumAlgorithm checksum, ChecksumAlgorithm.Digest extra, byte[] checksumValue) {
        for (BodyPieces.Check c : declared) c.verify();
        if (expectedLength >= 0 && size != expectedLength) throw new Refusal(Refusal.Reason.BODY_INCOMPLETE);
        if (contentMd5 != null && !MessageDigest.isEqual(digest, contentMd5)) throw new Refusal(Refusal.Reason.DIGEST_MISMATCH);
        byte[] sum = extra == null ? null : extra.bytes();
        if (checksumValue != null && (sum == null || !MessageDigest.isEqual(sum, checksumValue))) {
            throw new Refusal(Refusal.Reason.DIGEST_MISMATCH, "The " + (checksum == null ? "x-amz-checksum-*" : checksum.header())
                    + " you specified did not match the calculated checksum.");
        }
        String id;
        try {
            id = w.commit();
        } catch (IOException e) {
            throw storageFailure(e);
        }
        return new Written(id, size, digest, crc.value(), sum == null ? null : ObjectChecksum.full(checksum, sum));
    }

    /**
     * The read buffer for a body of {@code expectedLength} bytes (-1: unknown): no larger than the body
     * (docs/performance.md "The PUT path's CPU": a 256 KiB buffer zeroed for every 4 KiB PUT was the
     * largest single CPU cost of a small PUT and nearly all of its allocation). A body longer than
     * declared is still read to its end through it, and refused.
     */
    static int bufferFor(long expectedLength) {
        if (expectedLength < 0 || expectedLength >= BUF) return BUF;
        return (int) Math.max(expectedLength, MIN_BUF);
    }

    private static int readBody(InputStream body, byte[] buf) {
        try {
            return body.read(buf);
        } catch (IOException e) {
            throw new Refusal(Refusal.Reason.BODY_INCOMPLETE, e.getMessage());
        }
    }

    static BlobStore.Writer create(BlobStore blobs, long expectedSize) {
        try {
            return blobs.create(expectedSize);
        } catch (IOException e) {
            throw storageFailure(e);
        }
    }

    /** The blob store's side of a write failed: out of space (503, retryable) or anything else (500). */
    static RuntimeException storageFailure(IOException e) {
        if (DiskFullException.isNoSpace(e)) return StorageFault.diskFull(e.getMessage());
        return new UncheckedIOException("blob write failed", e);
    }

    /**
     * The given extents of existing blobs → one new blob. With {@code digest} the bytes pass through
     * a buffer to compute their MD5 and CRC64 (an UploadPartCopy part needs both); without, they
     * move by zero-copy transfer (a whole-object copy keeps the source's values). Lack of space is
     * a {@link StorageFault} DISK_FULL, as for {@link #write}.
     */
    static Written copy(BlobStore blobs, Iterable<BlobLayout.Extent> extents, boolean digest) throws IOException {
        return copy(blobs, extents, digest, null);
    }

    /** As {@link #copy(BlobStore, Iterable, boolean)}; with {@code checksum} the bytes pass through a buffer to compute it too (OBJ-K9). */
    static Written copy(BlobStore blobs, Iterable<BlobLayout.Extent> extents, boolean digest, ChecksumAlgorithm checksum) throws IOException {
        long total = 0;
        for (BlobLayout.Extent e : extents) total += e.length();
        BlobStore.Writer w = create(blobs, total);
        try {
            MessageDigest md5 = md5();
            Crc64 crc = new Crc64();
            ChecksumAlgorithm.Digest extra = checksum == null ? null : checksum.newDigest();
            boolean read = digest || extra != null;
            ByteBuffer bb = read ? ByteBuffer.allocate(BUF) : null;
            long size = 0;
            for (BlobLayout.Extent e : extents) {
                try (FileChannel in = blobs.open(e.blobId())) {
                    long pos = e.position(), end = e.position() + e.length();
                    while (pos < end) {
                        if (!read) {
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
                        if (digest) {
                            md5.update(bb.duplicate());
                            crc.update(bb.duplicate());
                        }
                        if (extra != null) extra.update(bb.array(), bb.arrayOffset() + bb.position(), bb.remaining());
                        while (bb.hasRemaining()) w.write(bb);
                    }
                }
                size += e.length();
            }
            String id = w.commit();
            w = null;
            return new Written(id, size, digest ? md5.digest() : null, digest ? crc.value() : null,
                    extra == null ? null : ObjectChecksum.full(checksum, extra.bytes()));
        } catch (IOException e) {
            if (DiskFullException.isNoSpace(e)) throw StorageFault.diskFull(e.getMessage());
            throw e;
        } finally {
            if (w != null) w.abort();
        }
    }

    /** A cloned prototype (Hashes.digest): no provider lookup on every write. */
    static MessageDigest md5() {
        return Hashes.digest("MD5");
    }
}
