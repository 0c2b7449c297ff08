package io.cosd.api.lifecycle;

import io.cosd.api.error.ErrorCode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import io.cosd.api.xml.XmlProblem;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Small DOM helpers for documents whose shape must be checked element by element (which elements
 * appear, how often, nested how): a data-binding mapper loses exactly that. Namespaces are ignored
 * (the AWS SDK sends the S3 namespace); DOCTYPEs are refused (no entity expansion, no XXE).
 */
final class Dom {
    private static final DocumentBuilderFactory FACTORY = factory();

    private Dom() {}

    static Element parse(byte[] body) {
        if (body.length == 0) throw ErrorCode.MALFORMED_XML.exception("The request body is empty; an XML document is required.");
        try {
            DocumentBuilder b;
            synchronized (FACTORY) {
                b = FACTORY.newDocumentBuilder();
            }
            b.setErrorHandler(null);
            Document d = b.parse(new ByteArrayInputStream(body));
            return d.getDocumentElement();
        } catch (SAXParseException e) {
            throw ErrorCode.MALFORMED_XML.exception("The XML is not well-formed (line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + "): " + e.getMessage());
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw ErrorCode.MALFORMED_XML.exception("The XML is not well-formed.");
        }
    }

    static String name(Node n) {
        String local = n.getLocalName();
        return local != null ? local : n.getNodeName();
    }

    static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && (name == null || name.equals(name(n)))) out.add((Element) n);
        }
        return out;
    }

    /** The single child of that name, null when absent; more than one is MalformedXML. */
    static Element child(Element e, String name) {
        List<Element> c = children(e, name);
        if (c.size() > 1) throw XmlProblem.repeated(name(e) + "/" + name);
        return c.isEmpty() ? null : c.get(0);
    }

    /** Trimmed text of the single child, null when absent. */
    static String text(Element e, String name) {
        Element c = child(e, name);
        return c == null ? null : c.getTextContent().trim();
    }

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
