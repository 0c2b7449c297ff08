package io.cosd.domain.object;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.cosd.domain.object.MultipartCompletion.Problem.ENTITY_TOO_SMALL;
import static io.cosd.domain.object.MultipartCompletion.Problem.INVALID_PART;
import static io.cosd.domain.object.MultipartCompletion.Problem.INVALID_PART_ORDER;
import static io.cosd.domain.object.MultipartCompletion.Problem.NO_PARTS;
import static org.assertj.core.api.Assertions.assertThat;

class MultipartCompletionTest {
    static final String E1 = "\"0cc175b9c0f1b6a831c399e269772661\"", E2 = "\"92eb5ffee6ae2fec3ad71c777531578f\"";
    static final Map<Integer, UploadedPart> UPLOADED = Map.of(
            1, new UploadedPart(1, 100, E1, "b1", null),
            2, new UploadedPart(2, 5, E2, "b2", null));

    static MultipartCompletion.Requested r(int n, String etag) { return new MultipartCompletion.Requested(n, etag); }

    @Test
    void theEtagIsTheMd5OfTheBinaryPartMd5sWithTheCount() throws Exception {
        var plan = MultipartCompletion.plan(List.of(r(1, E1), r(2, E2.replace("\"", ""))), UPLOADED, 100);
        assertThat(plan.ok()).isTrue();
        assertThat(plan.size()).isEqualTo(105);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(HexFormat.of().parseHex("0cc175b9c0f1b6a831c399e269772661"));
        md5.update(HexFormat.of().parseHex("92eb5ffee6ae2fec3ad71c777531578f"));
        assertThat(plan.etag()).isEqualTo("\"" + HexFormat.of().formatHex(md5.digest()) + "-2\"");
    }

    @Test
    void quotedUnquotedAndEntityQuotedEtagsAllMatch() {
        assertThat(MultipartCompletion.plan(List.of(r(1, "&quot;0cc175b9c0f1b6a831c399e269772661&quot;")), UPLOADED, 100).ok()).isTrue();
        assertThat(MultipartCompletion.plan(List.of(r(1, "0CC175B9C0F1B6A831C399E269772661")), UPLOADED, 100).ok()).isTrue();
    }

    @Test
    void problemsAreReportedByKind() {
        assertThat(MultipartCompletion.plan(List.of(), UPLOADED, 1).problem()).isEqualTo(NO_PARTS);
        assertThat(MultipartCompletion.plan(List.of(r(2, E2), r(1, E1)), UPLOADED, 1).problem()).isEqualTo(INVALID_PART_ORDER);
        assertThat(MultipartCompletion.plan(List.of(r(1, E1), r(1, E1)), UPLOADED, 1).problem()).isEqualTo(INVALID_PART_ORDER);
        assertThat(MultipartCompletion.plan(List.of(r(1, E2)), UPLOADED, 1).problem()).isEqualTo(INVALID_PART);
        assertThat(MultipartCompletion.plan(List.of(r(3, E1)), UPLOADED, 1).problem()).isEqualTo(INVALID_PART);
        assertThat(MultipartCompletion.plan(List.of(r(1, null)), UPLOADED, 1).problem()).isEqualTo(INVALID_PART);
        // Only parts before the last must reach the minimum.
        assertThat(MultipartCompletion.plan(List.of(r(1, E1), r(2, E2)), UPLOADED, 101).problem()).isEqualTo(ENTITY_TOO_SMALL);
        assertThat(MultipartCompletion.plan(List.of(r(1, E1), r(2, E2)), UPLOADED, 100).ok()).isTrue();
    }

    @Test
    void theCrc64CombinesThePartsValuesInOrderWithoutTheirBytes() {
        byte[] a = "a".repeat(100).getBytes(), b = "hello".getBytes();
        byte[] ab = (new String(a) + new String(b)).getBytes();
        var uploaded = Map.of(
                1, new UploadedPart(1, 100, E1, "b1", null, Crc64.of(a)),
                2, new UploadedPart(2, 5, E2, "b2", null, Crc64.of(b)));
        var plan = MultipartCompletion.plan(List.of(r(1, E1), r(2, E2)), uploaded, 100);
        assertThat(plan.crc64()).isEqualTo(Crc64.of(ab));
    }

    @Test
    void anyPartWithoutACrc64LeavesTheObjectWithoutOne() {
        var uploaded = Map.of(
                1, new UploadedPart(1, 100, E1, "b1", null, 123L),
                2, new UploadedPart(2, 5, E2, "b2", null, null));
        assertThat(MultipartCompletion.plan(List.of(r(1, E1), r(2, E2)), uploaded, 100).crc64()).isNull();
        assertThat(MultipartCompletion.plan(List.of(r(1, E1)), uploaded, 100).crc64()).isEqualTo(123L);
    }
}
