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
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small file body (docs/performance.md "The GET path") is read and sent with its head in one
 * write: the same bytes as sendfile sent, its files closed at once; a short read sends nothing and
 * ends the connection; a large body still goes by sendfile.
 */
class SmallFileBodyTest {
    @TempDir
    Path dir;

    private static EmbeddedChannel channel(Consumer<Exchange> api) {
        return new EmbeddedChannel(new HttpServerCodec(), new EdgeHandler(api, Runnable::run, 30_000, 60_000));
    }

    private static String exchange(EmbeddedChannel ch, String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        ch.runPendingTasks();
        return Outbound.drain(ch);
    }

    private FileChannel file(String name, String text) throws Exception {
        return FileChannel.open(Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSmallObjectIsSentWithItsHeadAndItsFileIsClosedAtOnce() throws Exception {
        FileChannel fc = file("blob", "hello world");
        EmbeddedChannel ch = channel(ex -> ex.respond(Response.status(200).header("ETag", "\"e\"")
                .segments(List.of(new Response.FileSegment(fc, 0, 11)), List.of(fc))));
        String out = exchange(ch, "GET /b/k HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 200 ").contains("Content-Length: 11", "Connection: keep-alive").endsWith("\r\n\r\nhello world");
        assertThat(out).doesNotContain("<sendfile");
        assertThat(fc.isOpen()).isFalse();
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void aMultipartRangeAnswerKeepsItsBoundariesAndItsRangesInOrder() throws Exception {
        FileChannel fc = file("blob", "0123456789");
        EmbeddedChannel ch = channel(ex -> ex.respond(Response.status(206).segments(List.of(
                new Response.ByteSegment("--x\r\n".getBytes(StandardCharsets.US_ASCII)), new Response.FileSegment(fc, 2, 3),
                new Response.ByteSegment("\r\n--x\r\n".getBytes(StandardCharsets.US_ASCII)), new Response.FileSegment(fc, 7, 2),
                new Response.ByteSegment("\r\n--x--".getBytes(StandardCharsets.US_ASCII))), List.of(fc))));
        String out = exchange(ch, "GET /b/k HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(out).endsWith("\r\n\r\n--x\r\n234\r\n--x\r\n78\r\n--x--");
        assertThat(fc.isOpen()).isFalse();
    }

    @Test
    void aBlobShorterThanItsAnswerSendsNothingAndEndsTheConnection() throws Exception {
        FileChannel fc = file("blob", "short");
        EmbeddedChannel ch = channel(ex -> ex.respond(Response.status(200)
                .segments(List.of(new Response.FileSegment(fc, 0, 4096)), List.of(fc))));
        assertThat(exchange(ch, "GET /b/k HTTP/1.1\r\nHost: h\r\n\r\n")).isEmpty();
        assertThat(fc.isOpen()).isFalse();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void aLargeObjectStillGoesBySendfile() throws Exception {
        byte[] big = new byte[ResponseWriter.SMALL_FILE_BODY + 1];
        FileChannel fc = FileChannel.open(Files.write(dir.resolve("big"), big));
        EmbeddedChannel ch = channel(ex -> ex.respond(Response.status(200)
                .segments(List.of(new Response.FileSegment(fc, 0, big.length)), List.of(fc))));
        assertThat(exchange(ch, "GET /b/k HTTP/1.1\r\nHost: h\r\n\r\n")).contains("<sendfile " + big.length + ">");
    }

    @Test
    void aHeadSendsNoBodyAndReadsNoFile() throws Exception {
        FileChannel fc = file("blob", "hello");
        EmbeddedChannel ch = channel(ex -> ex.respond(Response.status(200).header("Content-Length", "5")
                .segments(List.of(), List.of(fc))));
        String out = exchange(ch, "HEAD /b/k HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 200 ").contains("Content-Length: 5").endsWith("\r\n\r\n");
    }
}
