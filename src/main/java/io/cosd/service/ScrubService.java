package io.cosd.service;

import io.cosd.domain.crypto.ChunkFormat;
import io.cosd.domain.crypto.Encryption;
import io.cosd.domain.crypto.Sealing;
import io.cosd.domain.object.Crc64;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.UploadedPart;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.MetadataStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The scrubber (docs/storage.md "Read integrity and scrubbing"): re-reads every version's bytes and
 * checks them against the metadata: the blob is there, has the recorded size, and hashes to the
 * recorded CRC64 (x-cos-hash-crc64ecma) and, where the ETag is one, the MD5 (a single PUT's ETag; a
 * multipart object's parts each have their own MD5 and CRC64). A version found damaged is marked
 * ({@code objects.damage}, V9) so GET and HEAD refuse it from then on; a marked version that reads
 * intact again (its blob restored from a backup) is unmarked.
 * <p>
 * Walks buckets in name order, each bucket's versions in key order newest first, in bounded steps
 * from a {@link Position}; the caller persists the position (the worker) or loops to the end (the
 * admin command). Delete markers have no bytes and are skipped. A version replaced or removed while
 * it was being read is skipped, not marked: its blob may have been released legitimately.
 */
public final class ScrubService {
    private static final int BUF = 256 * 1024;
    private static final Pattern PLAIN_MD5_ETAG = Pattern.compile("\"?[0-9a-f]{32}\"?");

    /** Where a pass stands: in {@code bucket}, after {@code afterKey}'s versions with seq ≥ {@code afterSeq} (afterKey null: bucket start). */
    public record Position(String bucket, String afterKey, long afterSeq) {}

    /** A damaged version: {@code kind} missing, size, crc64 or md5; {@code detail} says what differs. */
    public record Finding(String bucket, String key, String versionId, String kind, String detail) {}

    /** One step's work; {@code next} null when the pass (or the one bucket) is done. */
    public record Step(Position next, int versions, long bytes, List<Finding> damaged, int cleared) {}

    /** Paces reading: called after every buffer with the bytes just read; may sleep. */
    @FunctionalInterface
    public interface Throttle {
        Throttle NONE = bytes -> { };

        void consumed(long bytes) throws InterruptedException;
    }

    private final MetadataStore meta;
    private final BlobStore blobs;
    private final ObjectService objects;
    private final IntegrityEvents events;
    private final Clock clock;

    public ScrubService(MetadataStore meta, BlobStore blobs, ObjectService objects, IntegrityEvents events, Clock clock) {
        this.meta = meta;
        this.blobs = blobs;
        this.objects = objects;
        this.events = events;
        this.clock = clock;
    }

    /** The first position of a pass over every bucket ({@code bucket} null) or over one; null when there is nothing to scrub. */
    public Position start(String bucket) {
        if (bucket != null) return new Position(bucket, null, Long.MIN_VALUE);
        return meta.objects().nextBucketWithVersions(null).map(b -> new Position(b, null, Long.MIN_VALUE)).orElse(null);
    }

    /**
     * Scrubs up to {@code maxVersions} versions from {@code at}. With {@code oneBucket} the pass ends
     * with that bucket; otherwise it moves on to the next bucket holding versions.
     */
    public Step step(Position at, boolean oneBucket, int maxVersions, Throttle throttle) throws InterruptedException {
        List<ObjectVersion> page = meta.objects().listVersions(at.bucket(), "", at.afterKey(), at.afterSeq(), maxVersions);
        List<Finding> damaged = new ArrayList<>();
        int versions = 0, cleared = 0;
        long bytes = 0;
        for (ObjectVersion v : page) {
            if (v.deleteMarker()) continue;
            Check c = check(v, throttle);
            versions++;
            bytes += c.bytes;
            events.scrubbed(c.bytes);
            if (c.finding != null) {
                // Only what is still the same version counts: a write may have replaced it mid-read. The
                // mark's UPDATE decides that itself (one statement, AUTH-13); one already marked so writes nothing.
                String mark = c.finding.kind() + ": " + c.finding.detail();
                boolean same = mark.equals(v.damage()) ? !objects.changed(v) : meta.objects().markDamaged(v, mark, clock.instant());
                if (!same) continue;
                damaged.add(c.finding);
                events.damageFound(c.finding.kind());
            } else if (v.damage() != null) {
                if (meta.objects().markDamaged(v, null, clock.instant())) cleared++;
            }
        }
        Position next;
        if (page.size() == maxVersions) {
            ObjectVersion last = page.get(page.size() - 1);
            next = new Position(at.bucket(), last.key(), last.seq());
        } else {
            next = oneBucket ? null : meta.objects().nextBucketWithVersions(at.bucket()).map(b -> new Position(b, null, Long.MIN_VALUE)).orElse(null);
        }
        return new Step(next, versions, bytes, damaged, cleared);
    }

    /** A whole pass: versions and bytes read, the damaged versions found, marks cleared. */
    public record Report(long versions, long bytes, List<Finding> damaged, int cleared) {}

    /** One pass now, to the end, in the caller's thread ({@code cosd admin scrub}; tests). {@code bucket} null: every bucket. */
    public Report runPass(String bucket, Throttle throttle) throws InterruptedException {
        long versions = 0, bytes = 0;
        int cleared = 0;
        List<Finding> damaged = new ArrayList<>();
        for (Position at = start(bucket); at != null; ) {
            Step s = step(at, bucket != null, 500, throttle);
            versions += s.versions();
            bytes += s.bytes();
            cleared += s.cleared();
            damaged.addAll(s.damaged());
            at = s.next();
        }
        return new Report(versions, bytes, damaged, cleared);
    }

    private record Check(long bytes, Finding finding) {}

    /** Reads every byte of {@code v} once; the first mismatch is the finding. */
    private Check check(ObjectVersion v, Throttle throttle) throws InterruptedException {
        if (v.partsCount() == 0) {
            if (v.blobId() == null) return new Check(0, null);
            Piece p = new Piece(v.blobId(), v.size(), v.crc64(), plainMd5(v.etag()), 0);
            return read(v, List.of(p), throttle);
        }
        Optional<List<UploadedPart>> parts = meta.uploads().objectParts(v.bucket(), v.key(), v.versionId(), v.seq());
        if (parts.isEmpty()) return new Check(0, null); // replaced since listed
        List<Piece> pieces = new ArrayList<>();
        for (UploadedPart p : parts.get()) pieces.add(new Piece(p.blobId(), p.size(), p.crc64(), plainMd5(p.etag()), p.partNumber()));
        return read(v, pieces, throttle);
    }

    /** One blob and what its bytes must hash to (null: not recorded, not checked); {@code part}: its part number, 0 for a single blob (SSE-14). */
    private record Piece(String blobId, long size, Long crc64, byte[] md5, int part) {}

    private Check read(ObjectVersion v, List<Piece> pieces, Throttle throttle) throws InterruptedException {
        long total = 0;
        // SSE-4: an encrypted version is read through its data key, so every chunk's tag is checked and the
        // recorded CRC64/MD5 (the plaintext's) compared; an SSE-C one only by size: its key is never stored.
        Encryption enc = v.encryption();
        // A KMS version without a key service here (an admin command) is checked by size too.
        boolean sizeOnly = enc != null && (enc.mode() == Encryption.Mode.SSE_C
                || enc.mode() == Encryption.Mode.KMS && !objects.sse().kmsAvailable());
        Sealing key;
        try {
            key = enc == null || sizeOnly ? null : objects.sse().open(enc, null);
        } catch (ChunkFormat.TamperedException e) {
            return new Check(0, finding(v, "sse-tag", "the data key does not unwrap"));
        }
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            String where = pieces.size() == 1 ? "" : "part " + (i + 1) + ": ";
            Crc64 crc = new Crc64();
            MessageDigest md5 = BlobStreams.md5();
            long n;
            try {
                n = sizeOnly ? ChunkFormat.plainSize(blobs.size(p.blobId()))
                        : key != null ? readSealed(p.blobId(), key.forPart(p.part()), crc, md5, throttle)
                        : TieredBlobStore.isCold(p.blobId()) ? readCold(p.blobId(), crc, md5, throttle) : readHot(p.blobId(), crc, md5, throttle);
            } catch (OpeningStream.Tampered e) {
                return new Check(total, finding(v, "sse-tag", where + e.getMessage()));
            } catch (NoSuchFileException e) {
                return new Check(total, finding(v, "missing", where + "blob file is missing"));
            } catch (ClosedByInterruptException e) {
                // Stopped (server shutdown interrupts a busy worker): says nothing about the blob.
                Thread.interrupted();
                throw new InterruptedException("scrub interrupted while reading " + v.bucket() + "/" + v.key());
            } catch (IOException e) {
                // Out of descriptors or memory: the process's trouble, not the blob's. The step fails
                // (the worker backs off and retries from the same position) instead of marking.
                if (processLimit(e)) throw new UncheckedIOException("scrub cannot read blobs now", e);
                return new Check(total, finding(v, "missing", where + "blob cannot be read: " + e.getMessage()));
            }
            total += n;
            if (n != p.size()) return new Check(total, finding(v, "size", where + n + " bytes stored, " + p.size() + " recorded"));
            if (sizeOnly) continue;
            if (p.crc64() != null && crc.value() != p.crc64()) {
                return new Check(total, finding(v, "crc64", where + "CRC64 " + Long.toUnsignedString(crc.value())
                        + " read, " + Long.toUnsignedString(p.crc64()) + " recorded"));
            }
            if (p.md5() != null) {
                byte[] got = md5.digest();
                if (!MessageDigest.isEqual(got, p.md5())) {
                    return new Check(total, finding(v, "md5", where + "MD5 " + HexFormat.of().formatHex(got) + " read, "
                            + HexFormat.of().formatHex(p.md5()) + " recorded"));
                }
            }
        }
        return new Check(total, null);
    }

    /** EMFILE, ENFILE, ENOMEM: strerror text, as DiskFullException.isNoSpace reads ENOSPC. */
    private static boolean processLimit(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("Too many open files") || m.contains("Cannot allocate memory"))) return true;
        }
        return false;
    }

    private long readHot(String blobId, Crc64 crc, MessageDigest md5, Throttle throttle) throws IOException, InterruptedException {
        try (FileChannel ch = blobs.open(blobId)) {
            return digest(Channels.newInputStream(ch), crc, md5, throttle);
        }
    }

    /** Cold-tier blobs are gzip (docs/lifecycle.md): the recorded size and hashes are the uncompressed bytes'. */
    /** The plaintext of an encrypted blob, every chunk's tag checked on the way (SSE-3, SSE-4). */
    private long readSealed(String blobId, Sealing key, Crc64 crc, MessageDigest md5, Throttle throttle) throws IOException, InterruptedException {
        try (FileChannel ch = blobs.open(blobId)) {
            long plain = Math.max(0, ChunkFormat.plainSize(ch.size()));
            return digest(new OpeningStream(ch, key.dataKey(), 0, plain, false, detail -> { }), crc, md5, throttle);
        }
    }

    private long readCold(String blobId, Crc64 crc, MessageDigest md5, Throttle throttle) throws IOException, InterruptedException {
        try (FileChannel ch = blobs.open(blobId); InputStream in = new GZIPInputStream(Channels.newInputStream(ch), 64 * 1024)) {
            return digest(in, crc, md5, throttle);
        }
    }

    private static long digest(InputStream in, Crc64 crc, MessageDigest md5, Throttle throttle) throws IOException, InterruptedException {
        byte[] buf = new byte[BUF];
        long n = 0;
        for (int r; (r = in.read(buf)) >= 0; ) {
            crc.update(buf, 0, r);
            md5.update(buf, 0, r);
            n += r;
            throttle.consumed(r);
        }
        return n;
    }

    private static Finding finding(ObjectVersion v, String kind, String detail) {
        return new Finding(v.bucket(), v.key(), v.versionId(), kind, detail);
    }

    /** The MD5 an ETag states, when it is a plain MD5 (single PUT, part); null for multipart ("…-N") and other forms. */
    static byte[] plainMd5(String etag) {
        if (etag == null || !PLAIN_MD5_ETAG.matcher(etag).matches()) return null;
        return HexFormat.of().parseHex(etag.replace("\"", ""));
    }

    /**
     * A throttle that keeps reading at about {@code bytesPerSecond} on average (0 or less: unpaced).
     * It sleeps once the bytes read so far are ahead of the time spent.
     */
    public static Throttle rate(long bytesPerSecond) {
        if (bytesPerSecond <= 0) return Throttle.NONE;
        return new Throttle() {
            private final long t0 = System.nanoTime();
            private long total;

            @Override
            public void consumed(long bytes) throws InterruptedException {
                total += bytes;
                long dueNanos = (long) (total * 1e9 / bytesPerSecond), spent = System.nanoTime() - t0;
                if (dueNanos > spent) Thread.sleep(Duration.ofNanos(dueNanos - spent));
            }
        };
    }
}
