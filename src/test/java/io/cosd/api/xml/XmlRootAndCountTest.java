package io.cosd.api.xml;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The two document readers beside {@link Xml#read(byte[], Class)}: one that also checks the root
 * element in the same pass, and one for documents whose validation counts elements.
 */
class XmlRootAndCountTest {
    record Text(@JsonValue String value) {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        Text {}
    }

    record Inner(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Prefix") List<Text> prefix) {}

    record Doc(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "ID") List<Text> id,
               @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "Inner") List<Inner> inner) {}

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWrongRootIsMalformedXmlNamingTheRootItGot() {
        for (var read : List.<Runnable>of(() -> Xml.read(utf8("<Other><ID>a</ID></Other>"), Doc.class, "Doc"),
                () -> Xml.readCounted(utf8("<Other><ID>a</ID></Other>"), Doc.class, "Doc"))) {
            assertThatThrownBy(read::run).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_XML);
                assertThat(e.getMessage()).isEqualTo("Other: the root element must be Doc.");
            });
        }
        assertThat(Xml.read(utf8("<Doc xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><ID>a</ID></Doc>"), Doc.class, "Doc").id())
                .containsExactly(new Text("a"));
    }

    @Test
    void aCountedReadKeepsEveryOccurrenceEvenWithOtherElementsBetween() {
        Doc d = Xml.readCounted(utf8("<Doc><ID>a</ID><Inner/><ID>b</ID><Unknown/><ID>c</ID></Doc>"), Doc.class, "Doc");
        assertThat(d.id()).containsExactly(new Text("a"), new Text("b"), new Text("c"));
        assertThat(d.inner()).hasSize(1);
    }

    @Test
    void aCountedReadKeepsAnEmptyElementAsOneEmptyValueEvenAsTheLastChild() {
        Doc d = Xml.readCounted(utf8("<Doc><Inner><Prefix></Prefix></Inner><Inner>\n</Inner><Inner/><ID/></Doc>"), Doc.class, "Doc");
        assertThat(d.inner()).hasSize(3);
        assertThat(d.inner().get(0).prefix()).containsExactly(new Text(""));
        assertThat(d.inner().get(1).prefix()).isNull();
        assertThat(d.id()).containsExactly(new Text(""));
    }

    @Test
    void aCountedReadRefusesEntitiesAndSyntaxErrorsAsMalformedXml() {
        for (String doc : new String[] {"<Doc><ID>", "",
                "<?xml version=\"1.0\"?><!DOCTYPE Doc [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Doc><ID>&x;</ID></Doc>"}) {
            assertThatThrownBy(() -> Xml.readCounted(utf8(doc), Doc.class, "Doc")).as(doc)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_XML));
        }
    }

    @Test
    void aCountedReadWithoutARootAcceptsAnyRootAndStillKeepsEveryOccurrence() {
        Doc d = Xml.readCounted(utf8("<Other><ID>a</ID><Inner/><ID>b</ID></Other>"), Doc.class);
        assertThat(d.id()).containsExactly(new Text("a"), new Text("b"));
    }
}
