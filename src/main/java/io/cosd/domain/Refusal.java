package io.cosd.domain;

/**
 * A request the domain or a service refuses, named by a domain {@link Reason} rather than a wire error.
 * The HTTP layer translates each reason once, in one exhaustive switch ({@code api/error/DomainErrors});
 * services and domain code never choose a status or an error code (docs/spec/design.md, "Errors").
 * The detail, when given, is the message the client sees; null means the wire error's default message.
 * No stack trace: a refusal is an answer, not a fault.
 */
public final class Refusal extends RuntimeException {
    /** Why a request is refused, in the domain's words. Each maps to exactly one wire error. */
    public enum Reason {
        NO_SUCH_BUCKET,
        NO_SUCH_KEY,
        NO_SUCH_VERSION,
        NO_SUCH_UPLOAD,
        /** A configuration or request document that cannot be read as the expected shape. */
        MALFORMED_DOCUMENT,
        /** One value in the request is out of range or not allowed. */
        INVALID_ARGUMENT,
        /** The request as a whole is not allowed in the resource's current state or combination. */
        INVALID_REQUEST,

        // Buckets (docs/buckets.md).
        /** CreateBucket of a name the caller already owns. */
        BUCKET_OWNED_BY_CALLER,
        /** CreateBucket of a name another account owns. */
        BUCKET_OWNED_BY_OTHER,
        /** DeleteBucket of a bucket that still holds objects (or, on COS, uploads). */
        BUCKET_NOT_EMPTY,
        /** VER-S5: versioning cannot be suspended while a replication configuration needs it. */
        VERSIONING_HELD_BY_REPLICATION,

        // Object bodies (docs/storage.md).
        /** The body is longer than the object or part size cap. */
        BODY_TOO_LARGE,
        /** The body ended before (or ran past) its declared length, or could not be read. */
        BODY_INCOMPLETE,
        /** The body's MD5 is not the Content-MD5 the client declared. */
        DIGEST_MISMATCH,

        // Versions.
        /** VER-G5: a delete marker named by version id has no sub-resources. */
        VERSION_IS_DELETE_MARKER,

        // Multipart completion (domain/object/MultipartCompletion).
        /** The parts of a completion are not in ascending part-number order. */
        PART_ORDER,
        /** A part of a completion was never uploaded or its ETag differs. */
        PART_MISMATCH,
        /** A part other than the last is below the minimum part size. */
        PART_TOO_SMALL,
        /** The completion lost its optimistic retries to concurrent part uploads; the client may retry. */
        CONTENDED,

        // Archive restore (LC-R4).
        /** A restore of this version is still running. */
        RESTORE_IN_PROGRESS,

        // Availability zones (REP-V9, LC-E3): which kind of bucket the operation needs.
        /** A multi-AZ-only operation (a MAZ storage class, a MAZ replica) on a single-AZ bucket. */
        NEEDS_MULTI_AZ_BUCKET,
        /** A single-AZ storage class on a multi-AZ bucket. */
        NEEDS_SINGLE_AZ_BUCKET,

        // Replication destinations (REP-V3, docs/replication.md).
        /** REP-V3: the destination bucket belongs to another owner than the source's. */
        DESTINATION_NOT_OWNED,
        /** The destination's region could not be asked; the client may retry. */
        REGION_UNREACHABLE,
        /** A storage class the request names that this server does not offer for that use. */
        UNSUPPORTED_STORAGE_CLASS,

        // Conditional writes and deletes (OBJ-CW1..CW5, OBJ-CD1..CD3).
        /** The write's or delete's precondition does not hold for the current version. */
        PRECONDITION_FAILED,
        /** OBJ-CW4: the version that fails the write's precondition was committed while the write was under way. */
        CONDITIONAL_CONFLICT,

        // Object lock (docs/object-lock.md, LOCK-1..LOCK-9).
        /** LOCK-5, LOCK-6: the version's retention or legal hold forbids the removal or the change. */
        OBJECT_LOCKED,
        /** LOCK-1: the bucket's state does not allow it (lock on an unversioned bucket, suspending a locked one). */
        OBJECT_LOCK_BUCKET_STATE,
        /** LOCK-7: a retention or legal hold asked for in a bucket without object lock. */
        OBJECT_LOCK_NOT_ENABLED,

        // The key service of SSE-KMS (docs/encryption.md "Key service", KMS-2..KMS-6).
        /** KMS-2: no key has the id or alias the request or bucket default names. */
        KMS_KEY_NOT_FOUND,
        /** KMS-4: the key is disabled, so no new data key is made under it. */
        KMS_KEY_DISABLED,
        /** KMS-6: a wrapped data key that does not open (another key, context, or damaged bytes). */
        KMS_INVALID_CIPHERTEXT,

        // Server-side encryption (SSE-8, docs/encryption.md).
        /** SSE-8: the SSE-C key sent is not the key the object (or upload, or copy source) was encrypted with. */
        ENCRYPTION_KEY_MISMATCH,

        // Accounts, users and keys (service/IdentityAdmin, docs/security.md ADM-1..ADM-8).
        /** No such user, key or account in the caller's account (or on the server, for the operator). */
        NO_SUCH_ENTITY,
        /** The uin, APPID, e-mail address or SecretId is already taken. */
        ENTITY_EXISTS,
        /** ACC-3: an account that still owns buckets. */
        ENTITY_IN_USE,
    }

    private final Reason reason;

    public Refusal(Reason reason) { this(reason, null); }

    public Refusal(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() { return reason; }

    /** The message for the client, or null for the wire error's default. */
    public String detail() { return getMessage(); }
}
