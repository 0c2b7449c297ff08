package io.cosd.api.object;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.Tags;
import io.cosd.service.ObjectService;

import java.util.List;
import java.util.Map;

/**
 * PUT/GET/DELETE {@code /<key>?tagging[&versionId=]} (docs/spec/protocol.md §5.11). Tags belong to one
 * version and are changed in place. An object without tags answers {@code 200 <Tagging><TagSet/>}
 * (both SDKs read that as empty; a 404 NoSuchTagSet would make them throw).
 */
public final class TaggingHandler {
    /**
     * Far above 10 tags of 128 + 256 bytes in any encoding; larger bodies are not tag sets. The body was read before
     * the decision (TaggingBody, POL-S11) under the one early-read cap, so this is that cap.
     */
    static final int MAX_BODY = io.cosd.api.core.EarlyBody.MAX_BYTES;

    private final ObjectService objects;

    public TaggingHandler(ObjectService objects) {
        this.objects = objects;
    }

    record Tag(@JacksonXmlProperty(localName = "Key") String key,
               @JacksonXmlProperty(localName = "Value") String value) {}

    record TagSet(@JacksonXmlElementWrapper(useWrapping = false)
                  @JacksonXmlProperty(localName = "Tag") List<Tag> tags) {}

    @JacksonXmlRootElement(localName = "Tagging")
    record Tagging(@JacksonXmlProperty(localName = "TagSet") TagSet tagSet) {
        /** Every Tag, even with another element between two of them (a dropped tag would skip Tags.check). */
        static Tagging read(byte[] body) {
            return Xml.readCounted(body, Tagging.class);
        }
    }

    public Response put(Request rc) {
        ObjectVersion v = objects.setTags(rc.bucket(), rc.key(), target(rc), bodyTags(rc.readSmallBody(MAX_BODY, ErrorCode.MALFORMED_XML)));
        return versioned(Response.status(200), rc, v).empty();
    }

    /**
     * The tag set a PUT ?tagging body asks for, validated; one parser for the write and for the bucket
     * policy's {@code s3:RequestObjectTag} keys (POL-S11). MalformedXML or InvalidTag when it is not one.
     */
    public static Map<String, String> bodyTags(byte[] body) {
        Tagging doc = Tagging.read(body);
        if (doc.tagSet() == null) throw XmlProblem.missing("Tagging/TagSet");
        List<Tag> list = doc.tagSet().tags() == null ? List.of() : doc.tagSet().tags();
        for (Tag t : list) if (t == null || t.key() == null) throw XmlProblem.missing("Tagging/TagSet/Tag/Key");
        Tags.Checked checked = Tags.check(list.stream().map(t -> Map.entry(t.key(), t.value() == null ? "" : t.value())).toList());
        if (!checked.ok()) throw ErrorCode.INVALID_TAG.exception(checked.problem());
        return checked.tags();
    }

    public Response get(Request rc) {
        ObjectVersion v = objects.resolve(rc.bucket(), rc.key(), target(rc));
        List<Tag> tags = v.tags().entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
        byte[] xml = Xml.write(new Tagging(new TagSet(tags.isEmpty() ? null : tags)));
        return versioned(Response.status(200), rc, v).bytes(xml, "application/xml");
    }

    public Response delete(Request rc) {
        ObjectVersion v = objects.setTags(rc.bucket(), rc.key(), target(rc), Map.of());
        return versioned(Response.status(204), rc, v).empty();
    }

    /** The addressed version id, or null for the current version. */
    private static String target(Request rc) {
        return rc.query().get("versionId");
    }

    private static Response.Builder versioned(Response.Builder b, Request rc, ObjectVersion v) {
        if (!ObjectVersion.NULL_VERSION.equals(v.versionId())) b.header(rc.out("version-id"), v.versionId());
        return b;
    }
}
