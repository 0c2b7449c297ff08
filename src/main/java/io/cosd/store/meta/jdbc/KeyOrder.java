package io.cosd.store.meta.jdbc;

/**
 * Key order is UTF-8 byte order, which equals Unicode code point order. Java's
 * {@link String#compareTo} compares UTF-16 units and disagrees for supplementary characters
 * (U+1F600 sorts before U+E000 in UTF-16 but after it in UTF-8), so the store never uses it for keys.
 */
final class KeyOrder {
    private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

    private KeyOrder() {}

    /** Compares by code points, i.e. by UTF-8 bytes. */
    static int compare(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * The smallest string greater than every string starting with {@code prefix}, or null if there is
     * none (empty prefix, or only U+10FFFF). Incrementing the last code point (skipping the surrogate
     * range, which cannot occur in valid UTF-8) gives a valid string, so it can be bound as TEXT.
     * This lets "starts with" be a plain range {@code key >= prefix AND key < upper}, which any SQL
     * engine answers from the (bucket, key) index.
     */
    static String prefixUpperBound(String prefix) {
        String p = prefix;
        while (!p.isEmpty()) {
            int last = p.codePointBefore(p.length());
            String head = p.substring(0, p.length() - Character.charCount(last));
            if (last < MAX_CODE_POINT) {
                int next = last + 1;
                if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) next = Character.MAX_SURROGATE + 1;
                return head + Character.toString(next);
            }
            p = head;
        }
        return null;
    }
}
