package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.crypto.ChunkFormat;
import io.cosd.domain.crypto.DataKeys;
import io.cosd.domain.crypto.Encryption;
import io.cosd.domain.crypto.EncryptionRequest;
import io.cosd.domain.crypto.Sealing;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Data keys for encryption at rest (docs/encryption.md "Keys"): a fresh random data key per object or
 * multipart upload, wrapped under the SSE-S3 wrap key (SSE-5), a key derived from the customer's key
 * (SSE-6) or by the key service (SSE-KMS); and the way back, which for SSE-C first checks the customer's
 * key against the stored salted HMAC (SSE-8).
 */
public final class SseService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] s3WrapKey;
    private final KeyService kms;

    /** No master key and no key service (unit tests of other features): every encrypted write is refused. */
    public static final SseService NONE = new SseService(null, null);

    /**
     * @param s3WrapKey the SSE-S3 wrap key ({@link DataKeys#sseS3WrapKey} of the master key); null: SSE-S3 unavailable
     * @param kms       the key service; null: SSE-KMS unavailable (the api answers 501, UB-1)
     */
    public SseService(byte[] s3WrapKey, KeyService kms) {
        this.s3WrapKey = s3WrapKey == null ? null : s3WrapKey.clone();
        this.kms = kms;
    }

    public boolean kmsAvailable() { return kms != null; }

    /** A new data key for a write that asked for {@code ask}. */
    public Sealing newKey(EncryptionRequest ask) {
        return switch (ask.mode()) {
            case SSE_S3 -> {
                byte[] dk = random(DataKeys.KEY_BYTES);
                yield new Sealing(Encryption.sseS3(DataKeys.wrap(s3Key(), Encryption.Mode.SSE_S3, dk, random(DataKeys.NONCE_BYTES))), dk, null);
            }
            case SSE_C -> {
                byte[] dk = random(DataKeys.KEY_BYTES);
                byte[] wrapped = DataKeys.wrap(DataKeys.customerWrapKey(ask.customerKey()), Encryption.Mode.SSE_C, dk, random(DataKeys.NONCE_BYTES));
                yield new Sealing(Encryption.sseC(wrapped, DataKeys.keyCheck(ask.customerKey(), random(DataKeys.SALT_BYTES))), dk,
                        md5(ask.customerKey()));
            }
            case KMS -> {
                if (kms == null) throw new IllegalStateException("no key service");
                KeyService.DataKey k = kms.generateDataKey(ask.kmsKeyId(), ask.kmsContext());
                yield new Sealing(Encryption.kms(k.wrapped(), k.keyId(), ask.kmsContext()), k.plaintext(), null);
            }
        };
    }

    /**
     * The data key of stored {@code e}. SSE-C needs {@code customerKey}: without it the request is
     * refused as S3 refuses it (SSE-8: 400 InvalidRequest), with another key 403 AccessDenied; a key
     * sent for an object that is not SSE-C is refused too (400 InvalidRequest).
     *
     * @param customerKey the SSE-C key the request carried, or null
     */
    public Sealing open(Encryption e, byte[] customerKey) {
        if (e == null) {
            if (customerKey != null) throw new Refusal(Refusal.Reason.INVALID_REQUEST, "The encryption parameters are not applicable to this object.");
            return null;
        }
        return switch (e.mode()) {
            case SSE_S3 -> {
                if (customerKey != null) throw new Refusal(Refusal.Reason.INVALID_REQUEST, "The encryption parameters are not applicable to this object.");
                yield new Sealing(e, DataKeys.unwrap(s3Key(), Encryption.Mode.SSE_S3, e.wrappedKey()), null);
            }
            case SSE_C -> {
                if (customerKey == null) {
                    throw new Refusal(Refusal.Reason.INVALID_REQUEST, "The object was stored using a form of Server Side Encryption. "
                            + "The correct parameters must be provided to retrieve the object.");
                }
                if (!DataKeys.checks(customerKey, e.keyCheck())) {
                    throw new Refusal(Refusal.Reason.ENCRYPTION_KEY_MISMATCH, "The provided customer key does not match the key the object was encrypted with.");
                }
                yield new Sealing(e, DataKeys.unwrap(DataKeys.customerWrapKey(customerKey), Encryption.Mode.SSE_C, e.wrappedKey()), md5(customerKey));
            }
            case KMS -> {
                if (customerKey != null) throw new Refusal(Refusal.Reason.INVALID_REQUEST, "The encryption parameters are not applicable to this object.");
                if (kms == null) throw new IllegalStateException("an SSE-KMS object and no key service");
                yield new Sealing(e, kms.decrypt(e.kmsKeyId(), e.wrappedKey(), e.kmsContext()), null);
            }
        };
    }

    /** A fresh random nonce prefix for a new blob's header (SSE-1). */
    static byte[] newHeader() {
        return ChunkFormat.header(random(ChunkFormat.PREFIX));
    }

    private byte[] s3Key() {
        if (s3WrapKey == null) throw new IllegalStateException("no master key: SSE-S3 is unavailable");
        return s3WrapKey;
    }

    static String md5(byte[] key) {
        return Base64.getEncoder().encodeToString(BlobStreams.md5().digest(key));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
