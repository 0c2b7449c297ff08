package io.cosd.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The orphan scan's merge walk as a table (ST-G1..G2): sorted present ids against sorted referenced
 * ids, with gaps on either side, duplicates among the references, empty sides; and the refusal to
 * decide anything once an input is out of order.
 */
class OrphanWalkTest {
    record Row(String why, List<String> present, List<String> referenced, List<String> orphans) {
        @Override public String toString() { return why; }
    }

    static Stream<Row> table() {
        return Stream.of(
                new Row("both sides empty", List.of(), List.of(), List.of()),
                new Row("nothing referenced: every blob is an orphan", List.of("a", "b"), List.of(), List.of("a", "b")),
                new Row("no blob present: references to missing blobs decide nothing", List.of(), List.of("a", "b"), List.of()),
                new Row("the same ids on both sides", List.of("a", "b", "c"), List.of("a", "b", "c"), List.of()),
                new Row("gaps among the references", List.of("a", "b", "c", "d", "e"), List.of("b", "d"), List.of("a", "c", "e")),
                new Row("gaps among the blobs (referenced but missing: the scrubber's business)", List.of("b", "d"), List.of("a", "b", "c", "d", "e"), List.of()),
                new Row("a blob named by several versions, parts or tables comes back once per name",
                        List.of("a", "b", "c"), List.of("b", "b", "b", "c", "c"), List.of("a")),
                new Row("references all below the blobs", List.of("x", "y"), List.of("a", "b"), List.of("x", "y")),
                new Row("references all above the blobs", List.of("a", "b"), List.of("x", "y"), List.of("a", "b")),
                new Row("interleaved, a blob after the last reference", List.of("a", "c", "e", "g"), List.of("c", "d", "e"), List.of("a", "g")),
                new Row("the three tiers in their one order: hot ids below cold-, cold, hot above, inline",
                        List.of("0a", "cf", "cold-1", "cold-2", "d0", "inl-1", "inl-2"),
                        List.of("cf", "cold-2", "cold-2", "d0", "inl-1"),
                        List.of("0a", "cold-1", "inl-2")),
                new Row("an id that is a prefix of another is a different id", List.of("ab", "abc"), List.of("abc"), List.of("ab")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void aPresentBlobIsAnOrphanExactlyWhenNoReferenceNamesIt_ST_G1(Row row) {
        OrphanWalk walk = new OrphanWalk(row.referenced().iterator());
        List<String> orphans = new ArrayList<>();
        for (String id : row.present()) if (walk.isOrphan(id)) orphans.add(id);
        assertThat(orphans).isEqualTo(row.orphans());
    }

    @Test
    void presentIdsOutOfOrderStopTheWalkBeforeTheOffendingIdIsDecided_ST_G2() {
        OrphanWalk walk = new OrphanWalk(List.of("a", "b").iterator());
        assertThat(walk.isOrphan("b")).isFalse();
        assertThatThrownBy(() -> walk.isOrphan("a")).isInstanceOf(OrphanWalk.OutOfOrder.class).hasMessageContaining("present");
        OrphanWalk twice = new OrphanWalk(List.of("a").iterator());
        twice.isOrphan("c");
        assertThatThrownBy(() -> twice.isOrphan("c")).isInstanceOf(OrphanWalk.OutOfOrder.class);
    }

    @Test
    void referencedIdsOutOfOrderStopTheWalkInsteadOfCallingAReferencedBlobAnOrphan_ST_G2() {
        // "a" is referenced, but after "c": read in order, "a" would look unreferenced.
        OrphanWalk walk = new OrphanWalk(List.of("b", "c", "a").iterator());
        assertThat(walk.isOrphan("b")).isFalse();
        assertThatThrownBy(() -> walk.isOrphan("z")).isInstanceOf(OrphanWalk.OutOfOrder.class).hasMessageContaining("referenced");
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new OrphanWalk(withNull.iterator())).isInstanceOf(OrphanWalk.OutOfOrder.class);
    }

    @Test
    void theReferencesAreReadLazilyAndOnlyAsFarAsThePresentIdsGo() {
        List<String> read = new ArrayList<>();
        var source = Stream.of("a", "b", "c", "d").peek(read::add).iterator();
        OrphanWalk walk = new OrphanWalk(source);
        assertThat(walk.isOrphan("b")).isFalse();
        assertThat(read).containsExactly("a", "b");
    }
}
