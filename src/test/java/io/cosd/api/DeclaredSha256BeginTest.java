package io.cosd.api;

import io.cosd.api.http.BodyStream;
import io.cosd.api.http.EdgeBodies;
import io.cosd.service.BodyPieces;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/edge.md EDGE-K3: a body with a declared SHA-256 passes the put path's begin on to the edge, which sends the 100 then. */
class DeclaredSha256BeginTest {
    @Test
    void theVerifyingBodyPassesBeginOnToTheEdgeSoTheClientGetsIts100BeforeTheFirstRead_EDGE_K3() {
        AtomicInteger demands = new AtomicInteger();
        BodyStream edge = EdgeBodies.open(demands::incrementAndGet);
        BodyPieces body = (BodyPieces) DeclaredSha256.verifying(edge, "00".repeat(32));
        body.begin();
        assertThat(demands).hasValue(1);
        edge.close();
    }
}
