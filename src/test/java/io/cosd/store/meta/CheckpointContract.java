package io.cosd.store.meta;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

public interface CheckpointContract extends StoreFixture {
    @Test
    default void anUnknownWorkerHasNoCursor() {
        assertThat(store().checkpoints().cursor("nobody")).isEmpty();
    }

    @Test
    default void saveReplacesTheCursorAndANullCursorMeansFromTheStart() {
        Instant t1 = Instant.parse("2026-01-01T00:00:00Z"), t2 = Instant.parse("2026-01-02T00:00:00Z");
        store().checkpoints().save("lifecycle", "bucket-a/key-1", t1);
        assertThat(store().checkpoints().cursor("lifecycle").orElseThrow())
                .isEqualTo(new CheckpointRepository.Checkpoint("bucket-a/key-1", t1));
        store().checkpoints().save("lifecycle", null, t2);
        assertThat(store().checkpoints().cursor("lifecycle").orElseThrow()).isEqualTo(new CheckpointRepository.Checkpoint(null, t2));
        store().checkpoints().save("replication", "7", t2);
        assertThat(store().checkpoints().cursor("lifecycle").orElseThrow().cursor()).isNull();
        assertThat(store().checkpoints().cursor("replication").orElseThrow().cursor()).isEqualTo("7");
    }

    @Test
    default void saveIfAbsentKeepsTheFirstValueAndReturnsIt_ST_R4() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(store().checkpoints().saveIfAbsent("blob-root", "first", t)).isEqualTo("first");
        assertThat(store().checkpoints().saveIfAbsent("blob-root", "second", t.plusSeconds(1))).isEqualTo("first");
        assertThat(store().checkpoints().cursor("blob-root").orElseThrow()).isEqualTo(new CheckpointRepository.Checkpoint("first", t));
    }
}
