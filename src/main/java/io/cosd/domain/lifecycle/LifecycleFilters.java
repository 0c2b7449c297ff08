package io.cosd.domain.lifecycle;

import io.cosd.domain.lifecycle.LifecycleRule.FilterForm;
import io.cosd.domain.object.Tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cosd.domain.lifecycle.Occurrences.one;
import static io.cosd.domain.lifecycle.Occurrences.sizeOrNull;
import static io.cosd.domain.lifecycle.Occurrences.text;

/**
 * LC-E1, LC-V15, LC-V16: a rule's Prefix, or a Filter with exactly one predicate (several only inside
 * And). COS exception: several {@code <Tag>} directly under {@code <Filter>} (and nothing else) mean
 * all of them, as the COS Python SDK's own test sends (docs/lifecycle.md); S3 refuses it.
 */
final class LifecycleFilters {
    private LifecycleFilters() {}

    static LifecycleRule.Filter filter(LifecycleDraft.Rule r, LifecycleValidator.Checks checks) {
        String rulePrefix = text(r.prefix(), "Rule", "Prefix");
        LifecycleDraft.Filter f = one(r.filter(), "Rule", "Filter");
        if (rulePrefix != null && f != null) throw Refused.malformed("Rule/Prefix", "a rule has either Prefix or Filter, not both."); // LC-V15
        if (f == null) {
            return rulePrefix == null ? new LifecycleRule.Filter(FilterForm.NONE, "", Map.of(), null, null)
                    : new LifecycleRule.Filter(FilterForm.RULE_PREFIX, rulePrefix, Map.of(), null, null);
        }
        String prefix = text(f.prefix(), "Filter", "Prefix");
        List<LifecycleDraft.Tag> tags = f.tags();
        LifecycleDraft.Filter and = one(f.and(), "Filter", "And");
        Long gt = sizeOrNull("Rule/Filter/ObjectSizeGreaterThan", text(f.objectSizeGreaterThan(), "Filter", "ObjectSizeGreaterThan"));
        Long lt = sizeOrNull("Rule/Filter/ObjectSizeLessThan", text(f.objectSizeLessThan(), "Filter", "ObjectSizeLessThan"));
        int predicates = (prefix != null ? 1 : 0) + tags.size() + (and != null ? 1 : 0) + (gt != null ? 1 : 0) + (lt != null ? 1 : 0);
        boolean cosTagList = checks != LifecycleValidator.Checks.S3 && predicates == tags.size();
        if (predicates > 1 && !cosTagList) {
            throw Refused.malformed("Rule/Filter", "more than one of Prefix, Tag, ObjectSizeGreaterThan, ObjectSizeLessThan must be wrapped in And."); // LC-V15
        }
        if (and != null) {
            if (one(and.and(), "And", "And") != null) throw Refused.malformed("Rule/Filter/And/And", "And cannot be nested."); // LC-V15
            Map<String, String> t = tags(and.tags(), true);
            String andPrefix = text(and.prefix(), "And", "Prefix");
            Long andGt = sizeOrNull("Rule/Filter/And/ObjectSizeGreaterThan", text(and.objectSizeGreaterThan(), "And", "ObjectSizeGreaterThan"));
            Long andLt = sizeOrNull("Rule/Filter/And/ObjectSizeLessThan", text(and.objectSizeLessThan(), "And", "ObjectSizeLessThan"));
            return new LifecycleRule.Filter(FilterForm.AND, andPrefix, t, andGt, andLt);
        }
        if (!tags.isEmpty()) return new LifecycleRule.Filter(FilterForm.TAG, "", tags(tags, false), null, null);
        if (prefix != null) return new LifecycleRule.Filter(FilterForm.PREFIX, prefix, Map.of(), null, null);
        return new LifecycleRule.Filter(FilterForm.EMPTY, "", Map.of(), gt, lt); // LC-E1: empty Filter = whole bucket
    }

    /** LC-V16: keys unique; then the object tag rules (domain/object/Tags). */
    private static Map<String, String> tags(List<LifecycleDraft.Tag> tags, boolean inAnd) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (LifecycleDraft.Tag t : tags) {
            String k = text(t.key(), "Tag", "Key"), v = text(t.value(), "Tag", "Value");
            if (k == null) throw Refused.missing((inAnd ? "Rule/Filter/And/Tag" : "Rule/Filter/Tag") + "/Key");
            if (out.containsKey(k)) throw Refused.argument("Duplicate Tag Keys are not allowed."); // LC-V16
            out.put(k, v == null ? "" : v);
            pairs.add(Map.entry(k, v == null ? "" : v));
        }
        Tags.Checked c = Tags.check(pairs);
        if (!c.ok()) throw Refused.argument(c.problem());
        return c.tags();
    }
}
