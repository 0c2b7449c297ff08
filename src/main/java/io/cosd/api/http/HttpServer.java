package io.cosd.api.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.internal.PlatformDependent;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The Netty edge: one port, HTTP/1.1, handler logic on virtual threads. */
public final class HttpServer implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HttpServer.class);

    /**
     * @param maxConnections       concurrent connections; more are refused on accept (EDGE-C1); 0 = no limit
     * @param minBodyRate          bytes/s a request body must average over {@code bodyRateWindowMillis} (EDGE-C2); 0 = no minimum
     * @param shutdownGraceMillis  how long {@link #close()} waits for the requests in flight (EDGE-S2)
     * @param maxBodyBuffer        request-body bytes all connections together may hold buffered (EDGE-B1..B4); 0 = no limit
     */
    public record Limits(long idleTimeoutMillis, long headerTimeoutMillis, long bodyTimeoutMillis,
                         int maxConnections, long minBodyRate, long bodyRateWindowMillis, long shutdownGraceMillis,
                         long maxBodyBuffer) {
        /** The default grace: within the 30 s a container runtime (Kubernetes, Docker) allows between SIGTERM and SIGKILL. */
        public static final long SHUTDOWN_GRACE_MILLIS = 25_000;

        public Limits {
            if (shutdownGraceMillis < 0) throw new IllegalArgumentException("the shutdown grace must not be negative");
            if (maxBodyBuffer < 0) throw new IllegalArgumentException("the body buffer budget must not be negative");
        }

        public Limits(long idleTimeoutMillis, long headerTimeoutMillis, long bodyTimeoutMillis,
                      int maxConnections, long minBodyRate, long bodyRateWindowMillis, long shutdownGraceMillis) {
            this(idleTimeoutMillis, headerTimeoutMillis, bodyTimeoutMillis, maxConnections, minBodyRate, bodyRateWindowMillis,
                    shutdownGraceMillis, defaultMaxBodyBuffer());
        }

        public Limits(long idleTimeoutMillis, long headerTimeoutMillis, long bodyTimeoutMillis) {
            this(idleTimeoutMillis, headerTimeoutMillis, bodyTimeoutMillis, 0, 0, 0, SHUTDOWN_GRACE_MILLIS);
        }

        /**
         * EDGE-B4: half of the direct memory Netty may allocate (the JVM's {@code -XX:MaxDirectMemorySize},
         * which defaults to the heap's maximum: 512 MiB under the launcher's {@code -Xmx1g}), at least 16 MiB.
         * The other half is for what the budget does not count: the floors and the last read of each
         * connection, responses being written, and the pooled allocator's unused room.
         */
        public static long defaultMaxBodyBuffer() {
            long direct = PlatformDependent.maxDirectMemory();
            return Math.max(16L << 20, direct / 2);
        }

        public static Limits defaults() { return new Limits(120_000, 30_000, 60_000); }
    }

    /**
     * The largest socket read (Netty's default is 64 KiB). A read takes what the socket holds, up
     * to its guess, and the guess grows only while reads fill it and shrinks after two that do not;
     * so small requests keep small buffers, and a large body, whose bytes queue in the socket while
     * its handler hashes and writes, arrives in pieces of up to 256 KiB: per 1 MiB PUT about 8 reads
     * and 9 file writes instead of 20 and 21 (docs/performance.md "The 1 MiB PUT"). 256 KiB is also
     * {@code Md5Lane}'s batch, and within the pooled allocator's sizes (up to 1 MiB).
     */
    static final int RECV_MAX = 256 * 1024;

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("req-", 0).factory());
    private final Channel channel;
    private final Drain drain = new Drain();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    /** EDGE-S3: the cut after the grace, all of it: 25 s of grace plus this stay within a container's 30 s before SIGKILL. */
    static final long CUT_MILLIS = 5_000;
    private final long shutdownGraceMillis;
    private final BodyBudget budget;

    public HttpServer(String bindHost, int port, Limits limits, Consumer<Exchange> api) throws InterruptedException {
        this(bindHost, port, limits, api, EdgeEvents.NONE);
    }

    public HttpServer(String bindHost, int port, Limits limits, Consumer<Exchange> api, EdgeEvents events) throws InterruptedException {
        this.shutdownGraceMillis = limits.shutdownGraceMillis();
        this.budget = new BodyBudget(limits.maxBodyBuffer(), events);
        events.bodyBuffer(budget::held);
        ConnectionLimit connections = new ConnectionLimit(limits.maxConnections(), events);
        ChannelFactory<ServerChannel> countingChannels = () -> new CountingServerChannel(connections);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, io)
                .channelFactory(countingChannels) // EDGE-C1: each accepted socket holds a slot until its close
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 2048, RECV_MAX))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!connections.admit((CountingServerChannel.Counted) ch)) return;
                        drain.track(ch);
                        var edge = new EdgeHandler(api, workers, limits.headerTimeoutMillis(), limits.bodyTimeoutMillis(),
                                limits.minBodyRate(), limits.bodyRateWindowMillis(), events, drain, budget);
                        // EDGE-B2: this connection's reads, capped by what it may take while the budget is full.
                        // Set before the first read, which creates the channel's (cached) read handle.
                        ch.config().setRecvByteBufAllocator(new BoundedReads(edge::readRoom));
                        ch.pipeline()
                                .addLast(new HttpServerCodec(16 * 1024, 64 * 1024, 1 << 20))
                                .addLast(new IdleStateHandler(0, 0, limits.idleTimeoutMillis(), TimeUnit.MILLISECONDS))
                                .addLast(new ChunkedWriteHandler()) // Response.StreamSegment bodies (encrypted objects)
                                .addLast(edge);
                    }
                });
        try {
            channel = b.bind(bindHost, port).sync().channel();
        } catch (Exception e) { // e.g. a busy port (BindException): no event loop may outlive the failed start
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownNow();
            throw e;
        }
    }

    public int port() { return ((InetSocketAddress) channel.localAddress()).getPort(); }

    /** Requests in flight now (from their head until both their handler returned and their answer was written). */
    public int inFlight() { return drain.inFlight(); }

    /** Request-body bytes buffered in all connections now (EDGE-B1). */
    long bodyBufferBytes() { return budget.held(); }

    /** The network event loops: at most one socket read each is between its cap and its count (EDGE-B2's bound). */
    int eventLoops() {
        int n = 0;
        for (var ignored : io) n++;
        return n;
    }

    /** Whether {@link #close()} has begun (EDGE-S1). */
    boolean stopping() { return drain.stopping(); }

    /**
     * Stops (docs/edge.md "Stopping"): no new connection (the port closes first); EDGE-S1 each open
     * connection closes between requests, and every answer from now on says {@code Connection: close};
     * EDGE-S2 the requests in flight get up to the shutdown grace to finish, so a rolling restart
     * answers what it accepted; EDGE-S3 only then are the connections that are left cut, their
     * handlers interrupted, and the event loops and handlers waited for, so nothing of the edge still
     * runs when the caller closes the stores beneath it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            // Once: the event loops are gone after the first. A close beside it returns when it does, so
            // its caller, too, closes the stores only when no handler runs any more.
            awaitStopped();
            return;
        }
        try {
            stop();
        } finally {
            stopped.countDown();
        }
    }

    private void awaitStopped() {
        boolean interrupted = false;
        while (true) {
            try {
                stopped.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void stop() {
        channel.close().syncUninterruptibly();
        drain.stop();
        int waiting = drain.inFlight();
        if (waiting > 0) {
            log.info("stopping: waiting up to {} ms for {} request(s) in flight", shutdownGraceMillis, waiting);
            int left = drain.awaitIdle(shutdownGraceMillis);
            if (left > 0) log.warn("stopping: {} request(s) still in flight after the {} ms shutdown grace are cut off", left, shutdownGraceMillis);
        }
        // Closed here, not left to the event loops' shutdown, which lets a connection that is still
        // receiving a body live on past its own time-out.
        // One deadline for every wait of the cut (EDGE-S3), not one time-out each.
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CUT_MILLIS);
        drain.cutAll(end);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownNow();
        boolean loops = boss.terminationFuture().awaitUninterruptibly(left(end), TimeUnit.NANOSECONDS)
                & io.terminationFuture().awaitUninterruptibly(left(end), TimeUnit.NANOSECONDS);
        boolean handlers = false;
        try {
            // An interrupted handler unwinds (a blob write fails, its temp file is left for the sweep, ST-R2).
            handlers = workers.awaitTermination(left(end), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!loops || !handlers) {
            log.warn("stopping: {} still running {} ms after the cut", !loops ? "an event loop" : "request handlers", CUT_MILLIS);
        }
    }

    private static long left(long deadlineNanos) {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }
}
