package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.LifecycleRepository.Restore;
import io.cosd.store.meta.MetadataStore;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Restore of ARCHIVE/DEEP_ARCHIVE versions (docs/spec/semantics.md §3.8, docs/spec/protocol.md §5.12). A request
 * records an ONGOING restore that completes after its tier's delay; the restore worker then
 * decompresses the cold blob into a temporary hot copy that serves GETs until its expiry
 * ({@code Days} counted like lifecycle days: a Beijing midnight, LC-R5), when the worker drops it.
 */
public final class RestoreService {
    public enum Outcome { STARTED, EXTENDED, NOT_ARCHIVED }

    public record Delays(Duration expedited, Duration standard, Duration bulk) {}

    private final MetadataStore meta;
    private final TieredBlobStore blobs;
    private final DayClock days;
    private final Delays delays;
    private final LifecycleEvents events;
    private final ObjectService objects;

    public RestoreService(MetadataStore meta, TieredBlobStore blobs, ObjectService objects, DayClock days, Delays delays, LifecycleEvents events) {
        this.objects = objects;
        this.meta = meta;
        this.blobs = blobs;
        this.days = days;
        this.delays = delays;
        this.events = events;
    }

    /** Canonical tier name ("Expedited", "Standard", "Bulk"), case-insensitive in; else MalformedXML. */
    public static String tier(String t) {
        if (t == null) throw new Refusal(Refusal.Reason.MALFORMED_DOCUMENT);
        return switch (t.trim().toLowerCase(Locale.ROOT)) {
            case "expedited" -> "Expedited";
            case "standard" -> "Standard";
            case "bulk" -> "Bulk";
            default -> throw new Refusal(Refusal.Reason.MALFORMED_DOCUMENT);
        };
    }

    /** LC-R3, LC-R4. */
    public Outcome request(ObjectVersion v, int restoreDays, String tier, Instant now) {
        if (!v.storageClass().isArchive()) return Outcome.NOT_ARCHIVED;
        if (restoreDays <= 0) throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "Days must be a positive integer");
        boolean deep = v.storageClass().name().endsWith("DEEP_ARCHIVE");
        if (deep && tier.equals("Expedited")) throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "Expedited retrieval is not supported for DEEP_ARCHIVE objects");
        Optional<Restore> existing = meta.lifecycle().restore(v.bucket(), v.key(), v.versionId());
        if (existing.isPresent() && existing.get().ongoing()) throw new Refusal(Refusal.Reason.RESTORE_IN_PROGRESS);
        if (io.cosd.domain.crypto.Encryption.customerKeyed(v.encryption()) && v.partsCount() > 0) {
            // SSE-13: its parts would have to be re-encrypted into one copy, and the key is the customer's, never stored.
            throw new Refusal(Refusal.Reason.INVALID_REQUEST, "cosd cannot restore an archived multipart object encrypted with a customer-provided key (docs/encryption.md).");
        }
        if (existing.isPresent() && existing.get().expiry().isAfter(now)
                && meta.lifecycle().extendRestore(v.bucket(), v.key(), v.versionId(), restoreDays, days.due(now, restoreDays))) {
            return Outcome.EXTENDED;
        }
        if (existing.isPresent()) {
            // An expired copy the worker has not dropped yet: drop it (and its blob) before restoring again.
            meta.lifecycle().expireRestore(v.bucket(), v.key(), v.versionId(), now).ifPresent(id -> objects.release(List.of(id)));
        }
        Duration delay = switch (tier) {
            case "Expedited" -> delays.expedited();
            case "Bulk" -> delays.bulk();
            default -> delays.standard();
        };
        if (deep) delay = delay.multipliedBy(2); // DEEP_ARCHIVE takes about twice as long per tier (LC-R3)
        var r = new Restore(v.bucket(), v.key(), v.versionId(), Restore.ONGOING, tier, restoreDays, now, now.plus(delay), null, null);
        if (!meta.lifecycle().startRestore(r)) throw new Refusal(Refusal.Reason.RESTORE_IN_PROGRESS);
        return Outcome.STARTED;
    }

    public Optional<Restore> state(ObjectVersion v) {
        if (!v.storageClass().isArchive()) return Optional.empty();
        return meta.lifecycle().restore(v.bucket(), v.key(), v.versionId());
    }

    /** The blob a GET of an archived version may read: its restored copy while unexpired (LC-R1, LC-R5). */
    public Optional<String> readableCopy(ObjectVersion v, Instant now) {
        return state(v).filter(r -> !r.ongoing() && r.blobId() != null && r.expiry().isAfter(now)).map(Restore::blobId);
    }

    /** Completes due restores and drops expired copies. @return how many rows were handled */
    public int work(Instant now, int limit) throws IOException {
        List<Restore> due = meta.lifecycle().dueRestores(now, limit);
        for (Restore r : due) {
            if (r.ongoing()) complete(r);
            else meta.lifecycle().expireRestore(r.bucket(), r.key(), r.versionId(), now).ifPresent(id -> objects.release(List.of(id)));
        }
        return due.size();
    }

    private void complete(Restore r) throws IOException {
        Optional<ObjectVersion> v = meta.objects().version(r.bucket(), r.key(), r.versionId());
        if (v.isEmpty()) return; // the version went; its row went with it
        // ST-I10: a version marked damaged is not restored (its GET/HEAD answer the damage error); the
        // request stays pending and completes once a scrub finds the bytes repaired and unmarks it.
        if (v.get().damage() != null) return;
        String copy;
        try {
            copy = decompress(v.get());
        } catch (NoSuchFileException e) {
            if (objects.changed(v.get())) return; // the version changed meanwhile (deleted or moved): the next round sees its new state
            objects.markDamaged(v.get(), "missing: blob file is missing");
            return;
        } catch (EOFException | ZipException e) {
            objects.markDamaged(v.get(), "size: cannot be decompressed: " + e.getMessage()); // a truncated or garbled gzip blob
            return;
        }
        Instant expiry = days.due(r.readyAt(), r.days());
        // LC-R7: only into this restore of this version; a "null" version overwritten (and perhaps restored again) meanwhile
        // keeps its own restore, and the copy, of bytes it does not have, is released
        if (meta.lifecycle().completeRestore(r.bucket(), r.key(), r.versionId(), v.get().seq(), r.requestedAt(), copy, expiry)) {
            events.applied("restore");
        } else {
            objects.release(List.of(copy));
        }
    }

    /** The hot, uncompressed copy of an archived blob (cold blobs are gzip; an ARCHIVE PUT is still hot and plain). */
    private String decompress(ObjectVersion v) throws IOException {
        if (v.encryption() != null) return objects.restoredCopy(v); // SSE-13: never cold, copied as ciphertext
        BlobStore.Writer w = blobs.create(v.size());
        try {
            CheckedCopy out = new CheckedCopy(Channels.newOutputStream(w));
            if (TieredBlobStore.isCold(v.blobId())) {
                try (FileChannel ch = blobs.open(v.blobId()); InputStream in = new GZIPInputStream(Channels.newInputStream(ch), 64 * 1024)) {
                    in.transferTo(out);
                }
            } else {
                LifecycleActions.copyExtents(blobs, objects.workerLayout(v).orElseThrow(() -> new IOException("version replaced")), out);
            }
            String id = w.commit();
            w = null;
            // ST-I10: the restore still completes (a restore has no failed state, and retrying would
            // read the same bytes again), but the version is marked, so GET answers the ST-I1 error.
            String bad = out.mismatch(v);
            if (bad != null) objects.markDamaged(v, bad);
            return id;
        } finally {
            if (w != null) w.abort();
        }
    }
}
