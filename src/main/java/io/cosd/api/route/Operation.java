package io.cosd.api.route;

/**
 * Every operation, named once as the API names it. Each carries its COS CAM action
 * ({@code name/cos:<action>}) and S3 action, and whether it is built yet: a known but unbuilt
 * operation answers 501 NotImplemented (issue order: cors, lifecycle, versioning, replication,
 * policy, tagging and multipart land in their own issues).
 */
public enum Operation {
    // Service
    LIST_BUCKETS("GetService", "s3:ListAllMyBuckets", Scope.SERVICE, true),
    // Bucket
    CREATE_BUCKET("PutBucket", "s3:CreateBucket", Scope.BUCKET, true),
    HEAD_BUCKET("HeadBucket", "s3:ListBucket", Scope.BUCKET, true),
    DELETE_BUCKET("DeleteBucket", "s3:DeleteBucket", Scope.BUCKET, true),
    GET_BUCKET_LOCATION("GetBucketLocation", "s3:GetBucketLocation", Scope.BUCKET, true),
    LIST_OBJECTS("GetBucket", "s3:ListBucket", Scope.BUCKET, true),
    LIST_OBJECTS_V2("GetBucket", "s3:ListBucket", Scope.BUCKET, true),
    LIST_OBJECT_VERSIONS("GetBucketObjectVersions", "s3:ListBucketVersions", Scope.BUCKET, true),
    DELETE_OBJECTS("DeleteMultipleObjects", "s3:DeleteObject", Scope.BUCKET, true),
    GET_BUCKET_CORS("GetBucketCORS", "s3:GetBucketCORS", Scope.BUCKET, true),
    PUT_BUCKET_CORS("PutBucketCORS", "s3:PutBucketCORS", Scope.BUCKET, true),
    DELETE_BUCKET_CORS("DeleteBucketCORS", "s3:PutBucketCORS", Scope.BUCKET, true),
    GET_BUCKET_LIFECYCLE("GetBucketLifecycle", "s3:GetLifecycleConfiguration", Scope.BUCKET, true),
    PUT_BUCKET_LIFECYCLE("PutBucketLifecycle", "s3:PutLifecycleConfiguration", Scope.BUCKET, true),
    DELETE_BUCKET_LIFECYCLE("DeleteBucketLifecycle", "s3:PutLifecycleConfiguration", Scope.BUCKET, true),
    GET_BUCKET_VERSIONING("GetBucketVersioning", "s3:GetBucketVersioning", Scope.BUCKET, true),
    PUT_BUCKET_VERSIONING("PutBucketVersioning", "s3:PutBucketVersioning", Scope.BUCKET, true),
    GET_BUCKET_REPLICATION("GetBucketReplication", "s3:GetReplicationConfiguration", Scope.BUCKET, true),
    PUT_BUCKET_REPLICATION("PutBucketReplication", "s3:PutReplicationConfiguration", Scope.BUCKET, true),
    DELETE_BUCKET_REPLICATION("DeleteBucketReplication", "s3:PutReplicationConfiguration", Scope.BUCKET, true),
    GET_BUCKET_POLICY("GetBucketPolicy", "s3:GetBucketPolicy", Scope.BUCKET, true),
    PUT_BUCKET_POLICY("PutBucketPolicy", "s3:PutBucketPolicy", Scope.BUCKET, true),
    DELETE_BUCKET_POLICY("DeleteBucketPolicy", "s3:DeleteBucketPolicy", Scope.BUCKET, true),
    LIST_MULTIPART_UPLOADS("ListMultipartUploads", "s3:ListBucketMultipartUploads", Scope.BUCKET, true),
    // Object
    PUT_OBJECT("PutObject", "s3:PutObject", Scope.OBJECT, true),
    COPY_OBJECT("PutObject", "s3:PutObject", Scope.OBJECT, true),
    GET_OBJECT("GetObject", "s3:GetObject", Scope.OBJECT, true),
    HEAD_OBJECT("HeadObject", "s3:GetObject", Scope.OBJECT, true),
    DELETE_OBJECT("DeleteObject", "s3:DeleteObject", Scope.OBJECT, true),
    OPTIONS_OBJECT("OptionsObject", "s3:GetObject", Scope.OBJECT, true),
    GET_OBJECT_TAGGING("GetObjectTagging", "s3:GetObjectTagging", Scope.OBJECT, true),
    PUT_OBJECT_TAGGING("PutObjectTagging", "s3:PutObjectTagging", Scope.OBJECT, true),
    DELETE_OBJECT_TAGGING("DeleteObjectTagging", "s3:DeleteObjectTagging", Scope.OBJECT, true),
    RESTORE_OBJECT("PostObjectRestore", "s3:RestoreObject", Scope.OBJECT, true),
    INITIATE_MULTIPART_UPLOAD("InitiateMultipartUpload", "s3:PutObject", Scope.OBJECT, true),
    UPLOAD_PART("UploadPart", "s3:PutObject", Scope.OBJECT, true),
    UPLOAD_PART_COPY("UploadPartCopy", "s3:PutObject", Scope.OBJECT, true),
    COMPLETE_MULTIPART_UPLOAD("CompleteMultipartUpload", "s3:PutObject", Scope.OBJECT, true),
    ABORT_MULTIPART_UPLOAD("AbortMultipartUpload", "s3:AbortMultipartUpload", Scope.OBJECT, true),
    LIST_PARTS("ListParts", "s3:ListMultipartUploadParts", Scope.OBJECT, true),
    /** A recognised COS/S3 sub-resource cosd does not offer (acl, website, logging, ...). */
    UNSUPPORTED_SUBRESOURCE("Unsupported", "s3:Unsupported", Scope.BUCKET, false),
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
    ADMIN_POLICY_EXPLAIN(Scope.ADMIN);

