package io.cosd.api.error;

import io.cosd.domain.Refusal;

/**
 * The one place a domain {@link Refusal} becomes a wire error: one exhaustive switch, no default, so a
 * new reason does not compile until it has an answer (docs/spec/design.md, "Errors").
 */
public final class DomainErrors {
    private DomainErrors() {}

    public static ApiException toApi(Refusal r) {
        ErrorCode code = switch (r.reason()) {
            case NO_SUCH_BUCKET -> ErrorCode.NO_SUCH_BUCKET;
            case NO_SUCH_KEY -> ErrorCode.NO_SUCH_KEY;
            case NO_SUCH_VERSION -> ErrorCode.NO_SUCH_VERSION;
            case NO_SUCH_UPLOAD -> ErrorCode.NO_SUCH_UPLOAD;
            case MALFORMED_DOCUMENT -> ErrorCode.MALFORMED_XML;
            case INVALID_ARGUMENT -> ErrorCode.INVALID_ARGUMENT;
            case INVALID_REQUEST -> ErrorCode.INVALID_REQUEST;
            case BUCKET_OWNED_BY_CALLER -> ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU;
            case BUCKET_OWNED_BY_OTHER -> ErrorCode.BUCKET_ALREADY_EXISTS;
            case BUCKET_NOT_EMPTY -> ErrorCode.BUCKET_NOT_EMPTY;
            case VERSIONING_HELD_BY_REPLICATION -> ErrorCode.INVALID_BUCKET_STATE;
            case BODY_TOO_LARGE -> ErrorCode.ENTITY_TOO_LARGE;
            case BODY_INCOMPLETE -> ErrorCode.INCOMPLETE_BODY;
            case DIGEST_MISMATCH -> ErrorCode.BAD_DIGEST;
            case VERSION_IS_DELETE_MARKER -> ErrorCode.METHOD_NOT_ALLOWED;
            case PART_ORDER -> ErrorCode.INVALID_PART_ORDER;
            case PART_MISMATCH -> ErrorCode.INVALID_PART;
            case PART_TOO_SMALL -> ErrorCode.ENTITY_TOO_SMALL;
            case CONTENDED -> ErrorCode.SERVICE_UNAVAILABLE;
            case RESTORE_IN_PROGRESS -> ErrorCode.RESTORE_ALREADY_IN_PROGRESS;
            case NEEDS_MULTI_AZ_BUCKET -> ErrorCode.MAZ_OPERATION_NOT_SUPPORT_ON_OAZ_BUCKET;
            case NEEDS_SINGLE_AZ_BUCKET -> ErrorCode.OAZ_OPERATION_NOT_SUPPORT_ON_MAZ_BUCKET;
            case DESTINATION_NOT_OWNED -> ErrorCode.ACCESS_DENIED;
            case REGION_UNREACHABLE -> ErrorCode.SERVICE_UNAVAILABLE;
            case UNSUPPORTED_STORAGE_CLASS -> ErrorCode.NOT_SUPPORTED_STORAGE_CLASS;
            case PRECONDITION_FAILED -> ErrorCode.PRECONDITION_FAILED;
            case CONDITIONAL_CONFLICT -> ErrorCode.CONDITIONAL_REQUEST_CONFLICT;
            case OBJECT_LOCKED -> ErrorCode.ACCESS_DENIED;
            case OBJECT_LOCK_BUCKET_STATE -> ErrorCode.INVALID_BUCKET_STATE;
            case OBJECT_LOCK_NOT_ENABLED -> ErrorCode.INVALID_REQUEST;
            case ENCRYPTION_KEY_MISMATCH -> ErrorCode.ACCESS_DENIED; // SSE-8: as S3 answers a wrong SSE-C key
            case KMS_KEY_NOT_FOUND -> ErrorCode.KMS_NOT_FOUND;
            case KMS_KEY_DISABLED -> ErrorCode.KMS_DISABLED;
            case KMS_INVALID_CIPHERTEXT -> ErrorCode.INTERNAL_ERROR;
            case NO_SUCH_ENTITY -> ErrorCode.NO_SUCH_ENTITY;
            case ENTITY_EXISTS -> ErrorCode.ENTITY_ALREADY_EXISTS;
            case ENTITY_IN_USE -> ErrorCode.DELETE_CONFLICT;
        };
        return code.exception(r.detail());
    }
}
