package io.cosd.api.http;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the body reader wakes the event loop (docs/performance.md "The PUT path's CPU"): a body that
 * arrived whole before the handler's first read has nothing left to read or to rate, so it does not;
 * a 100-continue still gets its 100 (EDGE-K1) and a body still arriving is still read and rated (EDGE-C2).
 */
class BodyStreamDemandTest {
    private final AtomicInteger demands = new AtomicInteger();

    private BodyStream stream(boolean expectsContinue) {
        return new BodyStream(demands::incrementAndGet, 1_000, expectsContinue);
    }

    private static byte[] readAll(BodyStream b) throws Exception {
        return b.readAllBytes();
    }

    @Test
    void aBodyThatArrivedWholeIsReadWithoutWakingTheEventLoop() throws Exception {
        BodyStream b = stream(false);
        b.offer(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
        b.end();
        assertThat(readAll(b)).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
        assertThat(demands).hasValue(0);
    }

    @Test
    void anEndedBodyThatAskedForContinueStillAsksForIts100_EDGE_K1() throws Exception {
        BodyStream b = stream(true);
        b.end();
        assertThat(readAll(b)).isEmpty();
        assertThat(demands).hasValue(1);
    }

    @Test
    void aBodyStillArrivingAsksTheEventLoopToReadAndRateIt_EDGE_C2() throws Exception {
        BodyStream b = stream(false);
        b.offer(Unpooled.copiedBuffer("he", StandardCharsets.US_ASCII));
        byte[] first = new byte[2];
        assertThat(b.read(first, 0, 2)).isEqualTo(2);
        assertThat(demands).hasValue(1);
        b.offer(Unpooled.copiedBuffer("llo", StandardCharsets.US_ASCII));
        b.end();
        assertThat(readAll(b)).asString(StandardCharsets.US_ASCII).isEqualTo("llo");
        assertThat(demands).hasValue(1);
    }
}
