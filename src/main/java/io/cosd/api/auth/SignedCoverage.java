package io.cosd.api.auth;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.route.Router;
import io.cosd.domain.replication.ReplicaHeaderNames;
import io.cosd.domain.signing.UriCodec;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a verified signature must cover beyond what the client chose to sign (docs/signing.md
 * "Security"). Pure: request headers and query in, the offending name (or nothing) out; tested as a
 * table in {@code SignedCoverageTest}. Applied by {@link Authenticator} right after a signature
 * verified, for header and presigned forms alike, so nothing downstream reads an unsigned value that
 * chooses the operation, its source or its effect.
 */
final class SignedCoverage {
    private SignedCoverage() {}

    /**
     * Header suffixes (after {@code x-cos-}/{@code x-amz-}) that choose the operation, its source or its
     * effect (AUTH-3). Entries ending in '-' or named {@code copy-source}/{@code server-side-encryption}
     * are prefixes: {@code copy-source-range}, {@code copy-source-if-*}, {@code server-side-encryption-*}.
     */
    static final Set<String> EXACT = Set.of("metadata-directive", "tagging-directive", "acl", "storage-class", "tagging",
            "bucket-object-lock-enabled",
            // lifts a GOVERNANCE lock on a delete or a retention change (LOCK-3): unsigned it could turn a refusal into a removal
            "bypass-governance-retention",
            // the write conditions of docs/conditional-writes.md: they choose whether a write happens (AUTH-3d)
            "if-match-last-modified-time", "if-match-size");
    static final List<String> PREFIXES = List.of("copy-source", "server-side-encryption", "grant-", "object-lock-");
    /** cosd's private replica headers: the names come from ReplicaHeaderNames; ReplicaHeaders adds who may send them. */
    static final Set<String> REPLICA = Set.of(ReplicaHeaderNames.VERSION_ID, ReplicaHeaderNames.MTIME, ReplicaHeaderNames.ETAG);

    /** Query parameters (besides sub-resource keywords) that select a version, upload, part or response override (AUTH-4). */
    static final Set<String> SELECTING_PARAMS = Set.of("versionid", "uploadid", "partnumber",
            "bucket"); // the bucket the /-/admin/lifecycle endpoints preview or run on

    /** Whether a lower-case {@code x-cos-}/{@code x-amz-} header suffix is one a signature must cover. */
    static boolean critical(String suffix) {
        if (EXACT.contains(suffix)) return true;
        for (String p : PREFIXES) if (suffix.startsWith(p)) return true;
        return false;
    }

    /**
     * The first header present but not signed that must be (AUTH-3), lower case, or null.
     *
     * @param signed      lower-case names the signature covers
     * @param everyAmz    SigV4 and SigV2: every {@code x-amz-*} header must be signed, as AWS requires (SigV2
     *                    signs them all by construction), and every {@code x-cos-meta-*} header, which cosd
     *                    stores as its twin (SigV2 cannot sign it: refused, docs/signing.md AUTH-9)
     */
    static String unsignedHeader(HeaderView h, Set<String> signed, boolean everyAmz) {
        for (var e : h.entries()) {
            String n = e.getKey();
            // Cheap filter first: only x-… headers can matter; most requests carry a handful.
            if (n.length() < 7 || (n.charAt(0) | 0x20) != 'x' || n.charAt(1) != '-') continue;
            String lower = n.toLowerCase(Locale.ROOT);
            if (signed.contains(lower)) continue;
            boolean amz = lower.startsWith("x-amz-");
            boolean cos = lower.startsWith("x-cos-");
            // cosd stores x-cos-meta-* beside x-amz-meta-*: SigV4 must sign that twin too (the effect-choosing
            // x-cos-* twins are critical below); other x-cos-* headers choose nothing and may ride along.
            if (everyAmz && (amz || lower.startsWith("x-cos-meta-"))) return lower;
            if ((amz || cos) && critical(lower.substring(6))) return lower;
            if (REPLICA.contains(lower)) return lower;
        }
        return null;
    }

    /**
     * The write-condition headers a signature must cover on a request that is not a GET or HEAD (AUTH-3d):
     * there they choose whether a write or delete happens (docs/conditional-writes.md), and a bucket
     * policy may read them ({@code s3:if-match}, POL-S5), so an unsigned {@code If-Match: *} could turn
     * a refused write into an overwrite. On GET and HEAD they only narrow a read and may ride along.
     */
    static final List<String> WRITE_CONDITIONS = List.of("if-match", "if-none-match");

    /** The first write-condition header a non-GET/HEAD request carries unsigned, lower case, or null (AUTH-3d). */
    static String unsignedWriteCondition(String method, HeaderView h, Set<String> signed) {
        if ("GET".equals(method) || "HEAD".equals(method)) return null;
        for (String name : WRITE_CONDITIONS) {
            if (h.first(name) != null && !signed.contains(name)) return name;
        }
        return null;
    }

    /** AUTH-3c: list headers read as all their values joined by commas (ObjectAttributesHandler). */
    static final Set<String> JOINED_LISTS = Set.of("x-amz-object-attributes");

    /**
     * A header the signature covers that the request carries more than once, or null (AUTH-3c). A
     * signature vouches for the joined values; handlers read one. No SDK repeats a header it signs.
     */
    static String repeatedSignedHeader(HeaderView h, Set<String> signed) {
        return repeatedSignedHeader(h, signed, false);
    }

