package io.cosd.e2e;

import io.cosd.e2e.CrashLoopModel.Key;
import io.cosd.e2e.CrashLoopModel.Op;
import io.cosd.e2e.CrashLoopModel.Version;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash loop's oracle as a table (docs/storage.md "Crash loop"): it passes what may follow a
 * SIGKILL and fails what must not, so a crash loop with no failures means something.
 */
class CrashLoopModelTest {
    static Op acked(Op op, String versionId) {
        op.acked = true;
        op.versionId = versionId;
        return op;
    }

    static Key plain(String known, Op... round) {
        Key k = new Key("b", "k", false);
        k.current = known;
        k.round.addAll(List.of(round));
        return k;
    }

    static Key versioned(List<Version> known, Op... round) {
        Key k = new Key("b", "k", true);
        k.versions = known;
        k.round.addAll(List.of(round));
        return k;
    }

    @Test
    void anOverwrittenKeyHoldsItsLastAcknowledgedBodyOrTheOneInFlightNeverAnOlderOrUnknownOne_ST_C1() {
        record Row(String known, Op[] round, String seen, boolean passes) {}
        var rows = List.of(
                new Row("A", new Op[]{}, "A", true),
                new Row("A", new Op[]{}, null, false),
                new Row("A", new Op[]{acked(Op.put("B", 1), null), acked(Op.put("C", 1), null), Op.put("D", 1)}, "C", true),
                new Row("A", new Op[]{acked(Op.put("B", 1), null), acked(Op.put("C", 1), null), Op.put("D", 1)}, "D", true),
                new Row("A", new Op[]{acked(Op.put("B", 1), null), acked(Op.put("C", 1), null), Op.put("D", 1)}, "B", false),
                new Row("A", new Op[]{acked(Op.put("B", 1), null), acked(Op.put("C", 1), null), Op.put("D", 1)}, "A", false),
                new Row("A", new Op[]{acked(Op.put("B", 1), null), acked(Op.put("C", 1), null), Op.put("D", 1)}, "partial", false),
                new Row("A", new Op[]{acked(Op.put("B", 1), null), acked(Op.put("C", 1), null), Op.put("D", 1)}, null, false),
                // An acknowledged delete stays deleted, unless a later write in flight may have landed.
                new Row("A", new Op[]{acked(Op.put("B", 1), null), acked(Op.delete(), null)}, null, true),
                new Row("A", new Op[]{acked(Op.put("B", 1), null), acked(Op.delete(), null)}, "B", false),
                new Row("A", new Op[]{acked(Op.delete(), null), Op.put("C", 1)}, "C", true),
                new Row("A", new Op[]{acked(Op.delete(), null), Op.put("C", 1)}, "A", false),
                new Row(null, new Op[]{Op.delete()}, null, true),
                new Row("A", new Op[]{Op.delete()}, "A", true));
        for (Row r : rows) {
            Key k = plain(r.known(), r.round());
            String history = k.history();
            List<String> failures = CrashLoopModel.verifyPlain(k, r.seen());
            assertThat(failures).as(history + " seen " + r.seen()).hasSize(r.passes() ? 0 : 1);
            assertThat(k.current).as("the seen state is the known one for the next round").isEqualTo(r.seen());
            assertThat(k.round).isEmpty();
        }
    }

    @Test
    void everyAcknowledgedVersionIsListedWithItsBodyInWriteOrderAndGetReadsTheNewest_ST_C1() {
        List<Version> known = List.of(new Version("v2", "B"), new Version("v1", "A"));
        Op[] round = {acked(Op.put("C", 1), "v3"), acked(Op.delete(), "m4"), Op.put("E", 1)};
        Version v1 = new Version("v1", "A"), v2 = new Version("v2", "B"), v3 = new Version("v3", "C"), m4 = new Version("m4", null);
        record Row(List<Version> seen, String current, int failures) {}
        var rows = List.of(
                new Row(List.of(m4, v3, v2, v1), null, 0),
                new Row(List.of(new Version("x5", "E"), m4, v3, v2, v1), "E", 0), // the PUT in flight landed
                new Row(List.of(m4, v3, v1), null, 1), // acknowledged v2 lost
                new Row(List.of(m4, v2, v3, v1), null, 1), // out of write order
                new Row(List.of(m4, new Version("v3", "partial"), v2, v1), null, 1), // v3 holds other bytes
                new Row(List.of(new Version("x5", "F"), m4, v3, v2, v1), "F", 1), // a body nobody wrote
                new Row(List.of(new Version("x5", null), m4, v3, v2, v1), null, 1), // a marker nobody wrote
                new Row(List.of(m4, v3, v2, v1), "C", 1)); // GET disagrees with the listing
        for (Row r : rows) {
            Key k = versioned(known, Arrays.stream(round).map(CrashLoopModelTest::copy).toArray(Op[]::new));
            assertThat(CrashLoopModel.verifyVersioned(k, r.seen(), r.current())).as(r.toString()).hasSize(r.failures());
            assertThat(k.versions).isEqualTo(r.seen());
        }
    }

    @Test
    void aVersionDeletedByIdIsGoneOnceAcknowledgedAndMayBeEitherWhileInFlight_ST_C1() {
        List<Version> known = List.of(new Version("v2", "B"), new Version("v1", "A"));
        Version v1 = new Version("v1", "A"), v2 = new Version("v2", "B");
        assertThat(CrashLoopModel.verifyVersioned(versioned(known, acked(Op.deleteVersion("v1"), null)), List.of(v2), "B")).isEmpty();
        assertThat(CrashLoopModel.verifyVersioned(versioned(known, acked(Op.deleteVersion("v1"), null)), List.of(v2, v1), "B")).hasSize(1);
        assertThat(CrashLoopModel.verifyVersioned(versioned(known, Op.deleteVersion("v2")), List.of(v2, v1), "B")).isEmpty();
        assertThat(CrashLoopModel.verifyVersioned(versioned(known, Op.deleteVersion("v2")), List.of(v1), "A")).isEmpty();
        assertThat(CrashLoopModel.verifyVersioned(versioned(known, Op.deleteVersion("v2")), List.of(), null)).hasSize(1);
    }

    private static Op copy(Op o) {
        Op c = new Op(o.kind, o.md5, o.size, o.target);
        c.acked = o.acked;
        c.versionId = o.versionId;
        return c;
    }
}
