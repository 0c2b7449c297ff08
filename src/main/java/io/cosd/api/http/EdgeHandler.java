package io.cosd.api.http;

import io.cosd.api.auth.HeaderView;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Netty side of one connection. autoRead is off: the socket is read only (a) to receive the
 * next request head, and (b) while the current body stream wants more. The handler logic runs on a
 * virtual thread; the response is written back on the event loop. Requests on one connection are
 * strictly serialised: the next head is read only after the response, and a pipelined request that
 * came in the same read as the one before it is held ({@link #held}) until that one was answered.
 */
final class EdgeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(EdgeHandler.class);

    /** Canonical case: the COS Java SDK looks response headers up case-sensitively. */
    private static final String CONTENT_LENGTH = "Content-Length";

    private final Consumer<Exchange> api;
    private final Executor workers;
    private final long headerTimeoutMillis;
    private final long bodyTimeoutMillis;
    private final long minBodyRate;          // bytes/s; 0 = no minimum (EDGE-C2)
    private final long bodyRateWindowMillis;
    private final EdgeEvents events;
    private final Drain drain;
    private final ResponseWriter responses;
    private final BodyBudget budget;         // the server's, shared by every connection (EDGE-B1)
    private BodyRate rate;                   // event-loop confined; the current body's rate, once it is read
    private BodyStream rated;                // the body whose rate was started: once per body, never again after a cut-off
    private ScheduledFuture<?> rateTimer;
    private ChannelHandlerContext ctx;
    private BodyStream body;          // current request's body; event-loop confined reference
    private boolean readPending;
    private boolean keepAlive;
    private ScheduledFuture<?> headerTimer;
    private boolean continuePending;   // event-loop confined
    private NettyExchange onLoop;      // a bodiless GET/HEAD waiting for its end, to run on the loop
    /** Event-loop confined: requests on this connection whose answer is not written yet (EDGE-S1); more than one when pipelined. */
    private final java.util.ArrayDeque<Drain.Flight> unanswered = new java.util.ArrayDeque<>(2);
    /**
     * Event-loop confined: a pipelined request's head and body parts that were decoded while the request
     * before it was unanswered. Run beside it, its answer could go out first (RFC 9112 §9.3.2 wants the
     * order of the requests), and the earlier answer's end dropped its body's later parts (its handler then
     * waited for the body time-out, in flight, and a stop for the grace). At most what one read decoded:
     * the socket is not read again until they are replayed.
     */
    private final java.util.ArrayDeque<Object> held = new java.util.ArrayDeque<>(2);
    /** Event-loop confined: body bytes in {@link #held}, counted against the budget while held (EDGE-B1). */
    private long heldBytes;

    EdgeHandler(Consumer<Exchange> api, Executor workers, long headerTimeoutMillis, long bodyTimeoutMillis) {
        this(api, workers, headerTimeoutMillis, bodyTimeoutMillis, 0, 0, EdgeEvents.NONE, new Drain());
    }

    EdgeHandler(Consumer<Exchange> api, Executor workers, long headerTimeoutMillis, long bodyTimeoutMillis,
                long minBodyRate, long bodyRateWindowMillis, EdgeEvents events, Drain drain) {
        this(api, workers, headerTimeoutMillis, bodyTimeoutMillis, minBodyRate, bodyRateWindowMillis, events, drain,
                BodyBudget.unlimited());
    }

    EdgeHandler(Consumer<Exchange> api, Executor workers, long headerTimeoutMillis, long bodyTimeoutMillis,
                long minBodyRate, long bodyRateWindowMillis, EdgeEvents events, Drain drain, BodyBudget budget) {
        this.budget = budget;
        this.api = api;
        this.workers = workers;
        this.headerTimeoutMillis = headerTimeoutMillis;
        this.bodyTimeoutMillis = bodyTimeoutMillis;
        this.minBodyRate = minBodyRate;
        this.bodyRateWindowMillis = bodyRateWindowMillis;
        this.events = events;
        this.drain = drain;
        this.responses = new ResponseWriter(events);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        awaitNextRequest();
        ctx.fireChannelActive();
    }

    /** Slow-loris guard: a request head must arrive within the header timeout. */
    private void awaitNextRequest() {
        if (drain.stopping()) { // EDGE-S1: a stopping server takes no new request on an open connection
            ctx.close();
            return;
        }
        headerTimer = ctx.executor().schedule(() -> ctx.close(), headerTimeoutMillis, TimeUnit.MILLISECONDS);
        read();
    }

    private void read() {
        if (!readPending && ctx.channel().isActive()) {
            readPending = true;
            ctx.read();
        }
    }

    /**
     * Called from any thread when the body reader wants data. The first call is the handler's
     * {@link BodyStream#begin} (or its first read): only then is {@code 100 Continue} sent, so a
     * request refused before (auth, policy, NoSuchBucket, EntityTooLarge, a full disk) never has its
     * body uploaded, and one admitted gets it while the handler opens its blob file (EDGE-K3).
     */
    private void demand() {
        ctx.executor().execute(() -> {
            if (continuePending) {
                continuePending = false;
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
            BodyStream b = body;
            if (b != null && minBodyRate > 0 && rated != b && !b.ended()) startRate(b);
            if (b != null && b.wantsMore()) read();
        });
    }

    /**
     * EDGE-C2: from the handler's first demand of a body (its begin, EDGE-K3, or first read; after the
     * head arrived within the header timeout) until its end, the client must keep up the minimum rate;
     * ticks in which the server was not reading are excused (see {@link BodyRate}): a blob file slow to
     * open leaves the body's buffer full, and those ticks are not the client's.
     */
    private void startRate(BodyStream b) {
        rated = b;
        rate = new BodyRate(minBodyRate, bodyRateWindowMillis);
        rateTimer = ctx.executor().scheduleAtFixedRate(() -> {
            if (body != b || b.ended()) {
                stopRate();
                return;
            }
            if (!b.wantsMore()) rate.excuse();
            if (rate.tick()) {
                stopRate();
                events.slowBody();
                // The handler's read fails now; it answers 400 RequestTimeout and write() closes the connection.
                b.fail(new BodyStream.BodyTimeoutException("request body arrived slower than " + minBodyRate + " bytes/s"));
            }
        }, BodyRate.TICK_MILLIS, BodyRate.TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void stopRate() {
        if (rateTimer != null) rateTimer.cancel(false);
        rateTimer = null;
        rate = null;
    }

    /**
     * EDGE-B2, asked by {@link BoundedReads} on the event loop at each socket read: what this connection
     * may take, given what it holds (its body's queue and the pipelined bytes it holds).
     */
    int readRoom() {
        BodyStream b = body;
        return budget.readRoom(heldBytes + (b != null ? b.queued() : 0));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!held.isEmpty() || msg instanceof HttpRequest && !unanswered.isEmpty()) {
            held.add(msg); // the request before it is not answered yet
            // EDGE-B1: counted while held too. A request that is slow to answer (a large GET whose client
            // does not read) could otherwise hold a read's worth of pipelined body on each connection, uncounted.
            if (msg instanceof HttpContent c) hold(c.content().readableBytes());
            return;
        }
        handle(msg);
    }

    /** EDGE-B1: {@code n} pipelined body bytes held ({@code n > 0}) or no longer held ({@code n < 0}). */
    private void hold(long n) {
        if (n == 0) return;
        heldBytes += n;
        if (n > 0) budget.add(n);
        else budget.release(-n);
    }

    /** Takes the next held message; its body bytes leave the held count (the stream counts them again when they are queued). */
    private Object unhold() {
        Object m = held.poll();
        if (m instanceof HttpContent c) hold(-c.content().readableBytes());
        return m;
    }

    /** After an answer on a kept connection: the held pipelined request runs now, up to the next head that must wait. */
    private void replayHeld() {
        while (!held.isEmpty()) {
            if (held.peek() instanceof HttpRequest && !unanswered.isEmpty()) return;
            handle(unhold());
        }
        BodyStream b = body;
        if (b != null && b.wantsMore()) read();
    }

    private void handle(Object msg) {
        if (msg instanceof HttpRequest req) {
            if (headerTimer != null) headerTimer.cancel(false);
            if (req.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                badRequest(req.decoderResult().cause());
                return;
            }
            keepAlive = HttpUtil.isKeepAlive(req);
            continuePending = HttpUtil.is100ContinueExpected(req);
            BodyStream b = new BodyStream(this::demand, bodyTimeoutMillis, continuePending, budget);
            body = b;
            Drain.Flight flight = drain.begin();
            unanswered.add(flight);
            NettyExchange ex = new NettyExchange(req, b, null, flight);
            // A GET or HEAD without a body runs here once its (empty) end has arrived; others on a virtual thread.
            if (onLoop(req)) onLoop = ex;
            else workers.execute(() -> runApi(ex));
        }
        if (msg instanceof HttpContent c) {
            BodyStream b = body;
            if (b == null) {
                c.release();
            } else {
                if (rate != null) rate.received(c.content().readableBytes());
                b.offer(c.content()); // ownership passes to the body stream
                if (c.decoderResult().isFailure()) {
                    // EDGE-K4: broken chunked framing. Netty ends the body with an empty, failed last part;
                    // taken for its end, the parts before the break were the whole body (a PUT stored them).
                    // The body fails instead (IncompleteBody), and the decoder reads nothing more on this
                    // connection, so the answer closes it (keepAlive off).
                    keepAlive = false;
                    stopRate();
                    b.fail(new IOException("malformed request body framing: " + c.decoderResult().cause().getMessage()));
                    NettyExchange ex = onLoop;
                    onLoop = null;
                    if (ex != null) runOnLoop(ex);
                } else if (c instanceof LastHttpContent) {
                    b.end();
                    stopRate();
                    NettyExchange ex = onLoop;
                    onLoop = null;
                    if (ex != null) runOnLoop(ex);
                }
            }
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * The requests answered on the event loop (docs/performance.md "The GET path"): GET and HEAD
     * with no body (no Content-Length above 0, not chunked, no 100-continue). Their work is a few
     * metadata reads on the loop's own connection (store.meta.EventLoopReads) and opening a blob
     * from the page cache, as sendfile already reads it on the loop; anything that could wait for
     * another request throws {@link Exchange.OffLoop} and runs again on a virtual thread.
     */
    private boolean onLoop(HttpRequest req) {
        if (continuePending || HttpUtil.isTransferEncodingChunked(req)) return false;
        String m = req.method().name();
        if (!"GET".equals(m) && !"HEAD".equals(m)) return false;
        try {
            return HttpUtil.getContentLength(req, 0L) == 0;
        } catch (NumberFormatException e) {
            return false; // the handler answers it, on a virtual thread as before
        }
    }

    private void runOnLoop(NettyExchange ex) {
        ex.onLoop = true;
        try {
            api.accept(ex);
        } catch (Exchange.OffLoop deferred) {
            events.offLoop();
            // Unanswered and nothing changed: run it again, from its start, where it may wait. Its body
            // (empty, ended) was read on the loop, so the second run gets a fresh ended one.
            BodyStream again = new BodyStream(this::demand, bodyTimeoutMillis, false, budget);
            again.end();
            body = again;
            NettyExchange next = new NettyExchange(ex.req, again, ex.headers, ex.flight);
            workers.execute(() -> runApi(next));
            return; // the run on the virtual thread ends the handler's half
        } catch (Throwable t) {
            log.error("unhandled error in request handler", t);
            if (!ex.answered) ex.respond(Response.status(500).empty());
        }
        ex.flight.handled();
    }

    private void runApi(NettyExchange ex) {
        try {
            api.accept(ex);
        } catch (Throwable t) {
            log.error("unhandled error in request handler", t);
            if (!ex.answered) ex.respond(Response.status(500).empty());
        } finally {
            ex.flight.handled();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readPending = false;
        BodyStream b = body;
        if (b != null && b.wantsMore()) read();
        else if (rate != null) rate.excuse(); // backpressure: the server, not the client, is slow
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else if (evt == Drain.STOPPING) {
            // EDGE-S1: between requests the connection closes now; during one, after its answer.
            if (unanswered.isEmpty()) ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (headerTimer != null) headerTimer.cancel(false);
        stopRate();
        BodyStream b = body;
        if (b != null) {
            b.fail(new IOException("connection closed by client"));
            b.giveBackHeap(); // EDGE-B5: nothing of it is answered now; its reader fails at its next read
        }
        for (Drain.Flight f : unanswered) f.answered(); // no answer can be written any more
        unanswered.clear();
        for (Object m; (m = unhold()) != null; ) ReferenceCountUtil.release(m); // pipelined, never started
        NettyExchange pending = onLoop; // a GET whose end never came: its handler will never run
        onLoop = null;
        if (pending != null) pending.flight.handled();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) log.warn("connection error", cause);
        ctx.close();
    }

    private void badRequest(Throwable cause) {
        byte[] msg = ("Bad Request: " + (cause == null ? "" : cause.getMessage())).getBytes(StandardCharsets.UTF_8);
        var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, Unpooled.wrappedBuffer(msg));
        // The decoder's message may quote the request's own bytes (a bad version or header name): plain
        // text, never sniffed, and sandboxed, so even a crafted request line is no page of the
        // console's origin (docs/console.md "One origin for the console", CON-O2).
        res.headers().set(CONTENT_LENGTH, msg.length).set("Connection", HttpHeaderValues.CLOSE)
                .set("Content-Type", "text/plain; charset=utf-8").set("X-Content-Type-Options", "nosniff")
                .set("Content-Security-Policy", "sandbox");
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    /** Event loop: write the response, then read the next request or close. */
    private void write(NettyExchange ex, Response r) {
        BodyStream b = ex.body;
        // EDGE-K1: an Expect: 100-continue request answered without its 100 (refused before its body
        // was read) closes the connection, even when its body was empty: the client cannot know
        // whether the server reads a body it may still send (RFC 9110 §10.1.1), and botocore would
        // parse the response after its next 100 Continue on this connection with this answer's status.
        boolean unanswered100 = continuePending;
        continuePending = false; // answered without reading: the client must not send the body
        // A body the handler did not consume (error before reading, or a 100-continue never sent)
        // cannot be skipped safely on a keep-alive connection: close after answering.
        boolean reuse = keepAlive && !unanswered100 && b.ended() && ctx.channel().isActive() && !asksToClose(r)
                && !drain.stopping(); // EDGE-S1
        // Always: a body that fully arrived but was not (fully) read still holds buffers to release.
        b.close();
        b.giveBackHeap(); // EDGE-B5: the handler answered, so the arrays it read the body into are done with
        stopRate();
        // EDGE-E1: every name and value checked, and turned into its wire bytes, in one pass.
        ResponseHead.Wire headers = ResponseHead.wire(r.headers());
        if (headers.problem() != null) {
            encodeFailed(ex, r, new IllegalArgumentException(headers.problem()));
            return;
        }
        try {
            var io = responses.send(ctx, ex.method(), r, headers, reuse);
            if (io != null) afterWrite(io, reuse, ex.flight);
        } catch (RuntimeException e) {
            // Nothing reached the socket yet unless Netty itself refused the head: answer 500 and close either way.
            encodeFailed(ex, r, e);
        }
    }

    /**
     * EDGE-E1: a response that cannot be encoded is replaced by a minimal 500 InternalError (with the
     * request id), its blobs are closed, the connection is closed, and the failure is counted.
     */
    private void encodeFailed(NettyExchange ex, Response r, Throwable cause) {
        log.warn("response to {} {} cannot be encoded ({}); answering 500 and closing", ex.method(), ex.uri(), cause.getMessage());
        events.encodeFailure();
        if (r.body() instanceof Response.Segments segs) ResponseWriter.closeAll(segs.resources());
        if (!ctx.channel().isActive()) return;
        ctx.writeAndFlush(ResponseHead.internalError(r.headers(), "HEAD".equals(ex.method())))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void afterWrite(io.netty.channel.ChannelFuture io, boolean reuse, Drain.Flight flight) {
        io.addListener(f -> {
            if (unanswered.remove(flight)) flight.answered();
            if (!f.isSuccess() || !reuse) {
                ctx.close();
            } else {
                body = null;
                if (held.isEmpty()) awaitNextRequest();
                else if (drain.stopping()) ctx.close(); // EDGE-S1: no new request on a stopping server, held or not
                else replayHeld();
            }
        });
    }

    /** EDGE-K2: an answer built with {@code Connection: close} (ErrorRenderer) ends the connection. */
    private static boolean asksToClose(Response r) {
        for (var e : r.headers()) {
            if (e.getKey().equalsIgnoreCase("Connection") && "close".equalsIgnoreCase(e.getValue())) return true;
        }
        return false;
    }

    private final class NettyExchange implements Exchange {
        private final HttpRequest req;
        private final BodyStream body;
        private final HeaderView headers;
        private final Drain.Flight flight;
        private volatile boolean answered;
        private boolean onLoop;

        NettyExchange(HttpRequest req, BodyStream body, HeaderView headers, Drain.Flight flight) {
            this.req = req;
            this.body = body;
            this.flight = flight;
            if (headers == null) {
                List<Map.Entry<String, String>> list = new ArrayList<>(req.headers().size());
                for (var e : req.headers()) list.add(Map.entry(e.getKey(), utf8(e.getValue())));
                headers = HeaderView.of(list);
            }
            this.headers = headers;
        }

        @Override
        public boolean onEventLoop() { return onLoop; }

        /** Netty decodes header bytes one-to-one into chars; both SDKs send UTF-8 (docs/spec/protocol.md §2.3). */
        private static String utf8(String latin1) {
            for (int i = 0; i < latin1.length(); i++) {
                if (latin1.charAt(i) > 0x7f) return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
            return latin1;
        }

        public String method() { return req.method().name(); }

        public String uri() { return req.uri(); }

        public HeaderView headers() { return headers; }

        public InetSocketAddress remote() { return (InetSocketAddress) ctx.channel().remoteAddress(); }

        public BodyStream body() { return body; }

        public long contentLength() { return HttpUtil.getContentLength(req, -1L); }

        public boolean chunked() { return HttpUtil.isTransferEncodingChunked(req); }

        @Override
        public boolean holdHeap(int total) { return body.holdHeap(total); }

        public void respond(Response response) {
            if (answered) throw new IllegalStateException("already answered");
            answered = true;
            ctx.executor().execute(() -> write(this, response));
        }
    }
}
