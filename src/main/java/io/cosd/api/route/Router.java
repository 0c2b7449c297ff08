package io.cosd.api.route;

import io.cosd.api.error.ErrorCode;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pure routing: (method, bucket?, key?, query, copy-source present?) → {@link Operation}. Tested as a
 * table. An unknown sub-resource keyword is 400; a known one that cosd does not build is 501; nothing
 * falls through to another operation.
 */
public final class Router {
    /**
     * Sub-resources COS/S3 define that cosd does not offer, each to its own operation; they answer
     * 501. Their header twin, headers asking for unbuilt features, is {@link UnbuiltHeaders} (docs/unbuilt.md).
     */
    public static final Map<String, Operation> UNSUPPORTED = Map.ofEntries(
            // both APIs (AWS S3 API reference; docs/spec/protocol.md)
            Map.entry("website", Operation.UNSUPPORTED_WEBSITE),
            Map.entry("logging", Operation.UNSUPPORTED_LOGGING),
            Map.entry("inventory", Operation.UNSUPPORTED_INVENTORY),
            Map.entry("accelerate", Operation.UNSUPPORTED_ACCELERATE),
            Map.entry("notification", Operation.UNSUPPORTED_NOTIFICATION),
            Map.entry("select", Operation.UNSUPPORTED_SELECT),
            Map.entry("torrent", Operation.UNSUPPORTED_TORRENT),
            Map.entry("analytics", Operation.UNSUPPORTED_ANALYTICS),
            Map.entry("metrics", Operation.UNSUPPORTED_METRICS),
            // S3 only
            Map.entry("requestPayment", Operation.UNSUPPORTED_REQUEST_PAYMENT),
            Map.entry("intelligent-tiering", Operation.UNSUPPORTED_INTELLIGENT_TIERING),
            Map.entry("metadataTable", Operation.UNSUPPORTED_METADATA_TABLE),
            Map.entry("metadataConfiguration", Operation.UNSUPPORTED_METADATA_CONFIGURATION),
            Map.entry("metadataInventoryTable", Operation.UNSUPPORTED_METADATA_INVENTORY_TABLE),
            Map.entry("metadataJournalTable", Operation.UNSUPPORTED_METADATA_JOURNAL_TABLE),
            Map.entry("session", Operation.UNSUPPORTED_SESSION),
            Map.entry("renameObject", Operation.UNSUPPORTED_RENAME_OBJECT),
            Map.entry("abac", Operation.UNSUPPORTED_ABAC),
            Map.entry("object-lambda", Operation.UNSUPPORTED_OBJECT_LAMBDA),
            // COS only (Tencent COS API list: bucket and object sub-resources)
            Map.entry("referer", Operation.UNSUPPORTED_REFERER),
            Map.entry("domain", Operation.UNSUPPORTED_DOMAIN),
            Map.entry("domaincertificate", Operation.UNSUPPORTED_DOMAINCERTIFICATE),
            Map.entry("origin", Operation.UNSUPPORTED_ORIGIN),
            Map.entry("intelligenttiering", Operation.UNSUPPORTED_INTELLIGENTTIERING),
            Map.entry("append", Operation.UNSUPPORTED_APPEND),
            Map.entry("rename", Operation.UNSUPPORTED_RENAME),
            Map.entry("symlink", Operation.UNSUPPORTED_SYMLINK),
            Map.entry("inventory-configurations", Operation.UNSUPPORTED_INVENTORY_CONFIGURATIONS),
            Map.entry("mirror", Operation.UNSUPPORTED_MIRROR),
            Map.entry("tagging-count", Operation.UNSUPPORTED_TAGGING_COUNT),
            Map.entry("replication-history", Operation.UNSUPPORTED_REPLICATION_HISTORY),
            Map.entry("cors-preflight", Operation.UNSUPPORTED_CORS_PREFLIGHT),
            Map.entry("preflight", Operation.UNSUPPORTED_PREFLIGHT),
            Map.entry("guetzli", Operation.UNSUPPORTED_GUETZLI),
            Map.entry("ci-process", Operation.UNSUPPORTED_CI_PROCESS));

