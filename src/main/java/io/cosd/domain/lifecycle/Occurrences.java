package io.cosd.domain.lifecycle;

import java.util.List;

/**
 * Reading a {@link LifecycleDraft} element the way the document means it: an element that may appear
 * once but appears twice is MalformedXML naming {@code Parent/Name} (LC-V1); text is compared trimmed,
 * as the SDKs may pretty-print.
 */
final class Occurrences {
    private Occurrences() {}

    /** The single occurrence, null when absent. */
    static <T> T one(List<T> occurrences, String parent, String name) {
        if (occurrences.size() > 1) throw Refused.repeated(parent + "/" + name);
        return occurrences.isEmpty() ? null : occurrences.get(0);
    }

    /** The single occurrence's trimmed text, null when absent. */
    static String text(List<String> occurrences, String parent, String name) {
        String t = one(occurrences, parent, name);
        return t == null ? null : t.trim();
    }

    static int integer(String element, String s) {
        if (s == null) throw Refused.missing(element);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw Refused.notInteger(element, s);
        }
    }

    static Long sizeOrNull(String element, String s) {
        if (s == null) return null;
        try {
            long v = Long.parseLong(s);
            if (v < 0) throw Refused.argument(element + ": object size must be nonnegative");
            return v;
        } catch (NumberFormatException e) {
            throw Refused.notInteger(element, s);
        }
    }
}
