package io.cosd.domain.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parsing of numeric and date values, shared by policy compilation and request evaluation. */
final class ConditionValues {
    private ConditionValues() {}

    static BigDecimal number(String s) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** ISO 8601 (with offset or Z; a date or local time is UTC) or epoch seconds. Null if neither. */
    static Instant date(String s) {
        s = s.trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) { }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) { }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException ignored) { }
        if (s.matches("\\d{1,12}")) return Instant.ofEpochSecond(Long.parseLong(s));
        return null;
    }
}
