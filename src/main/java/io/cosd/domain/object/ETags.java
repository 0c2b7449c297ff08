package io.cosd.domain.object;

/** Entity-tag comparison for write and delete preconditions (OBJ-CW1, OBJ-CD1). Pure. */
public final class ETags {
    private ETags() {}

    /**
     * Whether {@code header} (a comma-separated list of entity tags, quotes optional, or {@code *})
     * names {@code etag}. {@code *} matches any ETag. A {@code W/} prefix is dropped: stored ETags are
     * never weak, so only a client's copy can carry one (as the read preconditions do).
     */
    public static boolean matches(String header, String etag) {
        if (etag == null) return header.trim().equals("*");
        String bare = strip(etag);
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || strip(c.startsWith("W/") ? c.substring(2) : c).equals(bare)) return true;
        }
        return false;
    }

    private static String strip(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
