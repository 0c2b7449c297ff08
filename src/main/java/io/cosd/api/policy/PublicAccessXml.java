package io.cosd.api.policy;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.policy.PublicAccessBlock;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code ?publicAccessBlock} document (docs/policy.md#public-access-block, POL-P1) and the
 * {@code ?policyStatus} answer. The S3 schema in both dialects: COS has no such API.
 */
public final class PublicAccessXml {
    /** Four booleans; anything near this size is not a real document. */
    static final int MAX_BODY = 64 * 1024;
    static final String ROOT = "PublicAccessBlockConfiguration";
    private static final List<String> FIELDS = List.of("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets");

    private PublicAccessXml() {}

    @JacksonXmlRootElement(localName = ROOT)
    @JsonPropertyOrder({"blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets"})
    record Wire(@JacksonXmlProperty(localName = "BlockPublicAcls") boolean blockPublicAcls,
                @JacksonXmlProperty(localName = "IgnorePublicAcls") boolean ignorePublicAcls,
                @JacksonXmlProperty(localName = "BlockPublicPolicy") boolean blockPublicPolicy,
                @JacksonXmlProperty(localName = "RestrictPublicBuckets") boolean restrictPublicBuckets) {}

    @JacksonXmlRootElement(localName = "PolicyStatus")
    record Status(@JacksonXmlProperty(localName = "IsPublic") boolean isPublic) {}

    /**
     * POL-P1: each element at most once, {@code true} or {@code false} (case-insensitive, as S3), a
     * missing one is false. An element outside the schema is MalformedXML rather than ignored: a
     * switch cosd does not know must not look accepted (UB-1).
     */
    public static PublicAccessBlock parse(byte[] body) {
        Map<?, ?> doc = Xml.readCounted(body, Map.class, ROOT);
        for (Object name : doc.keySet()) {
            if (!FIELDS.contains(name)) throw XmlProblem.malformed(ROOT + "/" + name, "unknown element.");
        }
        return new PublicAccessBlock(flag(doc, FIELDS.get(0)), flag(doc, FIELDS.get(1)), flag(doc, FIELDS.get(2)), flag(doc, FIELDS.get(3)));
    }

    private static boolean flag(Map<?, ?> doc, String name) {
        Object v = doc.get(name);
        if (v == null) return false;
        String where = ROOT + "/" + name;
        if (v instanceof List<?>) throw XmlProblem.repeated(where);
        if (!(v instanceof String s)) throw XmlProblem.malformed(where, "unexpected content (elements where text was expected).");
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw XmlProblem.notOneOf(where, s, List.of("true", "false"));
        };
    }

    /** The canonical document: what is stored and what GET answers (all four elements). */
    public static String encode(PublicAccessBlock c) {
        return new String(Xml.write(new Wire(c.blockPublicAcls(), c.ignorePublicAcls(), c.blockPublicPolicy(),
                c.restrictPublicBuckets())), StandardCharsets.UTF_8);
    }

    /** Reads a stored canonical document. */
    public static PublicAccessBlock decode(String stored) {
        return parse(stored.getBytes(StandardCharsets.UTF_8));
    }

    /** POL-P7: {@code <PolicyStatus><IsPublic>..</IsPublic></PolicyStatus>}. */
    static byte[] status(boolean isPublic) {
        return Xml.write(new Status(isPublic));
    }
}
