package io.cosd.api.core;

import io.cosd.api.auth.HeaderView;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.object.Crc64Nvme;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A checksum sent as a header is verified against the body at EOF, for every algorithm cosd accepts. */
class ChecksumHeadersTest {
    static final byte[] BODY = "<Delete><Object><Key>a</Key></Object></Delete>".getBytes(StandardCharsets.UTF_8);

    static String checksum(String alg, byte[] b) throws Exception {
        byte[] d = switch (alg) {
            case "crc32" -> { var c = new CRC32(); c.update(b); yield ByteBuffer.allocate(4).putInt((int) c.getValue()).array(); }
            case "crc32c" -> { var c = new CRC32C(); c.update(b); yield ByteBuffer.allocate(4).putInt((int) c.getValue()).array(); }
            case "crc64nvme" -> new Crc64Nvme().update(b, 0, b.length).bytes();
            case "sha1" -> MessageDigest.getInstance("SHA-1").digest(b);
            default -> MessageDigest.getInstance("SHA-256").digest(b);
        };
        return Base64.getEncoder().encodeToString(d);
    }

    static InputStream verifying(String header, String value, byte[] body) {
        return ChecksumHeaders.verifying(HeaderView.of(List.of(Map.entry(header, value))), new ByteArrayInputStream(body));
    }

    @ParameterizedTest(name = "x-amz-checksum-{0}")
    @ValueSource(strings = {"crc32", "crc32c", "crc64nvme", "sha1", "sha256"})
    void aMatchingChecksumHeaderLetsTheBodyThrough(String alg) throws Exception {
        assertThat(verifying("x-amz-checksum-" + alg, checksum(alg, BODY), BODY).readAllBytes()).isEqualTo(BODY);
    }

    @ParameterizedTest(name = "x-amz-checksum-{0}")
    @ValueSource(strings = {"crc32", "crc32c", "crc64nvme", "sha1", "sha256"})
    void aChecksumHeaderOfOtherBytesIsBadDigestAtTheEnd(String alg) throws Exception {
        String other = checksum(alg, "something else".getBytes(StandardCharsets.UTF_8));
        InputStream in = verifying("X-Amz-Checksum-" + alg.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), other, BODY);
        assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_DIGEST);
            assertThat(e.getMessage()).contains("x-amz-checksum-" + alg);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"not base64!", "AAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="})
    void aChecksumValueOfTheWrongShapeIsInvalidRequestBeforeAnyByteIsRead(String value) {
        assertThatThrownBy(() -> verifying("x-amz-checksum-crc32", value, BODY))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @org.junit.jupiter.api.Test
    void anSdkChecksumAlgorithmMustNameTheValueHeaderOrTrailerSentAndNeverStandAlone_UB_3() {
        // Accepted: it names the value header or the trailer sent (the AWS SDK v2 sends it with either).
        ChecksumHeaders.requireSdkAlgorithmSent(HeaderView.of(List.of(Map.entry("x-amz-sdk-checksum-algorithm", "CRC32"),
                Map.entry("x-amz-checksum-crc32", "AAAAAA=="))));
        ChecksumHeaders.requireSdkAlgorithmSent(HeaderView.of(List.of(Map.entry("X-Amz-Sdk-Checksum-Algorithm", "crc64nvme"),
                Map.entry("x-amz-trailer", "x-amz-checksum-crc64nvme"))));
        ChecksumHeaders.requireSdkAlgorithmSent(HeaderView.of(List.of(Map.entry("x-amz-checksum-mode", "ENABLED"))));
        // Refused in S3's words: alone (x-amz-checksum-mode is no value), or naming another algorithm.
        assertThatThrownBy(() -> ChecksumHeaders.requireSdkAlgorithmSent(HeaderView.of(List.of(
                Map.entry("x-amz-sdk-checksum-algorithm", "CRC32"), Map.entry("x-amz-checksum-mode", "ENABLED")))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("no corresponding x-amz-checksum-* or x-amz-trailer");
                });
        assertThatThrownBy(() -> ChecksumHeaders.requireSdkAlgorithmSent(HeaderView.of(List.of(
                Map.entry("x-amz-sdk-checksum-algorithm", "CRC32C"), Map.entry("x-amz-checksum-crc32", "AAAAAA==")))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("Value for x-amz-sdk-checksum-algorithm header is invalid.");
                });
    }
}
