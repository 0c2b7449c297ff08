package io.cosd.domain.lifecycle;

import io.cosd.domain.object.StorageClass;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One rule (docs/spec/semantics.md §3.2). Days-based and Date-based forms are mutually exclusive per action
 * (LC-V9); exactly what was sent is kept so that GET can echo it (LC-A2).
 *
 * @param abortAfterDays AbortIncompleteMultipartUpload/DaysAfterInitiation, null when absent
 */
public record LifecycleRule(String id, boolean enabled, Filter filter, List<Transition> transitions,
                            Expiration expiration, List<NoncurrentTransition> noncurrentTransitions,
                            NoncurrentExpiration noncurrentExpiration, Integer abortAfterDays) {
    public LifecycleRule {
        transitions = List.copyOf(transitions);
        noncurrentTransitions = List.copyOf(noncurrentTransitions);
    }

    /** How the filter was written, so GET echoes the same shape. */
    public enum FilterForm { NONE, RULE_PREFIX, EMPTY, PREFIX, TAG, AND }

    /**
     * LC-E1: prefix, every tag equal (the object may have more), strict size bounds that never apply
     * to delete markers.
     */
    public record Filter(FilterForm form, String prefix, Map<String, String> tags, Long sizeGreaterThan, Long sizeLessThan) {
        public Filter {
            prefix = prefix == null ? "" : prefix;
            tags = tags == null ? Map.of() : tags;
        }

        public static final Filter ALL = new Filter(FilterForm.EMPTY, "", Map.of(), null, null);

        public boolean matches(String key, Map<String, String> objectTags, long size, boolean deleteMarker) {
            if (!key.startsWith(prefix)) return false;
            for (var t : tags.entrySet()) {
                if (!t.getValue().equals(objectTags.get(t.getKey()))) return false;
            }
            if (!deleteMarker) {
                if (sizeGreaterThan != null && !(size > sizeGreaterThan)) return false;
                if (sizeLessThan != null && !(size < sizeLessThan)) return false;
            }
            return true;
        }

        public boolean hasTags() { return !tags.isEmpty(); }
    }

    /** @param storageClassName as sent (echoed by GET); {@code storageClass} is its parsed value */
    public record Transition(Integer days, Instant date, String storageClassName, StorageClass storageClass) {}

    public record Expiration(Integer days, Instant date, boolean expiredObjectDeleteMarker) {}

    public record NoncurrentTransition(int days, String storageClassName, StorageClass storageClass) {}

    /** @param newerNoncurrentVersions keep this many newest noncurrent versions (LC-E4); null: none kept */
    public record NoncurrentExpiration(int days, Integer newerNoncurrentVersions) {}
}
