package io.cosd.api.error;

/**
 * Every non-2xx answer goes through this enum: code (exact COS/S3 spelling), HTTP status and the
 * default message. Spellings follow docs/spec/protocol.md §4.4 (e.g. the COS
 * {@code ReplicationConfigurationnotFoundError} with a lower-case n).
 */
public enum ErrorCode {
    // 400
    /** CORS preflight without Origin, with a bad method or malformed requested headers (CORS-P1..P3). */
    BAD_REQUEST("BadRequest", 400, "Bad Request."),
    AUTHORIZATION_HEADER_MALFORMED("AuthorizationHeaderMalformed", 400, "The authorization header is malformed."),
    /** A presigned SigV4 URL whose X-Amz-Credential names another region or service (docs/signing.md AUTH-5). */
    AUTHORIZATION_QUERY_PARAMETERS_ERROR("AuthorizationQueryParametersError", 400, "Error parsing the X-Amz-Credential parameter."),
    BAD_DIGEST("BadDigest", 400, "The Content-MD5 you specified did not match what we received."),
    ENTITY_TOO_LARGE("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed object size."),
    ENTITY_TOO_SMALL("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size."),
    INCOMPLETE_BODY("IncompleteBody", 400, "You did not provide the number of bytes specified by the Content-Length HTTP header."),
    INVALID_ARGUMENT("InvalidArgument", 400, "Invalid Argument."),
    /** CreateBucket naming another region than this deployment's (S3 spelling; docs/buckets.md). */
    ILLEGAL_LOCATION_CONSTRAINT("IllegalLocationConstraintException", 400,
            "The location constraint is incompatible for the region specific endpoint this request was sent to."),
    INVALID_BUCKET_NAME("InvalidBucketName", 400, "The specified bucket is not valid."),
    INVALID_DIGEST("InvalidDigest", 400, "The Content-MD5 you specified is not valid."),
    INVALID_REQUEST("InvalidRequest", 400, "The request is invalid."),
    /** SSE-9: an encryption algorithm other than AES256 (docs/encryption.md). */
    INVALID_ENCRYPTION_ALGORITHM("InvalidEncryptionAlgorithmError", 400, "The encryption request you specified is not valid. The valid value is AES256."),
    INVALID_URI("InvalidURI", 400, "Couldn't parse the specified URI."),
    INVALID_COPY_SOURCE("InvalidCopySource", 400, "The copy source is not valid."),
    INVALID_STORAGE_CLASS("InvalidStorageClass", 400, "The storage class you specified is not valid."),
    INVALID_PART("InvalidPart", 400, "One or more of the specified parts could not be found."),
    INVALID_PART_ORDER("InvalidPartOrder", 400, "The list of parts was not in ascending order."),
    MULTI_BUCKET_NOT_SUPPORT("MultiBucketNotSupport", 400, "Only one destination bucket can be set for cross-region replication."),
    /** REP-V and LC-V17 (COS): a storage class COS does not offer there. */
    NOT_SUPPORTED_STORAGE_CLASS("NotSupportedStorageClass", 400, "The storage class you specified is not supported."),
    /** REP-V9: a MAZ-only operation on a single-AZ bucket (MAZ source replicating to an OAZ bucket; LC-E3 MAZ_* class on an OAZ bucket). */
    MAZ_OPERATION_NOT_SUPPORT_ON_OAZ_BUCKET("MAZOperationNotSupportOnOAZBucket", 400, "This operation is not supported on a single-AZ (OAZ) bucket."),
    /** LC-E3: a single-AZ storage class on a MAZ bucket. */
    OAZ_OPERATION_NOT_SUPPORT_ON_MAZ_BUCKET("OAZOperationNotSupportOnMAZBucket", 400, "This operation is not supported on a multi-AZ (MAZ) bucket."),
    INVALID_TAG("InvalidTag", 400, "The tag provided was not a valid tag."),
    KEY_TOO_LONG("KeyTooLong", 400, "Your key is too long."),
    /** A write asking for an ACL other than bucket-owner-full-control, or PUT ?acl, while ACLs are disabled (docs/acl.md ACL-O3). */
    ACCESS_CONTROL_LIST_NOT_SUPPORTED("AccessControlListNotSupported", 400, "The bucket does not allow ACLs."),
    /** BucketOwnerEnforced on a bucket whose ACL grants others access (docs/acl.md ACL-O5). */
    INVALID_BUCKET_ACL_WITH_OBJECT_OWNERSHIP("InvalidBucketAclWithObjectOwnership", 400,
            "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting."),
    /** A grant to an e-mail address no account has (docs/acl.md ACL-H3). */
    UNRESOLVABLE_GRANT_BY_EMAIL_ADDRESS("UnresolvableGrantByEmailAddress", 400,
            "The e-mail address you provided does not match any account on record."),
    MALFORMED_XML("MalformedXML", 400, "The XML you provided was not well-formed or did not validate against our published schema."),
    /** LOCK-1: a default retention of 0 or fewer days or years, or more than 100 years (docs/object-lock.md). */
    INVALID_RETENTION_PERIOD("InvalidRetentionPeriod", 400, "The retention period must be a positive integer (at most 36500 days or 100 years)."),
    MALFORMED_POLICY("MalformedPolicy", 400, "Policies must be valid JSON."),
    /** POL-A5: S3/MinIO spelling; the COS code for an oversized policy is unverified. */
    POLICY_TOO_LARGE("PolicyTooLarge", 400, "Policy exceeds the maximum allowed document size."),
    MISSING_REQUEST_BODY("MissingRequestBodyError", 400, "Request body is empty."),
    REQUEST_TIMEOUT("RequestTimeout", 400, "Your socket connection to the server was not read from or written to within the timeout period."),
    XML_SIZE_LIMIT("XMLSizeLimit", 400, "The XML you provided was larger than the maximum allowed."),
    /** POST Object (docs/post-object.md): a body that is not well-formed multipart/form-data, or form fields out of order. */
    MALFORMED_POST_REQUEST("MalformedPOSTRequest", 400, "The body of your POST request is not well-formed multipart/form-data."),
    /** POST Object: the policy field is not base64 JSON with an expiration and conditions. */
    INVALID_POLICY_DOCUMENT("InvalidPolicyDocument", 400, "The content of the form does not meet the conditions specified in the policy document."),
    /** POST Object: no file field (or more than one). */
    INCORRECT_NUMBER_OF_FILES("IncorrectNumberOfFilesInPostRequest", 400, "POST requires exactly one file upload per request."),
    /** KMS-2: S3's code for a KMS key that does not exist (AWS, MinIO); COS documents none, so both dialects say it. */
    KMS_NOT_FOUND("KMS.NotFoundException", 400, "Invalid keyId."),
    /** KMS-4: S3's code for a disabled KMS key. */
    KMS_DISABLED("KMS.DisabledException", 400, "The KMS key is disabled."),
    INVALID_CONTENT_SHA256("XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does not match what was computed."),
    // 403
    ACCESS_DENIED("AccessDenied", 403, "Access Denied."),
    REQUEST_EXPIRED("AccessDenied", 403, "Request has expired."),
    INVALID_ACCESS_KEY_ID("InvalidAccessKeyId", 403, "The access key Id format you provided is invalid, please check."),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403, "The calculated signature does not match the signature you provided."),
    REQUEST_TIME_TOO_SKEWED("RequestTimeTooSkewed", 403, "The difference between the request time and the server's time is too large."),
    ACCESS_FORBIDDEN("AccessForbidden", 403, "CORS request is forbidden."),
    INVALID_OBJECT_STATE("InvalidObjectState", 403, "The operation is not valid for the object's storage class."),
    // 404
    NO_SUCH_BUCKET("NoSuchBucket", 404, "The specified bucket does not exist."),
    NO_SUCH_KEY("NoSuchKey", 404, "The specified key does not exist."),
    NO_SUCH_VERSION("NoSuchVersion", 404, "The specified version does not exist."),
    NO_SUCH_UPLOAD("NoSuchUpload", 404, "The specified multipart upload does not exist."),
    NO_SUCH_COPY_SOURCE("NoSuchCopySource", 404, "The specified copy source does not exist."),
    NO_SUCH_CORS_CONFIGURATION("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist."),
    NO_SUCH_LIFECYCLE_CONFIGURATION("NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist."),
    NO_SUCH_REPLICATION_CONFIGURATION("ReplicationConfigurationnotFoundError", 404, "The replication configuration was not found."),
    /** LOCK-1: GET ?object-lock of a bucket without object lock (S3 spelling). */
    OBJECT_LOCK_CONFIGURATION_NOT_FOUND("ObjectLockConfigurationNotFoundError", 404, "Object Lock configuration does not exist for this bucket."),
    /** LOCK-7: GET ?retention or ?legal-hold of a version that has none. */
    NO_SUCH_OBJECT_LOCK_CONFIGURATION("NoSuchObjectLockConfiguration", 404, "The specified object does not have a ObjectLock configuration."),
    NO_SUCH_BUCKET_POLICY("NoSuchBucketPolicy", 404, "The bucket policy does not exist."),
    NO_SUCH_TAG_SET("NoSuchTagSet", 404, "There is no tag set associated with the bucket."),
    /** POL-P2. */
    /** GET ?ownershipControls on a bucket without controls (docs/acl.md ACL-O2). */
    OWNERSHIP_CONTROLS_NOT_FOUND("OwnershipControlsNotFoundError", 404, "The bucket ownership controls were not found."),
    /** SSE-D2: GET ?encryption on a bucket without a default (S3's code; used in the COS dialect too). */
    NO_SUCH_ENCRYPTION_CONFIGURATION("ServerSideEncryptionConfigurationNotFoundError", 404,
            "The server side encryption configuration was not found."),
    NO_SUCH_PUBLIC_ACCESS_BLOCK_CONFIGURATION("NoSuchPublicAccessBlockConfiguration", 404,
            "The public access block configuration was not found."),
    // 405
    METHOD_NOT_ALLOWED("MethodNotAllowed", 405, "The specified method is not allowed against this resource."),
    /** LC-R4 (COS): restore of an object that is not ARCHIVE/DEEP_ARCHIVE. */
    RESTORE_NON_ARCHIVE_OBJECT("RestoreNonArchiveObject", 405, "The object is not in an archive storage class and cannot be restored."),
    // 404 and 409 of the /-/admin identity endpoints, in IAM's words (docs/security.md ADM-5)
    /** ADM-5: no such user, key or account in the caller's reach. */
    NO_SUCH_ENTITY("NoSuchEntity", 404, "The user, key or account does not exist."),
    /** ADM-5: the uin, APPID, e-mail address or SecretId is already taken. */
    ENTITY_ALREADY_EXISTS("EntityAlreadyExists", 409, "The uin, APPID, e-mail address or SecretId is already taken."),
    /** ADM-5: an account that still owns buckets. */
    DELETE_CONFLICT("DeleteConflict", 409, "The account still owns buckets; delete them first."),
    // 409
    /** LC-R4: a restore of this object is still running. */
    RESTORE_ALREADY_IN_PROGRESS("RestoreAlreadyInProgress", 409, "Object restore is already in progress."),
    BUCKET_ALREADY_EXISTS("BucketAlreadyExists", 409, "The requested bucket name is not available."),
    BUCKET_ALREADY_OWNED_BY_YOU("BucketAlreadyOwnedByYou", 409, "Your previous request to create the named bucket succeeded and you already own it."),
    BUCKET_NOT_EMPTY("BucketNotEmpty", 409, "The bucket you tried to delete is not empty."),
    INVALID_BUCKET_STATE("InvalidBucketState", 409, "The request is not valid with the current state of the bucket."),
    /** OBJ-CW4: a conditional write lost to a write or delete that committed while it was under way. */
    CONDITIONAL_REQUEST_CONFLICT("ConditionalRequestConflict", 409,
            "The conditional request cannot succeed due to a conflicting operation against this resource."),
    // 411
    MISSING_CONTENT_LENGTH("MissingContentLength", 411, "You must provide the Content-Length HTTP header."),
    // 412
    PRECONDITION_FAILED("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold."),
    // 416
    INVALID_RANGE("InvalidRange", 416, "The requested range is not satisfiable."),
    INVALID_PART_NUMBER("InvalidPartNumber", 416, "The requested partnumber is not satisfiable"),
    // 5xx
    INTERNAL_ERROR("InternalError", 500, "We encountered an internal error. Please try again."),
    NOT_IMPLEMENTED("NotImplemented", 501, "A header or operation you provided implies functionality that is not implemented."),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503, "Reduce your request rate."),
    SLOW_DOWN("SlowDown", 503, "Please reduce your request rate.");

    private final String code;
    private final int status;
    private final String message;

    ErrorCode(String code, int status, String message) {
        this.code = code;
        this.status = status;
        this.message = message;
    }

    public String code() { return code; }

    public int status() { return status; }

    public String message() { return message; }

    /** A fresh exception per throw (stack traces and messages never shared). */
    public ApiException exception() { return new ApiException(this, message); }

    public ApiException exception(String detail) { return new ApiException(this, detail); }
}
