package io.cosd.domain.policy;

import java.util.Locale;

/**
 * Condition keys cosd evaluates, each with its COS spelling (POL-C9) and S3 spelling (POL-S5).
 * Both spellings read the same request fact, so a COS document and an S3 document mean the same.
 */
public enum ContextKey {
    SOURCE_IP("qcs:ip", "aws:SourceIp"),
    SECURE_TRANSPORT("cos:secure-transport", "aws:SecureTransport"),
    PREFIX("cos:prefix", "s3:prefix"),
    DELIMITER(null, "s3:delimiter"),
    MAX_KEYS(null, "s3:max-keys"),
    VERSION_ID("cos:versionid", "s3:VersionId"),
    CONTENT_TYPE("cos:content-type", null),
    CONTENT_LENGTH("cos:content-length", null),
    STORAGE_CLASS("cos:x-cos-storage-class", "s3:x-amz-storage-class"),
    ACL("cos:x-cos-acl", "s3:x-amz-acl"),
    RESPONSE_CONTENT_TYPE("cos:response-content-type", null),
    CURRENT_TIME("qcs:current_time", "aws:CurrentTime"),
    EPOCH_TIME(null, "aws:EpochTime"),
    REFERER(null, "aws:Referer"),
    USER_AGENT(null, "aws:UserAgent"),
    /** The conditional-write headers, so a policy can require them (S3's conditional-write enforcement, OBJ-CW1). */
    IF_MATCH(null, "s3:if-match"),
    IF_NONE_MATCH(null, "s3:if-none-match"),
    /** {@code s3:ExistingObjectTag/<tag-key>}: the tags of the object the request addresses (loaded only when asked). */
    EXISTING_OBJECT_TAG(null, "s3:ExistingObjectTag/"),
    // POL-S9..S12: S3 keys COS documents no twin for (its condition-key list, docs/spec/semantics.md COS-POL-KEYS);
    // they read the x-cos- header as well as the x-amz- one, so a COS client's request is judged the same way.
    /** CopyObject / UploadPartCopy: the copy source as {@code <bucket>/<key>}, decoded, no leading slash, no versionId (POL-S9). */
    COPY_SOURCE(null, "s3:x-amz-copy-source"),
    /** The {@code x-amz-metadata-directive} header as sent (POL-S9). */
    METADATA_DIRECTIVE(null, "s3:x-amz-metadata-directive"),
    /** The grant headers as sent (POL-S10). */
    GRANT_READ(null, "s3:x-amz-grant-read"),
    GRANT_WRITE(null, "s3:x-amz-grant-write"),
    GRANT_READ_ACP(null, "s3:x-amz-grant-read-acp"),
    GRANT_WRITE_ACP(null, "s3:x-amz-grant-write-acp"),
    GRANT_FULL_CONTROL(null, "s3:x-amz-grant-full-control"),
    /** {@code s3:RequestObjectTag/<tag-key>}: a tag the request asks the object to carry (POL-S11). */
    REQUEST_OBJECT_TAG(null, "s3:RequestObjectTag/"),
    /** The keys of the tags the request asks for, one value each (POL-S11). */
    REQUEST_OBJECT_TAG_KEYS(null, "s3:RequestObjectTagKeys"),
    /** The server-side encryption headers as sent; SSE itself is refused 501 after the policy check (POL-S12). */
    SSE(null, "s3:x-amz-server-side-encryption"),
    SSE_KMS_KEY_ID(null, "s3:x-amz-server-side-encryption-aws-kms-key-id"),
    SSE_CUSTOMER_ALGORITHM(null, "s3:x-amz-server-side-encryption-customer-algorithm"),
    /** LOCK-11: the object lock headers of a write as sent (or their x-cos- twins), so a policy can require a lock. */
    OBJECT_LOCK_MODE(null, "s3:object-lock-mode"),
    OBJECT_LOCK_RETAIN_UNTIL_DATE(null, "s3:object-lock-retain-until-date"),
    OBJECT_LOCK_LEGAL_HOLD(null, "s3:object-lock-legal-hold");

    final String cos;
    final String s3;

    ContextKey(String cos, String s3) {
        this.cos = cos;
        this.s3 = s3;
    }

    /** A parsed key: which fact, its argument (the tag key), and whether the policy wrote a COS request-parameter key. */
    record Parsed(ContextKey key, String arg, boolean cosParameter) {}

    /** Key names compare case-insensitively (AWS; COS writes them lower case); a tag key keeps its case. Null if unknown. */
    static Parsed parse(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (ContextKey k : values()) {
            if (k.s3 != null && k.s3.endsWith("/")) {   // a key with an argument: the tag key, its case kept
                if (lower.startsWith(k.s3.toLowerCase(Locale.ROOT)) && name.length() > k.s3.length()) {
                    return new Parsed(k, name.substring(k.s3.length()), false);
                }
                continue;
            }
            if (k.cos != null && k.cos.equals(lower)) {
                // POL-C10: values of keys read from request parameters are written URL-encoded.
                boolean param = k == PREFIX || k == VERSION_ID || k == RESPONSE_CONTENT_TYPE;
                return new Parsed(k, null, param);
            }
            if (k.s3 != null && k.s3.toLowerCase(Locale.ROOT).equals(lower)) return new Parsed(k, null, false);
        }
        return null;
    }
}
