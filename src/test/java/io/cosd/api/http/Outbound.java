package io.cosd.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;

/** What an {@link EmbeddedChannel} running the edge wrote: bytes as text, a sendfile as {@code <sendfile N>}. */
final class Outbound {
    private Outbound() {}

    static String drain(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (o instanceof ByteBuf b) {
                out.append(b.toString(StandardCharsets.ISO_8859_1));
                b.release();
            } else if (o instanceof FileRegion r) {
                out.append("<sendfile ").append(r.count()).append('>');
                r.release();
            }
        }
        return out.toString();
    }
}
