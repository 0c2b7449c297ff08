package io.cosd.domain.object;

import io.cosd.domain.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.cosd.domain.object.ChecksumAlgorithmTest.b64;
import static io.cosd.domain.object.ChecksumAlgorithmTest.filled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The multipart checksum rules (OBJ-K5..K8), with the values S3 gives (ceph/s3-tests, 3 parts of 5 MiB of A, B, C). */
class MultipartChecksumsTest {
    private static final int MIB5 = 5 << 20;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "CRC32,     FULL_OBJECT, WgDhBQ==",
            "CRC32C,    FULL_OBJECT, xU+Krw==",
            "CRC64NVME, FULL_OBJECT, i+6LR0y3eFo=",
            "SHA1,      COMPOSITE,   sizjvY4eud3MrcHdZM3cQ/ol39o=-3",
            "SHA256,    COMPOSITE,   uWBwpe1dxI4Vw8Gf0X9ynOdw/SS6VBzfWm9giiv1sf4=-3",
    })
    void threePartsGiveS3sObjectChecksumWithoutReReadingABody_OBJ_K5_OBJ_K6(ChecksumAlgorithm alg, ObjectChecksum.Type type, String wire) {
        List<UploadedPart> parts = new ArrayList<>();
        char[] fill = {'A', 'B', 'C'};
        for (int i = 0; i < 3; i++) parts.add(part(i + 1, filled(MIB5, fill[i]), alg));
        assertThat(MultipartChecksums.object(alg, type, parts).wire()).isEqualTo(wire);
    }

    @Test
    void aCompositeCrcIsTheCrcOfThePartsCrcs_OBJ_K5() {
        // S3's values for the parts 5 MiB of A and "tail" (an S3 clone's tests recorded against S3)
        var parts = List.of(part(1, filled(MIB5, 'A'), ChecksumAlgorithm.CRC32), part(2, "tail".getBytes(StandardCharsets.US_ASCII), ChecksumAlgorithm.CRC32));
        assertThat(parts.get(1).checksum().wire()).isEqualTo("fDe0XQ==");
        assertThat(MultipartChecksums.object(ChecksumAlgorithm.CRC32, ObjectChecksum.Type.COMPOSITE, parts).wire()).isEqualTo("ar6UVw==-2");
        assertThat(MultipartChecksums.object(ChecksumAlgorithm.CRC32, ObjectChecksum.Type.FULL_OBJECT, parts).wire()).isEqualTo("gPNU7Q==");
    }

    @Test
    void aSinglePartCompositeSha256IsTheSha256OfItsSha256_OBJ_K5() {
        var parts = List.of(part(1, filled(1024, 'A'), ChecksumAlgorithm.SHA256));
        assertThat(MultipartChecksums.object(ChecksumAlgorithm.SHA256, ObjectChecksum.Type.COMPOSITE, parts).wire())
                .isEqualTo("Ok6Cs5b96ux6+MWQkJO7UBT5sKPBeXBLwvj/hK89smg=-1");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "CRC32,     -,           COMPOSITE",
            "CRC32C,    FULL_OBJECT, FULL_OBJECT",
            "CRC64NVME, -,           FULL_OBJECT",
            "SHA1,      COMPOSITE,   COMPOSITE",
            "SHA256,    -,           COMPOSITE",
            "-,         -,           -",
    })
    void anUploadGetsTheTypeAskedOrItsAlgorithmsDefault_OBJ_K5(ChecksumAlgorithm alg, ObjectChecksum.Type asked, ObjectChecksum.Type type) {
        assertThat(MultipartChecksums.initiate(alg, asked)).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(nullValues = "-", value = {
            "SHA1,      FULL_OBJECT, The FULL_OBJECT checksum type cannot be used with the sha1 checksum algorithm.",
            "SHA256,    FULL_OBJECT, The FULL_OBJECT checksum type cannot be used with the sha256 checksum algorithm.",
            "CRC64NVME, COMPOSITE,   The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.",
            "-,         COMPOSITE,   The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.",
    })
    void aTypeTheAlgorithmCannotHaveIsInvalidRequest_OBJ_K5(ChecksumAlgorithm alg, ObjectChecksum.Type asked, String message) {
        assertThatThrownBy(() -> MultipartChecksums.initiate(alg, asked)).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.reason()).isEqualTo(Refusal.Reason.INVALID_REQUEST);
            assertThat(r.detail()).isEqualTo(message);
        });
    }

    @Test
    void aPartsChecksumOfAnotherAlgorithmThanItsUploadsIsInvalidRequest_OBJ_K6() {
        MultipartChecksums.checkPartAlgorithm(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.SHA256);
        MultipartChecksums.checkPartAlgorithm(null, ChecksumAlgorithm.CRC32);
        MultipartChecksums.checkPartAlgorithm(ChecksumAlgorithm.SHA256, null);
        assertThatThrownBy(() -> MultipartChecksums.checkPartAlgorithm(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.CRC32))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.detail())
                        .isEqualTo("Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: crc32"));
    }

    @Test
    void theListedPartsMustNameTheirStoredValuesEachFromOneWithoutGaps_OBJ_K7() {
        var u = upload(ChecksumAlgorithm.SHA256, ObjectChecksum.Type.COMPOSITE);
        var one = part(1, bytes("one"), ChecksumAlgorithm.SHA256);
        var two = part(2, bytes("two"), ChecksumAlgorithm.SHA256);
        var right = listed(1, ChecksumAlgorithm.SHA256, one.checksum().wire());
        assertThat(MultipartChecksums.complete(u, List.of(one), asked(List.of(right))).wire())
                .isEqualTo(b64(ChecksumAlgorithm.SHA256.of(ChecksumAlgorithm.SHA256.of(bytes("one")))) + "-1");
        expect(() -> MultipartChecksums.complete(u, List.of(one), asked(List.of(listed(1, ChecksumAlgorithm.SHA256, two.checksum().wire())))),
                Refusal.Reason.PART_MISMATCH, null);
        expect(() -> MultipartChecksums.complete(u, List.of(one), asked(List.of(listed(1, ChecksumAlgorithm.CRC32, "emyG8Q==")))),
                Refusal.Reason.PART_MISMATCH, null);
        expect(() -> MultipartChecksums.complete(u, List.of(one), asked(List.of(new MultipartChecksums.ListedPart(1, Map.of())))),
                Refusal.Reason.INVALID_REQUEST, "The upload was created using a sha256 checksum. The complete request must include "
                        + "the checksum for each part. It was missing for part 1 in the request.");
        expect(() -> MultipartChecksums.complete(u, List.of(two), asked(List.of(listed(2, ChecksumAlgorithm.SHA256, two.checksum().wire())))),
                Refusal.Reason.PART_ORDER, null);
    }

    @Test
    void theObjectsValueHeaderAndTypeMustBeTheComputedOnes_OBJ_K8() {
        var u = upload(ChecksumAlgorithm.SHA256, ObjectChecksum.Type.COMPOSITE);
        var one = part(1, bytes("one"), ChecksumAlgorithm.SHA256);
        var listed = List.of(listed(1, ChecksumAlgorithm.SHA256, one.checksum().wire()));
        String composite = MultipartChecksums.object(ChecksumAlgorithm.SHA256, ObjectChecksum.Type.COMPOSITE, List.of(one)).wire();
        MultipartChecksums.complete(u, List.of(one), new MultipartChecksums.Asked(ChecksumAlgorithm.SHA256, composite,
                ObjectChecksum.Type.COMPOSITE, listed));
        // the composite value without its -N is the same value
        MultipartChecksums.complete(u, List.of(one), new MultipartChecksums.Asked(ChecksumAlgorithm.SHA256,
                composite.substring(0, composite.length() - 2), null, listed));
        expect(() -> MultipartChecksums.complete(u, List.of(one), new MultipartChecksums.Asked(ChecksumAlgorithm.SHA256,
                one.checksum().wire(), null, listed)), Refusal.Reason.DIGEST_MISMATCH,
                "The x-amz-checksum-sha256 you specified did not match the calculated checksum.");
        expect(() -> MultipartChecksums.complete(u, List.of(one), new MultipartChecksums.Asked(ChecksumAlgorithm.SHA256, "bad", null, listed)),
                Refusal.Reason.DIGEST_MISMATCH, "The x-amz-checksum-sha256 you specified did not match the calculated checksum.");
        // the object's header is checked before the parts' list: a bad value with a part missing its value is BadDigest (s3-tests)
        expect(() -> MultipartChecksums.complete(u, List.of(one), new MultipartChecksums.Asked(ChecksumAlgorithm.SHA256, "bad", null,
                List.of(new MultipartChecksums.ListedPart(1, Map.of())))), Refusal.Reason.DIGEST_MISMATCH, null);
        expect(() -> MultipartChecksums.complete(u, List.of(one), new MultipartChecksums.Asked(null, null, ObjectChecksum.Type.FULL_OBJECT, listed)),
                Refusal.Reason.DIGEST_MISMATCH, "The upload was created using the COMPOSITE checksum mode. The complete request must use the same checksum mode.");
        expect(() -> MultipartChecksums.complete(u, List.of(one), new MultipartChecksums.Asked(ChecksumAlgorithm.CRC32, "emyG8Q==", null, listed)),
                Refusal.Reason.INVALID_REQUEST, "Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: crc32");
    }

    @Test
    void aFullObjectUploadNeedsNoListedPartValueButChecksTheOnesGiven_OBJ_K7() {
        var u = upload(ChecksumAlgorithm.CRC32, ObjectChecksum.Type.FULL_OBJECT);
        var one = part(1, bytes("one"), ChecksumAlgorithm.CRC32);
        assertThat(MultipartChecksums.complete(u, List.of(one), asked(List.of(new MultipartChecksums.ListedPart(1, Map.of())))))
                .isEqualTo(one.checksum());
        expect(() -> MultipartChecksums.complete(u, List.of(one), asked(List.of(listed(1, ChecksumAlgorithm.CRC32, "AAAAAA==")))),
                Refusal.Reason.PART_MISMATCH, null);
    }

    @Test
    void anUploadWithoutAnAlgorithmGivesTheObjectNoneButChecksTheListedValues_OBJ_K7() {
        var u = upload(null, null);
        var one = part(1, bytes("one"), ChecksumAlgorithm.CRC32);
        assertThat(MultipartChecksums.complete(u, List.of(one), asked(List.of(listed(1, ChecksumAlgorithm.CRC32, one.checksum().wire()))))).isNull();
        assertThat(MultipartChecksums.complete(u, List.of(one), asked(List.of(new MultipartChecksums.ListedPart(1, Map.of()))))).isNull();
        expect(() -> MultipartChecksums.complete(u, List.of(one), asked(List.of(listed(1, ChecksumAlgorithm.CRC32, "AAAAAA==")))),
                Refusal.Reason.PART_MISMATCH, null);
    }

    private static void expect(Runnable r, Refusal.Reason reason, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(Refusal.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            if (message != null) assertThat(e.detail()).isEqualTo(message);
        });
    }

    private static MultipartChecksums.Asked asked(List<MultipartChecksums.ListedPart> listed) {
        return new MultipartChecksums.Asked(null, null, null, listed);
    }

    private static MultipartChecksums.ListedPart listed(int n, ChecksumAlgorithm alg, String value) {
        return new MultipartChecksums.ListedPart(n, Map.of(alg, value));
    }

    private static MultipartUpload upload(ChecksumAlgorithm alg, ObjectChecksum.Type type) {
        return new MultipartUpload("u", "b", "k", java.time.Instant.EPOCH, StorageClass.STANDARD, null, Map.of(), Map.of(), null, null, alg, type);
    }

    private static UploadedPart part(int n, byte[] data, ChecksumAlgorithm alg) {
        return new UploadedPart(n, data.length, "\"e\"", "blob" + n, null, null, ObjectChecksum.full(alg, alg.of(data)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void tenThousandEqualPartsCombineWithOneShiftOperator_OBJ_K6() {
        // 10,000 parts of 5 MiB (S3's most): one shift operator for them all, about 20 ms here; the loose bound only
        // catches a pathological slowdown, it is not a benchmark
        List<UploadedPart> parts = new ArrayList<>();
        byte[] crc = ChecksumAlgorithm.CRC64NVME.of(filled(1024, 'A'));
        for (int n = 1; n <= 10_000; n++) {
            parts.add(new UploadedPart(n, 5L << 20, "\"e\"", "b", null, null, ObjectChecksum.full(ChecksumAlgorithm.CRC64NVME, crc)));
        }
        long t0 = System.nanoTime();
        var whole = MultipartChecksums.object(ChecksumAlgorithm.CRC64NVME, ObjectChecksum.Type.FULL_OBJECT, parts);
        assertThat(whole.bytes()).hasSize(8);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms").isLessThan(10_000);
    }
}
