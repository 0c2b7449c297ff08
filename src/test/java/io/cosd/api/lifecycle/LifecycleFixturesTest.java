package io.cosd.api.lifecycle;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.xml.Fixtures;
import io.cosd.api.xml.Fixtures.Fixture;
import io.cosd.domain.lifecycle.LifecycleConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ?lifecycle body the SDKs send (src/test/resources/xml/lifecycle) goes XML → wire → domain →
 * wire → XML and comes out as exactly the document GET answered before the wire records replaced the
 * DOM reader and the string writer (the expected files were written by that code).
 */
class LifecycleFixturesTest {
    static List<Fixture> fixtures() {
        return Fixtures.of("lifecycle");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void anSdkBodyReadsBackAsExactlyTheDocumentGetAnswers_LC_A2(Fixture f) {
        Dialect d = f.s3() ? Dialect.S3 : Dialect.COS;
        LifecycleConfiguration c = LifecycleXmlTest.XML.parse(f.body(), d);
        assertThat(LifecycleXmlTest.XML.render(c, d)).isEqualTo(f.expected());
        assertThat(LifecycleXmlTest.XML.decode(LifecycleXml.encode(c))).as("the stored form").isEqualTo(c);
        LifecycleConfiguration again = LifecycleXmlTest.XML.parse(f.expected().getBytes(StandardCharsets.UTF_8), d);
        assertThat(LifecycleXmlTest.XML.render(again, d)).as("the answer read back as a request").isEqualTo(f.expected());
    }
}
