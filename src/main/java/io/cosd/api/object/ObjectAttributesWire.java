package io.cosd.api.object;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import io.cosd.api.error.ErrorCode;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * GetObjectAttributes on the wire (docs/object-attributes.md): the {@code x-amz-object-attributes}
 * list (OBJ-A1) and the {@code <GetObjectAttributesResponse>} document holding only the asked
 * elements (OBJ-A2). Wire records, apart from the domain's ObjectVersion.
 */
final class ObjectAttributesWire {
    private ObjectAttributesWire() {}

    /** The attributes a request may name, spelt as S3 spells them (case-sensitive, as S3). */
    enum Attribute { ETag, Checksum, ObjectParts, StorageClass, ObjectSize }

    /**
     * OBJ-A1: the comma-separated header value (S3 SDKs send one header; repeated headers arrive
     * joined by commas): at least one name, each one of {@link Attribute}; anything else, or nothing,
     * is 400 InvalidArgument as S3 answers, before anything is read.
     */
    static Set<Attribute> parse(String header) {
        if (header == null || header.isBlank()) {
            throw ErrorCode.INVALID_ARGUMENT.exception("The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty");
        }
        Set<Attribute> out = EnumSet.noneOf(Attribute.class);
        for (String raw : header.split(",", -1)) {
            String name = raw.trim();
            Attribute a = null;
            for (Attribute c : Attribute.values()) if (c.name().equals(name)) a = c;
            if (a == null) throw ErrorCode.INVALID_ARGUMENT.exception("Invalid attribute name specified.");
            out.add(a);
        }
        return out;
    }

    /** OBJ-A4: {@code x-amz-max-parts} (default 1000, 0..1000 as ListParts) and the part-number marker (≥ 0). */
    static int intHeader(String value, String name, int dflt, int max) {
        if (value == null) return dflt;
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0 && n <= max) return n;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ErrorCode.INVALID_ARGUMENT.exception("Invalid " + name + " value: " + value.toLowerCase(Locale.ROOT));
    }

    /** A part: its number, its size and its checksum elements (OBJ-K4; none when it has none). */
    record Part(@JacksonXmlProperty(localName = "PartNumber") int partNumber,
                @com.fasterxml.jackson.annotation.JsonUnwrapped ChecksumWire.Values checksum,
                @JacksonXmlProperty(localName = "Size") long size) {}

    @JsonPropertyOrder({"PartsCount", "PartNumberMarker", "NextPartNumberMarker", "MaxParts", "IsTruncated", "Part"})
    /** {@code PartsCount}: the element S3 sends and the SDKs read as TotalPartsCount. */
    record ObjectParts(@JacksonXmlProperty(localName = "PartsCount") int totalPartsCount,
                       @JacksonXmlProperty(localName = "PartNumberMarker") int partNumberMarker,
                       @JacksonXmlProperty(localName = "NextPartNumberMarker") int nextPartNumberMarker,
                       @JacksonXmlProperty(localName = "MaxParts") int maxParts,
                       @JacksonXmlProperty(localName = "IsTruncated") boolean truncated,
                       @JacksonXmlElementWrapper(useWrapping = false)
                       @JacksonXmlProperty(localName = "Part") List<Part> parts) {}

    @JacksonXmlRootElement(localName = "GetObjectAttributesResponse")
    @JsonPropertyOrder({"ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"})
    record Response(@JacksonXmlProperty(localName = "ETag") String etag,
                    @JacksonXmlProperty(localName = "Checksum") ChecksumWire.Values checksum,
                    @JacksonXmlProperty(localName = "ObjectParts") ObjectParts objectParts,
                    @JacksonXmlProperty(localName = "StorageClass") String storageClass,
                    @JacksonXmlProperty(localName = "ObjectSize") Long objectSize) {}
}
