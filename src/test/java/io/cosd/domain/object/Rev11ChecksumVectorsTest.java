package io.cosd.domain.object;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review (rev11) of additional checksums (docs/checksums.md): the multipart values computed from the
 * parts' values, against the value of the whole body computed directly, for odd part sizes.
 */
class Rev11ChecksumVectorsTest {
    private static final ChecksumAlgorithm[] CRCS = {ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.CRC64NVME};

    private static UploadedPart part(int n, byte[] data, ChecksumAlgorithm alg) {
        return new UploadedPart(n, data.length, "\"e\"", "blob" + n, null, null, ObjectChecksum.full(alg, alg.of(data)));
    }

    @Test
    void theCheckValuesOfTheThreeCrcsAreTheCatalogues_OBJ_K6() {
        byte[] nine = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(HexFormat.of().formatHex(ChecksumAlgorithm.CRC32.of(nine))).isEqualTo("cbf43926");
        assertThat(HexFormat.of().formatHex(ChecksumAlgorithm.CRC32C.of(nine))).isEqualTo("e3069283");
        assertThat(HexFormat.of().formatHex(ChecksumAlgorithm.CRC64NVME.of(nine))).isEqualTo("ae8b14860a799888");
    }

    @Test
    void aFullObjectValueCombinedFromPartsOfOddSizesEqualsTheCrcOfTheWholeBody_OBJ_K6() {
        Random r = new Random(11);
        int[][] layouts = {{1}, {1, 1}, {3, 5, 7}, {5 * 1024 * 1024 + 1, 1}, {5 * 1024 * 1024 + 3, 5 * 1024 * 1024 + 3, 17},
                {0, 9}, {65537, 65537, 65537, 2}, {13, 1, 13, 1}};
        for (ChecksumAlgorithm alg : CRCS) {
            for (int[] sizes : layouts) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                List<UploadedPart> parts = new ArrayList<>();
                for (int i = 0; i < sizes.length; i++) {
                    byte[] d = new byte[sizes[i]];
                    r.nextBytes(d);
                    all.writeBytes(d);
                    parts.add(part(i + 1, d, alg));
                }
                ObjectChecksum got = MultipartChecksums.object(alg, ObjectChecksum.Type.FULL_OBJECT, parts);
                assertThat(got.base64()).as("%s over parts %s", alg, java.util.Arrays.toString(sizes))
                        .isEqualTo(ObjectChecksum.full(alg, alg.of(all.toByteArray())).base64());
            }
        }
    }

    @Test
    void aCompositeValueIsTheChecksumOfThePartsRawValuesWithThePartCount_OBJ_K5() {
        for (ChecksumAlgorithm alg : ChecksumAlgorithm.values()) {
            byte[] a = {1, 2, 3}, b = {4}, c = new byte[5 * 1024 * 1024 + 1];
            List<UploadedPart> parts = List.of(part(1, a, alg), part(2, b, alg), part(3, c, alg));
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            raw.writeBytes(alg.of(a));
            raw.writeBytes(alg.of(b));
            raw.writeBytes(alg.of(c));
            ObjectChecksum got = MultipartChecksums.object(alg, ObjectChecksum.Type.COMPOSITE, parts);
            assertThat(got.wire()).as("%s", alg)
                    .isEqualTo(java.util.Base64.getEncoder().encodeToString(alg.of(raw.toByteArray())) + "-3");
        }
    }
}
