package io.cosd.api.cors;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.xml.Fixtures;
import io.cosd.api.xml.Fixtures.Fixture;
import io.cosd.domain.cors.CorsConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every ?cors body the SDKs send (src/test/resources/xml/cors): XML → wire → domain → wire → XML is the GET document (CORS-A4). */
class CorsFixturesTest {
    static List<Fixture> fixtures() {
        return Fixtures.of("cors");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void anSdkBodyReadsBackAsExactlyTheDocumentGetAnswers_CORS_A4(Fixture f) {
        CorsConfiguration c = CorsXml.parse(f.body(), f.s3() ? Dialect.S3 : Dialect.COS);
        String echoed = CorsXml.encode(c);
        assertThat(echoed).isEqualTo(f.expected());
        assertThat(CorsXml.decode(echoed)).as("the stored form").isEqualTo(c);
    }
}
