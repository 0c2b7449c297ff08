package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.object.ChecksumAlgorithm;
import io.cosd.domain.object.Crc64;
import io.cosd.store.blob.BlobStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The large-body path of {@link BlobStreams#write} (docs/performance.md "The 1 MiB PUT"): the body's
 * received buffers are hashed and written to the blob file as they are, with no copy into an
 * array and none into the JDK's temporary direct buffer (a received buffer is off-heap already).
 * MD5 runs on a second core when one is idle ({@link Md5Lane}), and then the file's fsync runs
 * while the MD5 finishes. What is checked, and when, is exactly {@link BlobStreams#write}'s: the
 * size cap while reading, then in {@link BlobStreams#commit} the SHA-256 the sender declared (a signed
 * {@code x-amz-content-sha256}, computed here from the same buffers, AUTH-12), the declared length,
 * Content-MD5 and the asked checksum, before the blob commits; a refused body never becomes a blob. At most {@link Md5Lane#QUEUE} batches of {@link Md5Lane#BATCH} bytes wait
 * for the MD5 lane, besides the edge's own bounded queue: never a whole body in memory.
 */
final class PieceWrite {
    /** A scratch array for an asked checksum whose digest takes arrays only (CRC64NVME). */
    private static final int SCRATCH = 16 * 1024;

    private PieceWrite() {}

    static BlobStreams.Written write(BlobStore blobs, BodyPieces body, long expectedLength, byte[] contentMd5, long max,
                                     ChecksumAlgorithm checksum, byte[] checksumValue) {
        return write(blobs, body, expectedLength, contentMd5, max, checksum, checksumValue, Md5Lane::open);
    }

    /** As above, with the lane {@code lanes} opens (tests choose inline or parallel); the lane is closed here. */
    static BlobStreams.Written write(BlobStore blobs, BodyPieces body, long expectedLength, byte[] contentMd5, long max,
                                     ChecksumAlgorithm checksum, byte[] checksumValue, java.util.function.Supplier<Md5Lane> lanes) {
        BlobStore.Writer w = BlobStreams.create(blobs, expectedLength);
        try (Md5Lane md5 = lanes.get()) {
            Crc64 crc = new Crc64();
            ChecksumAlgorithm.Digest extra = BlobStreams.digest(body, checksum); // an aws-chunked trailer's: computed once, by the decoder
            byte[] scratch = extra == null || !extra.needsScratch() ? null : new byte[SCRATCH];
            // The digests the sender declared (a signed SHA-256), fed here and verified by commit below.
            List<BodyPieces.Check> declared = body.checks();
            long size = 0;
            for (BodyPieces.Piece p; (p = next(body)) != null; ) {
                try {
                    ByteBuffer bb = p.bytes();
                    size += bb.remaining();
                    if (size > max) throw new Refusal(Refusal.Reason.BODY_TOO_LARGE);
                    md5.add(p);
                    crc.update(bb.duplicate());
                    // On this thread, beside the MD5 on the helper: SHA-256 (about 0.6 ms per MiB with the
                    // CPU's SHA instructions) and CRC64 here balance MD5 (1.3 ms) there (bench/hash-cost).
                    for (BodyPieces.Check c : declared) c.update(bb.duplicate());
                    if (extra != null) extra.update(bb.duplicate(), scratch);
                    while (bb.hasRemaining()) w.write(bb);
                } catch (IOException e) {
                    throw BlobStreams.storageFailure(e);
                } finally {
                    p.release();
                }
            }
            if (md5.parallel()) {
                // The data fsync while the MD5 lane finishes its last pieces; the blob is still a
                // temporary file, removed by abort if the digest refuses it.
                try {
                    w.sync();
                } catch (IOException e) {
                    throw BlobStreams.storageFailure(e);
                }
            }
            BlobStreams.Written written = BlobStreams.commit(w, size, expectedLength, declared, md5.digest(), contentMd5, crc, checksum, extra, checksumValue);
            w = null;
            return written;
        } finally {
            if (w != null) w.abort();
            body.stopPieces(); // a decoder partway through a received buffer lets go of it (AUTH-14)
        }
    }

    private static BodyPieces.Piece next(BodyPieces body) {
        try {
            return body.nextPiece();
        } catch (IOException e) {
            throw new Refusal(Refusal.Reason.BODY_INCOMPLETE, e.getMessage());
        }
    }
}
