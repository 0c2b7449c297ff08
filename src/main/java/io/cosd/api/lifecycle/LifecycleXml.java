package io.cosd.api.lifecycle;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.DomainErrors;
import io.cosd.api.http.HeaderValues;
import io.cosd.api.xml.Xml;
import io.cosd.domain.Refusal;
import io.cosd.domain.lifecycle.LifecycleConfiguration;
import io.cosd.domain.lifecycle.LifecycleValidator;
import io.cosd.domain.lifecycle.LifecycleValidator.Checks;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/**
 * The one entry point from {@code ?lifecycle} XML to a valid {@link LifecycleConfiguration}
 * (docs/spec/design.md §8.7) and back to the canonical document that is stored and echoed by GET: the wire
 * records ({@link LifecycleWire}) read with {@link Xml#readCounted}, checked by the domain's
 * {@link LifecycleValidator} (docs/spec/semantics.md §3.3, LC-V*: rule by rule in document order, first
 * failure wins, nothing stored unless the whole document is valid), its refusals translated here.
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
    private static final String ROOT = "LifecycleConfiguration";
    private static final DateTimeFormatter ECHO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ZONED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ZoneId zone;
    private final LifecycleValidator validator;

    /** @param zone where a bare {@code YYYY-MM-DD} Date falls at midnight (COS: Beijing time) */
    public LifecycleXml(ZoneId zone) {
        this.zone = zone;
        this.validator = new LifecycleValidator(zone, HeaderValues::sendableInside);
    }

    public LifecycleConfiguration parse(byte[] body, Dialect dialect) {
        return parse(body, dialect == Dialect.S3 ? Checks.S3 : Checks.COS);
    }

    /** A stored canonical document (validated when it was put). */
    public LifecycleConfiguration decode(String stored) {
        return parse(stored.getBytes(StandardCharsets.UTF_8), Checks.STORED);
    }

    LifecycleConfiguration parse(byte[] body, Checks checks) {
        LifecycleWire.Configuration doc = Xml.readCounted(body, LifecycleWire.Configuration.class, ROOT); // LC-V1
        try {
            return validator.validate(doc.toDraft(), checks, RANDOM::nextLong);
        } catch (Refusal r) {
            throw DomainErrors.toApi(r);
        }
    }

    /** LC-V10 / LC-V11: a Date as rules read it. */
    Instant date(String s) {
        try {
            return validator.date("Date", s);
        } catch (Refusal r) {
            throw DomainErrors.toApi(r);
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
    private static String encode(LifecycleConfiguration c, Function<Instant, String> dates) {
        return new String(Xml.write(LifecycleWire.Configuration.fromDomain(c, dates)), StandardCharsets.UTF_8);
    }
}
