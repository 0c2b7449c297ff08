package io.cosd.api.lock;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.lock.LockConfiguration;
import io.cosd.domain.lock.LockMode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The object lock documents (docs/object-lock.md): {@code ObjectLockConfiguration} (LOCK-1),
 * {@code Retention} (LOCK-6) and {@code LegalHold} (LOCK-8), read with {@link Xml#readCounted} and
 * strictly: an element outside the schema is MalformedXML, never ignored (UB-1). One schema for both
 * dialects (COS's is S3's); COS's DefaultRetention may leave out Mode, which then is COMPLIANCE, the
 * only mode COS offers.
 */
public final class ObjectLockXml {
    static final String CONFIG = "ObjectLockConfiguration", RETENTION = "Retention", LEGAL_HOLD = "LegalHold";
    /** S3's bounds of a default retention period. */
    static final int MAX_DAYS = 36500, MAX_YEARS = 100;

    private ObjectLockXml() {}

    @JacksonXmlRootElement(localName = CONFIG)
    @JsonPropertyOrder({"enabled", "rule"})
    record ConfigWire(@JacksonXmlProperty(localName = "ObjectLockEnabled") String enabled,
                      @JacksonXmlProperty(localName = "Rule") RuleWire rule) {}

    record RuleWire(@JacksonXmlProperty(localName = "DefaultRetention") DefaultWire defaultRetention) {}

    @JsonPropertyOrder({"mode", "days", "years"})
    record DefaultWire(@JacksonXmlProperty(localName = "Mode") String mode,
                       @JacksonXmlProperty(localName = "Days") Integer days,
                       @JacksonXmlProperty(localName = "Years") Integer years) {}

    @JacksonXmlRootElement(localName = RETENTION)
    @JsonPropertyOrder({"mode", "retainUntilDate"})
    record RetentionWire(@JacksonXmlProperty(localName = "Mode") String mode,
                         @JacksonXmlProperty(localName = "RetainUntilDate") String retainUntilDate) {}

    @JacksonXmlRootElement(localName = LEGAL_HOLD)
    record LegalHoldWire(@JacksonXmlProperty(localName = "Status") String status) {}

    /** A retention as asked: both null removes it (LOCK-6). */
    public record Retention(LockMode mode, Instant until) {}

    /**
     * LOCK-1: {@code ObjectLockEnabled} must be {@code Enabled}; a Rule holds one DefaultRetention with a
     * mode (GOVERNANCE or COMPLIANCE, exact case; COS may leave it out) and exactly one of Days or Years
     * (both or neither: MalformedXML), a positive integer at most 36500 days or 100 years
     * (InvalidRetentionPeriod).
     */
    public static LockConfiguration parseConfig(byte[] body, boolean cos) {
        Map<?, ?> doc = Xml.readCounted(body, Map.class, CONFIG);
        only(doc, CONFIG, Set.of("ObjectLockEnabled", "Rule"));
        String enabled = text(doc, CONFIG, "ObjectLockEnabled");
        if (!"Enabled".equals(enabled)) throw XmlProblem.notOneOf(CONFIG + "/ObjectLockEnabled", enabled, List.of("Enabled"));
        Object rule = doc.get("Rule");
        if (rule == null) return LockConfiguration.ENABLED;
        Map<?, ?> r = element(rule, CONFIG + "/Rule");
        only(r, CONFIG + "/Rule", Set.of("DefaultRetention"));
        Object dr = r.get("DefaultRetention");
        if (dr == null) throw XmlProblem.missing(CONFIG + "/Rule/DefaultRetention");
        String where = CONFIG + "/Rule/DefaultRetention";
        Map<?, ?> d = element(dr, where);
        only(d, where, Set.of("Mode", "Days", "Years"));
        String modeText = text(d, where, "Mode");
        LockMode mode;
        if (modeText == null && cos) mode = LockMode.COMPLIANCE;
        else mode = LockMode.parse(modeText).orElseThrow(() -> XmlProblem.notOneOf(where + "/Mode", modeText, List.of("GOVERNANCE", "COMPLIANCE")));
        String days = text(d, where, "Days"), years = text(d, where, "Years");
        if ((days == null) == (years == null)) throw XmlProblem.malformed(where, "exactly one of Days or Years is required.");
        Integer n = days != null ? period(where + "/Days", days, MAX_DAYS) : null;
        Integer y = years != null ? period(where + "/Years", years, MAX_YEARS) : null;
        return new LockConfiguration(mode, n, y);
    }

    private static int period(String where, String text, int max) {
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw XmlProblem.notInteger(where, text);
        }
        if (v <= 0 || v > max) throw ErrorCode.INVALID_RETENTION_PERIOD.exception(where + ": must be between 1 and " + max + ".");
        return (int) v;
    }

    /** The canonical document: what is stored and what GET answers. */
    public static String encodeConfig(LockConfiguration c) {
        RuleWire rule = c.hasDefaultRetention() ? new RuleWire(new DefaultWire(c.mode().name(), c.days(), c.years())) : null;
        return new String(Xml.write(new ConfigWire("Enabled", rule)), StandardCharsets.UTF_8);
    }

    /** Reads a stored canonical document. */
    public static LockConfiguration decodeConfig(String stored) {
        return parseConfig(stored.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * LOCK-6: Mode (GOVERNANCE or COMPLIANCE, exact case) and RetainUntilDate (ISO 8601) together; an
     * empty {@code <Retention/>} removes the retention. One without the other is MalformedXML.
     */
    public static Retention parseRetention(byte[] body) {
        Map<?, ?> doc = Xml.readCounted(body, Map.class, RETENTION);
        only(doc, RETENTION, Set.of("Mode", "RetainUntilDate"));
        String m = text(doc, RETENTION, "Mode"), date = text(doc, RETENTION, "RetainUntilDate");
        if (m == null && date == null) return new Retention(null, null);
        if (m == null || date == null) throw XmlProblem.malformed(RETENTION, "Mode and RetainUntilDate go together.");
        LockMode mode = LockMode.parse(m).orElseThrow(() -> XmlProblem.notOneOf(RETENTION + "/Mode", m, List.of("GOVERNANCE", "COMPLIANCE")));
        Instant until = date(date);
        if (until == null) throw XmlProblem.malformed(RETENTION + "/RetainUntilDate", "'" + date + "' is not an ISO 8601 date and time.");
        return new Retention(mode, until);
    }

    public static byte[] retention(LockMode mode, Instant until) {
        return Xml.write(new RetentionWire(mode.name(), isoMillis(until)));
    }

    /** LOCK-8: {@code <LegalHold><Status>ON|OFF</Status></LegalHold>}; anything else is MalformedXML. */
    public static boolean parseLegalHold(byte[] body) {
        Map<?, ?> doc = Xml.readCounted(body, Map.class, LEGAL_HOLD);
        only(doc, LEGAL_HOLD, Set.of("Status"));
        String s = text(doc, LEGAL_HOLD, "Status");
        if ("ON".equals(s)) return true;
        if ("OFF".equals(s)) return false;
        throw XmlProblem.notOneOf(LEGAL_HOLD + "/Status", s, List.of("ON", "OFF"));
    }

    public static byte[] legalHold(boolean on) {
        return Xml.write(new LegalHoldWire(on ? "ON" : "OFF"));
    }

    /** The latest retain-until date taken (LOCK-6): the store keeps epoch milliseconds, and no retention needs more. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /**
     * An ISO 8601 instant with an offset ({@code 2030-01-01T00:00:00Z}, fractions allowed) up to the year 9999,
     * or null: a later one is refused as a bad date, never stored or overflowed.
     */
    public static Instant date(String s) {
        try {
            Instant t = OffsetDateTime.parse(s.trim()).toInstant();
            return t.isAfter(LATEST) ? null : t;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** How dates go out, in bodies and headers: {@code 2030-01-01T00:00:00.000Z}. */
    public static String isoMillis(Instant t) {
        return io.cosd.api.core.Formats.ISO.format(t);
    }

    private static void only(Map<?, ?> doc, String where, Set<String> names) {
        for (Object name : doc.keySet()) if (!names.contains(name)) throw XmlProblem.malformed(where + "/" + name, "unknown element.");
    }

    private static Map<?, ?> element(Object v, String where) {
        if (v instanceof List<?>) throw XmlProblem.repeated(where);
        if (v instanceof Map<?, ?> m) return m;
        if (v instanceof String s && s.isBlank()) return Map.of();
        throw XmlProblem.malformed(where, "unexpected text where elements were expected.");
    }

    private static String text(Map<?, ?> doc, String where, String name) {
        Object v = doc.get(name);
        if (v == null) return null;
        if (v instanceof List<?>) throw XmlProblem.repeated(where + "/" + name);
        if (!(v instanceof String s)) throw XmlProblem.malformed(where + "/" + name, "unexpected content (elements where text was expected).");
        return s.trim();
    }
}
