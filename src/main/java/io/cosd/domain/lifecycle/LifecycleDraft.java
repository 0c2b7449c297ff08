package io.cosd.domain.lifecycle;

import java.util.List;

/**
 * A {@code ?lifecycle} document as sent, before {@link LifecycleValidator} checks it: each element's
 * text untrimmed, and each element as the list of its occurrences, so validation can tell an absent
 * element (empty list) from an empty one ({@code [""]}) and from a repeated one (LC-V1: an element
 * that may appear once but appears twice is MalformedXML). Element names are the document's
 * (docs/lifecycle.md); the api's wire records convert to this shape and nothing else.
 */
public record LifecycleDraft(List<Rule> rules) {
    public LifecycleDraft {
        rules = copy(rules);
    }

    public record Rule(List<String> id, List<String> status, List<String> prefix, List<Filter> filter,
                       List<Transition> transitions, List<Expiration> expiration,
                       List<NoncurrentTransition> noncurrentTransitions, List<NoncurrentExpiration> noncurrentExpiration,
                       List<Abort> abortIncompleteMultipartUpload) {
        public Rule {
            id = copy(id);
            status = copy(status);
            prefix = copy(prefix);
            filter = copy(filter);
            transitions = copy(transitions);
            expiration = copy(expiration);
            noncurrentTransitions = copy(noncurrentTransitions);
            noncurrentExpiration = copy(noncurrentExpiration);
            abortIncompleteMultipartUpload = copy(abortIncompleteMultipartUpload);
        }
    }

    /** {@code <Filter>} and {@code <And>} have the same children; an And inside And is refused (LC-V15). */
    public record Filter(List<String> prefix, List<Tag> tags, List<Filter> and, List<String> objectSizeGreaterThan,
                         List<String> objectSizeLessThan) {
        public Filter {
            prefix = copy(prefix);
            tags = copy(tags);
            and = copy(and);
            objectSizeGreaterThan = copy(objectSizeGreaterThan);
            objectSizeLessThan = copy(objectSizeLessThan);
        }
    }

    public record Tag(List<String> key, List<String> value) {
        public Tag {
            key = copy(key);
            value = copy(value);
        }
    }

    public record Transition(List<String> days, List<String> date, List<String> storageClass) {
        public Transition {
            days = copy(days);
            date = copy(date);
            storageClass = copy(storageClass);
        }
    }

    public record Expiration(List<String> days, List<String> date, List<String> expiredObjectDeleteMarker) {
        public Expiration {
            days = copy(days);
            date = copy(date);
            expiredObjectDeleteMarker = copy(expiredObjectDeleteMarker);
        }
    }

    public record NoncurrentTransition(List<String> noncurrentDays, List<String> storageClass) {
        public NoncurrentTransition {
            noncurrentDays = copy(noncurrentDays);
            storageClass = copy(storageClass);
        }
    }

    public record NoncurrentExpiration(List<String> noncurrentDays, List<String> newerNoncurrentVersions) {
        public NoncurrentExpiration {
            noncurrentDays = copy(noncurrentDays);
            newerNoncurrentVersions = copy(newerNoncurrentVersions);
        }
    }

    public record Abort(List<String> daysAfterInitiation) {
        public Abort {
            daysAfterInitiation = copy(daysAfterInitiation);
        }
    }

    private static <T> List<T> copy(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
