package io.cosd.api.replication;

import io.cosd.api.xml.Fixtures;
import io.cosd.api.xml.Fixtures.Fixture;
import io.cosd.domain.replication.ReplicationConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ?replication body the SDKs send (src/test/resources/xml/replication): XML → wire → domain →
 * wire → XML is the GET document, each rule in the shape it was put in (REP-A1, REP-A3).
 */
class ReplicationFixturesTest {
    static List<Fixture> fixtures() {
        return Fixtures.of("replication");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void anSdkBodyReadsBackAsExactlyTheDocumentGetAnswers_REP_A1(Fixture f) {
        ReplicationConfiguration c = ReplicationXml.parse(f.body(), "src-1250000000");
        String echoed = ReplicationXml.encode(c);
        assertThat(echoed).isEqualTo(f.expected());
        assertThat(ReplicationXml.decode(echoed)).as("the stored form").isEqualTo(c);
    }
}
