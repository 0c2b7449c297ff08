package io.cosd.domain.object;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Published check values of each algorithm, and S3's own values (ceph/s3-tests), as S3 encodes them (OBJ-K1). */
class ChecksumAlgorithmTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // the catalogue check value of "123456789" (CRC RevEng; FIPS 180 examples for the digests)
            "CRC32,     cbf43926",
            "CRC32C,    e3069283",
            "CRC64NVME, ae8b14860a799888",
            "SHA1,      f7c3bc1d808e04732adf679965ccc34ca7ae3441",
            "SHA256,    15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225",
    })
    void eachAlgorithmGivesItsPublishedCheckValueBigEndian_OBJ_K1(ChecksumAlgorithm alg, String hex) {
        byte[] v = alg.of("123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(v)).isEqualTo(hex);
        assertThat(v).hasSize(alg.size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // 5 MiB of 'A', as S3 and the ceph/s3-tests suite give them (base64)
            "CRC32,     JRTCyQ==",
            "CRC32C,    MDaLrw==",
            "CRC64NVME, L/E4WYn8v98=",
            "SHA1,      iIaTCGbm+vdVjNqIMF2S0T7ibMk=",
            "SHA256,    275VF5loJr1YYawit0XSHREhkFXYkkPKGuoK0x9VKxI=",
    })
    void fiveMebibytesOfAHaveS3sValues_OBJ_K1(ChecksumAlgorithm alg, String base64) {
        assertThat(Base64.getEncoder().encodeToString(alg.of(filled(5 << 20, 'A')))).isEqualTo(base64);
    }

    @Test
    void aKibibyteOfAHasTheValuesS3TestsUpload_OBJ_K1() {
        assertThat(b64(ChecksumAlgorithm.SHA256.of(filled(1024, 'A')))).isEqualTo("arcu6553sHVAiX4MjW0j7I7vD4w6R+Gz9Ok0Q9lTa+0=");
        assertThat(b64(ChecksumAlgorithm.CRC64NVME.of(filled(1024, 'A')))).isEqualTo("Qeh8oXvGiSo=");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CRC32", "CRC32C", "CRC64NVME"})
    void aCrcOfTwoRunsIsCombinedFromTheirValuesWithoutTheirBytes_OBJ_K6(ChecksumAlgorithm alg) {
        byte[] a = "The quick brown fox ".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
        byte[] ab = new byte[a.length + b.length];
        System.arraycopy(a, 0, ab, 0, a.length);
        System.arraycopy(b, 0, ab, a.length, b.length);
        assertThat(alg.combine(alg.of(a), alg.of(b), b.length)).isEqualTo(alg.of(ab));
        assertThat(alg.combine(alg.of(new byte[0]), alg.of(ab), ab.length)).isEqualTo(alg.of(ab));
        assertThat(alg.combine(alg.of(ab), alg.of(new byte[0]), 0)).isEqualTo(alg.of(ab));
    }

    @Test
    void algorithmsAreNamedInAnyCaseAndNothingElseIsOne_OBJ_K1() {
        assertThat(ChecksumAlgorithm.parse("crc64nvme")).contains(ChecksumAlgorithm.CRC64NVME);
        assertThat(ChecksumAlgorithm.parse("Sha256")).contains(ChecksumAlgorithm.SHA256);
        assertThat(ChecksumAlgorithm.parse("md5")).isEmpty();
        assertThat(ChecksumAlgorithm.parse("xxhash64")).isEmpty();
        assertThat(ChecksumAlgorithm.CRC32C.header()).isEqualTo("x-amz-checksum-crc32c");
        assertThat(ChecksumAlgorithm.CRC64NVME.element()).isEqualTo("ChecksumCRC64NVME");
    }

    @Test
    void aStoredChecksumReadsBackAsItWasStored_OBJ_K1() {
        var full = ObjectChecksum.full(ChecksumAlgorithm.CRC32, new byte[]{1, 2, 3, 4});
        var composite = new ObjectChecksum(ChecksumAlgorithm.SHA256, ObjectChecksum.Type.COMPOSITE,
                "uWBwpe1dxI4Vw8Gf0X9ynOdw/SS6VBzfWm9giiv1sf4=", 3);
        assertThat(ObjectChecksum.decode(full.encode())).isEqualTo(full);
        assertThat(ObjectChecksum.decode(composite.encode())).isEqualTo(composite);
        assertThat(composite.wire()).isEqualTo("uWBwpe1dxI4Vw8Gf0X9ynOdw/SS6VBzfWm9giiv1sf4=-3");
        assertThat(full.wire()).isEqualTo("AQIDBA==");
        assertThat(ObjectChecksum.decode(null)).isNull();
    }

    static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
