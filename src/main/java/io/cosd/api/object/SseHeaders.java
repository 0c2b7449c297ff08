package io.cosd.api.object;

import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.crypto.DataKeys;
import io.cosd.domain.crypto.Encryption;
import io.cosd.domain.crypto.EncryptionRequest;
import io.cosd.domain.crypto.Sealing;
import io.cosd.domain.kms.EncryptionContext;
import io.cosd.domain.sse.SseChoice;
import io.cosd.domain.sse.SseMode;
import io.cosd.service.EncryptionConfigService;
import io.cosd.domain.signing.Hashes;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * The server-side encryption headers of a request and a response (docs/encryption.md "Requests",
 * SSE-9, SSE-10), both spellings ({@code x-cos-} and {@code x-amz-}; AUTH-3 keeps them equal when both
 * are sent). Validation happens before any body byte is read, so a bad header stores nothing.
 */
public final class SseHeaders {
    /** Whether a request arrived over HTTPS (a trusted proxy's X-Forwarded-Proto, as for aws:SecureTransport). */
    private final Predicate<Request> secure;
    /** The documented setting that lets SSE-C keys travel over plain HTTP (conformance runs, tests). */
    private final boolean allowCustomerKeysOverHttp;
    /** Whether SSE-KMS is wired (a key service); without it {@code aws:kms} stays 501 (UNBUILT, UB-1). */
    private final boolean kms;

    /** Bucket default encryption (SSE-D5..D8); null: no defaults (unit tests). */
    private final EncryptionConfigService defaults;

    public SseHeaders(Predicate<Request> secure, boolean allowCustomerKeysOverHttp, boolean kms) {
        this(secure, allowCustomerKeysOverHttp, kms, null);
    }

    /** @param defaults the bucket defaults a write without encryption headers gets (docs/encryption.md "Bucket default encryption") */
    public SseHeaders(Predicate<Request> secure, boolean allowCustomerKeysOverHttp, boolean kms, EncryptionConfigService defaults) {
        this.secure = secure;
        this.allowCustomerKeysOverHttp = allowCustomerKeysOverHttp;
        this.kms = kms;
        this.defaults = defaults;
    }

    /** Whether SSE-KMS is wired (a key service). */
    boolean kms() { return kms; }

    /** Whether {@code rc} came over HTTPS as a trusted proxy reports it. */
    boolean secure(Request rc) { return secure.test(rc); }

    /**
     * The default of a handler not wired otherwise: no request counts as HTTPS and plain HTTP is not
     * allowed, so SSE-C keys are refused (fail closed); no KMS.
     */
    public static final SseHeaders DEFAULT = new SseHeaders(rc -> false, false, false);

    /**
     * SSE-9: what a write gets: SSE-S3 ({@code server-side-encryption: AES256}), SSE-C (the three
     * {@code -customer-} headers), SSE-KMS, else the bucket's default (SSE-D5), or null (in the clear).
     * Asking for two is 400 InvalidArgument.
     */
    public EncryptionRequest forWrite(Request rc) {
        return forWrite(rc::dialectHeader, () -> secure.test(rc), rc.bucket(), rc.key());
    }

