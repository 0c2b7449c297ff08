package io.cosd.domain.object;

import io.cosd.domain.Refusal;

import java.time.Instant;
import java.util.Optional;

/**
 * The precondition of a conditional write (docs/spec/semantics.md §2.8, OBJ-CW1..CW5): PutObject,
 * CopyObject's destination and CompleteMultipartUpload with {@code If-None-Match: *} (create only) or
 * {@code If-Match: <etag>} (replace only that version). Evaluated by the store inside the transaction
 * that makes the new version current, so the check and the write are one step (OBJ-CW3).
 * Pure: the caller passes the key's latest row.
 *
 * @param ifNoneMatchAny {@code If-None-Match: *}: no current object may exist
 * @param ifMatch        the {@code If-Match} value (a list of ETags, quotes optional, or {@code *}), or null
 * @param since          when the write began (the request's arrival; the upload's initiation for a
 *                       completion), or null: a version committed after it fails the condition with
 *                       a conflict rather than a plain precondition failure (OBJ-CW4)
 */
public record WriteCondition(boolean ifNoneMatchAny, String ifMatch, Instant since) {
    public static final WriteCondition NONE = new WriteCondition(false, null, null);

    public boolean isNone() {
        return !ifNoneMatchAny && ifMatch == null;
    }

    /** The same condition, for a write that began at {@code start}. */
    public WriteCondition since(Instant start) {
        return isNone() ? this : new WriteCondition(ifNoneMatchAny, ifMatch, start);
    }

    /**
     * Refuses the write unless the condition holds for {@code latest}, the key's latest row (a delete
     * marker included; empty: the key has no version). A current delete marker is no object (OBJ-CW2).
     *
     * @throws Refusal PRECONDITION_FAILED (412), NO_SUCH_KEY (404: If-Match and no object), or
     *                 CONDITIONAL_CONFLICT (409: the row that fails it was committed after {@link #since})
     */
    public void check(Optional<ObjectVersion> latest) {
        if (isNone()) return;
        ObjectVersion current = latest.filter(v -> !v.deleteMarker()).orElse(null);
        if (ifNoneMatchAny && current != null) throw failure(latest.get());
        if (ifMatch != null) {
            if (current == null) {
                // A delete that committed while this write was under way is a conflict; otherwise there is no object.
                if (latest.isPresent() && after(latest.get())) throw new Refusal(Refusal.Reason.CONDITIONAL_CONFLICT);
                throw new Refusal(Refusal.Reason.NO_SUCH_KEY);
            }
            if (!ETags.matches(ifMatch, current.etag())) throw failure(current);
        }
    }

    private Refusal failure(ObjectVersion found) {
        return new Refusal(after(found) ? Refusal.Reason.CONDITIONAL_CONFLICT : Refusal.Reason.PRECONDITION_FAILED);
    }

    private boolean after(ObjectVersion v) {
        return since != null && v.lastModified() != null && v.lastModified().isAfter(since);
    }
}