    /** Parameters that are not sub-resources (they may be empty, as Python sends them). */
    static final Set<String> PLAIN = Set.of(
            "prefix", "delimiter", "marker", "max-keys", "encoding-type", "list-type", "continuation-token",
            "start-after", "fetch-owner", "key-marker", "version-id-marker", "upload-id-marker", "max-uploads",
            "max-parts", "part-number-marker", "versionId", "partNumber", "uploadId", "x-id",
            "response-content-type", "response-content-language", "response-expires", "response-cache-control",
            "response-content-disposition", "response-content-encoding",
            "q-sign-algorithm", "q-ak", "q-sign-time", "q-key-time", "q-header-list", "q-url-param-list",
            "q-signature", "sign", "x-cos-security-token", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
            "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token",
            "x-amz-checksum-mode", "recursive", "tagkey", "tagvalue", "region", "create-time", "range",
            "x-cos-traffic-limit", "max-buckets", "bucket-region");

    /** cosd's own endpoints, path style only ({@code -} is never a bucket name). */
    public static final String HEALTH = "/-/health", METRICS = "/-/metrics", LIFECYCLE_PREVIEW = "/-/admin/lifecycle/preview",
            LIFECYCLE_RUN = "/-/admin/lifecycle/run", POLICY_EXPLAIN = "/-/admin/policy/explain", USERS = "/-/admin/users",
            USER_POLICY = "/-/admin/users/policy", KEYS = "/-/admin/keys", ACCOUNTS = "/-/admin/accounts",
            ACCOUNT_EMAIL = "/-/admin/accounts/email",
            REPLICATION_STATUS = "/-/admin/replication/status", REPLICATION_RESYNC = "/-/admin/replication/resync";

    /** Each own endpoint's methods: one operation per (path, method); any other method is 405. */
    private static final Map<String, Map<String, Operation>> OWN = Map.ofEntries(
            Map.entry(HEALTH, Map.of("GET", Operation.HEALTH, "HEAD", Operation.HEALTH)),
            Map.entry(METRICS, Map.of("GET", Operation.METRICS, "HEAD", Operation.METRICS)),
            Map.entry(LIFECYCLE_PREVIEW, Map.of("GET", Operation.ADMIN_LIFECYCLE_PREVIEW)),
            Map.entry(LIFECYCLE_RUN, Map.of("POST", Operation.ADMIN_LIFECYCLE_RUN)),
            Map.entry(POLICY_EXPLAIN, Map.of("POST", Operation.ADMIN_POLICY_EXPLAIN)),
            Map.entry(USERS, Map.of("GET", Operation.ADMIN_LIST_USERS, "POST", Operation.ADMIN_ADD_USER,
                    "DELETE", Operation.ADMIN_REMOVE_USER)),
            Map.entry(USER_POLICY, Map.of("GET", Operation.ADMIN_GET_USER_POLICY, "PUT", Operation.ADMIN_PUT_USER_POLICY,
                    "DELETE", Operation.ADMIN_DELETE_USER_POLICY)),
            Map.entry(KEYS, Map.of("GET", Operation.ADMIN_LIST_KEYS, "POST", Operation.ADMIN_CREATE_KEY,
                    "DELETE", Operation.ADMIN_REVOKE_KEY)),
            Map.entry(ACCOUNTS, Map.of("GET", Operation.ADMIN_LIST_ACCOUNTS, "POST", Operation.ADMIN_ADD_ACCOUNT,
                    "DELETE", Operation.ADMIN_REMOVE_ACCOUNT)),
            Map.entry(ACCOUNT_EMAIL, Map.of("PUT", Operation.ADMIN_SET_ACCOUNT_EMAIL, "DELETE", Operation.ADMIN_CLEAR_ACCOUNT_EMAIL)),
            Map.entry(REPLICATION_STATUS, Map.of("GET", Operation.ADMIN_REPLICATION_STATUS)),
            Map.entry(REPLICATION_RESYNC, Map.of("POST", Operation.ADMIN_REPLICATION_RESYNC)));
    private static final Map<String, Operation> CONSOLE_METHODS = Map.of("GET", Operation.CONSOLE, "HEAD", Operation.CONSOLE);
    /** The web console's files: this path and every path below it (docs/console.md). */
    public static final String CONSOLE = "/-/console";

