package io.cosd.api.object;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.object.DeleteCondition;
import io.cosd.domain.object.WriteCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Reading the preconditions of writes and deletes from headers and DeleteObjects entries (docs/spec/semantics.md §2.8). */
class WriteConditionsTest {
    @ParameterizedTest(name = "If-None-Match={0} If-Match={1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-        | -       | none",
            "*        | -       | create-only",
            "' * '    | -       | create-only",
            "-        | \"e1\"  | if-match \"e1\"",
            "-        | *       | if-match *",
            "\"e1\"   | -       | NotImplemented",
            "abc      | -       | NotImplemented",
            "*        | \"e1\"  | NotImplemented",
    })
    void onlyStarIsAnIfNoneMatchOfAWriteAndBothTogetherAreNotImplementedAsOnS3_OBJ_CW1(String noneMatch, String match, String expected) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> WriteConditions.write(noneMatch, match));
        if (e != null) {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
            assertThat(expected).isEqualTo("NotImplemented");
            return;
        }
        WriteCondition c = WriteConditions.write(noneMatch, match);
        String got = c.isNone() ? "none" : c.ifNoneMatchAny() ? "create-only" : "if-match " + c.ifMatch();
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void deleteHeadersAreReadAsAnHttpDateOrIso8601AndASize_OBJ_CD1() {
        assertThat(WriteConditions.delete(null, null, null)).isEqualTo(DeleteCondition.NONE);
        assertThat(WriteConditions.delete("\"e1\"", "Wed, 01 Jan 2025 00:00:00 GMT", "5"))
                .isEqualTo(new DeleteCondition("\"e1\"", Instant.parse("2025-01-01T00:00:00Z"), 5L));
        assertThat(WriteConditions.entry(null, "2025-01-01T00:00:00.000Z", null))
                .isEqualTo(new DeleteCondition(null, Instant.parse("2025-01-01T00:00:00Z"), null));
    }

    @ParameterizedTest(name = "time={0} size={1}: 400 InvalidArgument")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "yesterday | -",
            "-         | -1",
            "-         | five",
    })
    void aDeleteConditionThatIsNotADateOrASizeIsInvalidArgument_OBJ_CD1(String time, String size) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> WriteConditions.delete(null, time, size));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
