package io.cosd.api.bucket;

import io.cosd.api.xml.Fixtures;
import io.cosd.api.xml.Fixtures.Fixture;
import io.cosd.domain.bucket.VersioningState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every ?versioning body the SDKs send (src/test/resources/xml/versioning): XML → state → XML is the GET document (VER-S2, VER-S3). */
class VersioningFixturesTest {
    static List<Fixture> fixtures() {
        return Fixtures.of("versioning");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void anSdkBodyReadsBackAsExactlyTheDocumentGetAnswers_VER_S3(Fixture f) {
        VersioningState state = VersioningXml.parse(f.body());
        assertThat(new String(VersioningXml.encode(state), StandardCharsets.UTF_8)).isEqualTo(f.expected());
    }

    @Test
    void aNeverVersionedBucketAnswersAnEmptyConfiguration_VER_S2() {
        assertThat(new String(VersioningXml.encode(VersioningState.UNVERSIONED), StandardCharsets.UTF_8))
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VersioningConfiguration/>");
    }
}