    private Router() {}

    /**
     * The whole routing decision. cosd's own endpoints come first, matched on the raw path (a
     * percent-encoded spelling is not one of them), before the OPTIONS rule and the query's
     * sub-resources: OPTIONS on them is 405 and their query is theirs. Every other path under
     * {@code /-/admin/} is InvalidURI, so an admin path never reaches bucket routing.
     *
     * @param pathStyleRawPath the raw request path when the request is path style, null when virtual-hosted
     */
    public static Operation route(String method, String pathStyleRawPath, String bucket, String key, QueryParams q, boolean copySource) {
        if (pathStyleRawPath != null && pathStyleRawPath.startsWith("/-/")) {
            Operation own = ownEndpoint(method, pathStyleRawPath, bucket);
            if (own != null) return own;
        }
        return route(method, bucket, key, q, copySource);
    }

    private static Operation ownEndpoint(String method, String rawPath, String bucket) {
        Map<String, Operation> methods = OWN.get(rawPath);
        if (methods == null && (rawPath.equals(CONSOLE) || rawPath.startsWith(CONSOLE + "/"))) methods = CONSOLE_METHODS;
        if (methods == null) {
            if ("-".equals(bucket) && rawPath.startsWith("/-/admin/")) throw ErrorCode.INVALID_URI.exception("Unknown admin endpoint.");
            return null;
        }
        Operation op = methods.get(method);
        if (op == null) throw ErrorCode.METHOD_NOT_ALLOWED.exception();
        return op;
    }

    /** Bucket and object routing (the S3 and COS APIs), for a path that is not one of cosd's own. */
    public static Operation route(String method, String bucket, String key, QueryParams q, boolean copySource) {
        // Every OPTIONS is a CORS preflight, whatever the path or query (docs/spec/semantics.md §1.4, §1.7):
        // decided before the query is inspected, so no sub-resource keyword can turn it into a 400.
        if (method.equals("OPTIONS")) return Operation.OPTIONS_OBJECT;
        String sub = subResource(q);
        if (bucket == null) {
            if (method.equals("GET") && sub == null) return Operation.LIST_BUCKETS;
            throw ErrorCode.METHOD_NOT_ALLOWED.exception();
        }
        if (sub != null && UNSUPPORTED.containsKey(sub)) return UNSUPPORTED.get(sub);
        return key == null ? bucketOp(method, sub, q) : objectOp(method, sub, q, copySource);
    }

    /** The one sub-resource keyword in the query, or null. Two different ones are ambiguous: 400. */
    static String subResource(QueryParams q) {
        String found = null;
        for (String k : q.keys()) {
            if (PLAIN.contains(k)) continue;
            if (k.startsWith("response-")) continue;
            boolean known = KNOWN.contains(k) || UNSUPPORTED.containsKey(k);
            if (!known) {
                // A custom parameter with a value is ignored (Java SDK customQueryParameters); an
                // unknown bare keyword is an unknown sub-resource.
                if (q.get(k).isEmpty()) throw ErrorCode.INVALID_ARGUMENT.exception("Unknown sub-resource: " + k);
                continue;
            }
            if (found != null && !found.equals(k)) throw ErrorCode.INVALID_ARGUMENT.exception("Conflicting sub-resources: " + found + ", " + k);
            found = k;
        }
        return found;
    }

