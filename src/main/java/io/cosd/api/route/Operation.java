package io.cosd.api.route;

import java.util.List;

/**
 * Every operation, named once as the API names it (docs/spec/design.md §8 rule 1): metrics, logs and policy
 * actions derive from the constant. Each carries its COS CAM action ({@code name/cos:<action>}), its
 * S3 action and its {@link Scope}. A sub-resource the APIs define but cosd does not build has its own
 * {@code UNSUPPORTED_*} constant and answers 501 NotImplemented in the Dispatcher's switch
 * (docs/spec/design.md §8 rule 2, docs/unbuilt.md).
 */
public enum Operation {
    // Service
    LIST_BUCKETS("GetService", "s3:ListAllMyBuckets", Scope.SERVICE),
    // Bucket
    CREATE_BUCKET("PutBucket", "s3:CreateBucket", Scope.BUCKET),
    HEAD_BUCKET("HeadBucket", "s3:ListBucket", Scope.BUCKET),
    DELETE_BUCKET("DeleteBucket", "s3:DeleteBucket", Scope.BUCKET),
    GET_BUCKET_LOCATION("GetBucketLocation", "s3:GetBucketLocation", Scope.BUCKET),
    LIST_OBJECTS("GetBucket", "s3:ListBucket", Scope.BUCKET),
    LIST_OBJECTS_V2("GetBucket", "s3:ListBucket", Scope.BUCKET),
    LIST_OBJECT_VERSIONS("GetBucketObjectVersions", "s3:ListBucketVersions", Scope.BUCKET),
    DELETE_OBJECTS("DeleteMultipleObjects", "s3:DeleteObject", Scope.BUCKET),
    GET_BUCKET_CORS("GetBucketCORS", "s3:GetBucketCORS", Scope.BUCKET),
    PUT_BUCKET_CORS("PutBucketCORS", "s3:PutBucketCORS", Scope.BUCKET),
    DELETE_BUCKET_CORS("DeleteBucketCORS", "s3:PutBucketCORS", Scope.BUCKET),
    GET_BUCKET_LIFECYCLE("GetBucketLifecycle", "s3:GetLifecycleConfiguration", Scope.BUCKET),
    PUT_BUCKET_LIFECYCLE("PutBucketLifecycle", "s3:PutLifecycleConfiguration", Scope.BUCKET),
    DELETE_BUCKET_LIFECYCLE("DeleteBucketLifecycle", "s3:PutLifecycleConfiguration", Scope.BUCKET),
    GET_BUCKET_VERSIONING("GetBucketVersioning", "s3:GetBucketVersioning", Scope.BUCKET),
    PUT_BUCKET_VERSIONING("PutBucketVersioning", "s3:PutBucketVersioning", Scope.BUCKET),
    GET_BUCKET_REPLICATION("GetBucketReplication", "s3:GetReplicationConfiguration", Scope.BUCKET),
    PUT_BUCKET_REPLICATION("PutBucketReplication", "s3:PutReplicationConfiguration", Scope.BUCKET),
    DELETE_BUCKET_REPLICATION("DeleteBucketReplication", "s3:PutReplicationConfiguration", Scope.BUCKET),
    GET_BUCKET_POLICY("GetBucketPolicy", "s3:GetBucketPolicy", Scope.BUCKET),
    PUT_BUCKET_POLICY("PutBucketPolicy", "s3:PutBucketPolicy", Scope.BUCKET),
    DELETE_BUCKET_POLICY("DeleteBucketPolicy", "s3:DeleteBucketPolicy", Scope.BUCKET),
    // S3 only (docs/policy.md#public-access-block): COS has no CAM action, so a COS policy names the S3 one
    GET_PUBLIC_ACCESS_BLOCK("GetBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock", Scope.BUCKET),
    PUT_PUBLIC_ACCESS_BLOCK("PutBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", Scope.BUCKET),
    DELETE_PUBLIC_ACCESS_BLOCK("PutBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", Scope.BUCKET),
    GET_BUCKET_POLICY_STATUS("GetBucketPolicyStatus", "s3:GetBucketPolicyStatus", Scope.BUCKET),
    LIST_MULTIPART_UPLOADS("ListMultipartUploads", "s3:ListBucketMultipartUploads", Scope.BUCKET),
    GET_BUCKET_ACL("GetBucketACL", "s3:GetBucketAcl", Scope.BUCKET),
    PUT_BUCKET_ACL("PutBucketACL", "s3:PutBucketAcl", Scope.BUCKET),
    // S3 only (docs/acl.md "Object Ownership"): COS has no CAM action, so a COS policy names the S3 one
    GET_OWNERSHIP_CONTROLS("GetBucketOwnershipControls", "s3:GetBucketOwnershipControls", Scope.BUCKET),
    PUT_OWNERSHIP_CONTROLS("PutBucketOwnershipControls", "s3:PutBucketOwnershipControls", Scope.BUCKET),
    DELETE_OWNERSHIP_CONTROLS("PutBucketOwnershipControls", "s3:PutBucketOwnershipControls", Scope.BUCKET),
    // bucket tagging (docs/spec/semantics.md §5b, BT-7): S3 deletes under s3:PutBucketTagging, as for CORS
    GET_BUCKET_TAGGING("GetBucketTagging", "s3:GetBucketTagging", Scope.BUCKET),
    PUT_BUCKET_TAGGING("PutBucketTagging", "s3:PutBucketTagging", Scope.BUCKET),
    DELETE_BUCKET_TAGGING("DeleteBucketTagging", "s3:PutBucketTagging", Scope.BUCKET),
    // object lock (docs/object-lock.md, LOCK-1): COS names them as S3 does
    GET_OBJECT_LOCK_CONFIGURATION("GetBucketObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration", Scope.BUCKET),
    PUT_OBJECT_LOCK_CONFIGURATION("PutBucketObjectLockConfiguration", "s3:PutBucketObjectLockConfiguration", Scope.BUCKET),
    // bucket default encryption (docs/encryption.md, SSE-D9): S3 deletes under s3:PutEncryptionConfiguration
    GET_BUCKET_ENCRYPTION("GetBucketEncryption", "s3:GetEncryptionConfiguration", Scope.BUCKET),
    PUT_BUCKET_ENCRYPTION("PutBucketEncryption", "s3:PutEncryptionConfiguration", Scope.BUCKET),
    DELETE_BUCKET_ENCRYPTION("DeleteBucketEncryption", "s3:PutEncryptionConfiguration", Scope.BUCKET),
    // Object
    PUT_OBJECT("PutObject", "s3:PutObject", Scope.OBJECT),
    /** POST /bucket multipart/form-data (docs/post-object.md): authorized by its handler once the form names the key. */
    POST_OBJECT("PostObject", "s3:PutObject", Scope.OBJECT),
    COPY_OBJECT("PutObject", "s3:PutObject", Scope.OBJECT),
    GET_OBJECT("GetObject", "s3:GetObject", Scope.OBJECT),
    HEAD_OBJECT("HeadObject", "s3:GetObject", Scope.OBJECT),
    DELETE_OBJECT("DeleteObject", "s3:DeleteObject", Scope.OBJECT),
    OPTIONS_OBJECT("OptionsObject", "s3:GetObject", Scope.OBJECT),
    GET_OBJECT_TAGGING("GetObjectTagging", "s3:GetObjectTagging", Scope.OBJECT),
    PUT_OBJECT_TAGGING("PutObjectTagging", "s3:PutObjectTagging", Scope.OBJECT),
    DELETE_OBJECT_TAGGING("DeleteObjectTagging", "s3:DeleteObjectTagging", Scope.OBJECT),
    GET_OBJECT_ACL("GetObjectACL", "s3:GetObjectAcl", Scope.OBJECT),
    PUT_OBJECT_ACL("PutObjectACL", "s3:PutObjectAcl", Scope.OBJECT),
    RESTORE_OBJECT("PostObjectRestore", "s3:RestoreObject", Scope.OBJECT),
    INITIATE_MULTIPART_UPLOAD("InitiateMultipartUpload", "s3:PutObject", Scope.OBJECT),
    UPLOAD_PART("UploadPart", "s3:PutObject", Scope.OBJECT),
    UPLOAD_PART_COPY("UploadPartCopy", "s3:PutObject", Scope.OBJECT),
    COMPLETE_MULTIPART_UPLOAD("CompleteMultipartUpload", "s3:PutObject", Scope.OBJECT),
    ABORT_MULTIPART_UPLOAD("AbortMultipartUpload", "s3:AbortMultipartUpload", Scope.OBJECT),
    LIST_PARTS("ListParts", "s3:ListMultipartUploadParts", Scope.OBJECT),
    // object lock on a version (docs/object-lock.md, LOCK-6, LOCK-8)
    GET_OBJECT_RETENTION("GetObjectRetention", "s3:GetObjectRetention", Scope.OBJECT),
    PUT_OBJECT_RETENTION("PutObjectRetention", "s3:PutObjectRetention", Scope.OBJECT),
    GET_OBJECT_LEGAL_HOLD("GetObjectLegalHold", "s3:GetObjectLegalHold", Scope.OBJECT),
    PUT_OBJECT_LEGAL_HOLD("PutObjectLegalHold", "s3:PutObjectLegalHold", Scope.OBJECT),
    /**
     * Not a request of its own: the permission a delete or retention change asking to bypass GOVERNANCE
     * retention is checked for besides its own (LOCK-5). Never routed; the Dispatcher refuses it.
     */
    BYPASS_GOVERNANCE_RETENTION("BypassGovernanceRetention", "s3:BypassGovernanceRetention", Scope.OBJECT),
    // S3 only (docs/object-attributes.md OBJ-A5): COS has no such API, so a COS policy decides it as GetObject
    GET_OBJECT_ATTRIBUTES("GetObject", "s3:GetObjectAttributes", Scope.OBJECT),
    // Recognised COS/S3 sub-resources cosd does not offer, one per keyword so metrics and logs name
    // the one asked for: each answers 501 NotImplemented (Router.UNSUPPORTED, docs/unbuilt.md). They
    // keep the one policy action they have always had, so a policy decides them as before.
    // both APIs (AWS S3 API reference; docs/spec/protocol.md)
    UNSUPPORTED_WEBSITE, UNSUPPORTED_LOGGING,
    UNSUPPORTED_INVENTORY,
    UNSUPPORTED_ACCELERATE, UNSUPPORTED_NOTIFICATION, UNSUPPORTED_SELECT,
    UNSUPPORTED_TORRENT, UNSUPPORTED_ANALYTICS, UNSUPPORTED_METRICS,
    // S3 only
    UNSUPPORTED_REQUEST_PAYMENT,
    UNSUPPORTED_INTELLIGENT_TIERING, UNSUPPORTED_METADATA_TABLE,
    UNSUPPORTED_METADATA_CONFIGURATION, UNSUPPORTED_METADATA_INVENTORY_TABLE,
    UNSUPPORTED_METADATA_JOURNAL_TABLE, UNSUPPORTED_SESSION,
    UNSUPPORTED_RENAME_OBJECT, UNSUPPORTED_ABAC, UNSUPPORTED_OBJECT_LAMBDA,
    // COS only (Tencent COS API list: bucket and object sub-resources)
    UNSUPPORTED_REFERER, UNSUPPORTED_DOMAIN, UNSUPPORTED_DOMAINCERTIFICATE,
    UNSUPPORTED_ORIGIN, UNSUPPORTED_INTELLIGENTTIERING, UNSUPPORTED_APPEND,
    UNSUPPORTED_RENAME, UNSUPPORTED_SYMLINK,
    UNSUPPORTED_INVENTORY_CONFIGURATIONS, UNSUPPORTED_MIRROR,
    UNSUPPORTED_TAGGING_COUNT, UNSUPPORTED_REPLICATION_HISTORY,
    UNSUPPORTED_CORS_PREFLIGHT, UNSUPPORTED_PREFLIGHT, UNSUPPORTED_GUETZLI,
    UNSUPPORTED_CI_PROCESS,
    // cosd's own endpoints under /-/ (path style; "-" is never a bucket name): no COS or S3 action,
    // never decided by a bucket policy (docs/policy.md, docs/lifecycle.md)
    /** {@code GET|HEAD /-/health}. */
    HEALTH(Scope.OPS),
    /** {@code GET|HEAD /-/metrics}, Prometheus text format. */
    METRICS(Scope.OPS),
    /** {@code GET /-/admin/lifecycle/preview?bucket=}: the lifecycle dry run. */
    ADMIN_LIFECYCLE_PREVIEW(Scope.ADMIN),
    /** {@code POST /-/admin/lifecycle/run?bucket=}: one lifecycle pass over a bucket now. */
    ADMIN_LIFECYCLE_RUN(Scope.ADMIN),
    /** {@code POST /-/admin/policy/explain}: what the bucket policy decides, and why. */
    ADMIN_POLICY_EXPLAIN(Scope.ADMIN),
    // Users, keys, identity policies, accounts and replication (api/ops/*AdminEndpoint, docs/security.md ADM-1..ADM-8):
    // the caller's root only (accounts: the first account's root); every parameter signed.
    /** {@code GET /-/admin/users}. */
    ADMIN_LIST_USERS(Scope.ADMIN),
    /** {@code POST /-/admin/users?uin=&name=}. */
    ADMIN_ADD_USER(Scope.ADMIN),
    /** {@code DELETE /-/admin/users?uin=}: the user and its keys. */
    ADMIN_REMOVE_USER(Scope.ADMIN),
    /** {@code GET /-/admin/users/policy?uin=}: a sub-user's identity policy. */
    ADMIN_GET_USER_POLICY(Scope.ADMIN),
    /** {@code PUT /-/admin/users/policy?uin=}: the document in a signed body. */
    ADMIN_PUT_USER_POLICY(Scope.ADMIN),
    /** {@code DELETE /-/admin/users/policy?uin=}. */
    ADMIN_DELETE_USER_POLICY(Scope.ADMIN),
    /** {@code GET /-/admin/keys}: SecretIds, never a SecretKey. */
    ADMIN_LIST_KEYS(Scope.ADMIN),
    /** {@code POST /-/admin/keys?uin=}: the new SecretKey in this answer only. */
    ADMIN_CREATE_KEY(Scope.ADMIN),
    /** {@code DELETE /-/admin/keys?secret-id=}. */
    ADMIN_REVOKE_KEY(Scope.ADMIN),
    /** {@code GET /-/admin/accounts} (the first account's root only). */
    ADMIN_LIST_ACCOUNTS(Scope.ADMIN),
    /** {@code POST /-/admin/accounts[?uin=&appid=&email=]}. */
    ADMIN_ADD_ACCOUNT(Scope.ADMIN),
    /** {@code DELETE /-/admin/accounts?uin=}. */
    ADMIN_REMOVE_ACCOUNT(Scope.ADMIN),
    /** {@code PUT /-/admin/accounts/email?uin=&email=} (the operator, or the account's own root: ADM-12). */
    ADMIN_SET_ACCOUNT_EMAIL(Scope.ADMIN),
    /** {@code DELETE /-/admin/accounts/email?uin=}: the account has no e-mail address afterwards. */
    ADMIN_CLEAR_ACCOUNT_EMAIL(Scope.ADMIN),
    /** {@code GET /-/admin/replication/status?bucket=}. */
    ADMIN_REPLICATION_STATUS(Scope.ADMIN),
    /** {@code POST /-/admin/replication/resync?bucket=[&existing=true]}. */
    ADMIN_REPLICATION_RESYNC(Scope.ADMIN),
    /**
     * {@code GET|HEAD /-/console/…}: the web console's static files (api/ops/ConsoleEndpoint,
     * docs/console.md). No credentials: the files hold no data; the console signs its API calls itself.
     */
    CONSOLE(Scope.OPS);

