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

    @Test
    void beginAsksTheEventLoopToReadBeforeAnyReadAndTheFirstReadDoesNotAskAgain_EDGE_K3() throws Exception {
        // The put path begins the body once its refusals passed, then opens its blob file: the 100 and
        // the body's first bytes are on their way while the file is created.
        BodyStream b = stream(true);
        assertThat(b.wantsMore()).isFalse(); // nothing read before the handler admits the body
        b.begin();
        assertThat(demands).hasValue(1);
        assertThat(b.wantsMore()).isTrue();
        b.begin();
        assertThat(demands).as("idempotent").hasValue(1);
        b.offer(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
        b.end();
        assertThat(readAll(b)).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
        assertThat(demands).hasValue(1);
    }

    @Test
    void bytesArrivingBeforeTheFirstReadStopBeingReadAtTheHighWaterMarkWhereTheRateExcusesTheWait_EDGE_K3_EDGE_C2() {
        // Begun but not read yet (the blob file still opening): the queue fills to its bound, then the
        // event loop stops reading; the client waits, the heap does not grow.
        BodyStream b = stream(true);
        b.begin();
        for (int queued = 0; queued < BodyStream.HIGH; queued += 64 * 1024) {
            assertThat(b.wantsMore()).isTrue();
            b.offer(Unpooled.wrappedBuffer(new byte[64 * 1024]));
        }
        assertThat(b.wantsMore()).isFalse();
        b.close();
    }

    @Test
    void anEndedBodyBegunWithoutContinueDoesNotWakeTheEventLoop() throws Exception {
        BodyStream b = stream(false);
        b.offer(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
        b.end();
        b.begin();
        assertThat(readAll(b)).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
        assertThat(demands).hasValue(0);
    }

    @Test
    void piecesAreTheReceivedBuffersWholeAfterWhatByteReadsTookAndEachByteComesOnce() throws Exception {
        // The large-body path takes the body as its buffers (docs/performance.md "The 1 MiB PUT").
        BodyStream b = stream(false);
        var first = Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII);
        var second = Unpooled.copiedBuffer(" world", StandardCharsets.US_ASCII);
        b.offer(first);
        b.offer(second);
        b.end();
        byte[] two = new byte[2];
        assertThat(b.read(two, 0, 2)).isEqualTo(2);
        var p = b.nextPiece();
        assertThat(StandardCharsets.US_ASCII.decode(p.bytes()).toString()).isEqualTo("llo");
        p.release();
        assertThat(first.refCnt()).isZero();
        p = b.nextPiece();
        assertThat(StandardCharsets.US_ASCII.decode(p.bytes()).toString()).isEqualTo(" world");
        p.retain().release();
        assertThat(second.refCnt()).isEqualTo(1); // the piece's holder still has it
        p.release();
        assertThat(second.refCnt()).isZero();
        assertThat(b.nextPiece()).isNull();
        assertThat(demands).hasValue(0);
    }

    @Test
    void takingAPieceBelowTheHighWaterMarkAsksTheEventLoopToReadMore() throws Exception {
        BodyStream b = stream(false);
        b.offer(Unpooled.wrappedBuffer(new byte[10]));
        b.nextPiece().release(); // started: the first take asked for the rest once
        b.offer(Unpooled.wrappedBuffer(new byte[BodyStream.HIGH]));
        b.offer(Unpooled.wrappedBuffer(new byte[10]));
        assertThat(b.wantsMore()).isFalse();
        int before = demands.get();
        b.nextPiece().release();
        assertThat(demands.get()).isEqualTo(before + 1);
        assertThat(b.wantsMore()).isTrue();
    }
}
