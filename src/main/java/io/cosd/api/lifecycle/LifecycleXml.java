package io.cosd.api.lifecycle;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.lifecycle.LifecycleConfiguration;
import io.cosd.domain.lifecycle.LifecycleRule;
import io.cosd.domain.lifecycle.LifecycleRule.FilterForm;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.Tags;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one entry point from {@code ?lifecycle} XML to a valid {@link LifecycleConfiguration}
 * (docs/spec/design.md §8.7) and back to the canonical document that is stored and echoed by GET.
 * Checks follow docs/spec/semantics.md §3.3 (LC-V*), rule by rule in document order, first failure wins;
 * nothing is stored unless the whole document is valid.
 * <p>
 * Compatibility choices: unknown elements are ignored, not refused (docs/spec/protocol.md §5.4: the COS
 * Python SDK's own test sends a misspelled {@code <Transation>}), so LC-V1 covers syntax errors,
 * a wrong root, missing required elements and repeated single elements. Storage classes are
 * compared case-insensitively and echoed as sent (the Java SDK sends {@code Standard_IA}). Dates
 * are stored as UTC instants with millis and rendered per dialect by {@link #render}.
 */
public final class LifecycleXml {
    /** Bound on the PUT body: 1000 rules of moderate size. */
    public static final int MAX_BODY = 1024 * 1024;
    static final int MAX_ID = 255;
    /** COS: Expiration / NoncurrentVersionExpiration days are at most 3650 (LC-V7). */
    static final int COS_MAX_EXPIRATION_DAYS = 3650;
    private static final DateTimeFormatter ECHO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ZONED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final List<String> STATUSES = List.of("Enabled", "Disabled");
    private static final List<String> BOOLEANS = List.of("true", "false");
    /** Transition targets (case-insensitive; STANDARD is no target). */
    static final List<String> TRANSITION_CLASSES = java.util.Arrays.stream(StorageClass.values())
            .filter(c -> c != StorageClass.STANDARD && c != StorageClass.MAZ_STANDARD).map(Enum::name).toList();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Which dialect-specific checks apply: COS (LC-V9 Days/Date mixing), S3 (LC-V18), none for stored documents. */
    enum Checks { COS, S3, STORED }

    private final ZoneId zone;

    /** @param zone where a bare {@code YYYY-MM-DD} Date falls at midnight (COS: Beijing time) */
    public LifecycleXml(ZoneId zone) {
        this.zone = zone;
    }

    public LifecycleConfiguration parse(byte[] body, Dialect dialect) {
        return parse(body, dialect == Dialect.S3 ? Checks.S3 : Checks.COS);
    }

    /** A stored canonical document (validated when it was put). */
    public LifecycleConfiguration decode(String stored) {
        return parse(stored.getBytes(StandardCharsets.UTF_8), Checks.STORED);
    }

    LifecycleConfiguration parse(byte[] body, Checks checks) {
        Element root = Dom.parse(body);
        if (!"LifecycleConfiguration".equals(Dom.name(root))) {
            throw XmlProblem.malformed(Dom.name(root), "the root element must be LifecycleConfiguration."); // LC-V1
        }
        List<Element> rules = Dom.children(root, "Rule");
        if (rules.isEmpty()) throw ErrorCode.MALFORMED_XML.exception("LifecycleConfiguration/Rule: the lifecycle configuration should have at least one rule."); // LC-V5
        if (rules.size() > LifecycleConfiguration.MAX_RULES) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Lifecycle configuration allows a maximum of 1000 rules."); // LC-V5
        }
        Set<String> ids = new HashSet<>();
        List<LifecycleRule> out = new ArrayList<>(rules.size());
        for (Element r : rules) {
            LifecycleRule rule = rule(r, checks);
            if (rule.id() != null && !ids.add(rule.id())) {
                throw ErrorCode.INVALID_ARGUMENT.exception("Rule ID must be unique. Found same ID for more than one rule."); // LC-V4
            }
            out.add(rule);
        }
        // LC-A2: rules stored without an ID get a unique server-generated one.
        List<LifecycleRule> named = new ArrayList<>(out.size());
        for (LifecycleRule r : out) {
            if (r.id() != null) {
                named.add(r);
                continue;
            }
            String id;
            do {
                id = "rule-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
            } while (!ids.add(id));
            named.add(new LifecycleRule(id, r.enabled(), r.filter(), r.transitions(), r.expiration(),
                    r.noncurrentTransitions(), r.noncurrentExpiration(), r.abortAfterDays()));
        }
        return new LifecycleConfiguration(named);
    }

    private LifecycleRule rule(Element r, Checks checks) {
        String id = Dom.text(r, "ID");
        if (id != null && id.isEmpty()) id = null;
        if (id != null && id.length() > MAX_ID) throw ErrorCode.INVALID_ARGUMENT.exception("ID length should not exceed allowed limit of 255"); // LC-V3
        // HV-2 (docs/unbuilt.md): the ID is echoed in x-cos-expiration, so it must be sendable in a header.
        if (checks != Checks.STORED && id != null && !io.cosd.api.http.HeaderValues.sendableInside(id)) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Rule ID must not contain control characters: it is sent in the expiration header.");
        }
        String status = Dom.text(r, "Status");
        if (status == null) throw XmlProblem.missing("Rule/Status"); // LC-V1
        if (!(status.equals("Enabled") || status.equals("Disabled"))) throw XmlProblem.notOneOf("Rule/Status", status, STATUSES); // LC-V2
        LifecycleRule.Filter filter = filter(r, checks);

        List<LifecycleRule.Transition> transitions = new ArrayList<>();
        for (Element t : Dom.children(r, "Transition")) transitions.add(transition(t, checks));
        LifecycleRule.Expiration expiration = expiration(Dom.child(r, "Expiration"), checks);
        List<LifecycleRule.NoncurrentTransition> nts = new ArrayList<>();
        for (Element t : Dom.children(r, "NoncurrentVersionTransition")) nts.add(noncurrentTransition(t));
        LifecycleRule.NoncurrentExpiration ne = noncurrentExpiration(Dom.child(r, "NoncurrentVersionExpiration"), checks);
        Integer abort = null;
        Element a = Dom.child(r, "AbortIncompleteMultipartUpload");
        if (a != null) {
            abort = integer("Rule/AbortIncompleteMultipartUpload/DaysAfterInitiation", Dom.text(a, "DaysAfterInitiation")); // LC-V19
            if (abort <= 0) throw ErrorCode.INVALID_ARGUMENT.exception("'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer");
        }

        if (transitions.isEmpty() && expiration == null && nts.isEmpty() && ne == null && abort == null) {
            throw ErrorCode.INVALID_REQUEST.exception("At least one action needs to be specified in a rule"); // LC-V6
        }
        if (filter.hasTags() && expiration != null && expiration.expiredObjectDeleteMarker()) {
            throw ErrorCode.INVALID_REQUEST.exception("ExpiredObjectDeleteMarker cannot be specified with tags."); // LC-V13
        }
        if (filter.hasTags() && abort != null) {
            throw ErrorCode.INVALID_REQUEST.exception("AbortIncompleteMultipartUpload cannot be specified with Tags."); // LC-V14
        }
        if (checks == Checks.COS) {
            // LC-V9 (COS): Days-based and Date-based actions may not be mixed in one rule.
            boolean days = transitions.stream().anyMatch(t -> t.days() != null) || (expiration != null && expiration.days() != null);
            boolean dates = transitions.stream().anyMatch(t -> t.date() != null) || (expiration != null && expiration.date() != null);
            if (days && dates) throw ErrorCode.INVALID_ARGUMENT.exception("Check Expiration and Transition in same rule failure.");
        }
        if (checks == Checks.S3) s3Minimums(transitions, expiration, nts, ne);
        return new LifecycleRule(id, status.equals("Enabled"), filter, transitions, expiration, nts, ne, abort);
    }

    /**
     * LC-E1, LC-V15, LC-V16: Rule/Prefix, or a Filter with exactly one predicate (several only inside
     * And). COS exception: several {@code <Tag>} directly under {@code <Filter>} (and nothing else)
     * mean all of them, as the COS Python SDK's own test sends (docs/spec/protocol.md §5.4); S3 refuses it.
     */
    private static LifecycleRule.Filter filter(Element r, Checks checks) {
        String rulePrefix = Dom.text(r, "Prefix");
        Element f = Dom.child(r, "Filter");
        if (rulePrefix != null && f != null) throw XmlProblem.malformed("Rule/Prefix", "a rule has either Prefix or Filter, not both."); // LC-V15
        if (f == null) {
            return rulePrefix == null ? new LifecycleRule.Filter(FilterForm.NONE, "", Map.of(), null, null)
                    : new LifecycleRule.Filter(FilterForm.RULE_PREFIX, rulePrefix, Map.of(), null, null);
        }
        String prefix = Dom.text(f, "Prefix");
        List<Element> tags = Dom.children(f, "Tag");
        Element and = Dom.child(f, "And");
        Long gt = longOrNull("Rule/Filter/ObjectSizeGreaterThan", Dom.text(f, "ObjectSizeGreaterThan"));
        Long lt = longOrNull("Rule/Filter/ObjectSizeLessThan", Dom.text(f, "ObjectSizeLessThan"));
        int predicates = (prefix != null ? 1 : 0) + tags.size() + (and != null ? 1 : 0) + (gt != null ? 1 : 0) + (lt != null ? 1 : 0);
        boolean cosTagList = checks != Checks.S3 && predicates == tags.size();
        if (predicates > 1 && !cosTagList) {
            throw XmlProblem.malformed("Rule/Filter", "more than one of Prefix, Tag, ObjectSizeGreaterThan, ObjectSizeLessThan must be wrapped in And."); // LC-V15
        }
        if (and != null) {
            if (Dom.child(and, "And") != null) throw XmlProblem.malformed("Rule/Filter/And/And", "And cannot be nested."); // LC-V15
            Map<String, String> t = tags(Dom.children(and, "Tag"), true);
            return new LifecycleRule.Filter(FilterForm.AND, Dom.text(and, "Prefix"), t,
                    longOrNull("Rule/Filter/And/ObjectSizeGreaterThan", Dom.text(and, "ObjectSizeGreaterThan")),
                    longOrNull("Rule/Filter/And/ObjectSizeLessThan", Dom.text(and, "ObjectSizeLessThan")));
        }
        if (!tags.isEmpty()) return new LifecycleRule.Filter(FilterForm.TAG, "", tags(tags, false), null, null);
        if (prefix != null) return new LifecycleRule.Filter(FilterForm.PREFIX, prefix, Map.of(), null, null);
        return new LifecycleRule.Filter(FilterForm.EMPTY, "", Map.of(), gt, lt); // LC-E1: empty Filter = whole bucket
    }

    private static Map<String, String> tags(List<Element> tags, boolean inAnd) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (Element t : tags) {
            String k = Dom.text(t, "Key"), v = Dom.text(t, "Value");
            if (k == null) throw XmlProblem.missing((inAnd ? "Rule/Filter/And/Tag" : "Rule/Filter/Tag") + "/Key");
            if (out.containsKey(k)) throw ErrorCode.INVALID_ARGUMENT.exception("Duplicate Tag Keys are not allowed."); // LC-V16
            out.put(k, v == null ? "" : v);
            pairs.add(Map.entry(k, v == null ? "" : v));
        }
        Tags.Checked c = Tags.check(pairs);
        if (!c.ok()) throw ErrorCode.INVALID_ARGUMENT.exception(c.problem());
        return c.tags();
    }

    private LifecycleRule.Transition transition(Element t, Checks checks) {
        String days = Dom.text(t, "Days"), date = Dom.text(t, "Date");
        if ((days == null) == (date == null)) throw XmlProblem.malformed("Rule/Transition", "exactly one of Days and Date is required."); // LC-V9
        Integer d = days == null ? null : integer("Rule/Transition/Days", days);
        if (d != null && d < 0) throw ErrorCode.INVALID_ARGUMENT.exception("'Days' for Transition action must be nonnegative"); // LC-V8
        String cls = Dom.text(t, "StorageClass");
        return new LifecycleRule.Transition(d, date == null ? null : date("Rule/Transition/Date", date), cls,
                storageClass("Rule/Transition/StorageClass", cls, checks));
    }

    private LifecycleRule.Expiration expiration(Element e, Checks checks) {
        if (e == null) return null;
        String days = Dom.text(e, "Days"), date = Dom.text(e, "Date"), eodm = Dom.text(e, "ExpiredObjectDeleteMarker");
        if (eodm != null && (days != null || date != null)) {
            throw XmlProblem.malformed("Rule/Expiration/ExpiredObjectDeleteMarker", "cannot be specified with Days or Date."); // LC-V12
        }
        if (days != null && date != null) throw XmlProblem.malformed("Rule/Expiration", "exactly one of Days, Date and ExpiredObjectDeleteMarker is required."); // LC-V9
        if (eodm != null) {
            if (!eodm.equals("true") && !eodm.equals("false")) throw XmlProblem.notOneOf("Rule/Expiration/ExpiredObjectDeleteMarker", eodm, BOOLEANS);
            return new LifecycleRule.Expiration(null, null, eodm.equals("true"));
        }
        if (days == null && date == null) throw XmlProblem.malformed("Rule/Expiration", "exactly one of Days, Date and ExpiredObjectDeleteMarker is required."); // LC-V9
        if (days != null) {
            int d = integer("Rule/Expiration/Days", days);
            if (d <= 0) throw ErrorCode.INVALID_ARGUMENT.exception("'Days' for Expiration action must be a positive integer"); // LC-V7
            if (checks == Checks.COS && d > COS_MAX_EXPIRATION_DAYS) {
                throw ErrorCode.INVALID_ARGUMENT.exception("'Days' for Expiration action must not exceed 3650");
            }
            return new LifecycleRule.Expiration(d, null, false);
        }
        return new LifecycleRule.Expiration(null, date("Rule/Expiration/Date", date), false);
    }

    private static LifecycleRule.NoncurrentTransition noncurrentTransition(Element t) {
        String days = Dom.text(t, "NoncurrentDays"), cls = Dom.text(t, "StorageClass");
        if (days == null) throw XmlProblem.missing("Rule/NoncurrentVersionTransition/NoncurrentDays"); // LC-V19
        if (cls == null) throw XmlProblem.missing("Rule/NoncurrentVersionTransition/StorageClass"); // LC-V19
        int d = integer("Rule/NoncurrentVersionTransition/NoncurrentDays", days);
        if (d < 0) throw ErrorCode.INVALID_ARGUMENT.exception("'NoncurrentDays' for NoncurrentVersionTransition action must be nonnegative");
        return new LifecycleRule.NoncurrentTransition(d, cls, storageClass("Rule/NoncurrentVersionTransition/StorageClass", cls, Checks.COS));
    }

    private static LifecycleRule.NoncurrentExpiration noncurrentExpiration(Element e, Checks checks) {
        if (e == null) return null;
        String days = Dom.text(e, "NoncurrentDays");
        if (days == null) throw XmlProblem.missing("Rule/NoncurrentVersionExpiration/NoncurrentDays"); // LC-V19
        int d = integer("Rule/NoncurrentVersionExpiration/NoncurrentDays", days);
        if (d <= 0) throw ErrorCode.INVALID_ARGUMENT.exception("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer"); // LC-V7
        if (checks == Checks.COS && d > COS_MAX_EXPIRATION_DAYS) {
            throw ErrorCode.INVALID_ARGUMENT.exception("'NoncurrentDays' for NoncurrentVersionExpiration action must not exceed 3650");
        }
        String newer = Dom.text(e, "NewerNoncurrentVersions");
        Integer n = newer == null ? null : integer("Rule/NoncurrentVersionExpiration/NewerNoncurrentVersions", newer);
        if (n != null && n <= 0) throw ErrorCode.INVALID_ARGUMENT.exception("'NewerNoncurrentVersions' must be a positive integer");
        return new LifecycleRule.NoncurrentExpiration(d, n);
    }

    /**
     * LC-V17: COS answers NotSupportedStorageClass, S3 MalformedXML; STANDARD is not a transition
     * target. The message lists the accepted classes (S3 clients asking for GLACIER learn that
     * ARCHIVE is cosd's archive class).
     */
    private static StorageClass storageClass(String element, String name, Checks checks) {
        if (name == null) throw XmlProblem.missing(element); // LC-V19
        StorageClass c = StorageClass.parse(name).filter(s -> s != StorageClass.STANDARD && s != StorageClass.MAZ_STANDARD).orElse(null);
        if (c == null) {
            throw XmlProblem.notOneOf(checks == Checks.S3 ? ErrorCode.MALFORMED_XML : ErrorCode.NOT_SUPPORTED_STORAGE_CLASS,
                    element, name, TRANSITION_CLASSES);
        }
        return c;
    }

    /** LC-V18 (S3 only): IA transitions need 30 days, and Expiration must come after every Transition. */
    private static void s3Minimums(List<LifecycleRule.Transition> ts, LifecycleRule.Expiration e,
                                   List<LifecycleRule.NoncurrentTransition> nts, LifecycleRule.NoncurrentExpiration ne) {
        for (var t : ts) {
            if (t.days() != null && t.days() < 30 && t.storageClass() == StorageClass.STANDARD_IA) {
                throw ErrorCode.INVALID_ARGUMENT.exception("'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'");
            }
            if (t.days() != null && e != null && e.days() != null && e.days() <= t.days()) {
                throw ErrorCode.INVALID_ARGUMENT.exception("'Days' in the Expiration action must be greater than 'Days' in the Transition action");
            }
        }
        for (var t : nts) {
            if (ne != null && ne.days() <= t.days()) {
                throw ErrorCode.INVALID_ARGUMENT.exception("'NoncurrentDays' in the NoncurrentVersionExpiration action must be later than 'NoncurrentDays' in the NoncurrentVersionTransition action");
            }
        }
    }

    /**
     * LC-V10 / LC-V11: {@code YYYY-MM-DD} (midnight in the lifecycle zone) or an ISO-8601 date-time
     * at midnight, either in its own offset (Python: {@code …T00:00:00+08:00}, Java:
     * {@code …T00:00:00.000Z}) or in the lifecycle zone ({@code …T16:00:00.000Z}).
     */
    Instant date(String s) {
        return date("Date", s);
    }

    Instant date(String element, String s) {
        try {
            if (s.length() == 10) return LocalDate.parse(s).atStartOfDay(zone).toInstant();
            OffsetDateTime t = OffsetDateTime.parse(s);
            Instant at = t.toInstant();
            boolean ownMidnight = t.toLocalTime().equals(LocalTime.MIDNIGHT);
            boolean zoneMidnight = at.atZone(zone).toLocalTime().equals(LocalTime.MIDNIGHT);
            if (!ownMidnight && !zoneMidnight) throw ErrorCode.INVALID_ARGUMENT.exception(element + ": 'Date' must be at midnight GMT+8"); // LC-V11
            return at;
        } catch (DateTimeParseException e) {
            throw XmlProblem.malformed(element, "'" + s + "' is not an ISO 8601 date (2031-04-20 or 2031-04-20T00:00:00+08:00)."); // LC-V10
        }
    }

    private static int integer(String element, String s) {
        if (s == null) throw XmlProblem.missing(element);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw XmlProblem.notInteger(element, s);
        }
    }

    private static Long longOrNull(String element, String s) {
        if (s == null) return null;
        try {
            long v = Long.parseLong(s);
            if (v < 0) throw ErrorCode.INVALID_ARGUMENT.exception(element + ": object size must be nonnegative");
            return v;
        } catch (NumberFormatException e) {
            throw XmlProblem.notInteger(element, s);
        }
    }

    // ---- canonical document ----

    /** The canonical stored document: dates as UTC instants, which {@link #decode} reads back. */
    public static String encode(LifecycleConfiguration c) {
        return encode(c, ECHO::format);
    }

    /**
     * What GET answers in {@code dialect} (docs/lifecycle.md "Dates on the wire"). COS: a date at
     * midnight in the lifecycle zone is written in that zone's offset with millis
     * ({@code 2031-04-20T00:00:00.000+08:00}), so a user sees the day they put, and both SDKs read
     * it (the Java SDK's ISO parser needs the millis; Python keeps the text). S3: UTC with {@code Z},
     * as AWS echoes {@code Date} (a midnight UTC there).
     */
    public String render(LifecycleConfiguration c, Dialect dialect) {
        if (dialect == Dialect.S3) return encode(c);
        return encode(c, at -> at.atZone(zone).toLocalTime().equals(LocalTime.MIDNIGHT) ? ZONED.format(at.atZone(zone)) : ECHO.format(at));
    }

    /** Elements in the Java SDK's order (docs/spec/protocol.md §5.4), filter shape and class names as sent. */
    private static String encode(LifecycleConfiguration c, java.util.function.Function<Instant, String> dates) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LifecycleConfiguration>");
        for (LifecycleRule r : c.rules()) {
            x.append("<Rule>");
            el(x, "ID", r.id());
            filter(x, r.filter());
            el(x, "Status", r.enabled() ? "Enabled" : "Disabled");
            for (var t : r.transitions()) {
                x.append("<Transition>");
                if (t.days() != null) el(x, "Days", t.days().toString());
                if (t.date() != null) el(x, "Date", dates.apply(t.date()));
                el(x, "StorageClass", t.storageClassName());
                x.append("</Transition>");
            }
            for (var t : r.noncurrentTransitions()) {
                x.append("<NoncurrentVersionTransition>");
                el(x, "NoncurrentDays", Integer.toString(t.days()));
                el(x, "StorageClass", t.storageClassName());
                x.append("</NoncurrentVersionTransition>");
            }
            if (r.expiration() != null) {
                var e = r.expiration();
                x.append("<Expiration>");
                if (e.days() != null) el(x, "Days", e.days().toString());
                else if (e.date() != null) el(x, "Date", dates.apply(e.date()));
                else el(x, "ExpiredObjectDeleteMarker", Boolean.toString(e.expiredObjectDeleteMarker()));
                x.append("</Expiration>");
            }
            if (r.noncurrentExpiration() != null) {
                x.append("<NoncurrentVersionExpiration>");
                el(x, "NoncurrentDays", Integer.toString(r.noncurrentExpiration().days()));
                if (r.noncurrentExpiration().newerNoncurrentVersions() != null) {
                    el(x, "NewerNoncurrentVersions", r.noncurrentExpiration().newerNoncurrentVersions().toString());
                }
                x.append("</NoncurrentVersionExpiration>");
            }
            if (r.abortAfterDays() != null) {
                x.append("<AbortIncompleteMultipartUpload>");
                el(x, "DaysAfterInitiation", r.abortAfterDays().toString());
                x.append("</AbortIncompleteMultipartUpload>");
            }
            x.append("</Rule>");
        }
        return x.append("</LifecycleConfiguration>").toString();
    }

    private static void filter(StringBuilder x, LifecycleRule.Filter f) {
        switch (f.form()) {
            case NONE -> { }
            case RULE_PREFIX -> el(x, "Prefix", f.prefix());
            case EMPTY -> {
                x.append("<Filter>");
                sizes(x, f);
                x.append("</Filter>");
            }
            case PREFIX -> x.append("<Filter>").append(tag("Prefix", f.prefix())).append("</Filter>");
            case TAG -> {
                x.append("<Filter>");
                tags(x, f.tags());
                x.append("</Filter>");
            }
            case AND -> {
                x.append("<Filter><And>");
                if (!f.prefix().isEmpty()) el(x, "Prefix", f.prefix());
                tags(x, f.tags());
                sizes(x, f);
                x.append("</And></Filter>");
            }
        }
    }

    private static void sizes(StringBuilder x, LifecycleRule.Filter f) {
        if (f.sizeGreaterThan() != null) el(x, "ObjectSizeGreaterThan", f.sizeGreaterThan().toString());
        if (f.sizeLessThan() != null) el(x, "ObjectSizeLessThan", f.sizeLessThan().toString());
    }

    private static void tags(StringBuilder x, Map<String, String> tags) {
        tags.forEach((k, v) -> x.append("<Tag>").append(tag("Key", k)).append(tag("Value", v)).append("</Tag>"));
    }

    private static void el(StringBuilder x, String name, String value) {
        if (value != null) x.append(tag(name, value));
    }

    private static String tag(String name, String value) {
        return "<" + name + ">" + escape(value) + "</" + name + ">";
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
