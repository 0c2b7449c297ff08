package io.cosd.api.object;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/edge.md EDGE-R3: the part headers of a multipart/byteranges answer stay bounded and well framed. */
class BodiesTest {
    @Test
    void aStoredContentTypeThatCouldBreakThePartFramingIsNotEchoedIntoTheBody() {
        assertThat(Bodies.partType("text/plain\r\n\r\n--fake")).isEqualTo("application/octet-stream");
        assertThat(Bodies.partType("x".repeat(2000))).isEqualTo("application/octet-stream");
        assertThat(Bodies.partType("text/plain; charset=utf-8")).isEqualTo("text/plain; charset=utf-8");
    }
}
