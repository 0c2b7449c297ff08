package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.crypto.ChunkFormat;
import io.cosd.domain.crypto.Sealing;
import io.cosd.domain.object.BlobLayout;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.blob.BlobStore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * An object's bytes as streams over its blobs, plain or decrypted (docs/encryption.md "Serving", SSE-2),
 * and the copies made through them (SSE-11, SSE-13, SSE-14): every blob opened lazily, one buffer or one
 * chunk in memory at a time. Tag failures are reported to {@code tampered} (counted and marked, SSE-4).
 */
final class PlainStreams {
    private final BlobStore blobs;
    private final BiConsumer<ObjectVersion, String> tampered;

    PlainStreams(BlobStore blobs, BiConsumer<ObjectVersion, String> tampered) {
        this.blobs = blobs;
        this.tampered = tampered;
    }

    /** The stored bytes {@code [start, start + length)} of {@code layout} as one lazy stream (plain blobs). */
    InputStream raw(BlobLayout layout, long start, long length) {
        return extents(layout, start, length, (e, ch) -> {
            ch.position(e.position());
            return new FilterInputStream(Channels.newInputStream(ch)) {
                long left = e.length();

                @Override public int read() throws IOException {
                    if (left <= 0) return -1;
                    int b = super.read();
                    if (b >= 0) left--;
                    return b;
                }

                @Override public int read(byte[] buf, int off, int len) throws IOException {
                    if (left <= 0) return -1;
                    int n = super.read(buf, off, (int) Math.min(len, left));
                    if (n > 0) left -= n;
                    return n;
                }
            };
        });
    }

    /** How one extent's blob, open on {@code ch}, becomes its stream; closing the stream closes {@code ch}. */
    private interface ExtentReader {
        InputStream open(BlobLayout.Extent e, FileChannel ch) throws IOException;
    }

    /** The slice {@code [start, start + length)} of {@code layout}, extent after extent, each blob opened only when reached. */
    private InputStream extents(BlobLayout layout, long start, long length, ExtentReader reader) {
        Iterator<BlobLayout.Extent> it = layout.slice(start, length).iterator();
        return new SequenceInputStream(new Enumeration<InputStream>() {
            @Override public boolean hasMoreElements() { return it.hasNext(); }

            @Override public InputStream nextElement() {
                BlobLayout.Extent e = it.next();
                try {
                    return reader.open(e, blobs.open(e.blobId()));
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        });
    }

    /**
     * Plaintext bytes {@code [start, start + length)} of the encrypted blob open on {@code ch} (SSE-2);
     * an eager stream whose first chunk fails is refused here with the ST-I1 error (SSE-3).
     */
    InputStream plain(ObjectVersion v, Sealing key, FileChannel ch, long start, long length, boolean eager) {
        try {
            return new OpeningStream(ch, key.dataKey(), start, length, eager, detail -> tampered.accept(v, detail));
        } catch (IOException e) {
            throw StorageFault.damaged("The stored data of " + ObjectService.what(v) + " does not authenticate and cannot be served.");
        }
    }

    /** All of {@code layout}'s plaintext in {@code [start, start + length)}, extent after extent (copies, replication). */
    InputStream plain(ObjectVersion v, Sealing key, BlobLayout layout, long start, long length) {
        return extents(layout, start, length, (e, ch) -> {
            InputStream plain = plain(v, key.forPart(e.part()), ch, e.position(), e.length(), false); // SSE-14: each part under its own key
            return new FilterInputStream(plain) {
                @Override public void close() throws IOException {
                    ch.close();
                }
            };
        });
    }

    /**
     * SSE-13: the restored copy of an archived encrypted version (which stays hot: ciphertext does not
     * compress): one blob under the version's own data key, so GET reads it like the version. A single blob
     * is copied as it is (SSE-C too: no key needed); parts (even a lone one: it is sealed under its part's key,
     * SSE-14) are decrypted and sealed again into one blob under the data key itself (SSE-S3, KMS;
     * RestoreService refuses multipart SSE-C up front).
     *
     * @param key the version's data key; only needed (and only opened) for a multipart version
     */
    String restoredCopy(ObjectVersion v, BlobLayout layout, Sealing key) throws IOException {
        if (layout.extents().size() == 1 && layout.extents().get(0).part() == 0) {
            var e = layout.extents().get(0);
            return BlobStreams.copy(blobs, List.of(new BlobLayout.Extent(e.blobId(), 0, ChunkFormat.cipherSize(e.length()))), false).blobId();
        }
        try (InputStream in = plain(v, key, layout, 0, v.size())) {
            return BlobStreams.write(blobs, in, v.size(), null, Long.MAX_VALUE, key.dataKey()).blobId();
        }
    }

    /**
     * Bytes {@code [start, start + length)} of {@code source} (plaintext: decrypted with {@code from} when
     * encrypted) into a new blob, sealed under {@code to} when not null, MD5 and CRC64 of the plaintext
     * (UploadPartCopy of an encrypted source or into an encrypted upload, SSE-14).
     */
    BlobStreams.Written copy(ObjectVersion source, Sealing from, BlobLayout layout, long start, long length, Sealing to) {
        return copy(source, from, layout, start, length, to, null);
    }

    /** As above, also computing {@code checksum} of the plaintext when not null (OBJ-K9). */
    BlobStreams.Written copy(ObjectVersion source, Sealing from, BlobLayout layout, long start, long length, Sealing to,
                             io.cosd.domain.object.ChecksumAlgorithm checksum) {
        // to: the key the new blob is sealed under as given (a part's key for UploadPartCopy, SSE-14)
        try (InputStream in = from == null ? raw(layout, start, length) : plain(source, from, layout, start, length)) {
            return BlobStreams.write(blobs, in, length, null, Long.MAX_VALUE, checksum, null, to == null ? null : to.dataKey());
        } catch (IOException e) {
            throw new IllegalStateException("copy failed", e);
        } catch (Refusal r) {
            if (r.reason() == Refusal.Reason.BODY_INCOMPLETE) throw StorageFault.damaged("The stored data of " + ObjectService.what(source) + " cannot be read.");
            throw r;
        }
    }
}
