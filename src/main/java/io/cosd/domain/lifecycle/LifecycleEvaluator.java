package io.cosd.domain.lifecycle;

import io.cosd.domain.object.StorageClass;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one pure function behind the lifecycle executor, the dry-run preview and the
 * {@code x-cos-expiration} header (docs/spec/design.md §6, docs/spec/semantics.md §3.9 DECISION (1)): given the rules,
 * the facts about one object version and {@code now}, what is due.
 */
public final class LifecycleEvaluator {
    /** LC-E3: COS does not transition objects smaller than 64 KB. */
    public static final long MIN_TRANSITION_SIZE = 64 * 1024;

    private LifecycleEvaluator() {}

    /**
     * Facts about one version, as the executor's scan sees them.
     *
     * @param newerNoncurrent how many noncurrent versions of the key are newer than this one (0 for
     *                        the newest noncurrent; unused for the current version)
     * @param soleVersion     the key has no other version (an "expired object delete marker" when
     *                        this is a delete marker, LC-E5)
     * @param versioned       the bucket is Enabled or Suspended (expiring the current version then
     *                        creates a delete marker instead of deleting data, LC-E2)
     */
    public record Subject(String key, Map<String, String> tags, long size, boolean deleteMarker, boolean latest,
                          Instant lastModified, Instant noncurrentSince, StorageClass storageClass,
                          int newerNoncurrent, boolean soleVersion, boolean versioned) {}

    public enum Kind {
        /** Remove this version (or delete marker) permanently. */
        DELETE_VERSION,
        /** Expire the current version: unversioned → delete, Enabled → add marker, Suspended → null marker (LC-E2). */
        EXPIRE_CURRENT,
        /** Change the storage class in place (LC-E3). */
        TRANSITION,
        /** Abort an incomplete multipart upload and delete its parts (LC-T7). */
        ABORT_UPLOAD
    }

    /** What to do, which rule asked for it, and since when it is due. {@code target} only for TRANSITION. */
    public record Action(Kind kind, String ruleId, StorageClass target, Instant due) {
        /** Metrics/preview wording. */
        public String verb() {
            return switch (kind) {
                case DELETE_VERSION, EXPIRE_CURRENT -> "expire";
                case TRANSITION -> "transition";
                case ABORT_UPLOAD -> "abort";
            };
        }
    }

    /** The earliest Expiration of the current version, for the x-cos-expiration header (LC-H1..H3). */
    public record Expiry(Instant date, String ruleId) {}

    /**
     * The action due for {@code s} at {@code now}, if any. Precedence (LC-P1..P4): a permanent
     * deletion beats a transition, a transition beats creating a delete marker; among equals the
     * earliest due wins, and among transitions the coldest class (LC-P3, COS).
     */
    public static Optional<Action> evaluate(List<LifecycleRule> rules, Subject s, Instant now, DayClock clock) {
        Action delete = null, transition = null, marker = null;
        for (LifecycleRule r : rules) {
            if (!r.enabled() || !r.filter().matches(s.key(), s.tags(), s.size(), s.deleteMarker())) continue;
            if (s.latest() && !s.deleteMarker()) {
                Expiry e = expiryOf(r, s.lastModified(), clock);
                if (e != null && !e.date().isAfter(now)) {
                    Action a = new Action(s.versioned() ? Kind.EXPIRE_CURRENT : Kind.DELETE_VERSION, r.id(), null, e.date());
                    if (s.versioned()) marker = earlier(marker, a);
                    else delete = earlier(delete, a);
                }
                for (LifecycleRule.Transition t : r.transitions()) {
                    Instant due = t.date() != null ? t.date() : clock.due(s.lastModified(), t.days());
                    if (!due.isAfter(now) && transitionAllowed(s, t.storageClass())) {
                        transition = colder(transition, new Action(Kind.TRANSITION, r.id(), t.storageClass(), due));
                    }
                }
            } else if (s.latest()) {
                // LC-E5: an expired object delete marker (the key's only version).
                if (s.soleVersion() && r.expiration() != null) {
                    LifecycleRule.Expiration e = r.expiration();
                    Instant due = e.expiredObjectDeleteMarker() ? s.lastModified()
                            : e.days() != null ? clock.due(s.lastModified(), e.days()) : null;
                    if (due != null && !due.isAfter(now)) delete = earlier(delete, new Action(Kind.DELETE_VERSION, r.id(), null, due));
                }
            } else {
                Instant base = s.noncurrentSince() != null ? s.noncurrentSince() : s.lastModified(); // LC-T5
                LifecycleRule.NoncurrentExpiration ne = r.noncurrentExpiration();
                if (ne != null) {
                    Instant due = clock.due(base, ne.days());
                    boolean beyondKept = ne.newerNoncurrentVersions() == null || s.newerNoncurrent() >= ne.newerNoncurrentVersions();
                    if (!due.isAfter(now) && beyondKept) delete = earlier(delete, new Action(Kind.DELETE_VERSION, r.id(), null, due));
                }
                if (!s.deleteMarker()) {
                    for (LifecycleRule.NoncurrentTransition t : r.noncurrentTransitions()) {
                        Instant due = clock.due(base, t.days());
                        if (!due.isAfter(now) && transitionAllowed(s, t.storageClass())) {
                            transition = colder(transition, new Action(Kind.TRANSITION, r.id(), t.storageClass(), due));
                        }
                    }
                }
            }
        }
        if (delete != null) return Optional.of(delete);
        if (transition != null) return Optional.of(transition);
        return Optional.ofNullable(marker);
    }

