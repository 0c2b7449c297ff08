package io.cosd.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EDGE-E1 (docs/edge.md): a response whose head cannot be encoded, whatever put the bad value there
 * (a stored metadata value, a configuration, an override), becomes a 500 with the request id; the
 * blob is closed, the connection is closed, and the failure is counted.
 */
class EdgeHandlerTest {
    @TempDir
    Path dir;

    private final AtomicInteger failures = new AtomicInteger();
    private final EdgeEvents events = new NoEdgeEvents() {
        @Override
        public void encodeFailure() { failures.incrementAndGet(); }
    };

    private EmbeddedChannel channel(Consumer<Exchange> api) {
        return new EmbeddedChannel(new HttpServerCodec(), new EdgeHandler(api, Runnable::run, 30_000, 60_000, 0, 0, events, new Drain()));
    }

    private static String exchange(EmbeddedChannel ch, String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        ch.runPendingTasks();
        return Outbound.drain(ch);
    }

    @Test
    void aStoredMetadataValueWithANewlineIsAnswered500AndClosesTheBlobAndTheConnection() throws Exception {
        Path blob = Files.write(dir.resolve("blob"), "hello".getBytes(StandardCharsets.UTF_8));
        FileChannel fc = FileChannel.open(blob);
        EmbeddedChannel ch = channel(ex -> ex.respond(Response.status(200)
                .header("x-cos-meta-note", "line one\r\nSet-Cookie: injected=1")
                .header("x-cos-request-id", "NjE2ZDk1YTBfMTIzNDU2")
                .segments(List.of(new Response.FileSegment(fc, 0, 5)), List.of(fc))));

        String out = exchange(ch, "GET /k HTTP/1.1\r\nHost: b\r\n\r\n");

        assertThat(out).startsWith("HTTP/1.1 500 ");
        assertThat(out).contains("x-cos-request-id: NjE2ZDk1YTBfMTIzNDU2", "Connection: close",
                "<Code>InternalError</Code>", "<RequestId>NjE2ZDk1YTBfMTIzNDU2</RequestId>");
        assertThat(out).doesNotContain("injected", "hello");
        assertThat(fc.isOpen()).isFalse();
        assertThat(ch.isActive()).isFalse();
        assertThat(failures).hasValue(1);
    }

    @Test
    void anUnsendableHeaderNameOnAnS3ErrorIsAnswered500WithTheS3RequestId() {
        EmbeddedChannel ch = channel(ex -> ex.respond(Response.status(404)
                .header("bad name", "v").header("x-amz-request-id", "ABCDEF0123456789")
                .bytes("<Error/>".getBytes(StandardCharsets.UTF_8), "application/xml")));

        String out = exchange(ch, "GET /k HTTP/1.1\r\nHost: b\r\n\r\n");

        assertThat(out).startsWith("HTTP/1.1 500 ").contains("x-amz-request-id: ABCDEF0123456789", "<Code>InternalError</Code>");
        assertThat(ch.isActive()).isFalse();
        assertThat(failures).hasValue(1);
    }

    @Test
    void aHeadRequestWhoseResponseCannotBeEncodedGets500WithoutABody() {
        EmbeddedChannel ch = channel(ex -> ex.respond(Response.status(200).header("Content-Type", "a\u0000b").empty()));

        String out = exchange(ch, "HEAD /k HTTP/1.1\r\nHost: b\r\n\r\n");

        assertThat(out).startsWith("HTTP/1.1 500 ").contains("Content-Length: 0").doesNotContain("<Error>");
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void aSendableResponseKeepsTheConnectionOpen() {
        EmbeddedChannel ch = channel(ex -> ex.respond(Response.status(200).header("x-cos-meta-note", "caf\u00e9 \t ok").empty()));

        String out = exchange(ch, "GET /k HTTP/1.1\r\nHost: b\r\n\r\n");

        assertThat(out).startsWith("HTTP/1.1 200 ").contains("Connection: keep-alive");
        assertThat(ch.isActive()).isTrue();
        assertThat(failures).hasValue(0);
        ch.finishAndReleaseAll();
    }

    @Test
    void aMalformedRequestWhoseErrorQuotesItsBytesIsAnsweredAsSandboxedPlainText_CON_O2() {
        EmbeddedChannel ch = channel(ex -> { throw new AssertionError("a malformed request reaches no handler"); });

        String out = exchange(ch, "GET /k HTTP/<svg/onload=alert(1)>\r\nHost: b\r\n\r\n");

        assertThat(out).startsWith("HTTP/1.1 400 ");
        assertThat(out).contains("Content-Type: text/plain; charset=utf-8", "X-Content-Type-Options: nosniff",
                "Content-Security-Policy: sandbox", "Connection: close");
    }
}
