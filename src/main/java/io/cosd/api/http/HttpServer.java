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

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The Netty edge: one port, HTTP/1.1, handler logic on virtual threads. */
public final class HttpServer implements AutoCloseable {
    /**
     * @param maxConnections       concurrent connections; more are refused on accept (EDGE-C1); 0 = no limit
     * @param minBodyRate          bytes/s a request body must average over {@code bodyRateWindowMillis} (EDGE-C2); 0 = no minimum
     */
    public record Limits(long idleTimeoutMillis, long headerTimeoutMillis, long bodyTimeoutMillis,
                         int maxConnections, long minBodyRate, long bodyRateWindowMillis) {
        public Limits(long idleTimeoutMillis, long headerTimeoutMillis, long bodyTimeoutMillis) {
            this(idleTimeoutMillis, headerTimeoutMillis, bodyTimeoutMillis, 0, 0, 0);
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

    public HttpServer(String bindHost, int port, Limits limits, Consumer<Exchange> api) throws InterruptedException {
        this(bindHost, port, limits, api, EdgeEvents.NONE);
    }

    public HttpServer(String bindHost, int port, Limits limits, Consumer<Exchange> api, EdgeEvents events) throws InterruptedException {
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
                        ch.pipeline()
                                .addLast(new HttpServerCodec(16 * 1024, 64 * 1024, 1 << 20))
                                .addLast(new IdleStateHandler(0, 0, limits.idleTimeoutMillis(), TimeUnit.MILLISECONDS))
                                .addLast(new ChunkedWriteHandler()) // Response.StreamSegment bodies (encrypted objects)
                                .addLast(new EdgeHandler(api, workers, limits.headerTimeoutMillis(), limits.bodyTimeoutMillis(),
                                        limits.minBodyRate(), limits.bodyRateWindowMillis(), events));
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

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownNow();
    }
}