    /**
     * The spelling the Router and handlers read for a parameter name known to cosd, given that name
     * lower-cased, or null for an unknown name. q-sign lowercases names, so a request naming a known
     * parameter in another case ({@code VersionId}) would be signed as the known one but ignored here
     * (docs/signing.md AUTH-4).
     */
    public static String knownSpelling(String lowerCaseName) { return SPELLINGS.get(lowerCaseName); }

    private static Map<String, String> spellings() {
        Map<String, String> m = new HashMap<>();
        for (Set<String> s : List.of(PLAIN, KNOWN, UNSUPPORTED.keySet())) {
            for (String n : s) m.put(n.toLowerCase(Locale.ROOT), n);
        }
        return Map.copyOf(m);
    }

    /** Whether {@code name} is a sub-resource keyword, built or not (a q-sign must list it: docs/signing.md AUTH-4). */
    public static boolean isSubResource(String name) { return KNOWN.contains(name) || UNSUPPORTED.containsKey(name); }

    static final Set<String> KNOWN = Set.of("cors", "lifecycle", "versioning", "versions", "replication", "policy",
            "location", "delete", "uploads", "tagging", "restore", "publicAccessBlock", "policyStatus", "acl", "attributes",
            "ownershipControls", "object-lock", "retention", "legal-hold", "encryption");

    /** After PLAIN, KNOWN and UNSUPPORTED: built from them at class initialisation. */
    private static final Map<String, String> SPELLINGS = spellings();

    private static Operation bucketOp(String method, String sub, QueryParams q) {
        if (sub == null) {
            return switch (method) {
                case "PUT" -> Operation.CREATE_BUCKET;
                case "HEAD" -> Operation.HEAD_BUCKET;
                case "DELETE" -> Operation.DELETE_BUCKET;
                case "GET" -> "2".equals(q.get("list-type")) ? Operation.LIST_OBJECTS_V2 : Operation.LIST_OBJECTS;
                case "POST" -> Operation.POST_OBJECT; // the browser form upload (docs/post-object.md)
                default -> throw ErrorCode.METHOD_NOT_ALLOWED.exception();
            };
        }
        return switch (sub + " " + method) {
            case "location GET" -> Operation.GET_BUCKET_LOCATION;
            case "versions GET" -> Operation.LIST_OBJECT_VERSIONS;
            case "delete POST" -> Operation.DELETE_OBJECTS;
            case "cors GET" -> Operation.GET_BUCKET_CORS;
            case "cors PUT" -> Operation.PUT_BUCKET_CORS;
            case "cors DELETE" -> Operation.DELETE_BUCKET_CORS;
            case "lifecycle GET" -> Operation.GET_BUCKET_LIFECYCLE;
            case "lifecycle PUT" -> Operation.PUT_BUCKET_LIFECYCLE;
            case "lifecycle DELETE" -> Operation.DELETE_BUCKET_LIFECYCLE;
            case "versioning GET" -> Operation.GET_BUCKET_VERSIONING;
            case "versioning PUT" -> Operation.PUT_BUCKET_VERSIONING;
            case "replication GET" -> Operation.GET_BUCKET_REPLICATION;
            case "replication PUT" -> Operation.PUT_BUCKET_REPLICATION;
            case "replication DELETE" -> Operation.DELETE_BUCKET_REPLICATION;
            case "policy GET" -> Operation.GET_BUCKET_POLICY;
            case "policy PUT" -> Operation.PUT_BUCKET_POLICY;
            case "policy DELETE" -> Operation.DELETE_BUCKET_POLICY;
            case "uploads GET" -> Operation.LIST_MULTIPART_UPLOADS;
            case "acl GET" -> Operation.GET_BUCKET_ACL;
            case "acl PUT" -> Operation.PUT_BUCKET_ACL;
            // S3 only; COS has no such API and is answered the same way (docs/policy.md#public-access-block)
            case "publicAccessBlock GET" -> Operation.GET_PUBLIC_ACCESS_BLOCK;
            case "publicAccessBlock PUT" -> Operation.PUT_PUBLIC_ACCESS_BLOCK;
            case "publicAccessBlock DELETE" -> Operation.DELETE_PUBLIC_ACCESS_BLOCK;
            case "policyStatus GET" -> Operation.GET_BUCKET_POLICY_STATUS;
            // S3 only; COS has none and is answered the same way: the setting binds both dialects (docs/acl.md ACL-O2)
            case "ownershipControls GET" -> Operation.GET_OWNERSHIP_CONTROLS;
            case "ownershipControls PUT" -> Operation.PUT_OWNERSHIP_CONTROLS;
            case "ownershipControls DELETE" -> Operation.DELETE_OWNERSHIP_CONTROLS;
            case "tagging GET" -> Operation.GET_BUCKET_TAGGING;
            case "tagging PUT" -> Operation.PUT_BUCKET_TAGGING;
            case "tagging DELETE" -> Operation.DELETE_BUCKET_TAGGING;
            // both dialects (docs/object-lock.md, LOCK-1)
            case "object-lock GET" -> Operation.GET_OBJECT_LOCK_CONFIGURATION;
            case "object-lock PUT" -> Operation.PUT_OBJECT_LOCK_CONFIGURATION;
            case "encryption GET" -> Operation.GET_BUCKET_ENCRYPTION;
            case "encryption PUT" -> Operation.PUT_BUCKET_ENCRYPTION;
            case "encryption DELETE" -> Operation.DELETE_BUCKET_ENCRYPTION;
            default -> throw ErrorCode.METHOD_NOT_ALLOWED.exception();
        };
    }