    /**
     * Who may call an operation, checked once before dispatch. SERVICE: signed root accounts;
     * BUCKET and OBJECT: the bucket owner or the bucket policy (Access). OPS: anyone, no credentials
     * (counters and a health bit, never data: api/ops/OpsEndpoints). ADMIN: authenticated, then the
     * endpoint lets in only the root of the bucket it names (its bucket is in the query or body).
     */
    public enum Scope { SERVICE, BUCKET, OBJECT, OPS, ADMIN }

    private final String cosAction;
    private final String s3Action;
    private final Scope scope;
    private final boolean built;

    /** An endpoint of cosd's own: no policy action (null). */
    Operation(Scope scope) {
        this(null, null, scope, true);
    }

    Operation(String cosAction, String s3Action, Scope scope, boolean built) {
        this.cosAction = cosAction;
        this.s3Action = s3Action;
        this.scope = scope;
        this.built = built;
    }

    /** CAM action as COS policies name it, e.g. {@code name/cos:GetObject}; null for OPS and ADMIN. */
    public String cosAction() { return cosAction == null ? null : "name/cos:" + cosAction; }

    /**
     * COS action names without {@code name/cos:}, canonical first, then the aliases docs and SDKs
     * disagree on (semantics.md §5.2 DECISION): a policy naming either matches.
     */
    public java.util.List<String> cosNames() {
        return switch (this) {
            case DELETE_OBJECTS -> java.util.List.of("DeleteMultipleObject", "DeleteObject");
            case RESTORE_OBJECT -> java.util.List.of("PostObjectRestore", "RestoreObject");
            case UPLOAD_PART_COPY -> java.util.List.of("UploadPart", "PutObject");
            default -> cosAction == null ? java.util.List.of() : java.util.List.of(cosAction);
        };
    }

    /** S3 action, e.g. {@code s3:GetObject}; null for OPS and ADMIN. */
    public String s3Action() { return s3Action; }

    public Scope scope() { return scope; }

    public boolean built() { return built; }
}
