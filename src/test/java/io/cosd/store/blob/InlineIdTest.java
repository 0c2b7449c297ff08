package io.cosd.store.blob;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Inline blob ids (docs/storage.md ST-W2; docs/performance.md "The PUT path's CPU"). */
class InlineIdTest {
    @Test
    void anInlineIdIsInlPlus32HexDigits_ST_W2() {
        assertThat(InlineWriter.newId()).matches("inl-[0-9a-f]{32}");
        assertThat(InlineBlobs.isInline(InlineWriter.newId())).isTrue();
    }

    @Test
    void idsMadeOneAfterAnotherRiseSoThatTheirIndexesAppendAndAreAllDistinct() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) ids.add(InlineWriter.newId());
        assertThat(ids).isSorted();
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
    }
}
