package io.cosd.api.acl;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.acl.ObjectOwnership;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code ?ownershipControls} document (docs/acl.md "Object Ownership", ACL-O2):
 * {@code <OwnershipControls><Rule><ObjectOwnership>…</ObjectOwnership></Rule></OwnershipControls>}.
 * The S3 schema in both dialects: COS has no such API.
 */
final class OwnershipXml {
    /** One rule with one short value; anything near this size is not a real document. */
    static final int MAX_BODY = 16 * 1024;
    static final String ROOT = "OwnershipControls";
    private static final List<String> NAMES = Arrays.stream(ObjectOwnership.values()).map(ObjectOwnership::wire).toList();

    private OwnershipXml() {}

    @JacksonXmlRootElement(localName = ROOT)
    record Wire(@JacksonXmlProperty(localName = "Rule") Rule rule) {}

    @JsonPropertyOrder({"objectOwnership"})
    record Rule(@JacksonXmlProperty(localName = "ObjectOwnership") String objectOwnership) {}

    /**
     * ACL-O2: exactly one Rule with exactly one ObjectOwnership naming a setting; anything else,
     * an unknown element included, is 400 MalformedXML (an unknown switch never looks accepted, UB-1).
     */
    static ObjectOwnership parse(byte[] body) {
        Map<?, ?> doc = Xml.readCounted(body, Map.class, ROOT);
        for (Object name : doc.keySet()) {
            if (!name.equals("Rule")) throw XmlProblem.malformed(ROOT + "/" + name, "unknown element.");
        }
        Object rule = doc.get("Rule");
        if (rule == null) throw XmlProblem.missing(ROOT + "/Rule");
        if (rule instanceof List<?>) throw XmlProblem.repeated(ROOT + "/Rule");
        if (!(rule instanceof Map<?, ?> r)) throw XmlProblem.malformed(ROOT + "/Rule", "expected elements.");
        for (Object name : r.keySet()) {
            if (!name.equals("ObjectOwnership")) throw XmlProblem.malformed(ROOT + "/Rule/" + name, "unknown element.");
        }
        String where = ROOT + "/Rule/ObjectOwnership";
        Object v = r.get("ObjectOwnership");
        if (v == null) throw XmlProblem.missing(where);
        if (v instanceof List<?>) throw XmlProblem.repeated(where);
        if (!(v instanceof String s)) throw XmlProblem.malformed(where, "unexpected content (elements where text was expected).");
        ObjectOwnership o = ObjectOwnership.parse(s);
        if (o == null) throw XmlProblem.notOneOf(where, s, NAMES);
        return o;
    }

    static byte[] write(ObjectOwnership o) {
        return Xml.write(new Wire(new Rule(o.wire())));
    }
}