    private static Operation objectOp(String method, String sub, QueryParams q, boolean copySource) {
        if (sub == null) {
            boolean upload = q.has("uploadId");
            return switch (method) {
                case "PUT" -> upload ? (copySource ? Operation.UPLOAD_PART_COPY : Operation.UPLOAD_PART)
                        : copySource ? Operation.COPY_OBJECT : Operation.PUT_OBJECT;
                case "GET" -> upload ? Operation.LIST_PARTS : Operation.GET_OBJECT;
                case "HEAD" -> Operation.HEAD_OBJECT;
                case "DELETE" -> upload ? Operation.ABORT_MULTIPART_UPLOAD : Operation.DELETE_OBJECT;
                case "POST" -> {
                    if (upload) yield Operation.COMPLETE_MULTIPART_UPLOAD;
                    throw ErrorCode.METHOD_NOT_ALLOWED.exception();
                }
                default -> throw ErrorCode.METHOD_NOT_ALLOWED.exception();
            };
        }
        return switch (sub + " " + method) {
            case "uploads POST" -> Operation.INITIATE_MULTIPART_UPLOAD;
            case "tagging GET" -> Operation.GET_OBJECT_TAGGING;
            case "tagging PUT" -> Operation.PUT_OBJECT_TAGGING;
            case "tagging DELETE" -> Operation.DELETE_OBJECT_TAGGING;
            case "restore POST" -> Operation.RESTORE_OBJECT;
            case "acl GET" -> Operation.GET_OBJECT_ACL;
            case "acl PUT" -> Operation.PUT_OBJECT_ACL;
            case "attributes GET" -> Operation.GET_OBJECT_ATTRIBUTES;
            // both dialects (docs/object-lock.md, LOCK-6, LOCK-8)
            case "retention GET" -> Operation.GET_OBJECT_RETENTION;
            case "retention PUT" -> Operation.PUT_OBJECT_RETENTION;
            case "legal-hold GET" -> Operation.GET_OBJECT_LEGAL_HOLD;
            case "legal-hold PUT" -> Operation.PUT_OBJECT_LEGAL_HOLD;
            default -> throw ErrorCode.METHOD_NOT_ALLOWED.exception();
        };
    }
}