    /**
     * Who may call an operation, checked once before dispatch. SERVICE: signed root accounts, and
     * sub-users their identity policy allows (POL-I5); BUCKET and OBJECT: the bucket owner, the bucket
     * policy or the caller's identity policy (Access). OPS: anyone, no credentials
     * (counters, a health bit and the console's static files, never data: api/ops/OpsEndpoints,
     * api/ops/ConsoleEndpoint). ADMIN: authenticated, then the
     * endpoint lets in only the root of the bucket it names (its bucket is in the query or body), of
     * the account it manages, or of the first account (api/ops/AdminGate).
     */
    public enum Scope { SERVICE, BUCKET, OBJECT, OPS, ADMIN }

    private final String cosAction;
    private final String s3Action;
    private final Scope scope;

    /** An endpoint of cosd's own: no policy action (null). */
    Operation(Scope scope) {
        this(null, null, scope);
    }

    /** A recognised sub-resource cosd does not offer: 501 NotImplemented (Dispatcher). */
    Operation() {
        this("Unsupported", "s3:Unsupported", Scope.BUCKET);
    }

    Operation(String cosAction, String s3Action, Scope scope) {
        this.cosAction = cosAction;
        this.s3Action = s3Action;
        this.scope = scope;
    }

    /** CAM action as COS policies name it, e.g. {@code name/cos:GetObject}; null for OPS and ADMIN. */
    public String cosAction() { return cosAction == null ? null : "name/cos:" + cosAction; }

