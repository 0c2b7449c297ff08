package io.cosd.domain.object;

import io.cosd.domain.Refusal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The conditions of writes and deletes against the key's latest row, as tables (docs/spec/semantics.md §2.8). */
class WriteConditionTest {
    static final Instant T = Instant.parse("2025-01-01T00:00:00.250Z");

    /** none: no row; object: "e1", 5 bytes, at T; marker: a delete marker at T. */
    static Optional<ObjectVersion> row(String latest) {
        return switch (latest) {
            case "none" -> Optional.empty();
            case "object" -> Optional.of(ObjectVersion.builder("b", "k").etag("\"e1\"").size(5).lastModified(T).blobId("x").build());
            case "marker" -> Optional.of(ObjectVersion.builder("b", "k").deleteMarker(true).lastModified(T).build());
            default -> throw new IllegalArgumentException(latest);
        };
    }

    static String outcome(Runnable r) {
        Throwable t = catchThrowable(r::run);
        return t == null ? "ok" : ((Refusal) t).reason().name();
    }

    @ParameterizedTest(name = "If-None-Match:*={0} If-Match={1} since={2} over {3}: {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // OBJ-CW1: create only, compare-and-swap, RFC 7232 lists and *
            "true  | -          | -                        | none   | ok",
            "true  | -          | -                        | object | PRECONDITION_FAILED",
            "false | \"e1\"     | -                        | object | ok",
            "false | e1         | -                        | object | ok",
            "false | \"x\", e1  | -                        | object | ok",
            "false | W/\"e1\"   | -                        | object | ok",
            "false | \"e2\"     | -                        | object | PRECONDITION_FAILED",
            "false | *          | -                        | object | ok",
            "false | \"e1\"     | -                        | none   | NO_SUCH_KEY",
            "false | *          | -                        | none   | NO_SUCH_KEY",
            // OBJ-CW2: a current delete marker is no object
            "true  | -          | -                        | marker | ok",
            "false | *          | -                        | marker | NO_SUCH_KEY",
            // OBJ-CW4: what fails it was committed after the write began
            "true  | -          | 2025-01-01T00:00:00Z     | object | CONDITIONAL_CONFLICT",
            "true  | -          | 2025-01-01T00:00:01Z     | object | PRECONDITION_FAILED",
            "false | \"e2\"     | 2025-01-01T00:00:00Z     | object | CONDITIONAL_CONFLICT",
            "false | \"e1\"     | 2025-01-01T00:00:00Z     | marker | CONDITIONAL_CONFLICT",
            "false | \"e1\"     | 2025-01-01T00:00:01Z     | marker | NO_SUCH_KEY",
            "false | -          | -                        | object | ok",
    })
    void aWriteConditionHoldsOrNamesWhyNot_OBJ_CW1_OBJ_CW2_OBJ_CW4(boolean noneMatch, String ifMatch, String since, String latest, String expected) {
        var c = new WriteCondition(noneMatch, ifMatch, since == null ? null : Instant.parse(since));
        assertThat(outcome(() -> c.check(row(latest)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "If-Match={0} time={1} size={2} over {3}: {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "\"e1\" | -                    | -  | object | ok",
            "\"e2\" | -                    | -  | object | PRECONDITION_FAILED",
            "*      | -                    | -  | object | ok",
            "-      | 2025-01-01T00:00:00Z | -  | object | ok",
            "-      | 2025-01-01T00:00:01Z | -  | object | PRECONDITION_FAILED",
            "-      | -                    | 5  | object | ok",
            "-      | -                    | 6  | object | PRECONDITION_FAILED",
            "\"e1\" | 2025-01-01T00:00:00Z | 6  | object | PRECONDITION_FAILED",
            // OBJ-CD2: nothing there passes (the delete is a no-op); a marker matches only *, size 0 and its time
            "\"e1\" | -                    | 6  | none   | ok",
            "\"e1\" | -                    | -  | marker | PRECONDITION_FAILED",
            "*      | -                    | -  | marker | ok",
            "-      | -                    | 0  | marker | ok",
            "-      | -                    | 5  | marker | PRECONDITION_FAILED",
    })
    void aDeleteConditionHoldsWhenEveryGivenPartMatches_OBJ_CD1_OBJ_CD2(String ifMatch, String time, Long size, String latest, String expected) {
        var c = new DeleteCondition(ifMatch, time == null ? null : Instant.parse(time), size);
        assertThat(outcome(() -> c.check(row(latest)))).isEqualTo(expected);
    }
}
