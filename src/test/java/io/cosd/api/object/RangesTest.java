package io.cosd.api.object;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
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

    @Test
    void twoHundredWholeObjectRangesAreAnsweredWithTheWholeObject() {
        String header = "bytes=" + String.join(",", java.util.Collections.nCopies(200, "0-"));
        assertThat(Ranges.plan(header, 1000, Ranges.DEFAULT_MAX_RANGES)).isNull();
    }

    @Test
    void aPlannedMultiRangeAnswerNeverExceedsTheObjectSize() {
        java.util.Random rnd = new java.util.Random(7);
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