    /**
     * As above; under SigV4 ({@code sigV4}) a list header whose handler reads every value joined by
     * commas, exactly as SigV4 signs repeats, may repeat: the AWS SDK v2 sends one
     * {@code x-amz-object-attributes} per attribute (docs/object-attributes.md OBJ-A1).
     */
    static String repeatedSignedHeader(HeaderView h, Set<String> signed, boolean sigV4) {
        for (String name : signed) {
            if (sigV4 && JOINED_LISTS.contains(name)) continue;
            if (h.count(name) > 1) return name;
        }
        return null;
    }

    /**
     * A header sent in both dialect spellings with different values, e.g. {@code x-cos-copy-source}
     * beside {@code x-amz-copy-source}, or sent twice under one name with different values (a signature
     * covers the joined values, handlers read the first). Returns the lower-case suffix or name, or null.
     * Refused for every request, signed or not, so {@code api.core.Request.dialectHeader} can never pick a
     * spelling or copy the signature did not vouch for (AUTH-3b).
     */
    static String conflictingHeader(HeaderView h) {
        Map<String, String> seen = null;
        String firstKey = null, firstValue = null;
        for (var e : h.entries()) {
            String n = e.getKey();
            if (n.length() < 7 || (n.charAt(0) | 0x20) != 'x' || n.charAt(1) != '-') continue;
            String lower = n.toLowerCase(Locale.ROOT);
            boolean dialect = lower.startsWith("x-amz-") || lower.startsWith("x-cos-");
            if (!dialect && !REPLICA.contains(lower)) continue;
            String key = dialect ? lower.substring(6) : lower;
            // meta-*: one stored value per key; ObjectHeaders.userMetadata keeps the last of x-cos-/x-amz-/repeats,
            // q-sign covers the first, so an unsigned twin would replace signed metadata.
            if (dialect && !critical(key) && !key.startsWith("meta-")) continue;
            String v = e.getValue() == null ? "" : e.getValue().trim();
            // Most requests carry at most one such header: no map until a second one shows up.
            if (firstKey == null) {
                firstKey = key;
                firstValue = v;
                continue;
            }
            if (seen == null) {
                seen = new HashMap<>(4);
                seen.put(firstKey, firstValue);
            }
            String prev = seen.putIfAbsent(key, v);
            if (prev != null && !prev.equals(v)) return key;
        }
        return null;
    }

    /**
     * The first query parameter a q-sign signature must list in {@code q-url-param-list} but does not
     * (AUTH-4): sub-resource keywords the Router knows, {@code versionId}, {@code uploadId},
     * {@code partNumber} and {@code response-*}. q-sign lists names lower-cased and encoded, so the
     * comparison is on that form; a name that differs only in case is refused by {@link #repeatedCosParam}.
     * List parameters (prefix, marker, max-keys, …) are not required: the SDKs send some unsigned
     * (Python's list_buckets, Java's customQueryParameters; docs/spec/protocol.md §2.2) and they only filter a read.
     */
    static String unsignedParam(QueryString q, Collection<String> signedParams) {
        for (QueryString.Param p : q.params()) {
            String name = p.formKey();
            if (!selecting(name)) continue;
            String encoded = UriCodec.encode(name).toLowerCase(Locale.ROOT);
            if (!containsIgnoreCase(signedParams, encoded)) return name;
        }
        return null;
    }

    /**
     * Whether a query parameter chooses the operation, version, upload, part, admin target or a response
     * override, so that a signature must cover it (AUTH-4, and AUTH-8 for SigV2); list filters do not.
     */
    static boolean selecting(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SELECTING_PARAMS.contains(lower) || lower.startsWith("response-") || Router.isSubResource(name);
    }

    /** Two query parameters that q-sign cannot tell apart (same name ignoring case), or null (AUTH-4). */
    static String repeatedCosParam(QueryString q) {
        if (q.params().size() < 2) return null;
        Set<String> seen = new HashSet<>();
        for (QueryString.Param p : q.params()) {
            if (!seen.add(p.formKey().toLowerCase(Locale.ROOT))) return p.formKey();
        }
        return null;
    }

    /**
     * A query parameter whose name q-sign folds onto a name cosd reads but which is spelled otherwise
     * ({@code VersionId}, {@code UPLOADID}, {@code Response-Content-Disposition}), or null (AUTH-4). The
     * signature covers it as the known name while the Router and handlers, which match names exactly,
     * ignore it: a presigned UploadPart would become a PutObject, a versioned GET or DELETE would hit
     * the current version.
     */
    static String caseVariantParam(QueryString q) {
        for (QueryString.Param p : q.params()) {
            String name = p.formKey();
            String lower = name.toLowerCase(Locale.ROOT);
            String known = lower.startsWith("response-") ? lower : Router.knownSpelling(lower);
            if (known != null && !known.equals(name)) return name;
        }
        return null;
    }

    private static boolean containsIgnoreCase(Collection<String> c, String s) {
        for (String x : c) if (x.equalsIgnoreCase(s)) return true;
        return false;
    }

    /** 403 AccessDenied naming the header (COS and S3 envelopes alike; the S3 one adds HeadersNotSigned when the renderer can). */
    static ApiException headerNotSigned(String name) {
        return ErrorCode.ACCESS_DENIED.exception("There were headers present in the request which were not signed: " + name)
                .element("HeadersNotSigned", name);
    }
}
