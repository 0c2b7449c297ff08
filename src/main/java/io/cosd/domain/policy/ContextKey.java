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
    EXISTING_OBJECT_TAG(null, "s3:ExistingObjectTag/");

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
            if (k == EXISTING_OBJECT_TAG) {
                if (lower.startsWith("s3:existingobjecttag/") && name.length() > k.s3.length()) {
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
