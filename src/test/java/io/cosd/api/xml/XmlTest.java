package io.cosd.api.xml;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one mapper's text escaping and declaration (docs/storage.md "Keys with control characters"). */
class XmlTest {
    @JacksonXmlRootElement(localName = "R")
    record R(@JacksonXmlProperty(localName = "Key") String key) {}

    static String write(String key) {
        return new String(Xml.write(new R(key)), StandardCharsets.UTF_8);
    }

    static String parseBack(String doc) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)))
                .getElementsByTagName("Key").item(0).getTextContent();
    }

    @Test
    void anOrdinaryDocumentIsXml10ExactlyAsBefore() {
        assertThat(write("a b/c<&>\"'")).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<R><Key>a b/c&lt;&amp;&gt;\"'</Key></R>");
    }

    @Test
    void controlCharactersBecomeHexReferencesUnderAnXml11Declaration() throws Exception {
        String doc = write("a\u0001b\u001fc");
        assertThat(doc).isEqualTo("<?xml version=\"1.1\" encoding=\"UTF-8\"?>\n<R><Key>a&#x1;b&#x1f;c</Key></R>");
        assertThat(parseBack(doc)).isEqualTo("a\u0001b\u001fc");
    }

    @Test
    void charactersAParserWouldChangeAreDecimalReferencesInEitherVersion() throws Exception {
        String doc = write("cr\rnel\u0085del\u007fls\u2028tab\tlf\n");
        assertThat(doc).startsWith("<?xml version=\"1.0\"").contains("cr&#13;nel&#133;del&#127;ls&#8232;tab\tlf\n");
        assertThat(parseBack(doc)).isEqualTo("cr\rnel\u0085del\u007fls\u2028tab\tlf\n");
        String both = write("\u0001\r\u0085");
        assertThat(parseBack(both)).isEqualTo("\u0001\r\u0085");
    }

    @Test
    void aLiteralReferenceInTheTextStaysTextAndKeepsXml10() {
        assertThat(write("&#x1;")).startsWith("<?xml version=\"1.0\"").contains("<Key>&amp;#x1;</Key>");
    }

    @Test
    void supplementaryCharactersAreWrittenAsThemselves() throws Exception {
        String doc = write("emoji \uD83D\uDE00");
        assertThat(doc).contains("emoji \uD83D\uDE00").startsWith("<?xml version=\"1.0\"");
        assertThat(parseBack(doc)).isEqualTo("emoji \uD83D\uDE00");
    }

    @Test
    void aRequestMayNameAControlCharacterByReferenceUnderXml10() {
        R r = Xml.read("<?xml version=\"1.0\"?><R><Key>a&#x1;b</Key></R>".getBytes(StandardCharsets.UTF_8), R.class);
        assertThat(r.key()).isEqualTo("a\u0001b");
    }

    @Test
    void aRawControlByteOrAnEntityDeclarationInARequestIsMalformedXml() {
        for (String doc : new String[] {
                "<R><Key>a\u0001b</Key></R>",
                "<?xml version=\"1.0\"?><!DOCTYPE R [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><R><Key>&b;</Key></R>",
                "<?xml version=\"1.0\"?><!DOCTYPE R [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><R><Key>&x;</Key></R>"}) {
            assertThatThrownBy(() -> Xml.read(doc.getBytes(StandardCharsets.UTF_8), R.class)).as(doc)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_XML));
        }
    }

    record Outer(@JacksonXmlProperty(localName = "Part") Inner part) {}

    record Inner(@JacksonXmlProperty(localName = "PartNumber") Integer partNumber) {}

    @Test
    void aValueThatDoesNotBindNamesItsElementPathAndASyntaxErrorItsPlace() {
        assertThatThrownBy(() -> Xml.read("<Outer><Part><PartNumber>one</PartNumber></Part></Outer>".getBytes(StandardCharsets.UTF_8), Outer.class))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_XML);
                    assertThat(e.getMessage()).startsWith("Part/PartNumber: 'one' is not a valid Integer.");
                });
        assertThatThrownBy(() -> Xml.read("<Outer>\n<Part>".getBytes(StandardCharsets.UTF_8), Outer.class))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).startsWith("The XML is not well-formed"));
        assertThatThrownBy(() -> Xml.read(new byte[0], Outer.class))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("empty"));
    }
}
