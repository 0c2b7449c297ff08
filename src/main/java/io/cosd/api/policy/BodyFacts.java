package io.cosd.api.policy;

import io.cosd.api.route.Operation;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code policy explain}'s condition facts of the requests the server decides on their body (POL-X1), LOCK-A1c: PutObjectTagging's
 * tags (POL-S11) and PutObjectRetention's and PutObjectLegalHold's lock (LOCK-A1) come from the explain input's
 * {@code body}, read by the same functions as a served request's (TaggingBody, LockBody), so the answer is the server's.
 * A header standing for one of those facts is refused, as the server never reads it for them; a body on any other
 * action is refused, as nothing would read it: never ignored, so no question is answered as one it is not.
 */
final class BodyFacts {
    private BodyFacts() {}

    static Function<String, String> of(Operation op, String body, Map<String, String> headers) {
        boolean tagging = op == Operation.PUT_OBJECT_TAGGING, lock = LockBody.holds(op);
        if (body != null && !tagging && !lock) {
            throw new IllegalArgumentException("body: only PutObjectTagging, PutObjectRetention and PutObjectLegalHold are decided on their body");
        }
        for (String name : headers.keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean tagHeader = lower.equals("x-amz-tagging") || lower.equals("x-cos-tagging");
            boolean lockHeader = lower.startsWith("x-amz-object-lock-") || lower.startsWith("x-cos-object-lock-");
            if (tagging && tagHeader || lock && lockHeader) {
                throw new IllegalArgumentException("header " + name + ": " + op.name() + " is decided on its body's "
                        + (tagging ? "tags" : "lock") + ", never a header; give the request body as body");
            }
        }
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return LockBody.facts(op, bytes, TaggingBody.facts(op, bytes, headers::get));
    }
}
