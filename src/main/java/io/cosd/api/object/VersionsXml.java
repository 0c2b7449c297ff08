package io.cosd.api.object;

import io.cosd.api.dialect.Owners;
import io.cosd.api.core.Formats;
import io.cosd.api.xml.Xml;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The ListVersionsResult body, written with StAX because {@code <Version>} and {@code <DeleteMarker>}
 * elements are interleaved in one order (VER-L2), which record binding cannot express.
 */
final class VersionsXml {
    record Head(String name, boolean url, String prefix, String keyMarker, String versionIdMarker, int maxKeys,
                String delimiter, boolean truncated, String nextKeyMarker, String nextVersionIdMarker) {}

    /** Thread-safe once configured; Xml's escapes keys with control characters (Xml#declaration). */
    private static final XMLOutputFactory FACTORY = Xml.output();

    private VersionsXml() {}

    /**
     * @param shownId the version id as shown (VER-L5: a never-versioned bucket shows an empty id on COS)
     * @param enc     key encoding ({@code encoding-type=url})
     */
    static byte[] write(Head h, List<ObjectVersion> entries, List<String> prefixes, Owners.Name owner,
                        UnaryOperator<String> shownId, UnaryOperator<String> enc) {
        try {
            var out = new StringWriter(512 + entries.size() * 320);
            XMLStreamWriter w = FACTORY.createXMLStreamWriter(out);
            w.writeStartElement("ListVersionsResult");
            if (h.url()) text(w, "EncodingType", "url");
            text(w, "Name", h.name());
            text(w, "Prefix", enc.apply(h.prefix()));
            text(w, "KeyMarker", enc.apply(h.keyMarker()));       // VER-L9: echoed, empty when absent
            text(w, "VersionIdMarker", h.versionIdMarker());
            text(w, "MaxKeys", Integer.toString(h.maxKeys()));
            if (h.delimiter() != null) text(w, "Delimiter", enc.apply(h.delimiter()));
            text(w, "IsTruncated", Boolean.toString(h.truncated()));
            if (h.truncated()) {                                   // VER-L6: Next* only when truncated
                text(w, "NextKeyMarker", enc.apply(h.nextKeyMarker()));
                text(w, "NextVersionIdMarker", h.nextVersionIdMarker());
            }
            for (ObjectVersion v : entries) {
                w.writeStartElement(v.deleteMarker() ? "DeleteMarker" : "Version");
                text(w, "Key", enc.apply(v.key()));
                text(w, "VersionId", shownId.apply(v.versionId()));
                text(w, "IsLatest", Boolean.toString(v.latest()));
                text(w, "LastModified", Formats.ISO.format(v.lastModified()));
                if (!v.deleteMarker()) {
                    text(w, "ETag", v.etag());
                    text(w, "Size", Long.toString(v.size()));
                    text(w, "StorageClass", v.storageClass().name());
                    if (v.storageClass() == StorageClass.INTELLIGENT_TIERING) text(w, "StorageTier", "FREQUENT");
                    if (v.checksum() != null) { // the stored checksum's algorithm and type, as S3 (docs/checksums.md)
                        text(w, "ChecksumAlgorithm", v.checksum().algorithm().name());
                        text(w, "ChecksumType", v.checksum().type().name());
                    }
                }
                w.writeStartElement("Owner");
                text(w, "ID", owner.id());
                text(w, "DisplayName", owner.displayName());
                w.writeEndElement();
                w.writeEndElement();
            }
            for (String p : prefixes) {
                w.writeStartElement("CommonPrefixes");
                text(w, "Prefix", enc.apply(p));
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
            return Xml.declaration(out.toString());
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write ListVersionsResult", e);
        }
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(value == null ? "" : value);
        w.writeEndElement();
    }
}
