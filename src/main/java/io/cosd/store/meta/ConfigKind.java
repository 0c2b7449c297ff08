package io.cosd.store.meta;

/** Bucket sub-resource documents stored as canonical validated text, one row per kind. */
public enum ConfigKind { CORS, LIFECYCLE, REPLICATION, POLICY, TAGGING, PUBLIC_ACCESS_BLOCK,
    /** The bucket's ACL in {@code domain/acl/Acl#encode} form; absent: the owner has FULL_CONTROL (ACL-S1). */
    ACL,
    /** The bucket's S3 Object Ownership setting, its wire name; absent: no controls, ObjectWriter behaviour (ACL-O1). */
    OWNERSHIP_CONTROLS,
    /** The bucket's default encryption in {@code domain/sse/BucketEncryption#encode} form (docs/encryption.md "Bucket default encryption"). */
    ENCRYPTION }
