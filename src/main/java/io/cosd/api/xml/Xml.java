package io.cosd.api.xml;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.deser.FromXmlParser;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import org.codehaus.stax2.XMLOutputFactory2;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The one configured XML mapper. Input is read liberally (declaration optional, any element order,
 * unknown elements ignored: docs/spec/protocol.md §8.13); output is strict: no namespaces, a declaration,
 * nulls omitted (§8.14).
 */
public final class Xml {
    private static final XMLOutputFactory OUTPUT = outputFactory();
    private static final XmlMapper MAPPER = XmlMapper.builder(XmlFactory.builder().xmlInputFactory(inputFactory())
                    .xmlOutputFactory(OUTPUT).build())
            .configure(ToXmlGenerator.Feature.WRITE_XML_DECLARATION, false) // written by declaration()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true)
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    /** Binds {@link #readCounted} trees: an empty element is one empty value, never an empty list. */
    private static final XmlMapper COUNTING = counting();

    private Xml() {}

    public static byte[] write(Object value) {
        try {
            return declaration(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass(), e);
        }
    }

    /**
     * The StAX factory behind the mapper, for bodies written element by element (ListVersionsResult):
     * same text escaping ({@link TextEscaper}). Write to a {@link java.io.StringWriter} without a
     * start document and finish with {@link #declaration}.
     */
    public static XMLOutputFactory output() {
        return OUTPUT;
    }

