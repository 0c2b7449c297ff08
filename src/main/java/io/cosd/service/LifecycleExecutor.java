package io.cosd.service;

import io.cosd.domain.lock.LockRules;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.domain.lifecycle.LifecycleEvaluator.Action;
import io.cosd.domain.lifecycle.LifecycleEvaluator.Kind;
import io.cosd.domain.lifecycle.LifecycleEvaluator;
import io.cosd.domain.lifecycle.LifecycleRule;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.replication.ReplicationStatus;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The lifecycle pass (docs/spec/design.md §6): buckets with a configuration in name order, each scanned with
 * {@code listVersions} in (key asc, seq desc) pages, so memory holds one page (plus, for a key with
 * more versions than a page, that key's versions), never a bucket. Every version goes through
 * {@link LifecycleEvaluator#evaluate}; what is due is applied through {@link LifecycleActions}
 * (conditional on the version the scan saw, so a repeated step is harmless) or, in a dry run,
 * only reported. A {@link Position} is the resumable cursor between bounded steps.
 */
public final class LifecycleExecutor {
    private static final Logger log = LoggerFactory.getLogger(LifecycleExecutor.class);
    public static final int PAGE = 1000;

    /**
     * Between steps: the bucket being scanned, whether its object versions are done and its
     * incomplete multipart uploads are being scanned, and the last key (and upload id) finished.
     */
    public record Position(String bucket, String afterKey, boolean uploads, String afterUploadId) {
        public Position(String bucket, String afterKey) {
            this(bucket, afterKey, false, null);
        }
    }

    /**
     * One planned or applied action, for the preview and the admin command's report: on a version, or on an upload.
     * {@code heldBy}: why object lock keeps the version (LOCK-10: a legal hold, an unexpired retention); such an
     * action is never applied and the dry run lists it as skipped. Null when nothing holds it.
     */
    public record Planned(ObjectVersion version, MultipartUpload upload, Action action, String heldBy) {
        public Planned(ObjectVersion version, MultipartUpload upload, Action action) {
            this(version, upload, action, null);
        }

        public Planned(ObjectVersion version, Action action) {
            this(version, null, action, null);
        }

        public String key() { return version != null ? version.key() : upload.key(); }
    }

    public interface Sink {
        void accept(String bucket, Planned p, boolean applied);
    }

    /** {@code next} null: the pass is complete. */
    public record Step(Position next, int scanned) {}

    private final MetadataStore meta;
    private final LifecycleService lifecycle;
    private final LifecycleActions actions;
    private final LifecycleEvents events;
    private final int pageSize;

    public LifecycleExecutor(MetadataStore meta, LifecycleService lifecycle, LifecycleActions actions, LifecycleEvents events) {
        this(meta, lifecycle, actions, events, PAGE);
    }

    /** @param pageSize versions per step (tests use tiny pages to cross page boundaries) */
    LifecycleExecutor(MetadataStore meta, LifecycleService lifecycle, LifecycleActions actions, LifecycleEvents events, int pageSize) {
        this.pageSize = pageSize;
        this.meta = meta;
        this.lifecycle = lifecycle;
        this.actions = actions;
        this.events = events;
    }

    public DayClock days() { return lifecycle.days(); }

    /** The first position of a pass, null when no bucket has a configuration. */
    public Position start() {
        return nextBucket(null);
    }

    /**
     * One bounded step: at most about {@link #PAGE} versions of one bucket. {@code dryRun} applies
     * nothing and reports what would be done.
     */
    public Step step(Position at, Instant now, boolean dryRun, Sink sink) {
        if (at == null) return new Step(null, 0);
        try {
            return stepIn(at, now, dryRun, sink);
        } catch (io.cosd.store.meta.NoSuchBucketException e) {
            // AUTH-15: the bucket was deleted (and perhaps created again) since this step read its row; the
            // same position again reads the row there is now, its rules and its versions, never a mix of two
            return new Step(at, 0);
        }
    }

    private Step stepIn(Position at, Instant now, boolean dryRun, Sink sink) {
        Optional<Bucket> bucket = meta.buckets().find(at.bucket());
        if (bucket.isEmpty()) return new Step(nextBucket(at.bucket()), 0);
        // AUTH-15: the rules of the row this step read, never a cached entry of a deleted namesake's (a node's
        // cache may not have heard of a re-creation yet); its listings and actions name that row too (AUTH-13)
        List<LifecycleRule> rules = lifecycle.find(bucket.get()).map(c -> c.rules().stream().filter(LifecycleRule::enabled).toList())
                .orElse(List.of());
        if (at.uploads()) return uploadsStep(bucket.get(), rules, at, now, dryRun, sink);
        boolean objectActions = rules.stream().anyMatch(r -> r.expiration() != null || !r.transitions().isEmpty()
                || r.noncurrentExpiration() != null || !r.noncurrentTransitions().isEmpty());
        if (!objectActions) return new Step(afterObjects(at.bucket(), rules), 0);
        // The key ranges the rules can touch, in key order; one step reads at most PAGE versions across them.
        int scanned = 0;
        String last = at.afterKey();
        List<Planned> planned = new ArrayList<>();
        boolean full = false;
        for (String prefix : ranges(rules)) {
            if (last != null && !last.startsWith(prefix) && compareUtf8(last, prefix) > 0) continue; // range already done
            int budget = pageSize - scanned;
            List<ObjectVersion> page = meta.objects().listVersions(at.bucket(), prefix, last, Long.MIN_VALUE, budget, bucket.get().incarnation());
            List<List<ObjectVersion>> groups = groups(page);
            full = page.size() == budget;
            if (full && groups.size() > 1) {
                groups.remove(groups.size() - 1); // possibly incomplete: the next step starts with it
            } else if (full) {
                groups.set(0, wholeKey(bucket.get(), prefix, groups.get(0)));
            }
            for (List<ObjectVersion> g : groups) {
                scanned += g.size();
                List<Planned> p = plan(bucket.get(), rules, g, now);
                for (int i = p.size() - 1; i >= 0; i--) planned.add(p.get(i)); // oldest first: a key's latest is touched last
                last = g.get(0).key();
            }
            if (full) break;
        }
        apply(bucket.get(), rules, planned, now, dryRun, sink);
        if (!full) {
            actions.awaitReleased(); // the bucket's objects are done: so are their unlinks (LifecycleActions.release)
            return new Step(afterObjects(at.bucket(), rules), scanned);
        }
        return new Step(new Position(at.bucket(), last), scanned);
    }

    /**
     * The key ranges worth scanning: the distinct filter prefixes of the rules with object actions,
     * in key order, without those inside a shorter one ({@code [""]} when any rule covers the
     * whole bucket). Rules on {@code logs/} and {@code data/} scan just those two ranges.
     */
    static List<String> ranges(List<LifecycleRule> rules) {
        TreeSet<String> prefixes = new TreeSet<>(LifecycleExecutor::compareUtf8);
        for (LifecycleRule r : rules) {
            boolean objectActions = r.expiration() != null || !r.transitions().isEmpty()
                    || r.noncurrentExpiration() != null || !r.noncurrentTransitions().isEmpty();
            if (objectActions) prefixes.add(r.filter().prefix());
        }
        List<String> out = new ArrayList<>();
        for (String p : prefixes) {
            // Sorted by bytes, a covering prefix comes right before what it covers.
            if (!out.isEmpty() && p.startsWith(out.get(out.size() - 1))) continue;
            out.add(p);
        }
        return out;
    }

    /** Keys order by their UTF-8 bytes everywhere (listing, markers, the store's ranges). */
    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** After a bucket's versions: its uploads if a rule aborts them, else the next bucket. */
    private Position afterObjects(String bucket, List<LifecycleRule> rules) {
        boolean aborts = rules.stream().anyMatch(r -> r.abortAfterDays() != null);
        return aborts ? new Position(bucket, null, true, null) : nextBucket(bucket);
    }

    /** LC-T7: one page of the bucket's incomplete multipart uploads, in (key, upload id) order. */
    private Step uploadsStep(Bucket bucket, List<LifecycleRule> rules, Position at, Instant now, boolean dryRun, Sink sink) {
        List<LifecycleRule> aborting = rules.stream().filter(r -> r.abortAfterDays() != null).toList();
        if (aborting.isEmpty()) return new Step(nextBucket(bucket.name()), 0);
        List<MultipartUpload> page = meta.uploads().list(bucket.name(), commonPrefix(aborting), at.afterKey(), at.afterUploadId(), pageSize,
                bucket.incarnation()); // AUTH-15: the row this step planned from, as its actions (AUTH-13)
        for (MultipartUpload u : page) {
            var action = LifecycleEvaluator.abortUpload(aborting, u.key(), u.initiated(), now, lifecycle.days());
            if (action.isEmpty()) continue;
            boolean applied = false;
            if (!dryRun) {
                applied = actions.abortUpload(u);
                if (applied) events.applied("abort");
            }
            if (sink != null) sink.accept(bucket.name(), new Planned(null, u, action.get()), applied);
        }
        if (page.size() < pageSize) return new Step(nextBucket(bucket.name()), page.size());
        MultipartUpload last = page.get(page.size() - 1);
        return new Step(new Position(bucket.name(), last.key(), true, last.uploadId()), page.size());
    }

    /** Runs a whole pass now, in this thread (admin {@code lifecycle run}, tests). @return versions scanned */
    public long runPass(Instant now, Sink sink) {
        long scanned = 0;
        for (Position p = start(); p != null; ) {
            Step s = step(p, now, false, sink);
            scanned += s.scanned();
            p = s.next();
        }
        actions.awaitReleased();
        return scanned;
    }

    /** The dry run of one bucket at {@code at} (docs/lifecycle.md#dry-run): the executor's own planning, nothing applied. */
    public void preview(String bucket, Instant at, Sink sink) {
        Position p = new Position(bucket, null);
        while (p != null && p.bucket().equals(bucket)) p = step(p, at, true, sink).next();
    }

    /** One pass over one bucket now, applied (POST /-/admin/lifecycle/run). @return versions and uploads scanned */
    public long runBucket(String bucket, Instant now, Sink sink) {
        long scanned = 0;
        Position p = new Position(bucket, null);
        while (p != null && p.bucket().equals(bucket)) {
            Step s = step(p, now, false, sink);
            scanned += s.scanned();
            p = s.next();
        }
        actions.awaitReleased(); // a stop inside the bucket (another bucket's position) too
        return scanned;
    }

    /** Per key group (newest first): what is due for each version, plus COS's single-marker cleanup. */
    static List<Planned> plan(Bucket bucket, List<LifecycleRule> rules, List<ObjectVersion> group, Instant now, DayClock days) {
        boolean versioned = bucket.versioning() != VersioningState.UNVERSIONED;
        List<Planned> out = new ArrayList<>();
        int noncurrentSeen = 0;
        for (ObjectVersion v : group) {
            var s = new LifecycleEvaluator.Subject(v.key(), v.tags(), v.size(), v.deleteMarker(), v.latest(), v.lastModified(),
                    v.noncurrentSince(), v.storageClass(), v.latest() ? 0 : noncurrentSeen, group.size() == 1, versioned);
            if (!v.latest()) noncurrentSeen++;
            LifecycleEvaluator.evaluate(rules, s, now, days)
                    .filter(a -> !waitsForReplication(a, v, group, bucket.versioning()))
                    .ifPresent(a -> out.add(new Planned(v, null, a, heldBy(a, v, now))));
        }
        // LC-E5 (COS): when NoncurrentVersionExpiration removes every other version and one delete
        // marker would remain alone, that marker goes too, whatever ExpiredObjectDeleteMarker says.
        ObjectVersion head = group.get(0);
        if (head.latest() && head.deleteMarker() && group.size() > 1 && out.size() == group.size() - 1
                && out.stream().allMatch(p -> p.version() != head && p.action().kind() == Kind.DELETE_VERSION && p.heldBy() == null)) {
            String rule = out.get(out.size() - 1).action().ruleId();
            out.add(0, new Planned(head, new Action(Kind.DELETE_VERSION, rule, null, now)));
        }
        return out;
    }

    /**
     * REP-R6: lifecycle does not cancel replication. An action that would remove or rewrite the
     * bytes of a version whose copy is still PENDING waits: a later pass applies it once the copy
     * is COMPLETED or FAILED (the rule is still due then). That covers permanent deletes
     * (noncurrent expiration, LC-E5 marker cleanup follows from it: with a version held the marker
     * is not alone), transitions (a move to the cold tier replaces the bytes the worker streams)
     * and expiring the current version where that removes the {@code null} version (unversioned,
     * Suspended). Expiration in an Enabled bucket only adds a marker and goes ahead. Delete markers
     * carry no status and never wait: the worker sends a marker from its outbox row alone.
     *
     * @param group all versions of {@code v}'s key, newest first
     */
    static boolean waitsForReplication(Action a, ObjectVersion v, List<ObjectVersion> group, VersioningState mode) {
        return switch (a.kind()) {
            case DELETE_VERSION, TRANSITION -> pendingCopy(v);
            case EXPIRE_CURRENT -> switch (mode) {
                case ENABLED -> false;
                case UNVERSIONED -> pendingCopy(v);
                case SUSPENDED -> group.stream().anyMatch(g -> ObjectVersion.NULL_VERSION.equals(g.versionId()) && pendingCopy(g));
            };
            case ABORT_UPLOAD -> false;
        };
    }

    /**
     * LOCK-10: lifecycle never removes a version its lock protects, whatever the rule says (no bypass: a
     * rule is no caller). Expiring the current version of a lock bucket (always Enabled) only adds a
     * delete marker and transitions keep the bytes, so only permanent deletes are held.
     */
    static String heldBy(Action a, ObjectVersion v, Instant now) {
        if (a.kind() != Kind.DELETE_VERSION) return null;
        var verdict = LockRules.mayRemove(v.lock(), false, now);
        return verdict == LockRules.Verdict.ALLOWED ? null : "object lock: " + LockRules.why(verdict);
    }

    private static boolean pendingCopy(ObjectVersion v) {
        return v.replicationStatus() == ReplicationStatus.PENDING;
    }

    private List<Planned> plan(Bucket bucket, List<LifecycleRule> rules, List<ObjectVersion> group, Instant now) {
        return plan(bucket, rules, group, now, lifecycle.days());
    }

    /**
     * Permanent deletions of the page go in one transaction (in order), then its expirations of
     * current versions in one more (a 10%-expiring pass over 10M objects spent most of its time
     * committing one expiration at a time: docs/performance.md "Listing and lifecycle at scale");
     * transitions one by one (each writes a cold copy first).
     */
    private void apply(Bucket bucket, List<LifecycleRule> rules, List<Planned> planned, Instant now, boolean dryRun, Sink sink) {
        boolean[] deleted = null, expired = null;
        if (!dryRun) {
            List<LifecycleActions.Due> deletes = planned.stream().filter(p -> p.action().kind() == Kind.DELETE_VERSION && p.heldBy() == null)
                    .map(p -> new LifecycleActions.Due(p.version(), keepNewer(rules, p))).toList();
            // LOCK-10, LC-C1..C5: checked again in the delete's transaction
            deleted = actions.deleteVersions(bucket, deletes, now);
            List<ObjectVersion> expires = planned.stream().filter(p -> p.action().kind() == Kind.EXPIRE_CURRENT).map(Planned::version).toList();
            expired = actions.expireCurrents(bucket, expires, now); // LOCK-10 too, in that transaction
        }
        int d = 0, x = 0;
        for (Planned p : planned) {
            boolean applied = false;
            if (!dryRun) {
                try {
                    applied = switch (p.action().kind()) {
                        case DELETE_VERSION -> p.heldBy() == null && deleted[d++];
                        case EXPIRE_CURRENT -> expired[x++];
                        case TRANSITION -> actions.transition(bucket, p.version(), p.action().target());
                        case ABORT_UPLOAD -> false; // uploads are handled by uploadsStep
                    };
                } catch (IOException e) {
                    throw new UncheckedIOException("lifecycle " + p.action().verb() + " of " + bucket.name() + "/" + p.version().key(), e);
                }
                if (applied) events.applied(p.action().verb());
                else log.debug("lifecycle: {}/{} changed since it was scanned; skipped", bucket.name(), p.version().key());
            }
            if (sink != null) sink.accept(bucket.name(), p, applied);
        }
    }

    /**
     * LC-C5: the NewerNoncurrentVersions of the rule that made a noncurrent version due (0 when it keeps none, or
     * for a current version), which the delete's transaction checks again: a user's delete of one of the newer
     * noncurrent versions after the scan brings this one back among those kept.
     */
    static int keepNewer(List<LifecycleRule> rules, Planned p) {
        if (p.version().latest()) return 0;
        for (LifecycleRule r : rules) {
            if (r.id().equals(p.action().ruleId()) && r.noncurrentExpiration() != null && r.noncurrentExpiration().newerNoncurrentVersions() != null) {
                return r.noncurrentExpiration().newerNoncurrentVersions();
            }
        }
        return 0;
    }

    /** The rest of a key whose versions fill more than one page. */
    private List<ObjectVersion> wholeKey(Bucket bucket, String prefix, List<ObjectVersion> first) {
        List<ObjectVersion> all = new ArrayList<>(first);
        String key = first.get(0).key();
        while (true) {
            List<ObjectVersion> more = meta.objects().listVersions(bucket.name(), prefix, key, all.get(all.size() - 1).seq(), pageSize, bucket.incarnation());
            for (ObjectVersion v : more) {
                if (!v.key().equals(key)) return all;
                all.add(v);
            }
            if (more.size() < pageSize) return all;
        }
    }

    private static List<List<ObjectVersion>> groups(List<ObjectVersion> page) {
        List<List<ObjectVersion>> out = new ArrayList<>();
        List<ObjectVersion> cur = null;
        for (ObjectVersion v : page) {
            if (cur == null || !cur.get(0).key().equals(v.key())) {
                cur = new ArrayList<>(2);
                out.add(cur);
            }
            cur.add(v);
        }
        return out;
    }

    /** The longest prefix every enabled rule's filter shares: only that key range is scanned. */
    static String commonPrefix(List<LifecycleRule> rules) {
        String p = null;
        for (LifecycleRule r : rules) {
            String q = r.filter().prefix();
            if (p == null) p = q;
            else {
                int n = 0;
                while (n < p.length() && n < q.length() && p.charAt(n) == q.charAt(n)) n++;
                p = p.substring(0, n);
            }
        }
        // Never cut a surrogate pair in half: the range bound is computed on UTF-8 bytes.
        if (p != null && !p.isEmpty() && Character.isHighSurrogate(p.charAt(p.length() - 1))) p = p.substring(0, p.length() - 1);
        return p == null ? "" : p;
    }

    private Position nextBucket(String after) {
        List<String> next = meta.lifecycle().bucketsWithConfig(ConfigKind.LIFECYCLE, after, 1);
        return next.isEmpty() ? null : new Position(next.get(0), null);
    }
}
