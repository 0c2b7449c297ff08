package io.cosd.api.bucket;

import io.cosd.api.error.ApiException;
import io.cosd.domain.bucket.VersioningState;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PUT ?versioning bodies: a repeated Status is refused, never resolved to its last value (docs/spec/protocol.md §5.5). */
class VersioningXmlTest {
    private static VersioningState parse(String xml) {
        return VersioningXml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void twoStatusesAreMalformedXmlRatherThanTheLastOneWinning() {
        assertThatThrownBy(() -> parse("<VersioningConfiguration><Status>Suspended</Status><MfaDelete>Disabled</MfaDelete>"
                + "<Status>Enabled</Status></VersioningConfiguration>"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("MalformedXML"));
        assertThatThrownBy(() -> parse("<VersioningConfiguration><Status>Suspended</Status><Status>Enabled</Status></VersioningConfiguration>"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("MalformedXML"));
    }

    @Test
    void oneStatusInAnyOrderIsStillRead() {
        assertThat(parse("<VersioningConfiguration><MfaDelete>Disabled</MfaDelete><Status>Enabled</Status></VersioningConfiguration>"))
                .isEqualTo(VersioningState.ENABLED);
    }
}