    /**
     * LC-T7: an incomplete multipart upload is aborted once DaysAfterInitiation (counted like every
     * lifecycle day) has passed; the earliest matching rule names the action. Tag filters cannot
     * occur with this action (LC-V14), so only the prefix decides.
     */
    public static Optional<Action> abortUpload(List<LifecycleRule> rules, String key, Instant initiated, Instant now, DayClock clock) {
        Action best = null;
        for (LifecycleRule r : rules) {
            if (!r.enabled() || r.abortAfterDays() == null || !key.startsWith(r.filter().prefix())) continue;
            Instant due = clock.due(initiated, r.abortAfterDays());
            if (!due.isAfter(now)) best = earlier(best, new Action(Kind.ABORT_UPLOAD, r.id(), null, due));
        }
        return Optional.ofNullable(best);
    }

    /**
     * LC-H1..H3: the earliest Expiration (Days or Date) of an enabled rule that applies to a current,
     * non-marker version, due or not.
     */
    public static Optional<Expiry> expiration(List<LifecycleRule> rules, String key, Map<String, String> tags, long size,
                                              Instant lastModified, DayClock clock) {
        Expiry best = null;
        for (LifecycleRule r : rules) {
            if (!r.enabled() || !r.filter().matches(key, tags, size, false)) continue;
            Expiry e = expiryOf(r, lastModified, clock);
            if (e != null && (best == null || e.date().isBefore(best.date()))) best = e;
        }
        return Optional.ofNullable(best);
    }

    private static Expiry expiryOf(LifecycleRule r, Instant lastModified, DayClock clock) {
        LifecycleRule.Expiration e = r.expiration();
        if (e == null) return null;
        if (e.date() != null) return new Expiry(e.date(), r.id()); // LC-T6: on/after the Date, regardless of age
        if (e.days() != null) return new Expiry(clock.due(lastModified, e.days()), r.id());
        return null;
    }

    /** LC-E3: only towards colder classes, never below 64 KB, never a delete marker. */
    static boolean transitionAllowed(Subject s, StorageClass target) {
        return !s.deleteMarker() && s.size() >= MIN_TRANSITION_SIZE && rank(target) > rank(s.storageClass());
    }

    /** STANDARD > STANDARD_IA > INTELLIGENT_TIERING > ARCHIVE > DEEP_ARCHIVE (COS-LC-OV), MAZ alike. */
    public static int rank(StorageClass c) {
        return switch (c) {
            case STANDARD, MAZ_STANDARD -> 0;
            case STANDARD_IA, MAZ_STANDARD_IA -> 1;
            case INTELLIGENT_TIERING, MAZ_INTELLIGENT_TIERING -> 2;
            case ARCHIVE, MAZ_ARCHIVE -> 3;
            case DEEP_ARCHIVE, MAZ_DEEP_ARCHIVE -> 4;
        };
    }

    private static Action earlier(Action a, Action b) {
        return a == null || b.due().isBefore(a.due()) ? b : a;
    }

    private static Action colder(Action a, Action b) {
        if (a == null) return b;
        int c = Integer.compare(rank(b.target()), rank(a.target()));
        return c > 0 || (c == 0 && b.due().isBefore(a.due())) ? b : a;
    }
}
