package io.cosd.api.lifecycle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlText;
import io.cosd.domain.lifecycle.LifecycleConfiguration;
import io.cosd.domain.lifecycle.LifecycleDraft;
import io.cosd.domain.lifecycle.LifecycleRule;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@code ?lifecycle} document on the wire (docs/lifecycle.md; docs/spec/protocol.md §5.4), both
 * directions. Every element is a {@code List} of its occurrences, whether it may repeat or not, so
 * the validator can count them (a repeated single element is MalformedXML, LC-V1); read with
 * {@code Xml.readCounted}, which keeps every occurrence. Text is kept as sent ({@link Text}) so the
 * validator tells "missing" from "not an integer". Output order is the Java SDK's (the
 * {@code @JsonPropertyOrder}s), and the filter shape is the one that was sent ({@link LifecycleRule.FilterForm}).
 */
final class LifecycleWire {
    private LifecycleWire() {}

    /** An element's text, as a record so that an empty element binds as one empty value (not as no element). */
    record Text(@JsonValue String value) {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        Text {}
    }

    @JacksonXmlRootElement(localName = "LifecycleConfiguration")
    record Configuration(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Rule") List<Rule> rules) {
        LifecycleDraft toDraft() {
            return new LifecycleDraft(each(rules, Rule::toDraft, Rule.NONE));
        }

        /** @param dates how an instant is written (UTC for storage, per dialect for GET) */
        static Configuration fromDomain(LifecycleConfiguration c, Function<Instant, String> dates) {
            return new Configuration(c.rules().stream().map(r -> Rule.fromDomain(r, dates)).toList());
        }
    }