    /**
     * As {@link #forWrite(Request)}, from any source of the headers by their suffix (POST Object's form
     * fields, docs/post-object.md) and whether the request came over HTTPS.
     */
    public EncryptionRequest forWrite(java.util.function.Function<String, String> header, java.util.function.BooleanSupplier https,
                                      io.cosd.domain.bucket.Bucket bucket, String key) {
        String mode = header.apply("server-side-encryption");
        byte[] customer = customerKey(header, https, false);
        if (mode != null && customer != null) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Server Side Encryption with Customer provided key is incompatible with the encryption method specified");
        }
        SseMode asked = customer != null ? SseMode.SSE_C : mode == null ? null : switch (mode.trim()) {
            case "AES256" -> SseMode.SSE_S3;
            case "aws:kms", "cos/kms" -> {
                // SSE-16: through the key service; without one this is 501 (UnbuiltHeaders refuses it first).
                if (!kms) throw ErrorCode.NOT_IMPLEMENTED.exception("SSE-KMS needs a key service, and none is configured (docs/encryption.md).");
                yield SseMode.SSE_KMS;
            }
            default -> throw ErrorCode.INVALID_ARGUMENT.exception("The encryption method specified is not supported");
        };
        // SSE-D8: an encryption context says something only of SSE-KMS; beside any other mode it would be
        // ignored, so it is refused (UB-1), as a KMS key id is.
        String contextHeader = header.apply("server-side-encryption-context");
        if (contextHeader != null && asked != SseMode.SSE_KMS) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Server Side Encryption with KMS managed key requires HTTP header "
                    + "x-amz-server-side-encryption : aws:kms beside an encryption context");
        }
        String keyId = header.apply("server-side-encryption-aws-kms-key-id");
        if (keyId == null) keyId = header.apply("server-side-encryption-cos-kms-key-id");
        var requested = new SseChoice.Requested(asked, keyId == null || keyId.isBlank() ? null : keyId.trim(), null);
        // SSE-D5..D8: the request's own headers win; the bucket's default fills in what they leave out.
        SseChoice.Applied applied = defaults == null ? SseChoice.decide(requested, java.util.Optional.empty()) : defaults.choose(bucket, requested); // AUTH-15: the authorized row's default
        return switch (applied.mode()) {
            case NONE -> null;
            case SSE_S3 -> EncryptionRequest.SSE_S3;
            case SSE_C -> EncryptionRequest.sseC(customer);
            case SSE_KMS -> {
                if (!kms) throw ErrorCode.NOT_IMPLEMENTED.exception("SSE-KMS needs a key service, and none is configured (docs/encryption.md).");
                // KMS-9 (the default key when none is named) is SseChoice's; KMS-8: the context gets S3's aws:s3:arn.
                var context = EncryptionContext.effective(context(header.apply("server-side-encryption-context")), bucket.name(), key, applied.bucketKey());
                yield EncryptionRequest.kms(applied.kmsKeyId(), context);
            }
        };
    }

    /**
     * SSE-16: {@code …-server-side-encryption-context}, base64 of a JSON object of string values, as S3
     * takes it (api/encryption/EncryptionContextHeader, KMS-8); absent: empty. Anything else is
     * 400 InvalidArgument, before the body is read.
     */
    static java.util.Map<String, String> context(String header) {
        return io.cosd.api.encryption.EncryptionContextHeader.parse(header == null || header.isBlank() ? null : header);
    }

    /**
     * SSE-9: the SSE-C key a request carries ({@code copySource}: the {@code copy-source-} triple), or
     * null when it carries none. Each of the three headers is required with the others; the algorithm must
     * be AES256, the key 32 bytes of base64 whose MD5 is the MD5 header; and unless allowed by setting the
     * request must have come over HTTPS (SSE-C keys in the clear are compromised, as S3 says).
     */
    public byte[] customerKey(Request rc, boolean copySource) {
        return customerKey(rc::dialectHeader, () -> secure.test(rc), copySource);
    }

    private byte[] customerKey(java.util.function.Function<String, String> header, java.util.function.BooleanSupplier https, boolean copySource) {
        String p = copySource ? "copy-source-server-side-encryption-customer-" : "server-side-encryption-customer-";
        String alg = header.apply(p + "algorithm");
        String key = header.apply(p + "key");
        String md5 = header.apply(p + "key-MD5");
        if (alg == null && key == null && md5 == null) return null;
        if (alg == null) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.");
        }
        if (!alg.trim().equals("AES256")) throw ErrorCode.INVALID_ENCRYPTION_ALGORITHM.exception();
        if (key == null) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.");
        }
        if (md5 == null) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.");
        }
        byte[] k;
        try {
            k = Base64.getDecoder().decode(key.trim());
        } catch (IllegalArgumentException e) {
            k = new byte[0];
        }
        if (k.length != DataKeys.KEY_BYTES) throw ErrorCode.INVALID_ARGUMENT.exception("The secret key was invalid for the specified algorithm.");
        byte[] sent;
        try {
            sent = Base64.getDecoder().decode(md5.trim());
        } catch (IllegalArgumentException e) {
            sent = new byte[0];
        }
        if (!MessageDigest.isEqual(Hashes.digest("MD5").digest(k), sent)) {
            throw ErrorCode.INVALID_ARGUMENT.exception("The calculated MD5 hash of the key did not match the hash that was provided.");
        }
        if (!allowCustomerKeysOverHttp && !https.getAsBoolean()) {
            throw ErrorCode.INVALID_REQUEST.exception("Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.");
        }
        return k;
    }

    /** SSE-10: the response headers that say how {@code key}'s object is encrypted (none for a plain one). */
    public static Response.Builder describe(Response.Builder b, Request rc, Sealing key) {
        if (key == null) return b;
        return describe(b, rc, key.meta(), key.customerKeyMd5());
    }

    /** As {@link #describe(Response.Builder, Request, Sealing)}, from the metadata and the MD5 of the key the request sent. */
    public static Response.Builder describe(Response.Builder b, Request rc, Encryption e, String customerKeyMd5) {
        return describe(b, rc::out, e, customerKeyMd5);
    }

    /** As above, with {@code out} naming a response header by its suffix in the answer's dialect (POST Object: the form's). */
    public static Response.Builder describe(Response.Builder b, java.util.function.UnaryOperator<String> out, Encryption e, String customerKeyMd5) {
        if (e == null) return b;
        switch (e.mode()) {
            case SSE_S3 -> b.header(out.apply("server-side-encryption"), "AES256");
            case SSE_C -> {
                b.header(out.apply("server-side-encryption-customer-algorithm"), "AES256");
                b.header(out.apply("server-side-encryption-customer-key-MD5"), customerKeyMd5);
            }
            case KMS -> {
                boolean cos = out.apply("").startsWith("x-cos-");
                b.header(out.apply("server-side-encryption"), cos ? "cos/kms" : "aws:kms");
                b.header(out.apply(cos ? "server-side-encryption-cos-kms-key-id" : "server-side-encryption-aws-kms-key-id"), e.kmsKeyId());
            }
        }
        return b;
    }
}
