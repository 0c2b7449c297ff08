package io.cosd.domain.lifecycle;

import java.util.List;

/** A bucket's validated lifecycle rules, in document order (docs/spec/semantics.md §3.2). */
public record LifecycleConfiguration(List<LifecycleRule> rules) {
    /** LC-A1 / LC-V5. */
    public static final int MAX_RULES = 1000;

    public LifecycleConfiguration {
        rules = List.copyOf(rules);
    }
}
