package io.cosd.api.route;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Request headers that COS or S3 define, that change what a write means, and that cosd does not
 * build: the header twin of {@link Router#UNSUPPORTED} (recognised but unbuilt sub-resources). A
 * request carrying one answers {@code 501 NotImplemented} naming the header, before any body byte
 * is read and before anything is stored (docs/unbuilt.md). Accepting such a header and doing
 * nothing would let a client believe its data is encrypted, locked, public or written only if
 * absent.
 *
 * <p>Pure: (operation, request headers) → the refusal message, or none. Deliberate exceptions,
 * each describing exactly what cosd does anyway (docs/unbuilt.md "Accepted on purpose"): the
 * canned ACL {@code private} (and COS {@code default}) on operations that apply no ACL, every canned
 * ACL and grant on those that do ({@link #ACL_WRITES}, docs/acl.md), {@code x-amz-bucket-object-lock-enabled: false}
 * and checksums cosd verifies ({@link #VERIFIED_CHECKSUMS}).
 */
public final class UnbuiltHeaders {
    /** Checksum algorithms whose {@code x-amz-checksum-<alg>} value cosd verifies against the body (header or aws-chunked trailer). */
    public static final Set<String> VERIFIED_CHECKSUMS = Set.of("crc32", "crc32c", "crc64nvme", "sha1", "sha256");

    /** Conditional-delete headers DeleteObject builds (OBJ-CD1); any other x-amz-if-match-* there stays refused. */
    private static final Set<String> DELETE_CONDITIONS = Set.of("if-match", "x-amz-if-match-last-modified-time", "x-amz-if-match-size");

    /**
     * Operations whose body is not the object's bytes: a checksum value there would be one cosd never checks.
     * CompleteMultipartUpload's is the object's, checked against the one computed from the parts (OBJ-K8).
     */
    private static final Set<Operation> NO_BODY_CHECKSUM = Set.of(Operation.COPY_OBJECT, Operation.UPLOAD_PART_COPY);

    /** Where {@code x-amz-checksum-type} is built: the upload's type, and the completion's check of it (OBJ-K5, OBJ-K8). */
    private static final Set<Operation> CHECKSUM_TYPE = Set.of(Operation.INITIATE_MULTIPART_UPLOAD, Operation.COMPLETE_MULTIPART_UPLOAD);

    /** Operations whose canned ACL and grant headers cosd applies (docs/acl.md); elsewhere they stay refused but {@code private}. */
    static final Set<Operation> ACL_WRITES = Set.of(Operation.CREATE_BUCKET, Operation.PUT_OBJECT, Operation.COPY_OBJECT,
            Operation.INITIATE_MULTIPART_UPLOAD, Operation.PUT_BUCKET_ACL, Operation.PUT_OBJECT_ACL,
            Operation.POST_OBJECT); // as form fields (docs/post-object.md); as POST headers they are 400 (PostFacts)

    /** Operations that write a new version and apply the object lock headers (docs/object-lock.md, LOCK-2). */
    static final Set<Operation> LOCK_WRITES = Set.of(Operation.PUT_OBJECT, Operation.COPY_OBJECT, Operation.INITIATE_MULTIPART_UPLOAD,
            Operation.POST_OBJECT); // as form fields (docs/post-object.md); as POST headers they are 400 (PostFacts)

    /** The object lock headers cosd reads, without their x-amz-/x-cos- prefix; any other x-*-object-lock-* stays refused. */
    private static final Set<String> LOCK_HEADERS = Set.of("object-lock-mode", "object-lock-retain-until-date", "object-lock-legal-hold");

    private UnbuiltHeaders() {}

    /**
     * The 501 message for a cosd admin endpoint ({@code /-/admin/*}, scope ADMIN), or empty. Those name their
     * bucket in the query or body and check no expected owner, so {@code x-amz-expected-bucket-owner} (and the
     * source one) there would be a check asked for and skipped (UB-1, docs/unbuilt.md); so would a checksum
     * header ({@code x-amz-checksum-*}, {@code x-amz-sdk-checksum-algorithm}, {@code x-amz-trailer}) or a
     * condition ({@code If-*}, {@code x-amz-if-*}).
     */
    public static Optional<String> adminRefusal(List<Map.Entry<String, String>> headers) {
        for (var h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("x-amz-expected-bucket-owner") || name.equals("x-amz-source-expected-bucket-owner")) {
                return Optional.of("expected bucket owner checks");
            }
            // Their bodies are checked by a signed Content-MD5 or SHA-256 only (ADM-6): a checksum there would be one never compared.
            if (name.startsWith("x-amz-checksum-") || name.equals("x-amz-sdk-checksum-algorithm") || name.equals("x-amz-trailer")) {
                return Optional.of("checksums on the admin endpoints (" + name + ")");
            }
            // They have no ETag or date to compare: a condition there would be one never evaluated.
            if (name.startsWith("if-") || name.startsWith("x-amz-if-") || name.startsWith("x-cos-if-")) {
                return Optional.of("conditional requests on the admin endpoints (" + name + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * The 501 message for a request header given as a query parameter ({@code ?x-amz-acl=public-read}, as
     * the JS v3, Ruby and Go v1 presigners hoist x-amz-* headers and S3 honours them), or empty. cosd reads
     * such headers only as headers, so any x-amz-* / x-cos-* parameter it does not know is refused rather
     * than ignored (docs/unbuilt.md UB-4).
     */
    public static Optional<String> queryRefusal(Collection<String> queryNames) {
        for (String k : queryNames) {
            String lower = k.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("x-amz-") && !lower.startsWith("x-cos-")) continue;
            if (k.equals(Router.knownSpelling(lower))) continue;
            return Optional.of("A query parameter you provided implies functionality that is not implemented: " + k
                    + " (request headers given as query parameters; see docs/unbuilt.md).");
        }
        return Optional.empty();
    }

    /** The 501 message for the first refused header, or empty when the request asks for nothing unbuilt. */
    public static Optional<String> refusal(Operation op, List<Map.Entry<String, String>> headers) {
        return refusal(op, headers, false);
    }

    /** As {@link #refusal(Operation, List)}; {@code kms}: a key service is wired, so SSE-KMS is built (SSE-16). */
    public static Optional<String> refusal(Operation op, List<Map.Entry<String, String>> headers, boolean kms) {
        for (var e : headers) {
            String raw = e.getKey();
            // Hot path (every request): every name this class knows starts with x-, if- or pic-, so most
            // headers (Host, Authorization, Content-*, User-Agent, …) are skipped without lowercasing.
            if (raw.isEmpty()) continue;
            char c = (char) (raw.charAt(0) | 0x20);
            if (c != 'x' && c != 'i' && c != 'p') continue;
            String name = raw.toLowerCase(Locale.ROOT);
            String feature = feature(op, name, e.getValue() == null ? "" : e.getValue().trim(), kms);
            if (feature != null) {
                return Optional.of("A header you provided implies functionality that is not implemented: " + name
                        + " (" + feature + "; see docs/unbuilt.md).");
            }
        }
        return Optional.empty();
    }

    /** The HTTP conditionals; on a GET or HEAD they are read conditionals, which every read evaluates. */
    private static final Set<String> HTTP_CONDITIONS = Set.of("if-match", "if-none-match", "if-modified-since", "if-unmodified-since");

    /**
     * The 501 message for an HTTP conditional on a request that is not a GET or HEAD and whose operation
     * does not evaluate it, or empty (UB-1, docs/unbuilt.md): PutObject, CopyObject and
     * CompleteMultipartUpload evaluate If-Match and If-None-Match (OBJ-CW1), DeleteObject If-Match
     * (OBJ-CD1); anywhere else (If-Unmodified-Since on a PUT, If-Match on PutObjectTagging, …) the
     * client asked that the write be skipped under a condition cosd would not check. GET and HEAD keep
     * their read conditionals, which browsers send everywhere.
     */
    public static Optional<String> conditionRefusal(Operation op, String method, List<Map.Entry<String, String>> headers) {
        if ("GET".equals(method) || "HEAD".equals(method)) return Optional.empty();
        for (var e : headers) {
            String raw = e.getKey();
            if (raw.length() < 8 || (raw.charAt(0) | 0x20) != 'i' || (raw.charAt(1) | 0x20) != 'f') continue;
            String name = raw.toLowerCase(Locale.ROOT);
            if (!HTTP_CONDITIONS.contains(name) || evaluates(op, name)) continue;
            return Optional.of("A header you provided implies functionality that is not implemented: " + name
                    + " (conditional requests on " + op.name() + "; see docs/unbuilt.md).");
        }
        return Optional.empty();
    }

    private static boolean evaluates(Operation op, String condition) {
        return switch (op) {
            case PUT_OBJECT, COPY_OBJECT, COMPLETE_MULTIPART_UPLOAD -> condition.equals("if-match") || condition.equals("if-none-match");
            case DELETE_OBJECT -> condition.equals("if-match");
            default -> false;
        };
    }

    /** The unbuilt feature a header asks for, or null when cosd does what it says (or it is not one of these headers). */
    static String feature(Operation op, String name, String value) {
        return feature(op, name, value, false);
    }

    static String feature(Operation op, String name, String value, boolean kms) {
        if (name.startsWith("x-amz-server-side-encryption") || name.startsWith("x-cos-server-side-encryption")
                || name.startsWith("x-amz-copy-source-server-side-encryption") || name.startsWith("x-cos-copy-source-server-side-encryption")) {
            // SSE-17: S3's dual-layer SSE-KMS is a real value cosd does not build (UB-1), with or without a key
            // service; COS has no such value, so its header keeps the handler's 400 for an unknown one.
            if (name.equals("x-amz-server-side-encryption") && value.equals("aws:kms:dsse") && SSE_WRITES.contains(op)) {
                return "dual-layer SSE-KMS aws:kms:dsse";
            }
            return encryption(op, name.substring(6), value, kms);
        }
        if (name.startsWith("x-amz-object-lock-") || name.startsWith("x-cos-object-lock-")) {
            // Built where a new version is written (api/lock/LockHeaders, docs/object-lock.md LOCK-2), POST
            // Object's form fields included; every other operation still refuses them.
            return LOCK_WRITES.contains(op) && LOCK_HEADERS.contains(name.substring(6)) ? null : "object lock";
        }
        if (name.equals("x-amz-bucket-object-lock-enabled") || name.equals("x-cos-bucket-object-lock-enabled")) {
            if (op == Operation.CREATE_BUCKET) return null; // built: api/bucket/BucketHandler reads it (LOCK-1)
            return value.equalsIgnoreCase("false") ? null : "object lock";
        }
        if (ACL_WRITES.contains(op) && (name.equals("x-amz-acl") || name.equals("x-cos-acl")
                || name.startsWith("x-amz-grant-") || name.startsWith("x-cos-grant-"))) {
            return null; // built: api/acl/AclHeaders reads them (docs/acl.md, ACL-C1, ACL-H1)
        }
        if (name.equals("x-amz-acl")) return value.equals("private") ? null : "canned ACL " + value;
        if (name.equals("x-cos-acl")) return value.equals("private") || value.equals("default") ? null : "canned ACL " + value;
        if (name.startsWith("x-amz-grant-") || name.startsWith("x-cos-grant-")) return "ACL grants";
        // Built on CreateBucket (docs/acl.md "Object Ownership", ACL-O2); elsewhere S3 defines no such header, and
        // even ObjectWriter is refused: in a bucket with controls a write asking for it would not get it.
        if (name.equals("x-amz-object-ownership")) return op == Operation.CREATE_BUCKET ? null : "object ownership " + value;
        if (name.equals("x-amz-website-redirect-location") || name.equals("x-cos-website-redirect-location")) return "website redirects";
        // Built where S3 takes them (api/core/ExpectedOwner); elsewhere a check the client asked for would be skipped.
        if (name.equals("x-amz-expected-bucket-owner")) return op.checksExpectedBucketOwner() ? null : "expected bucket owner checks";
        if (name.equals("x-amz-source-expected-bucket-owner")) return op.checksSourceBucketOwner() ? null : "expected bucket owner checks";
        if (name.equals("x-amz-mfa")) return "MFA delete";
        if (name.equals("x-amz-write-offset-bytes")) return "appends";
        if (name.equals("pic-operations")) return "image processing on upload";
        if (name.equals("x-cos-forbid-overwrite")) return value.equalsIgnoreCase("true") ? "create-only writes" : null;
        if (name.startsWith("x-amz-if-match-") && op == Operation.DELETE_OBJECT && !DELETE_CONDITIONS.contains(name)) return "conditional deletes";
        if (name.equals("x-amz-if-match-initiated-time") && op == Operation.ABORT_MULTIPART_UPLOAD) return "conditional aborts";
        return checksum(op, name, value);
    }

    /** Operations that write an object's bytes and take its encryption mode (SSE-9, docs/encryption.md). */
    static final Set<Operation> SSE_WRITES = Set.of(Operation.PUT_OBJECT, Operation.COPY_OBJECT, Operation.INITIATE_MULTIPART_UPLOAD,
            Operation.POST_OBJECT); // as form fields (docs/post-object.md); as POST headers they are 400 (PostFacts)

    /**
     * Operations where an SSE mode header is no write but is checked, never ignored (SSE-9): GET and HEAD
     * refuse it with 400 InvalidArgument as S3 does, UploadPart and CompleteMultipartUpload require it to be
     * their upload's mode.
     */
    static final Set<Operation> SSE_CHECKED = Set.of(Operation.GET_OBJECT, Operation.HEAD_OBJECT, Operation.UPLOAD_PART,
            Operation.COMPLETE_MULTIPART_UPLOAD);

    /** Operations that take an SSE-C key (SSE-8, SSE-9): to encrypt (writes, parts) or to decrypt (reads). */
    static final Set<Operation> SSE_C_KEYS = Set.of(Operation.PUT_OBJECT, Operation.GET_OBJECT, Operation.HEAD_OBJECT,
            Operation.COPY_OBJECT, Operation.INITIATE_MULTIPART_UPLOAD, Operation.UPLOAD_PART, Operation.UPLOAD_PART_COPY,
            Operation.COMPLETE_MULTIPART_UPLOAD, Operation.POST_OBJECT, Operation.GET_OBJECT_ATTRIBUTES,
            Operation.LIST_PARTS); // SSE-A1: the parts' plaintext checksums are shown only with the upload's key

    /** Operations that take the copy source's SSE-C key. */
    static final Set<Operation> SSE_C_SOURCE_KEYS = Set.of(Operation.COPY_OBJECT, Operation.UPLOAD_PART_COPY);

    /**
     * Server-side encryption headers (docs/encryption.md, SSE-9), {@code suffix} without its x-cos-/x-amz-
     * prefix: SSE-S3 and SSE-C are built where S3 takes them; SSE-KMS (aws:kms, cos/kms and its key id,
     * context and bucket-key headers) stays refused until a key service is wired. A bad value of a built
     * header is the handler's 400, not a 501.
     */
    private static String encryption(Operation op, String suffix, String value, boolean kms) {
        switch (suffix) {
            case "server-side-encryption" -> {
                // SSE-9: reads refuse it 400 (ObjectHandler), a part checks it against its upload (MultipartHandler).
                if (!SSE_WRITES.contains(op) && !SSE_CHECKED.contains(op)) return "server-side encryption on " + op.name();
                return !kms && (value.equals("aws:kms") || value.equals("cos/kms")) ? "SSE-KMS" : null;
            }
            case "server-side-encryption-aws-kms-key-id", "server-side-encryption-cos-kms-key-id", "server-side-encryption-context" -> {
                // SSE-16: with a key service, a write's KMS key id and context are built; the bucket key is not.
                return kms && (SSE_WRITES.contains(op) || SSE_CHECKED.contains(op)) ? null : "SSE-KMS";
            }
            case "server-side-encryption-customer-algorithm", "server-side-encryption-customer-key",
                 "server-side-encryption-customer-key-md5" -> {
                return SSE_C_KEYS.contains(op) ? null : "SSE-C keys on " + op.name();
            }
            case "copy-source-server-side-encryption-customer-algorithm", "copy-source-server-side-encryption-customer-key",
                 "copy-source-server-side-encryption-customer-key-md5" -> {
                return SSE_C_SOURCE_KEYS.contains(op) ? null : "SSE-C keys on " + op.name();
            }
            default -> {
                return "SSE-KMS";
            }
        }
    }

    /**
     * Checksums: a value cosd can verify is verified (api/core/ChecksumHeaders for a header value,
     * AwsChunkedInputStream for a trailer); anything else would be accepted unchecked, so it is refused.
     */
    private static String checksum(Operation op, String name, String value) {
        if (!name.startsWith("x-amz-")) return null;
        switch (name) {
            case "x-amz-sdk-checksum-algorithm", "x-amz-checksum-algorithm" -> {
                return VERIFIED_CHECKSUMS.contains(value.toLowerCase(Locale.ROOT)) ? null : "checksum algorithm " + value;
            }
            case "x-amz-trailer" -> {
                String alg = value.toLowerCase(Locale.ROOT);
                if (!alg.startsWith("x-amz-checksum-")) return null;
                return VERIFIED_CHECKSUMS.contains(alg.substring(15)) ? null : "trailing checksum " + value;
            }
            case "x-amz-checksum-type" -> {
                return CHECKSUM_TYPE.contains(op) || value.equalsIgnoreCase("COMPOSITE") ? null : "full-object checksums";
            }
            default -> { }
        }
        if (!name.startsWith("x-amz-checksum-") || name.equals("x-amz-checksum-mode")) return null;
        if (NO_BODY_CHECKSUM.contains(op)) return "full-object checksums";
        return VERIFIED_CHECKSUMS.contains(name.substring(15)) ? null : "checksum " + name.substring(15);
    }
}
