package io.cosd.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns one {@link Response} into its writes on a connection (event loop only): the head with its
 * checked wire headers (ResponseHead, EDGE-E1), then the body as one buffer, a small file body read
 * into the head's write, file regions sent with sendfile, or a stream read as it is sent. What happens
 * to the connection after the last write (the next request, a held pipelined one, or the close) is
 * EdgeHandler's.
 */
final class ResponseWriter {
    private static final Logger log = LoggerFactory.getLogger(ResponseWriter.class);
    private static final io.netty.util.AsciiString LENGTH = io.netty.util.AsciiString.cached("Content-Length");
    private static final io.netty.util.AsciiString CONNECTION = io.netty.util.AsciiString.cached("Connection");

    private final EdgeEvents events;

    ResponseWriter(EdgeEvents events) {
        this.events = events;
    }

    /** Bodies of files up to this size are read (one pread) and sent with their head in one write, not by sendfile. */
    static final int SMALL_FILE_BODY = 64 * 1024;

    /**
     * Writes {@code r} on the connection's event loop ({@code ctx}), its head first; {@code reuse} says
     * whether the connection stays open after it ({@code Connection: keep-alive} or {@code close}).
     * Returns the last write's future, or null when a small body could not be read and the connection
     * was closed before anything was sent.
     */
    io.netty.channel.ChannelFuture send(ChannelHandlerContext ctx, String method, Response r, ResponseHead.Wire headers, boolean reuse) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(r.status());
        if (r.body() instanceof Response.Segments segs && !"HEAD".equals(method) && small(segs)) {
            return sendSmall(ctx, segs, status, headers, reuse);
        }
        var io = switch (r.body()) {
            case Response.Empty e -> {
                var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER, ResponseHead.CHECKED, ResponseHead.CHECKED);
                headers.addTo(res.headers());
                if (!res.headers().contains(LENGTH)) res.headers().set(LENGTH, decimal(0));
                setConnection(res.headers(), reuse);
                yield ctx.writeAndFlush(res);
            }
            case Response.Bytes bytes -> {
                var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes.data()),
                        ResponseHead.CHECKED, ResponseHead.CHECKED);
                headers.addTo(res.headers());
                res.headers().set(LENGTH, decimal(bytes.data().length));
                setConnection(res.headers(), reuse);
                yield ctx.writeAndFlush(res);
            }
            case Response.Segments segs -> {
                var res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, ResponseHead.CHECKED);
                headers.addTo(res.headers());
                if (!res.headers().contains(LENGTH)) res.headers().set(LENGTH, decimal(segs.length()));
                setConnection(res.headers(), reuse);
                ctx.write(res).addListener(f -> {
                    if (!f.isSuccess() && !(f.cause() instanceof IOException)) events.encodeFailure(); // the encoder refused the head
                });
                if (!"HEAD".equals(method)) {
                    for (Response.Segment s : segs.parts()) {
                        switch (s) {
                            case Response.FileSegment f -> {
                                if (f.length() > 0) ctx.write(new DefaultFileRegion(f.channel(), f.position(), f.length()).retain());
                            }
                            case Response.ByteSegment bs -> ctx.write(Unpooled.wrappedBuffer(bs.data()));
                            case Response.StreamSegment ss -> {
                                // Read as it is sent (ChunkedWriteHandler, HttpServer); a failed read (an
                                // encrypted chunk that does not authenticate, SSE-3) cuts the connection.
                                if (ss.length() > 0) ctx.write(new ChunkedStream(ss.stream(), 64 * 1024)).addListener(x -> {
                                    if (!x.isSuccess()) ctx.close();
                                });
                            }
                        }
                    }
                }
                var f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                f.addListener(x -> closeAll(segs.resources()));
                yield f;
            }
        };
        return io;
    }

    private static boolean small(Response.Segments segs) {
        for (Response.Segment s : segs.parts()) {
            if (s instanceof Response.StreamSegment) return false;
        }
        return segs.length() <= SMALL_FILE_BODY;
    }

    /**
     * A small body (a 4 KiB object, a small range): its file bytes are read into one buffer, the files
     * closed at once, and head and body leave in one gathering write. sendfile would cost a write for
     * the head, one for the body and the region's bookkeeping: more than copying 4 KiB. The bytes are the
     * same, read after the same checks (ST-I1 ran before the answer was built). A read that fails or comes
     * up short ends the connection before anything is sent, as a failed sendfile would cut the body.
     */
    private static io.netty.channel.ChannelFuture sendSmall(ChannelHandlerContext ctx, Response.Segments segs, HttpResponseStatus status,
                                                           ResponseHead.Wire headers, boolean reuse) {
        io.netty.buffer.ByteBuf content = ctx.alloc().ioBuffer((int) segs.length());
        try {
            for (Response.Segment s : segs.parts()) {
                switch (s) {
                    case Response.FileSegment f -> readFully(f, content);
                    case Response.ByteSegment bs -> content.writeBytes(bs.data());
                    case Response.StreamSegment ss -> throw new IllegalStateException("not a small body");
                }
            }
        } catch (IOException | RuntimeException e) {
            content.release();
            log.warn("cannot read a response body ({}); closing the connection", e.toString());
            ctx.close();
            return null;
        } finally {
            closeAll(segs.resources());
        }
        var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content, ResponseHead.CHECKED, ResponseHead.CHECKED);
        headers.addTo(res.headers());
        if (!res.headers().contains(LENGTH)) res.headers().set(LENGTH, decimal(content.readableBytes()));
        setConnection(res.headers(), reuse);
        return ctx.writeAndFlush(res);
    }

    private static void readFully(Response.FileSegment f, io.netty.buffer.ByteBuf into) throws IOException {
        long position = f.position();
        long left = f.length();
        while (left > 0) {
            int n = into.writeBytes(f.channel(), position, (int) left);
            if (n < 0) throw new java.io.EOFException("blob ended " + left + " bytes early");
            position += n;
            left -= n;
        }
    }

    static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable c : resources) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort: read-only file channels
            }
        }
    }

    private static io.netty.util.AsciiString decimal(long n) {
        return new io.netty.util.AsciiString(Long.toString(n).getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private static void setConnection(io.netty.handler.codec.http.HttpHeaders h, boolean reuse) {
        h.set(CONNECTION, reuse ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    }
}