    /**
     * {@code root} (a document without declaration) with the declaration in front, as UTF-8 bytes.
     * XML 1.0, unless the text holds a character 1.0 forbids even as a reference ({@code &#x1;} in a
     * key): then 1.1, whose parsers (the JDK's, Woodstox: both Java SDKs) accept such references.
     * S3 sends them under a 1.0 declaration, which every 1.0 parser refuses; the body is otherwise
     * the same bytes.
     */
    public static byte[] declaration(String root) {
        String version = root.contains("&#x") ? "1.1" : "1.0";
        return ("<?xml version=\"" + version + "\" encoding=\"UTF-8\"?>\n" + root).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Request bodies may name a key with control characters as a reference, {@code &#x1;}, under an
     * XML 1.0 declaration (DeleteObjects; what S3's own responses hold): accepted as XML 1.1 would,
     * the mirror of {@link #declaration}. Raw control bytes stay malformed in any version.
     */
    private static XMLInputFactory inputFactory() {
        XMLInputFactory f = new WstxInputFactory();
        // What Jackson sets on the factory it makes itself (and not on one it is given): no DTD, no
        // external entities, so an entity bomb or an XXE is MalformedXML, never expanded.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(WstxInputProperties.P_ALLOW_XML11_ESCAPED_CHARS_IN_XML10, true);
        return f;
    }

    private static XMLOutputFactory outputFactory() {
        XMLOutputFactory f = new WstxOutputFactory();
        f.setProperty(XMLOutputFactory2.P_TEXT_ESCAPER, new TextEscaper());
        return f;
    }

    /**
     * Binds a body straight from the stream; any syntax or binding problem is MalformedXML, whose
     * message says where (line and column, or the element path of a value that does not bind:
     * {@link XmlProblem}). Package-private on purpose: request documents go through
     * {@link #readCounted}, because the stream binder silently keeps only the last run of a repeated
     * element that has other elements between its occurrences.
     */
    static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) throw ErrorCode.MALFORMED_XML.exception("The request body is empty; an XML document is required.");
        try {
            T v = MAPPER.readValue(body, type);
            if (v == null) throw ErrorCode.MALFORMED_XML.exception("The request body is empty; an XML document is required.");
            return v;
        } catch (IOException e) {
            throw problem(e);
        }
    }

    /**
     * {@link #read(byte[], Class)} for a document whose root element must be {@code root}, which the
     * binder ignores: one pass, the name taken from the parser before binding. A wrong root is
     * MalformedXML naming it; binding and syntax errors come first, as for any document.
     */
    static <T> T read(byte[] body, Class<T> type, String root) {
        if (body.length == 0) throw ErrorCode.MALFORMED_XML.exception("The request body is empty; an XML document is required.");
        try (JsonParser p = MAPPER.createParser(body)) {
            String name = rootName(p);
            T v = MAPPER.readValue(p, type);
            if (v == null) throw ErrorCode.MALFORMED_XML.exception("The request body is empty; an XML document is required.");
            if (!root.equals(name)) throw XmlProblem.malformed(name, "the root element must be " + root + ".");
            return v;
        } catch (IOException e) {
            throw problem(e);
        }
    }

    /**
     * Reads a document whose validation counts elements (an element that may appear once but
     * appears twice is MalformedXML: docs/lifecycle.md), into records whose every element is a
     * {@code List} of its occurrences. It goes through a tree because binding the stream directly
     * loses exactly what is counted: an unwrapped list keeps only its last run when other elements
     * come between its items, and an empty last child ({@code <Prefix></Prefix>}) is dropped. Text
     * elements should bind to a record with a delegating creator, so an empty one reads as one empty
     * value. Order: syntax errors, then a wrong root, then binding errors. A DOCTYPE is refused
     * outright (with or without entities), as the DOM reader this replaced for lifecycle did.
     */
    public static <T> T readCounted(byte[] body, Class<T> type, String root) {
        return readTree(body, type, Objects.requireNonNull(root));
    }

    /**
     * {@link #readCounted(byte[], Class, String)} for a document whose root name has never been
     * checked (DeleteObjects, CompleteMultipartUpload, tagging, restore, versioning: an SDK always
     * sends the right one, and refusing another now would refuse what was accepted). Use this, not
     * {@link #read(byte[], Class)}, for any document with a repeatable element: the stream binder
     * keeps only the last run of an unwrapped list whose items have other elements between them.
     */
    public static <T> T readCounted(byte[] body, Class<T> type) {
        return readTree(body, type, null);
    }

    private static <T> T readTree(byte[] body, Class<T> type, String root) {
        if (body.length == 0) throw ErrorCode.MALFORMED_XML.exception("The request body is empty; an XML document is required.");
        try (JsonParser p = COUNTING.getFactory().createParser(toRootRefusingDoctype(body))) {
            String name = rootName(p);
            JsonNode tree = COUNTING.readTree(p);
            if (root != null && !root.equals(name)) throw XmlProblem.malformed(name, "the root element must be " + root + ".");
            if (tree == null || !tree.isObject()) tree = COUNTING.createObjectNode(); // only text under the root
            return COUNTING.treeToValue(tree, type);
        } catch (IOException e) {
            throw problem(e);
        }
    }

    /** A reader positioned on the root element; MalformedXML for a DOCTYPE or a broken prolog. */
    private static XMLStreamReader toRootRefusingDoctype(byte[] body) {
        try {
            XMLStreamReader r = COUNTING.getFactory().getXMLInputFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            for (int e = r.getEventType(); e != XMLStreamConstants.START_ELEMENT; e = r.next()) {
                if (e == XMLStreamConstants.DTD) {
                    throw ErrorCode.MALFORMED_XML.exception("The XML is not well-formed (line " + r.getLocation().getLineNumber()
                            + ", column " + r.getLocation().getColumnNumber() + "): a DOCTYPE is not allowed.");
                }
            }
            return r;
        } catch (XMLStreamException e) {
            var at = e.getLocation();
            return at == null || at.getLineNumber() <= 0 ? throwMalformed("The XML is not well-formed.")
                    : throwMalformed("The XML is not well-formed (line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ").");
        }
    }

    private static XMLStreamReader throwMalformed(String message) {
        throw ErrorCode.MALFORMED_XML.exception(message);
    }

    /** The parser starts on the root element, so its name is there before anything is read. */
    private static String rootName(JsonParser p) {
        return ((FromXmlParser) p).getStaxReader().getLocalName();
    }

    private static XmlMapper counting() {
        XmlMapper m = MAPPER.copy();
        // A tree holds an empty element as "": as a list, that is one (empty) item, not none...
        m.coercionConfigFor(LogicalType.Collection).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        // ...and as a record (<Filter/>, or <Filter> with only white space), one with no children.
        m.coercionConfigFor(LogicalType.POJO).setAcceptBlankAsEmpty(true).setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsEmpty);
        return m;
    }

    /** The MalformedXML for a Jackson failure: the element path for binding errors, the place for syntax errors. */
    static ApiException problem(IOException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException d && !d.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var ref : d.getPath()) {
                if (ref.getFieldName() == null) continue; // list indexes: the element name repeats
                if (!path.isEmpty()) path.append('/');
                path.append(ref.getFieldName());
            }
            if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f) {
                return XmlProblem.malformed(path.toString(), "'" + f.getValue() + "' is not a valid " + f.getTargetType().getSimpleName() + ".");
            }
            return XmlProblem.malformed(path.toString(), "unexpected content (an element where text was expected, or text where elements were).");
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null && j.getLocation().getLineNr() > 0) {
            return ErrorCode.MALFORMED_XML.exception("The XML is not well-formed (line " + j.getLocation().getLineNr() + ", column "
                    + j.getLocation().getColumnNr() + ").");
        }
        return ErrorCode.MALFORMED_XML.exception("The XML is not well-formed.");
    }
}
