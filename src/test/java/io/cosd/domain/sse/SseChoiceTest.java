package io.cosd.domain.sse;

import io.cosd.domain.Refusal;
import io.cosd.domain.sse.SseChoice.Applied;
import io.cosd.domain.sse.SseChoice.Requested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/spec/semantics.md §5g: what a new object gets from its headers and the bucket default, as a table. */
class SseChoiceTest {
    static Optional<BucketEncryption> bucketDefault(String d) {
        return switch (d) {
            case "none" -> Optional.empty();
            case "s3" -> Optional.of(new BucketEncryption(SseMode.SSE_S3, null, false));
            case "kms" -> Optional.of(new BucketEncryption(SseMode.SSE_KMS, "testkey-1", false));
            case "kms+bk" -> Optional.of(new BucketEncryption(SseMode.SSE_KMS, "testkey-1", true));
            case "kms-default-key" -> Optional.of(new BucketEncryption(SseMode.SSE_KMS, null, false));
            default -> throw new IllegalArgumentException(d);
        };
    }

    @ParameterizedTest(name = "asked {0} key {1} bucket-key {2}, default {3} -> {4} {5} {6} byDefault={7}")
    @CsvSource(nullValues = "-", value = {
            // SSE-D5: nothing asked: the default, if any
            "-,       -,         -,     none,   NONE,    -,         false, false",
            "-,       -,         -,     s3,     SSE_S3,  -,         false, true",
            "-,       -,         -,     kms,    SSE_KMS, testkey-1, false, true",
            "-,       -,         -,     kms+bk, SSE_KMS, testkey-1, true,  true",
            "NONE,    -,         -,     kms,    SSE_KMS, testkey-1, false, true",
            // SSE-D6: the request's own mode wins
            "SSE_S3,  -,         -,     kms,    SSE_S3,  -,         false, false",
            "SSE_C,   -,         -,     kms,    SSE_C,   -,         false, false",
            "SSE_C,   -,         -,     s3,     SSE_C,   -,         false, false",
            "SSE_KMS, testkey-2, -,     s3,     SSE_KMS, testkey-2, false, false",
            "SSE_KMS, testkey-2, -,     kms,    SSE_KMS, testkey-2, false, false",
            "SSE_KMS, testkey-2, true,  none,   SSE_KMS, testkey-2, true,  false",
            // SSE-D4: without the header an SSE-KMS default's BucketKeyEnabled applies; the header wins
            "SSE_KMS, testkey-2, -,     kms+bk, SSE_KMS, testkey-2, true,  false",
            "SSE_KMS, testkey-2, false, kms+bk, SSE_KMS, testkey-2, false, false",
            // SSE-D7: SSE-KMS without a key id takes an SSE-KMS default's key, else the deployment's default key (KMS-9)
            "SSE_KMS, -,         -,     kms,    SSE_KMS, testkey-1, false, false",
            "SSE_KMS, -,         -,     kms+bk, SSE_KMS, testkey-1, true,  false",
            "SSE_KMS, -,         -,     none,   SSE_KMS, default,   false, false",
            "SSE_KMS, -,         -,     s3,     SSE_KMS, default,   false, false",
            "SSE_KMS, -,         -,     kms-default-key, SSE_KMS, default, false, false",
            "-,       -,         -,     kms-default-key, SSE_KMS, default, false, true",
    })
    void theHeadersWinAndTheDefaultFillsWhatTheyLeaveOut_SSE_D4_SSE_D5_SSE_D6_SSE_D7_KMS_9(SseMode asked, String key, Boolean bucketKey, String dflt,
                                                                                  SseMode mode, String appliedKey, boolean appliedBucketKey, boolean byDefault) {
        assertThat(SseChoice.decide(new Requested(asked, key, bucketKey), bucketDefault(dflt)))
                .isEqualTo(new Applied(mode, appliedKey, appliedBucketKey, byDefault));
    }

    @ParameterizedTest(name = "asked {0} key {1}, default {2} is refused")
    @CsvSource(nullValues = "-", value = {
            // SSE-D8: a key id without SSE-KMS, whatever the default
            "-,       testkey-2, kms",
            "SSE_S3,  testkey-2, none",
            "SSE_C,   testkey-2, kms",
    })
    void aKmsKeyIdWithoutKmsIsInvalidArgument_SSE_D8(SseMode asked, String key, String dflt) {
        assertThatThrownBy(() -> SseChoice.decide(new Requested(asked, key, null), bucketDefault(dflt)))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Refusal.Reason.INVALID_ARGUMENT));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"SSE_S3||false", "SSE_KMS|testkey-1|false", "SSE_KMS|arn:aws:kms:us-east-1:1:key/k|true", "SSE_KMS||true"})
    void theStoredFormReadsBackAsTheSameDefault_SSE_D1(SseMode mode, String key, boolean bucketKey) {
        BucketEncryption e = new BucketEncryption(mode, key == null || key.isEmpty() ? null : key, bucketKey);
        assertThat(BucketEncryption.decode(e.encode())).isEqualTo(e);
    }
}
