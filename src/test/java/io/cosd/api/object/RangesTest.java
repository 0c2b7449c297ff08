package io.cosd.api.object;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The range planner as a table (docs/edge.md EDGE-R1..R3): "whole" = 200 with the object, "416" = unsatisfiable. */
class RangesTest {
    private static String show(List<Ranges.Range> rs) {
        if (rs == null) return "whole";
        if (rs.isEmpty()) return "416";
        return rs.stream().map(r -> r.start() + "-" + r.end()).collect(Collectors.joining(" "));
    }

    @ParameterizedTest(name = "{0} of 100 bytes, max {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // single ranges and the RFC 7233 forms
            "bytes=0-9            | 16 | 0-9",
            "bytes=90-            | 16 | 90-99",
            "bytes=-10            | 16 | 90-99",
            "bytes=50-500         | 16 | 50-99",
            "bytes=100-           | 16 | 416",
            "bytes=-0             | 16 | 416",
            "items=0-9            | 16 | whole",
            "bytes=9-0            | 16 | whole",
            "bytes=abc            | 16 | whole",
            // disjoint ranges stay separate, in ascending order
            "bytes=0-9,20-29      | 16 | 0-9 20-29",
            "bytes=20-29,0-9      | 16 | 0-9 20-29",
            // overlapping and adjacent ranges are coalesced (EDGE-R2)
            "bytes=0-9,5-14       | 16 | 0-14",
            "bytes=0-9,10-19      | 16 | 0-19",
            "bytes=0-,0-,0-       | 16 | 0-99",
            "bytes=-10,90-95      | 16 | 90-99",
            "bytes=0-49,40-59,90- | 16 | 0-59 90-99",
            "bytes=0-0,2-2,1-1    | 16 | 0-2",
            // too many specs: the whole object (EDGE-R1); 0 disables ranges
            "bytes=0-0,2-2,4-4    | 2  | whole",
            "bytes=0-0,2-2        | 2  | 0-0 2-2",
            "bytes=0-9            | 0  | whole",
            "bytes=0-9,20-29      | 1  | whole",
            "bytes=0-9            | 1  | 0-9",
    })
    void theRangePlannerBoundsCoalescesAndOrdersRanges(String header, int max, String expected) {
        assertThat(show(Ranges.plan(header, 100, max))).isEqualTo(expected);
    }

    /**
     * The RFC 7233 §2.1 forms one by one, on objects of 100, 1 and 0 bytes, through {@link Ranges#plan}
     * with the default bound: what a GET answers ("whole" = 200 with the object, "416" = Range Not
     * Satisfiable with {@code Content-Range: bytes *}{@code /size}).
     */
    @ParameterizedTest(name = "{0} of {1} bytes -> {2}")
    @CsvSource(delimiter = '|', value = {
            // byte-range-spec a-b: the last byte position is clamped to the object (§2.1)
            "bytes=0-0              | 100 | 0-0",
            "bytes=0-99             | 100 | 0-99",
            "bytes=99-99            | 100 | 99-99",
            "bytes=0-1000           | 100 | 0-99",
            "bytes=5-5              | 1   | 416",
            "bytes=0-0              | 1   | 0-0",
            // open-ended a-: to the end, and unsatisfiable from the size on (§4.4)
            "bytes=0-               | 100 | 0-99",
            "bytes=99-              | 100 | 99-99",
            "bytes=101-             | 100 | 416",
            "bytes=0-               | 1   | 0-0",
            // suffix -n: the last n bytes; longer than the object is the whole object as 206 (§2.1)
            "bytes=-1               | 100 | 99-99",
            "bytes=-100             | 100 | 0-99",
            "bytes=-1000            | 100 | 0-99",
            "bytes=-1               | 1   | 0-0",
            // multi: unsatisfiable specs are dropped; the header is 416 only if none is satisfiable (§4.4)
            "bytes=0-9,200-300      | 100 | 0-9",
            "bytes=200-300,-0       | 100 | 416",
            "bytes=200-,95-         | 100 | 95-99",
            "bytes=-5,0-4           | 100 | 0-4 95-99",
            // overlapping specs are merged (EDGE-R2), including a suffix covering an explicit range
            "bytes=90-99,-20        | 100 | 80-99",
            "bytes=10-20,15-        | 100 | 10-99",
            // zero-length object: no byte is satisfiable, whatever the form
            "bytes=0-               | 0   | 416",
            "bytes=0-0              | 0   | 416",
            "bytes=-1               | 0   | 416",
            "bytes=0-9,-5           | 0   | 416",
            // the unit is case-insensitive; whitespace around the header and each spec is allowed
            "BYTES=0-9              | 100 | 0-9",
            "Bytes=0-9              | 100 | 0-9",
            "'  bytes=0-9  '        | 100 | 0-9",
            "'bytes= 0-9 , 20-29'   | 100 | 0-9 20-29",
            // syntactically bad: the header is ignored and the whole object answered with 200 (§3.1)
            "bytes=                 | 100 | whole",
            "bytes=-                | 100 | whole",
            "bytes=5                | 100 | whole",
            "bytes=a-9              | 100 | whole",
            "bytes=0-b              | 100 | whole",
            "bytes=--5              | 100 | whole",
            "bytes=0-9,x            | 100 | whole",
            "bytes=0-9,9-0          | 100 | whole",
            "bytes=0-99999999999999999999 | 100 | whole",
            "'bytes 0-9'            | 100 | whole",
            "'bytes = 0-9'          | 100 | whole",
            "0-9                    | 100 | whole",
            "''                     | 100 | whole",
            "bytes=9-0              | 0   | whole",
            // empty list elements: a trailing one is dropped by the split, a leading one is an empty spec
            "bytes=0-9,             | 100 | 0-9",
            "'bytes=,0-9'           | 100 | whole",
    })
    void everyRangeFormIsServedClampedOrRefusedAsRfc7233Says(String header, long size, String expected) {
        assertThat(show(Ranges.plan(header, size, Ranges.DEFAULT_MAX_RANGES))).isEqualTo(expected);
    }

    @Test
    void noRangeHeaderIsTheWholeObject() {
        assertThat(Ranges.plan(null, 100, Ranges.DEFAULT_MAX_RANGES)).isNull();
        assertThat(Ranges.parse(null, 100)).isNull();
    }

    /**
     * The bound counts specs as written, before parsing (EDGE-R1): unsatisfiable and duplicate specs
     * count, so a header just over the bound is the whole object even when its specs would merge to one.
     */
    @ParameterizedTest(name = "{1} specs, max {0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "16 | 16 | 0-0",
            "16 | 17 | whole",
            "1  | 1  | 0-0",
            "1  | 2  | whole",
            "0  | 1  | whole",
    })
    void theSpecBoundCountsWrittenSpecsBeforeAnyIsParsed(int max, int specs, String expected) {
        String header = "bytes=" + String.join(",", Collections.nCopies(specs, "0-0"));
        assertThat(show(Ranges.plan(header, 100, max))).isEqualTo(expected);
        String unsatisfiable = "bytes=" + String.join(",", Collections.nCopies(specs, "500-"));
        assertThat(show(Ranges.plan(unsatisfiable, 100, max))).isEqualTo(expected.equals("whole") ? "whole" : "416");
    }

    /** {@link Ranges#parse} alone neither bounds, sorts nor merges: that is {@link Ranges#plan}'s job. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "bytes=20-29,0-9        | 20-29 0-9",
            "bytes=0-9,5-14         | 0-9 5-14",
            "bytes=0-,0-,0-         | 0-99 0-99 0-99",
            "bytes=-10,500-         | 90-99",
            "bytes=500-             | 416",
            "bytes=0-9,abc          | whole",
    })
    void parsingKeepsTheRequestedOrderAndDuplicates(String header, String expected) {
        assertThat(show(Ranges.parse(header, 100))).isEqualTo(expected);
    }

    @Test
    void coalescingSortsAndMergesOverlappingAndAdjacentRangesOnly() {
        var merged = Ranges.coalesce(List.of(new Ranges.Range(30, 39), new Ranges.Range(0, 9), new Ranges.Range(10, 12),
                new Ranges.Range(11, 20), new Ranges.Range(22, 25)));
        assertThat(show(merged)).isEqualTo("0-20 22-25 30-39");
        assertThat(new Ranges.Range(0, 0).length()).isEqualTo(1);
        assertThat(new Ranges.Range(5, 14).length()).isEqualTo(10);
    }

    @Test
    void twoHundredWholeObjectRangesAreAnsweredWithTheWholeObject() {
        String header = "bytes=" + String.join(",", Collections.nCopies(200, "0-"));
        assertThat(Ranges.plan(header, 1000, Ranges.DEFAULT_MAX_RANGES)).isNull();
    }

    @Test
    void aPlannedMultiRangeAnswerNeverExceedsTheObjectSize() {
        Random rnd = new Random(7);
        for (int i = 0; i < 2000; i++) {
            long size = 1 + rnd.nextInt(500);
            StringBuilder h = new StringBuilder("bytes=");
            int n = 1 + rnd.nextInt(16);
            for (int j = 0; j < n; j++) {
                long a = rnd.nextInt((int) size + 10);
                h.append(j == 0 ? "" : ",").append(a).append('-').append(a + rnd.nextInt(200));
            }
            var plan = Ranges.plan(h.toString(), size, 16);
            if (plan == null || plan.isEmpty()) continue;
            long total = plan.stream().mapToLong(Ranges.Range::length).sum();
            assertThat(total).as(h.toString()).isLessThanOrEqualTo(size);
            for (int j = 1; j < plan.size(); j++) {
                assertThat(plan.get(j).start()).as(h.toString()).isGreaterThan(plan.get(j - 1).end() + 1);
            }
        }
    }
}
