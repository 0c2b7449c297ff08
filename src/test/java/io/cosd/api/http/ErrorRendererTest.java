package io.cosd.api.http;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ST-V1: an error message may quote what the client sent (a tag value, a header, a policy string), and
 * that may hold characters no XML version can carry (U+0000, lone surrogates, U+FFFE/U+FFFF) or that
 * only XML 1.1 can (the other C0 controls). Every error body must be a well-formed XML 1.0 document
 * the SDKs parse, or the client sees a parse failure instead of the error code.
 */
class ErrorRendererTest {
    static final String NASTY = "v\u0000\u0001\u001f\t\r\n\ud800x\udc00\ufffe\uffff\u0085 &#x1; <a>&amp;";

    static Document parse(byte[] body) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(body));
    }

    @Test
    void aMessageQuotingCharactersXmlCannotCarryStillGivesAWellFormedXml10Body_ST_V1() throws Exception {
        for (Dialect d : Dialect.values()) {
            var e = ErrorCode.INVALID_TAG.exception("The TagValue you have provided is invalid: " + NASTY);
            Response r = ErrorRenderer.render(e, d, "req-1", "trace-1", "/b/k", false);
            byte[] body = ((Response.Bytes) r.body()).data();
            String text = new String(body, StandardCharsets.UTF_8);
            assertThat(text).as(d + ": " + text).startsWith("<?xml version=\"1.0\"").doesNotContain("&#x");
            Document doc = parse(body);
            assertThat(doc.getElementsByTagName("Code").item(0).getTextContent()).isEqualTo("InvalidTag");
            String message = doc.getElementsByTagName("Message").item(0).getTextContent();
            // what XML can carry is kept as is; the rest is shown as \\uXXXX
            assertThat(message).isEqualTo("The TagValue you have provided is invalid: "
                    + "v\\u0000\\u0001\\u001F\t\r\n\\uD800x\\uDC00\\uFFFE\\uFFFF\u0085 &#x1; <a>&amp;");
        }
    }

    @Test
    void aValidSurrogatePairIsKeptAsTheCharacterItEncodes_ST_V1() throws Exception {
        var e = ErrorCode.INVALID_TAG.exception("bad: \ud83d\ude00");
        Response r = ErrorRenderer.render(e, Dialect.S3, "req-1", "trace-1", "/b/k", false);
        Document doc = parse(((Response.Bytes) r.body()).data());
        assertThat(doc.getElementsByTagName("Message").item(0).getTextContent()).isEqualTo("bad: \ud83d\ude00");
    }
}
