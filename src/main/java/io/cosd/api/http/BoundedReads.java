package io.cosd.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;

import java.util.function.IntSupplier;

/**
 * One connection's socket reads (EDGE-B2, docs/edge.md "One budget for buffered bodies"): Netty's
 * adaptive sizes, up to {@link HttpServer#RECV_MAX} (docs/performance.md "The 1 MiB PUT"), capped at
 * the moment of the read by what the connection may still take ({@link BodyBudget#readRoom}). Without
 * the cap a connection below its floor read a whole guess (up to 256 KiB) while the budget was full,
 * so the floor bounded nothing: 10,000 connections could hold 2.5 GiB beyond the budget.
 *
 * <p>The cap is asked on the event loop, at the read itself rather than when the read was asked for:
 * between the two, other connections on this loop may have filled the budget.
 */
final class BoundedReads implements RecvByteBufAllocator {
    private final RecvByteBufAllocator sizes = new AdaptiveRecvByteBufAllocator(64, 2048, HttpServer.RECV_MAX);
    private final IntSupplier room;

    /** @param room the most the next read may take, asked on the channel's event loop */
    BoundedReads(IntSupplier room) {
        this.room = room;
    }

    @Override
    public Handle newHandle() {
        return new DelegatingHandle(sizes.newHandle()) {
            @Override
            public ByteBuf allocate(ByteBufAllocator alloc) {
                return alloc.ioBuffer(guess());
            }

            @Override
            public int guess() {
                return Math.min(delegate().guess(), room.getAsInt());
            }
        };
    }
}