    /**
     * COS action names without {@code name/cos:}, canonical first, then the aliases docs and SDKs
     * disagree on (docs/spec/semantics.md §5.2 DECISION): a policy naming either matches.
     */
    public List<String> cosNames() {
        return switch (this) {
            case DELETE_OBJECTS -> List.of("DeleteMultipleObject", "DeleteObject");
            case RESTORE_OBJECT -> List.of("PostObjectRestore", "RestoreObject");
            case UPLOAD_PART_COPY -> List.of("UploadPart", "PutObject");
            // a form upload is a PutObject: a policy allowing PutObject allows it (docs/post-object.md)
            case POST_OBJECT -> List.of("PostObject", "PutObject");
            default -> cosAction == null ? List.of() : List.of(cosAction);
        };
    }

    /** S3 action, e.g. {@code s3:GetObject}; null for OPS and ADMIN. */
    public String s3Action() { return s3Action; }

    public Scope scope() { return scope; }

    /**
     * Whether S3's {@code x-amz-expected-bucket-owner} is checked (api/core/ExpectedOwner): every bucket
     * or object operation except CreateBucket and POST Object (a form's headers are not its fields).
     */
    public boolean checksExpectedBucketOwner() {
        return (scope == Scope.BUCKET || scope == Scope.OBJECT) && this != CREATE_BUCKET && this != POST_OBJECT;
    }

    /** Whether {@code x-amz-source-expected-bucket-owner} is checked: the operations with a copy source. */
    public boolean checksSourceBucketOwner() {
        return this == COPY_OBJECT || this == UPLOAD_PART_COPY;
    }
}
