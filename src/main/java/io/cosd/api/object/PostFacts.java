package io.cosd.api.object;

import io.cosd.api.error.ErrorCode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The header-derived bucket-policy condition facts of a POST Object (docs/security.md AUTH-P2,
 * docs/post-object.md "Bucket policy"). A form is authorized as the PutObject it performs, so a
 * condition that describes the object sees what will be stored — the form's fields — never the
 * POST's own HTTP headers, which the caller sets independently of what is written:
 * <ul>
 *   <li>{@code cos:content-type}: the Content-Type that will be stored (the form field, else the default);</li>
 *   <li>{@code cos:x-cos-storage-class} / {@code s3:x-amz-storage-class}, {@code cos:x-cos-acl} /
 *       {@code s3:x-amz-acl}: the form field the write uses, absent when the form has none (as a PUT without the header);
 *       a grant key (none is evaluated yet) would likewise read its grant field ({@link #aclField});</li>
 *   <li>{@code cos:content-length}: the file's length is unknown until it has streamed, so a statement whose
 *       decision needs it refuses the form (403 AccessDenied) whatever its effect: a Deny could otherwise be
 *       escaped; the policy's {@code content-length-range} is the way to bound a form's size;</li>
 *   <li>{@code s3:RequestObjectTag/<k>}, {@code s3:RequestObjectTagKeys}: the tags of the form's {@code tagging}
 *       document, handed on in the tagging header's encoding (POL-S11);</li>
 *   <li>{@code aws:Referer}, {@code aws:UserAgent}: describe the request, read from its headers;</li>
 *   <li>any other header a future key reads: refused, so a new key cannot silently read the POST's headers.</li>
 * </ul>
 * And the POST's HTTP headers that would set an object attribute on a PUT are refused (400
 * InvalidArgument, give it as a form field), never ignored: {@link #refuseObjectHeaders}.
 */
final class PostFacts {
    private PostFacts() {}

    /** @param requestHeader the POST's own headers, by case-insensitive name */
    static Function<String, String> of(Map<String, String> fields, Function<String, String> requestHeader) {
        return name -> switch (name.toLowerCase(Locale.ROOT)) {
            case "content-type" -> PostObjectHandler.content(fields).contentType();
            case "x-cos-storage-class", "x-amz-storage-class" -> first(fields, "x-cos-storage-class", "x-amz-storage-class");
            case "x-cos-acl", "x-amz-acl" -> aclField(fields, "acl");
            case "content-length" -> throw ErrorCode.ACCESS_DENIED.exception("A policy condition on cos:content-length cannot be "
                    + "evaluated for a POST Object form before its file is stored; bound the size with the form policy's "
                    + "content-length-range instead.");
            case "x-cos-tagging", "x-amz-tagging" -> taggingHeader(fields.get("tagging"));
            case "referer", "user-agent" -> requestHeader.apply(name);
            // LOCK-11: the lock fields the write applies
            case String l when l.startsWith("x-cos-object-lock-") || l.startsWith("x-amz-object-lock-") -> lockField(fields, l.substring(6));
            // A grant condition key, should the evaluator read one, sees the grant field the write applies.
            case String g when g.startsWith("x-cos-grant-") || g.startsWith("x-amz-grant-") -> aclField(fields, g.substring(6));
            // POL-S12: the encryption fields the write applies (SSE-15).
            case String e when e.startsWith("x-cos-server-side-encryption") || e.startsWith("x-amz-server-side-encryption") -> field(fields, e.substring(6));
            default -> throw ErrorCode.ACCESS_DENIED.exception("A policy condition on the " + name
                    + " header cannot be evaluated for a POST Object form.");
        };
    }

    /**
     * The ACL field the write applies (docs/post-object.md "Fields"), read like {@code Request.dialectHeader}:
     * {@code "acl"} is the {@code acl} field (S3 and COS forms) or its header twins {@code x-cos-acl} /
     * {@code x-amz-acl}; {@code "grant-<p>"} is {@code x-cos-grant-<p>} or {@code x-amz-grant-<p>}. Spellings
     * that disagree are 400 InvalidArgument: the policy condition and the write must read one value (AUTH-P1).
     */
    static String aclField(Map<String, String> fields, String suffix) {
        String[] names = suffix.equals("acl") ? new String[] {"acl", "x-cos-acl", "x-amz-acl"}
                : new String[] {"x-cos-" + suffix, "x-amz-" + suffix};
        String v = null;
        for (String n : names) {
            String w = fields.get(n);
            if (w == null) continue;
            if (v != null && !v.equals(w)) {
                throw ErrorCode.INVALID_ARGUMENT.exception("The form gives " + String.join(", ", names)
                        + " with different values; give one.");
            }
            v = w;
        }
        return v;
    }

    /** A field standing for the header {@code x-cos-<suffix>} / {@code x-amz-<suffix>} (SSE-15), read as {@link #aclField} reads one. */
    static String field(Map<String, String> fields, String suffix) {
        return aclField(fields, suffix.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The form's tags (the document the write stores, parsed by the write's own parser) as a tagging
     * header would carry them; null when the form has none or a malformed one (the write refuses it).
     */
    private static String taggingHeader(String xml) {
        if (xml == null) return null;
        Map<String, String> tags;
        try {
            tags = PostObjectHandler.tags(xml);
        } catch (io.cosd.api.error.ApiException malformed) {
            return null;
        }
        return TaggingHeader.encode(tags);
    }

    /** A lock field by suffix ({@code object-lock-mode}), read as a PutObject reads its header twins: x-cos- first (LOCK-2). */
    static String lockField(Map<String, String> fields, String suffix) {
        return first(fields, "x-cos-" + suffix, "x-amz-" + suffix);
    }

    /** The value the write uses: the first of the names the form has. */
    private static String first(Map<String, String> fields, String... names) {
        for (String n : names) {
            String v = fields.get(n);
            if (v != null) return v;
        }
        return null;
    }

    private static final List<String> EXACT = List.of("content-md5", "x-cos-storage-class", "x-amz-storage-class",
            "x-cos-acl", "x-amz-acl", "x-cos-tagging", "x-amz-tagging", "x-cos-website-redirect-location",
            "x-amz-website-redirect-location", "x-cos-object-lock-mode", "x-amz-object-lock-mode",
            "x-cos-object-lock-retain-until-date", "x-amz-object-lock-retain-until-date",
            "x-cos-object-lock-legal-hold", "x-amz-object-lock-legal-hold");
    // SSE-15: fields, not headers. UB-3: a checksum header would cover the whole form, whose end is read after the
    // file is stored, so it could not be verified before the store; the form has its own checksum field (OBJ-K10).
    private static final List<String> PREFIXES = List.of("x-cos-meta-", "x-amz-meta-", "x-cos-grant-", "x-amz-grant-",
            "x-cos-server-side-encryption", "x-amz-server-side-encryption", "x-amz-checksum-", "x-amz-sdk-checksum-algorithm");

    /**
     * A POST header that sets an object attribute on a PUT (storage class, ACL, grants, metadata, tags, redirect,
     * Content-MD5 or a checksum of the object) is 400 InvalidArgument: on a form the attribute is a form field, and a header
     * that would be ignored is refused (UB-1), before anything is read or stored.
     */
    static void refuseObjectHeaders(List<Map.Entry<String, String>> headers) {
        for (var e : headers) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (EXACT.contains(name) || PREFIXES.stream().anyMatch(name::startsWith)) {
                throw ErrorCode.INVALID_ARGUMENT.exception("The header " + e.getKey()
                        + " has no effect on a POST Object: give it as a form field.");
            }
        }
    }
}