    @JsonPropertyOrder({"id", "prefix", "filter", "status", "transitions", "noncurrentTransitions", "expiration",
            "noncurrentExpiration", "abortIncompleteMultipartUpload"})
    record Rule(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "ID") List<Text> id,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Prefix") List<Text> prefix,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Filter") List<Filter> filter,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Status") List<Text> status,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Transition") List<Transition> transitions,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "NoncurrentVersionTransition")
                List<NoncurrentTransition> noncurrentTransitions,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Expiration") List<Expiration> expiration,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "NoncurrentVersionExpiration")
                List<NoncurrentExpiration> noncurrentExpiration,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "AbortIncompleteMultipartUpload")
                List<Abort> abortIncompleteMultipartUpload) {
        static final Rule NONE = new Rule(null, null, null, null, null, null, null, null, null);

        LifecycleDraft.Rule toDraft() {
            return new LifecycleDraft.Rule(texts(id), texts(status), texts(prefix), each(filter, Filter::toDraft, Filter.NONE),
                    each(transitions, Transition::toDraft, Transition.NONE), each(expiration, Expiration::toDraft, Expiration.NONE),
                    each(noncurrentTransitions, NoncurrentTransition::toDraft, NoncurrentTransition.NONE),
                    each(noncurrentExpiration, NoncurrentExpiration::toDraft, NoncurrentExpiration.NONE),
                    each(abortIncompleteMultipartUpload, Abort::toDraft, Abort.NONE));
        }

        static Rule fromDomain(LifecycleRule r, Function<Instant, String> dates) {
            LifecycleRule.Filter f = r.filter();
            List<Text> rulePrefix = f.form() == LifecycleRule.FilterForm.RULE_PREFIX ? text(f.prefix()) : null;
            var e = r.expiration();
            var ne = r.noncurrentExpiration();
            return new Rule(text(r.id()), rulePrefix, one(Filter.fromDomain(f)), text(r.enabled() ? "Enabled" : "Disabled"),
                    some(r.transitions().stream().map(t -> new Transition(number(t.days()),
                            t.date() == null ? null : text(dates.apply(t.date())), text(t.storageClassName()))).toList()),
                    some(r.noncurrentTransitions().stream().map(t -> new NoncurrentTransition(number(t.days()),
                            text(t.storageClassName()))).toList()),
                    e == null ? null : one(e.days() != null ? new Expiration(number(e.days()), null, null)
                            : e.date() != null ? new Expiration(null, text(dates.apply(e.date())), null)
                            : new Expiration(null, null, text(Boolean.toString(e.expiredObjectDeleteMarker())))),
                    ne == null ? null : one(new NoncurrentExpiration(number(ne.days()), number(ne.newerNoncurrentVersions()))),
                    r.abortAfterDays() == null ? null : one(new Abort(number(r.abortAfterDays()))));
        }
    }

    /** {@code <Filter>}, and {@code <And>} inside it (same children). */
    @JsonPropertyOrder({"prefix", "tags", "and", "objectSizeGreaterThan", "objectSizeLessThan", "childless"})
    record Filter(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Prefix") List<Text> prefix,
                  @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Tag") List<Tag> tags,
                  @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "And") List<Filter> and,
                  @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "ObjectSizeGreaterThan")
                  List<Text> objectSizeGreaterThan,
                  @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "ObjectSizeLessThan")
                  List<Text> objectSizeLessThan) {
        static final Filter NONE = new Filter(null, null, null, null, null);

        /**
         * Output only: the element's own text, "" when it has no children, so that an empty filter is
         * echoed as {@code <Filter></Filter>} as before, not {@code <Filter/>}.
         */
        @JacksonXmlText
        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        String childless() {
            return prefix == null && tags == null && and == null && objectSizeGreaterThan == null && objectSizeLessThan == null ? "" : null;
        }

        LifecycleDraft.Filter toDraft() {
            return new LifecycleDraft.Filter(texts(prefix), each(tags, Tag::toDraft, Tag.NONE), each(and, Filter::toDraft, NONE),
                    texts(objectSizeGreaterThan), texts(objectSizeLessThan));
        }

        /** The shape that was sent; null for a rule without a Filter. */
        static Filter fromDomain(LifecycleRule.Filter f) {
            return switch (f.form()) {
                case NONE, RULE_PREFIX -> null;
                case EMPTY -> of(null, null, null, f.sizeGreaterThan(), f.sizeLessThan());
                case PREFIX -> of(text(f.prefix()), null, null, null, null);
                case TAG -> of(null, tags(f.tags()), null, null, null);
                case AND -> of(null, null, one(of(f.prefix().isEmpty() ? null : text(f.prefix()), tags(f.tags()), null,
                        f.sizeGreaterThan(), f.sizeLessThan())), null, null);
            };
        }

        private static Filter of(List<Text> prefix, List<Tag> tags, List<Filter> and, Long gt, Long lt) {
            return new Filter(prefix, tags, and, number(gt), number(lt));
        }

        private static List<Tag> tags(Map<String, String> tags) {
            return some(tags.entrySet().stream().map(t -> new Tag(text(t.getKey()), text(t.getValue()))).toList());
        }
    }

    @JsonPropertyOrder({"key", "value"})
    record Tag(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Key") List<Text> key,
               @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Value") List<Text> value) {
        static final Tag NONE = new Tag(null, null);

        LifecycleDraft.Tag toDraft() {
            return new LifecycleDraft.Tag(texts(key), texts(value));
        }
    }

    @JsonPropertyOrder({"days", "date", "storageClass"})
    record Transition(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Days") List<Text> days,
                      @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Date") List<Text> date,
                      @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "StorageClass") List<Text> storageClass) {
        static final Transition NONE = new Transition(null, null, null);

        LifecycleDraft.Transition toDraft() {
            return new LifecycleDraft.Transition(texts(days), texts(date), texts(storageClass));
        }
    }

    @JsonPropertyOrder({"days", "date", "expiredObjectDeleteMarker"})
    record Expiration(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Days") List<Text> days,
                      @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Date") List<Text> date,
                      @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "ExpiredObjectDeleteMarker")
                      List<Text> expiredObjectDeleteMarker) {
        static final Expiration NONE = new Expiration(null, null, null);

        LifecycleDraft.Expiration toDraft() {
            return new LifecycleDraft.Expiration(texts(days), texts(date), texts(expiredObjectDeleteMarker));
        }
    }

    @JsonPropertyOrder({"noncurrentDays", "storageClass"})
    record NoncurrentTransition(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "NoncurrentDays")
                                List<Text> noncurrentDays,
                                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "StorageClass")
                                List<Text> storageClass) {
        static final NoncurrentTransition NONE = new NoncurrentTransition(null, null);

        LifecycleDraft.NoncurrentTransition toDraft() {
            return new LifecycleDraft.NoncurrentTransition(texts(noncurrentDays), texts(storageClass));
        }
    }

    @JsonPropertyOrder({"noncurrentDays", "newerNoncurrentVersions"})
    record NoncurrentExpiration(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "NoncurrentDays")
                                List<Text> noncurrentDays,
                                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "NewerNoncurrentVersions")
                                List<Text> newerNoncurrentVersions) {
        static final NoncurrentExpiration NONE = new NoncurrentExpiration(null, null);

        LifecycleDraft.NoncurrentExpiration toDraft() {
            return new LifecycleDraft.NoncurrentExpiration(texts(noncurrentDays), texts(newerNoncurrentVersions));
        }
    }

    record Abort(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "DaysAfterInitiation")
                 List<Text> daysAfterInitiation) {
        static final Abort NONE = new Abort(null);

        LifecycleDraft.Abort toDraft() {
            return new LifecycleDraft.Abort(texts(daysAfterInitiation));
        }
    }

    // ---- both directions: absent is null (omitted on output), present is one item per occurrence ----

    /** Each occurrence converted; a null occurrence (never from a tree, but cheap to rule out) is an empty element. */
    private static <W, D> List<D> each(List<W> occurrences, Function<W, D> toDraft, W empty) {
        if (occurrences == null) return List.of();
        return occurrences.stream().map(o -> toDraft.apply(Objects.requireNonNullElse(o, empty))).toList();
    }

    private static List<String> texts(List<Text> occurrences) {
        if (occurrences == null) return List.of();
        return occurrences.stream().map(t -> t == null || t.value() == null ? "" : t.value()).toList();
    }

    private static List<Text> text(String value) {
        return value == null ? null : List.of(new Text(value));
    }

    private static List<Text> number(Number value) {
        return value == null ? null : text(value.toString());
    }

    private static <T> List<T> one(T value) {
        return value == null ? null : List.of(value);
    }

    private static <T> List<T> some(List<T> values) {
        return values.isEmpty() ? null : values;
    }
}
