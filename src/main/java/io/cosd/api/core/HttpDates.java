package io.cosd.api.core;

import java.time.Instant;

/**
 * An RFC 1123 date formatter that remembers its last answer: the {@code Date} of every response
 * changes once a second, and a hot object's {@code Last-Modified} not at all, so a formatting
 * (about a microsecond) per header is mostly a compare. One instance per header; the remembered
 * pair is one immutable object, so racing threads see a consistent one.
 */
public final class HttpDates {
    private record Last(long second, String text) {}

    private volatile Last last = new Last(Long.MIN_VALUE, "");

    /** {@code t} as {@link Formats#HTTP_DATE} formats it (whole seconds). */
    public String format(Instant t) {
        long s = t.getEpochSecond();
        Last l = last;
        if (l.second == s) return l.text;
        String text = Formats.HTTP_DATE.format(Instant.ofEpochSecond(s));
        last = new Last(s, text);
        return text;
    }
}
