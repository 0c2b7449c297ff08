package io.cosd.domain.object;

import io.cosd.domain.Refusal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The precondition of a conditional delete (docs/spec/semantics.md §2.8, OBJ-CD1..CD3): DeleteObject's
 * {@code If-Match}, {@code x-amz-if-match-last-modified-time} and {@code x-amz-if-match-size}, and the
 * {@code ETag}, {@code LastModifiedTime} and {@code Size} of a DeleteObjects entry. Every given part
 * must hold. Evaluated by the store inside the delete's transaction (OBJ-CD3). Pure.
 *
 * @param ifMatch      ETag list or {@code *}, or null
 * @param lastModified the time the version must have been modified at (compared in whole seconds, as
 *                     Last-Modified is sent), or null
 * @param size         the size the version must have, or null
 */
public record DeleteCondition(String ifMatch, Instant lastModified, Long size) {
    public static final DeleteCondition NONE = new DeleteCondition(null, null, null);

    public boolean isNone() {
        return ifMatch == null && lastModified == null && size == null;
    }

    /**
     * Whether the condition compares the object's attributes (an ETag other than {@code *}, the time,
     * the size): a 412 or a 204 then tells the caller something about them, so it also needs the right
     * to read the object, as S3 asks for s3:GetObject besides s3:DeleteObject (OBJ-CD4). {@code *}
     * only says whether the object exists, which a delete reveals anyway.
     */
    public boolean comparesAttributes() {
        return (ifMatch != null && !ifMatch.trim().equals("*")) || lastModified != null || size != null;
    }

    /**
     * Refuses the delete unless the condition holds for {@code addressed}: the key's latest row (a
     * delete marker included) or the version the request names. A key or version that does not exist
     * passes: the delete is then a no-op, as an unconditional one of a missing key (OBJ-CD2).
     * A delete marker has no ETag (only {@code *} matches it), size 0 and its own time.
     *
     * @throws Refusal PRECONDITION_FAILED (412)
     */
    public void check(Optional<ObjectVersion> addressed) {
        if (isNone() || addressed.isEmpty()) return;
        if (!holds(addressed.get())) throw new Refusal(Refusal.Reason.PRECONDITION_FAILED);
    }

    boolean holds(ObjectVersion v) {
        if (ifMatch != null && !ETags.matches(ifMatch, v.deleteMarker() ? null : v.etag())) return false;
        if (lastModified != null && !seconds(lastModified).equals(seconds(v.lastModified()))) return false;
        return size == null || size == (v.deleteMarker() ? 0 : v.size());
    }

    private static Instant seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }
}
