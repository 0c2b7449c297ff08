package io.cosd.service;

import io.cosd.domain.lifecycle.LifecycleRule;
import io.cosd.domain.lifecycle.LifecycleRule.Expiration;
import io.cosd.domain.lifecycle.LifecycleRule.Filter;
import io.cosd.domain.lifecycle.LifecycleRule.FilterForm;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which key ranges a pass reads: only what some rule's prefix can match. */
class LifecycleExecutorRangesTest {
    static LifecycleRule expire(String prefix) {
        return new LifecycleRule(prefix, true, new Filter(FilterForm.PREFIX, prefix, Map.of(), null, null), List.of(),
                new Expiration(1, null, false), List.of(), null, null);
    }

    static LifecycleRule abortOnly(String prefix) {
        return new LifecycleRule("a" + prefix, true, new Filter(FilterForm.PREFIX, prefix, Map.of(), null, null), List.of(),
                null, List.of(), null, 3);
    }

    @Test
    void disjointPrefixesAreScannedSeparatelyInKeyOrder() {
        assertThat(LifecycleExecutor.ranges(List.of(expire("logs/"), expire("data/"), expire("logs/old/")))).containsExactly("data/", "logs/");
    }

    @Test
    void aWholeBucketRuleCoversEverything() {
        assertThat(LifecycleExecutor.ranges(List.of(expire("logs/"), expire("")))).containsExactly("");
    }

    @Test
    void rulesWithoutObjectActionsAddNoRange() {
        assertThat(LifecycleExecutor.ranges(List.of(expire("x/"), abortOnly("")))).containsExactly("x/");
    }

    @Test
    void prefixesOrderByUtf8Bytes() {
        assertThat(LifecycleExecutor.ranges(List.of(expire("\uFF5E"), expire("\uD83D\uDE00")))).containsExactly("\uFF5E", "\uD83D\uDE00");
    }
}
