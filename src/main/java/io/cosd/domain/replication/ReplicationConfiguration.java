package io.cosd.domain.replication;

import java.util.List;
import java.util.Optional;

/**
 * A bucket's validated replication configuration (docs/spec/semantics.md §4.1). COS allows one destination
 * bucket (REP-V4), so every rule names the same {@link Destination}.
 */
public record ReplicationConfiguration(String role, List<ReplicationRule> rules) {
    public static final int MAX_RULES = 1000;

    public ReplicationConfiguration {
        rules = List.copyOf(rules);
    }

    /** The enabled rule whose prefix the key starts with (prefixes never overlap, REP-V5), if any. */
    public Optional<ReplicationRule> ruleFor(String key) {
        for (ReplicationRule r : rules) {
            if (r.enabled() && key.startsWith(r.prefix())) return Optional.of(r);
        }
        return Optional.empty();
    }
}
