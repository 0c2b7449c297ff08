package io.cosd.api.core;

import io.cosd.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;

/** Protocol limits (COS/S3). */
public final class Limits {
    /** COS refuses keys longer than 850 bytes of UTF-8. */
    public static final int MAX_KEY_BYTES = 850;
    /** A single PUT may carry at most 5 GiB. */
    public static final long MAX_PUT_BYTES = 5L << 30;
    /** Multi-delete accepts at most 1000 keys. */
    public static final int MAX_DELETE_KEYS = 1000;
    /**
     * Smallest part allowed in a completed multipart upload, except the last part: COS documents 1 MB
     * (docs/spec/protocol.md §5.10; S3 uses 5 MiB). The server can lower it for tests only (system property
     * {@code cosd.multipart.minPartSize}, see Server).
     */
    public static final long MIN_PART_SIZE = 1L << 20;
    /** Part numbers run 1..10000 and an upload completes with at most 10,000 parts. */
    public static final int MAX_PART_NUMBER = 10_000;
    public static final int MAX_PARTS = 10_000;
    /** Bodies of configuration and multi-delete requests. */
    public static final int MAX_XML_BODY = 2 << 20;

    private Limits() {}

    /**
     * @throws io.cosd.api.error.ApiException KeyTooLong when {@code key} exceeds {@link #MAX_KEY_BYTES};
     *     InvalidArgument when it holds U+0000, which no key may contain on either metadata engine
     *     (PostgreSQL's text cannot hold it; docs/scale-out.md "Keys and U+0000", ST-P4)
     */
    public static void checkKey(String key) {
        if (key.indexOf('\0') >= 0) throw ErrorCode.INVALID_ARGUMENT.exception("Object key must not contain the character U+0000.");
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw ErrorCode.KEY_TOO_LONG.exception();
        }
    }

    /**
     * {@link #checkKey}, for a name about to be created (PutObject, PostObject, the destination of a copy,
     * InitiateMultipartUpload): also InvalidArgument when it holds U+FFFE or U+FFFF, characters no XML
     * version can carry even as a reference, so every listing of the bucket without {@code
     * encoding-type=url} would be a document the AWS SDK cannot parse (docs/security.md ST-V2). An
     * existing name holding one (stored before) can still be read, listed with {@code encoding-type=url}
     * and deleted. (A lone surrogate cannot arrive: names are decoded from UTF-8.)
     */
    public static void checkNewKey(String key) {
        checkKey(key);
        if (key.indexOf('\uFFFE') >= 0 || key.indexOf('\uFFFF') >= 0) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Object key must not contain the characters U+FFFE or U+FFFF, which XML cannot carry.");
        }
    }
}
