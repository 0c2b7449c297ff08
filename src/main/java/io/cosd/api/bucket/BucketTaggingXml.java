package io.cosd.api.bucket;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bucket {@code ?tagging} document (docs/spec/semantics.md §5b), the same in COS and S3:
 * {@code <Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>}. Reading checks only the
 * shape (BT-2: exactly one TagSet, a Key in every Tag, each element at most once, nothing outside
 * the schema, all MalformedXML); the tag rules are domain/bucket/BucketTags'. An element cosd does
 * not know is refused rather than ignored, so nothing that looks accepted is dropped (UB-1).
 */
public final class BucketTaggingXml {
    /** 50 tags of 128 + 256 bytes with their markup are ~22 KB; larger bodies are not tag sets. */
    static final int MAX_BODY = 64 * 1024;
    static final String ROOT = "Tagging";

    private BucketTaggingXml() {}

    record Tag(@JacksonXmlProperty(localName = "Key") String key,
               @JacksonXmlProperty(localName = "Value") String value) {}

    record TagSet(@JacksonXmlElementWrapper(useWrapping = false)
                  @JacksonXmlProperty(localName = "Tag") List<Tag> tags) {}

    @JacksonXmlRootElement(localName = ROOT)
    @JsonPropertyOrder({"tagSet"})
    record Tagging(@JacksonXmlProperty(localName = "TagSet") TagSet tagSet) {}

    /** The tag pairs in document order, unchecked (BucketTags checks them); a bad shape is MalformedXML. */
    public static List<Map.Entry<String, String>> parse(byte[] body) {
        Map<?, ?> doc = Xml.readCounted(body, Map.class, ROOT);
        only(doc, Set.of("TagSet"), ROOT);
        Object set = doc.get("TagSet");
        if (set == null) throw XmlProblem.missing(ROOT + "/TagSet");
        return tags(set, ROOT + "/TagSet");
    }

    /**
     * The pairs of one element holding {@code <Tag>}s, as read by {@link Xml#readCounted} into a tree:
     * {@code Tagging/TagSet}, or the S3 {@code CreateBucketConfiguration/Tags} (BT-6).
     */
    static List<Map.Entry<String, String>> tags(Object set, String where) {
        if (set instanceof List<?>) throw XmlProblem.repeated(where);
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (set instanceof String s) {
            // <TagSet/> or <TagSet> </TagSet>: no tags (text inside it is not a tag either)
            if (!s.isBlank()) throw XmlProblem.malformed(where, "unexpected text (Tag elements were expected).");
            return pairs;
        }
        Map<?, ?> tagSet = (Map<?, ?>) set;
        only(tagSet, Set.of("Tag"), where);
        Object tags = tagSet.get("Tag");
        for (Object t : tags instanceof List<?> l ? l : tags == null ? List.of() : List.of(tags)) pairs.add(pair(t, where + "/Tag"));
        return pairs;
    }

    private static Map.Entry<String, String> pair(Object tag, String where) {
        if (!(tag instanceof Map<?, ?> m)) throw XmlProblem.missing(where + "/Key");
        only(m, Set.of("Key", "Value"), where);
        String key = text(m.get("Key"), where + "/Key");
        if (key == null) throw XmlProblem.missing(where + "/Key");
        String value = text(m.get("Value"), where + "/Value");
        // a Tag without Value is an empty value, as object tagging reads it (api/object/TaggingHandler)
        return Map.entry(key, value == null ? "" : value);
    }

    private static String text(Object v, String where) {
        if (v == null || v instanceof String) return (String) v;
        if (v instanceof List<?>) throw XmlProblem.repeated(where);
        throw XmlProblem.malformed(where, "unexpected content (elements where text was expected).");
    }

    private static void only(Map<?, ?> element, Set<String> names, String where) {
        for (Object name : element.keySet()) {
            if (!names.contains(name)) throw XmlProblem.malformed(where + "/" + name, "unknown element.");
        }
    }

    /** The canonical document: what is stored and what GET answers, tags in the order they were put. */
    public static String encode(Map<String, String> tags) {
        List<Tag> list = tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
        return new String(Xml.write(new Tagging(new TagSet(list))), StandardCharsets.UTF_8);
    }

    /** Reads a stored canonical document (validated when it was put). */
    public static Map<String, String> decode(String stored) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (var p : parse(stored.getBytes(StandardCharsets.UTF_8))) tags.put(p.getKey(), p.getValue());
        return java.util.Collections.unmodifiableMap(tags);
    }
}
