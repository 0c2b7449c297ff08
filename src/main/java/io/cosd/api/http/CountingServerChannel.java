package io.cosd.api.http;

import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * EDGE-C1 (docs/edge.md): the listening socket whose accepted connections hold a {@link ConnectionLimit}
 * slot from the accept to the moment their socket is closed. The slot is taken here, before the
 * connection has a pipeline, and given back in {@link Counted#doClose()}, the one step every close
 * runs through (the server's own close, the client's end of stream, a reset, an idle or header
 * time-out, a failed registration) just before the close system call: so the slot is free before the
 * client can see the server's FIN, and a client that reconnects at once is never refused for the
 * connection it has just seen closed. A close-future listener would run only after that call, a
 * window in which the new connection could still be counted against the old one.
 */
final class CountingServerChannel extends NioServerSocketChannel {
    private static final Logger log = LoggerFactory.getLogger(CountingServerChannel.class);
    private final ConnectionLimit limit;

    CountingServerChannel(ConnectionLimit limit) {
        this.limit = limit;
    }

    @Override
    protected int doReadMessages(List<Object> buf) throws Exception {
        java.nio.channels.SocketChannel accepted = javaChannel().accept();
        if (accepted == null) return 0;
        try {
            buf.add(new Counted(this, accepted, limit));
            return 1;
        } catch (RuntimeException e) {
            // E.g. the socket could not be made non-blocking: no slot was taken. Not thrown on: a read
            // error other than an IOException would make Netty close the listening socket itself.
            log.warn("cannot set up an accepted connection", e);
            try {
                accepted.close();
            } catch (IOException closing) {
                log.warn("cannot close an accepted connection", closing);
            }
            return 0;
        }
    }

    /** An accepted connection that owns one slot of the limit; {@link #withinLimit()} says whether it may be served. */
    static final class Counted extends NioSocketChannel {
        private final ConnectionLimit limit;
        private final AtomicBoolean slotHeld = new AtomicBoolean();
        private final boolean withinLimit;

        private Counted(Channel parent, java.nio.channels.SocketChannel socket, ConnectionLimit limit) {
            super(parent, socket);
            this.limit = limit;
            this.withinLimit = limit.take();
            slotHeld.set(true);
        }

        boolean withinLimit() { return withinLimit; }

        @Override
        protected void doClose() throws Exception {
            // Netty runs doClose once per channel, but closeForcibly after a failed registration is a
            // second way in: the flag keeps the count exact either way.
            if (slotHeld.compareAndSet(true, false)) limit.free();
            super.doClose();
        }
    }
}
