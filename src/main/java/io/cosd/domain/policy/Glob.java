package io.cosd.domain.policy;

/**
 * A compiled wildcard pattern: {@code *} matches any run of characters including {@code /}
 * (POL-E6, POL-S7), {@code ?} matches one character when enabled (S3 grammar only; COS documents
 * no {@code ?}). Exact, prefix and match-all patterns take fast paths: most policies use them.
 */
final class Glob {
    private enum Kind { ANY, EXACT, PREFIX, GENERAL }

    private final String pattern;
    private final Kind kind;
    private final boolean question;
    private final boolean ignoreCase;
    /** GENERAL: the literal text before the first and after the last wildcard, checked first (most candidates fail there). */
    private final int head;
    private final int tail;

    Glob(String pattern, boolean questionIsWildcard, boolean ignoreCase) {
        this.pattern = pattern;
        this.question = questionIsWildcard;
        this.ignoreCase = ignoreCase;
        int star = pattern.indexOf('*');
        boolean hasQ = questionIsWildcard && pattern.indexOf('?') >= 0;
        int h = 0;
        while (h < pattern.length() && !wild(pattern.charAt(h))) h++;
        int t = 0;
        while (t < pattern.length() - h && !wild(pattern.charAt(pattern.length() - 1 - t))) t++;
        this.head = h;
        this.tail = t;
        if (pattern.equals("*")) kind = Kind.ANY;
        else if (star < 0 && !hasQ) kind = Kind.EXACT;
        else if (!hasQ && star == pattern.length() - 1) kind = Kind.PREFIX;
        else kind = Kind.GENERAL;
    }

    private boolean wild(char c) {
        return c == '*' || (question && c == '?');
    }

    static boolean hasWildcard(String s, boolean question) {
        return s.indexOf('*') >= 0 || (question && s.indexOf('?') >= 0);
    }

    String pattern() { return pattern; }

    boolean matches(String s) {
        return switch (kind) {
            case ANY -> true;
            case EXACT -> ignoreCase ? pattern.equalsIgnoreCase(s) : pattern.equals(s);
            case PREFIX -> s.regionMatches(ignoreCase, 0, pattern, 0, pattern.length() - 1);
            case GENERAL -> general(s);
        };
    }

    /** Classic two-pointer wildcard match with backtracking to the last star: O(n*m) worst case, linear typically. */
    private boolean general(String s) {
        int pn = pattern.length(), sn = s.length();
        if (sn < head + tail) return false;
        if (!s.regionMatches(ignoreCase, 0, pattern, 0, head)) return false;
        if (!s.regionMatches(ignoreCase, sn - tail, pattern, pn - tail, tail)) return false;
        int p = head, i = head, starP = -1, starI = 0;
        while (i < sn) {
            if (p < pn) {
                char pc = pattern.charAt(p);
                if (pc == '*') {
                    starP = p++;
                    starI = i;
                    continue;
                }
                if ((question && pc == '?') || same(pc, s.charAt(i))) {
                    p++;
                    i++;
                    continue;
                }
            }
            if (starP < 0) return false;
            p = starP + 1;
            i = ++starI;
        }
        while (p < pn && pattern.charAt(p) == '*') p++;
        return p == pn;
    }

    private boolean same(char a, char b) {
        return a == b || (ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b));
    }

    @Override
    public String toString() { return pattern; }
}
