package io.cosd.store.blob;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-memory channel every reader of an inline blob gets (docs/storage.md "Small objects inline", ST-W2). */
class InlineChannelTest {
    static final byte[] DATA = "0123456789abcdef".getBytes();

    @Test
    void positionalAndSequentialReadsTransferToAndStreamsSeeExactlyTheBytes_ST_W2() throws Exception {
        try (InlineChannel ch = new InlineChannel(DATA)) {
            assertThat(ch.size()).isEqualTo(16);
            ByteBuffer b = ByteBuffer.allocate(4);
            assertThat(ch.read(b, 10)).isEqualTo(4);
            assertThat(new String(b.array())).isEqualTo("abcd");
            assertThat(ch.read(ByteBuffer.allocate(4), 16)).isEqualTo(-1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ch.transferTo(3, 100, Channels.newChannel(out))).isEqualTo(13);
            assertThat(out.toString()).isEqualTo("3456789abcdef");
            ch.position(14);
            InputStream in = Channels.newInputStream(ch);
            assertThat(new String(in.readAllBytes())).isEqualTo("ef");
            assertThat(ch.bytes(0, 16)).isSameAs(DATA);
            assertThat(new String(ch.bytes(2, 3))).isEqualTo("234");
        }
    }

    @Test
    void itIsReadOnlyAndAClosedChannelRefusesReads_ST_W2() throws Exception {
        InlineChannel ch = new InlineChannel(DATA);
        assertThatThrownBy(() -> ch.write(ByteBuffer.allocate(1))).isInstanceOf(NonWritableChannelException.class);
        assertThatThrownBy(() -> ch.truncate(0)).isInstanceOf(NonWritableChannelException.class);
        ch.close();
        assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
    }
}
