package io.cosd.api.cors;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.HeaderValues;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.cors.CorsConfiguration;
import io.cosd.domain.cors.CorsMatcher;
import io.cosd.domain.cors.CorsRule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one entry point from {@code ?cors} XML to a valid {@link CorsConfiguration} (docs/spec/design.md §8.7),
 * and back to the canonical document that is stored and returned by GET ?cors.
 * Validation follows docs/spec/semantics.md §1.2: rule count first, then per rule in document order, stopping
 * at the first error; nothing is stored unless the whole document is valid.
 */
public final class CorsXml {
    /** CORS-A2: the configuration body is at most 64 KB. */
    public static final int MAX_BODY = 64 * 1024;
    static final int MAX_ID = 255;

    private CorsXml() {}

    /** Parses and validates a PUT ?cors body; COS-only checks (CORS-V8) apply to the COS dialect. */
    public static CorsConfiguration parse(byte[] body, Dialect dialect) {
        return parse(body, dialect, false);
    }

    /** {@code stored}: a document validated when it was put, maybe before HV-2; its unsendable values are skipped on output (HV-3). */
    private static CorsConfiguration parse(byte[] body, Dialect dialect, boolean stored) {
        // Through a tree: every occurrence of a repeated element is kept in document order, whatever sits
        // between them (the stream binder kept only the last run). CORS-V1: a wrong root too.
        CorsWire.Configuration doc = Xml.readCounted(body, CorsWire.Configuration.class, "CORSConfiguration");
        List<CorsWire.Rule> rules = doc.rules() == null ? List.of() : doc.rules().stream().filter(Objects::nonNull).toList();
        if (rules.isEmpty()) throw XmlProblem.missing("CORSConfiguration/CORSRule"); // CORS-V1
        if (rules.size() > CorsConfiguration.MAX_RULES) {
            throw ErrorCode.INVALID_REQUEST.exception("The number of CORS rules should not exceed allowed limit of 100 rules."); // CORS-V2
        }
        List<CorsRule> out = new ArrayList<>(rules.size());
        for (CorsWire.Rule r : rules) out.add(rule(r, dialect, stored));
        return new CorsConfiguration(out, responseVary(doc.responseVary()));
    }

    /** Reads a stored canonical document (validated when it was put). */
    public static CorsConfiguration decode(String stored) {
        return parse(stored.getBytes(StandardCharsets.UTF_8), Dialect.S3, true);
    }

    /** The canonical document: values verbatim in stored order (CORS-A4), plus ResponseVary. */
    public static String encode(CorsConfiguration c) {
        List<CorsWire.Rule> rules = c.rules().stream().map(r -> new CorsWire.Rule(r.id(), r.allowedOrigins(),
                r.allowedMethods(), nullIfEmpty(r.allowedHeaders()), nullIfEmpty(r.exposeHeaders()),
                r.maxAgeSeconds() == null ? null : r.maxAgeSeconds().toString())).toList();
        return new String(Xml.write(new CorsWire.Configuration(rules, Boolean.toString(c.responseVary()))), StandardCharsets.UTF_8);
    }

    private static CorsRule rule(CorsWire.Rule r, Dialect dialect, boolean stored) {
        List<String> origins = present(r.allowedOrigins());
        List<String> methods = r.allowedMethods() == null ? List.of()
                : r.allowedMethods().stream().map(m -> m == null ? "" : m.trim()).toList();
        if (origins.isEmpty()) throw XmlProblem.missing("CORSRule/AllowedOrigin"); // CORS-V1
        if (methods.isEmpty()) throw XmlProblem.missing("CORSRule/AllowedMethod"); // CORS-V1
        if (r.id() != null && r.id().length() > MAX_ID) {
            throw ErrorCode.INVALID_REQUEST.exception("The ID of a CORS rule can not be longer than 255 characters.");
        }
        for (String m : methods) {
            if (!CorsConfiguration.METHODS.contains(m)) { // CORS-V3: case-sensitive, OPTIONS and * invalid
                throw ErrorCode.INVALID_REQUEST.exception("Found unsupported HTTP method in CORS config. Unsupported method is " + m
                        + " (CORSRule/AllowedMethod accepts " + String.join(", ", CorsConfiguration.METHODS) + ").");
            }
        }
        // HV-2 (docs/unbuilt.md): values that can reach a response header must be sendable there.
        if (!stored) {
            sendable("ID", r.id() == null ? List.of() : List.of(r.id()));
            sendable("AllowedOrigin", origins);
            sendable("AllowedHeader", present(r.allowedHeaders()));
        }
        for (String o : origins) {
            if (wildcards(o) > 1) { // CORS-V4
                throw ErrorCode.INVALID_REQUEST.exception("AllowedOrigin \"" + o + "\" can not have more than one wildcard.");
            }
        }
        List<String> headers = present(r.allowedHeaders());
        for (String h : headers) {
            if (wildcards(h) > 1) { // CORS-V5
                throw ErrorCode.INVALID_REQUEST.exception("AllowedHeader \"" + h + "\" can not have more than one wildcard.");
            }
        }
        List<String> expose = present(r.exposeHeaders());
        for (String e : expose) {
            if (dialect == Dialect.COS && e.equals("*")) { // CORS-V8 (COS only)
                throw ErrorCode.INVALID_REQUEST.exception("ExposeHeader does not support the wildcard *; list the headers explicitly.");
            }
            if (!CorsMatcher.isToken(e)) { // CORS-V6: AWS validates ExposeHeader, with this (AllowedHeader) wording
                throw ErrorCode.INVALID_REQUEST.exception("AllowedHeader \"" + e + "\" contains invalid character.");
            }
        }
        return new CorsRule(r.id(), origins, methods, headers, expose, maxAge(r.maxAgeSeconds()));
    }

    private static void sendable(String element, List<String> values) {
        for (String v : values) {
            if (!HeaderValues.sendable(v)) {
                throw ErrorCode.INVALID_ARGUMENT.exception(element + " must not contain control characters: it can be sent in a CORS response header.");
            }
        }
    }

    /** CORS-V7: not an integer is MalformedXML; CORS-V8: COS wants it positive, 0 is what the Java SDK omits. */
    private static Integer maxAge(String v) {
        if (v == null) return null;
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw XmlProblem.notInteger("CORSRule/MaxAgeSeconds", v.trim());
        }
        if (n < 0) throw ErrorCode.INVALID_REQUEST.exception("MaxAgeSeconds must not be negative.");
        return n;
    }

    private static boolean responseVary(String v) {
        if (v == null || v.isBlank()) return false;
        return switch (v.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw XmlProblem.notOneOf("CORSConfiguration/ResponseVary", v.trim(), List.of("true", "false"));
        };
    }

    /** Non-blank values, trimmed: an empty {@code <AllowedOrigin/>} counts as absent. */
    private static List<String> present(List<String> values) {
        if (values == null) return List.of();
        return values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).toList();
    }

    private static int wildcards(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '*') n++;
        return n;
    }

    private static List<String> nullIfEmpty(List<String> l) { return l.isEmpty() ? null : l; }
}
