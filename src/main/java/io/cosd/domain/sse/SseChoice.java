package io.cosd.domain.sse;

import io.cosd.domain.Refusal;
import io.cosd.domain.kms.KeyNames;

import java.util.Optional;

/**
 * Which encryption a new object gets, from what its request asks for and the bucket's default
 * (docs/spec/semantics.md §5g, SSE-D5..SSE-D8). Pure: the data path parses the headers into a
 * {@link Requested} and applies the answer. It holds for every write that creates data: PutObject,
 * POST Object, CopyObject (the destination's request and bucket), InitiateMultipartUpload (its parts
 * and completion follow the upload's choice).
 */
public final class SseChoice {
    private SseChoice() {}

    /**
     * What the request's own headers ask for.
     *
     * @param mode      null when no {@code x-{amz,cos}-server-side-encryption} and no SSE-C headers were sent
     * @param kmsKeyId  {@code x-amz-server-side-encryption-aws-kms-key-id} / {@code x-cos-…-cos-kms-key-id}, or null
     * @param bucketKey {@code x-amz-server-side-encryption-bucket-key-enabled}, or null when absent
     */
    public record Requested(SseMode mode, String kmsKeyId, Boolean bucketKey) {
        public static final Requested NOTHING = new Requested(null, null, null);
    }

    /**
     * The encryption applied.
     *
     * @param kmsKeyId  SSE_KMS: the key to ask the key service for (the request's, else the default's)
     * @param byDefault true when the bucket default chose it (the request asked for nothing)
     */
    public record Applied(SseMode mode, String kmsKeyId, boolean bucketKey, boolean byDefault) {
        public static final Applied NONE = new Applied(SseMode.NONE, null, false, false);
    }

    public static Applied decide(Requested asked, Optional<BucketEncryption> bucketDefault) {
        // SSE-D8: a key id only goes with SSE-KMS, whatever the default says (S3: 400 InvalidArgument).
        if (asked.kmsKeyId() != null && asked.mode() != SseMode.SSE_KMS) {
            throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "Server Side Encryption with KMS managed key requires HTTP header"
                    + " x-amz-server-side-encryption : aws:kms (x-cos-server-side-encryption: cos/kms).");
        }
        if (asked.mode() == null || asked.mode() == SseMode.NONE) {
            // SSE-D5: nothing asked, the default applies (its own bucket key setting, SSE-D4).
            if (bucketDefault.isEmpty()) return Applied.NONE;
            BucketEncryption d = bucketDefault.get();
            if (d.mode() == SseMode.SSE_S3) return new Applied(SseMode.SSE_S3, null, false, true);
            return new Applied(SseMode.SSE_KMS, d.kmsKeyId() == null ? KeyNames.DEFAULT_ALIAS : d.kmsKeyId(), d.bucketKey(), true);
        }
        // SSE-D6: the request's own mode wins over the default, SSE-C included.
        if (asked.mode() != SseMode.SSE_KMS) return new Applied(asked.mode(), null, false, false);
        // SSE-D7: SSE-KMS without a key id takes an SSE-KMS default's key, else the deployment's default
        // key (KMS-9; the key service refuses it when no key is aliased so). Without the bucket-key
        // header, an SSE-KMS default's BucketKeyEnabled applies (S3 does the same).
        Optional<BucketEncryption> kmsDefault = bucketDefault.filter(e -> e.mode() == SseMode.SSE_KMS);
        String key = asked.kmsKeyId() != null ? asked.kmsKeyId() : kmsDefault.map(BucketEncryption::kmsKeyId).orElse(null);
        if (key == null) key = KeyNames.DEFAULT_ALIAS;
        boolean bucketKey = asked.bucketKey() != null ? asked.bucketKey() : kmsDefault.map(BucketEncryption::bucketKey).orElse(false);
        return new Applied(SseMode.SSE_KMS, key, bucketKey, false);
    }
}
