package io.cosd.domain.policy;

import java.util.List;

/**
 * One compiled statement.
 *
 * @param index 0-based position in the document's statement array
 * @param sid   the {@code Sid} as written, or null
 */
record Statement(int index, String sid, Effect effect, Principals principals, Actions actions, Resources resources,
                 List<Condition> conditions) {
    String label() {
        return "statement[" + index + "]" + (sid == null ? "" : " (Sid " + sid + ")");
    }
}
