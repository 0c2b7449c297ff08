package io.cosd.api.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A POST Object policy document (docs/post-object.md "Policy"): its expiration and conditions, and the
 * pure check of a form against them. What the signature covers is the policy; the policy must cover
 * every field that is executed (AUTH-P1), so no unsigned field changes what is stored.
 *
 * @param json the decoded JSON text (COS signs it; S3 signs its base64)
 */
record PostPolicy(String json, Instant expiration, List<Condition> conditions) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The policy is small; a bigger one is not a policy. */
    static final int MAX_POLICY_BYTES = 20 * 1024;

    /** One condition: {@code eq}, {@code starts-with} on a field (lower-case, without '$'), or the length range. */
    sealed interface Condition {
        String text();
    }

    record Eq(String field, String value, String text) implements Condition {}

    record StartsWith(String field, String prefix, String text) implements Condition {}

    record LengthRange(long min, long max, String text) implements Condition {}

    /**
     * Fields that are never covered by a condition: the signature itself, the policy it signs, the
     * file, and {@code x-ignore-*} (S3). The COS signature fields are listed because the COS
     * documentation's own forms do not put q-key-time in the policy.
     */
    static boolean exempt(String field) {
        // OBJ-K10 (DECISION): a checksum value field grants nothing (it is verified against the file and can only
        // refuse the upload), so it needs no condition, as Ceph RGW and the s3-tests suite have it.
        if (field.startsWith("x-amz-checksum-") && io.cosd.domain.object.ChecksumAlgorithm.parse(field.substring(15)).isPresent()) return true;
        return switch (field) {
            case "policy", "file", "x-amz-signature", "q-signature", "q-sign-algorithm", "q-ak", "q-key-time",
                 "q-sign-time", "awsaccesskeyid", "signature" -> true;
            default -> field.startsWith("x-ignore-");
        };
    }

    /** The base64 {@code policy} field, decoded and parsed; InvalidPolicyDocument when it is not one. */
    static PostPolicy parse(String base64) {
        String json;
        try {
            json = new String(Base64.getMimeDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("Invalid Policy: Invalid Base64 encoding.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (Exception e) {
            throw invalid("Invalid Policy: Invalid JSON.");
        }
        if (root == null || !root.isObject()) throw invalid("Invalid Policy: Invalid JSON.");
        JsonNode exp = root.get("expiration");
        if (exp == null || !exp.isTextual()) throw invalid("Invalid Policy: Policy missing expiration.");
        Instant expiration;
        try {
            expiration = Instant.parse(exp.asText());
        } catch (DateTimeParseException e) {
            throw invalid("Invalid Policy: Invalid 'expiration' value: '" + exp.asText() + "'");
        }
        JsonNode conds = root.get("conditions");
        if (conds == null || !conds.isArray()) throw invalid("Invalid Policy: Policy missing conditions.");
        List<Condition> out = new ArrayList<>();
        for (JsonNode c : conds) out.add(condition(c));
        return new PostPolicy(json, expiration, List.copyOf(out));
    }

    private static Condition condition(JsonNode c) {
        String text = c.toString();
        if (c.isObject()) {
            if (c.size() != 1) throw invalid("Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.");
            var e = c.fields().next();
            if (!e.getValue().isTextual()) throw invalid("Invalid Policy: Invalid Simple-Condition: value must be a string.");
            return new Eq(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText(), text);
        }
        if (!c.isArray() || c.size() != 3) throw invalid("Invalid Policy: Invalid Condition: " + text);
        String op = c.get(0).asText().toLowerCase(Locale.ROOT);
        if (op.equals("content-length-range")) {
            if (!c.get(1).canConvertToLong() || !c.get(2).canConvertToLong()) {
                throw invalid("Invalid Policy: Invalid content-length-range: " + text);
            }
            long min = c.get(1).asLong(), max = c.get(2).asLong();
            if (min < 0 || max < min) throw invalid("Invalid Policy: Invalid content-length-range: " + text);
            return new LengthRange(min, max, text);
        }
        String field = c.get(1).asText();
        if (!field.startsWith("$") || !c.get(2).isTextual()) throw invalid("Invalid Policy: Invalid Condition: " + text);
        String name = field.substring(1).toLowerCase(Locale.ROOT);
        return switch (op) {
            case "eq" -> new Eq(name, c.get(2).asText(), text);
            case "starts-with" -> new StartsWith(name, c.get(2).asText(), text);
            default -> throw invalid("Invalid Policy: Invalid Condition: unknown operator " + c.get(0).asText());
        };
    }

    /**
     * Checks the form against this policy at {@code now}: expiry, every condition, then that every
     * field outside {@link #exempt} is covered by a condition (AUTH-P1). Returns the length
     * range the file must fall in: the intersection of every content-length-range (unbounded without one);
     * the file's length is checked as it streams.
     *
     * @param fields form fields by lower-case name, as sent ({@code ${filename}} in the key not replaced)
     */
    LengthRange check(String bucket, Map<String, String> fields, Instant now) {
        return check(bucket, fields, fields.get("key"), now);
    }

    /**
     * As {@link #check(String, Map, Instant)}, a condition on {@code key} holding for the key that will be
     * stored ({@code ${filename}} replaced, as ceph/s3-tests and MinIO check it), or for the key field as sent
     * (a signer's {@code {"key": "uploads/${filename}"}}, any file name under uploads/).
     */
    LengthRange check(String bucket, Map<String, String> fields, String resolvedKey, Instant now) {
        if (!now.isBefore(expiration)) throw denied("Invalid according to Policy: Policy expired.");
        LengthRange range = new LengthRange(0, Long.MAX_VALUE, "");
        Set<String> covered = new HashSet<>();
        for (Condition c : conditions) {
            switch (c) {
                // Every range must hold, so the file's length is held to their intersection (an empty one refuses every file).
                case LengthRange r -> range = new LengthRange(Math.max(range.min(), r.min()), Math.min(range.max(), r.max()), r.text());
                case Eq e -> {
                    covered.add(e.field());
                    String v = value(e.field(), bucket, fields);
                    if (v == null && exempt(e.field())) continue; // COS forms name q-sign-time, which they do not send
                    if (!e.value().equals(v) && !(e.field().equals("key") && e.value().equals(resolvedKey))) throw failed(c);
                }
                case StartsWith s -> {
                    covered.add(s.field());
                    String v = value(s.field(), bucket, fields);
                    if (v == null && exempt(s.field())) continue;
                    boolean ok = v != null && startsWith(s.field(), v, s.prefix())
                            || s.field().equals("key") && resolvedKey != null && resolvedKey.startsWith(s.prefix());
                    if (!ok) throw failed(c);
                }
            }
        }
        List<String> extra = new ArrayList<>();
        for (String f : fields.keySet()) if (!exempt(f) && !covered.contains(f)) extra.add(f);
        if (!extra.isEmpty()) throw denied("Invalid according to Policy: Extra input fields: " + String.join(", ", extra));
        return range;
    }

    private static String value(String field, String bucket, Map<String, String> fields) {
        return field.equals("bucket") ? bucket : fields.get(field);
    }

    /** S3: a Content-Type may list several types, each of which must start with the prefix. */
    private static boolean startsWith(String field, String value, String prefix) {
        if (!field.equals("content-type") || !value.contains(",")) return value.startsWith(prefix);
        for (String t : value.split(",")) if (!t.trim().startsWith(prefix)) return false;
        return true;
    }

    static ApiException denied(String message) { return ErrorCode.ACCESS_DENIED.exception(message); }

    private static ApiException failed(Condition c) {
        return denied("Invalid according to Policy: Policy Condition failed: " + c.text());
    }

    private static ApiException invalid(String message) {
        return ErrorCode.INVALID_POLICY_DOCUMENT.exception(message);
    }
}
