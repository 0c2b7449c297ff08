package io.cosd.domain.kms;

import io.cosd.domain.Refusal;

import java.util.Map;
import java.util.TreeMap;

/**
 * The encryption context an SSE-KMS object's data key is bound to (docs/encryption.md "Encryption
 * context", KMS-8): the pairs the client sent in {@code x-amz-server-side-encryption-context}, plus
 * S3's own pair {@code aws:s3:arn}, the object's ARN ({@code arn:aws:s3:::bucket/key}) or, with a
 * bucket key, the bucket's ({@code arn:aws:s3:::bucket}), as S3 adds it. The data path stores the
 * result with the object and gives it back to the key service to open the data key (KMS-6).
 */
public final class EncryptionContext {
    public static final String ARN_KEY = "aws:s3:arn";

    private EncryptionContext() {}

    /**
     * @param given the client's pairs (empty when it sent none)
     * @throws Refusal INVALID_ARGUMENT when the client's {@code aws:s3:arn} names another resource: a
     *                 context that claims to be another object's would bind the key to a lie
     */
    public static Map<String, String> effective(Map<String, String> given, String bucket, String key, boolean bucketKey) {
        String arn = "arn:aws:s3:::" + bucket + (bucketKey ? "" : "/" + key);
        String claimed = given.get(ARN_KEY);
        if (claimed != null && !claimed.equals(arn)) {
            throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "The encryption context's " + ARN_KEY + " must be " + arn + ".");
        }
        Map<String, String> out = new TreeMap<>(given);
        out.put(ARN_KEY, arn);
        return Map.copyOf(out);
    }
}
