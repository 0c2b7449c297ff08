package io.cosd.service;

import io.cosd.domain.crypto.ChunkFormat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The plaintext of bytes {@code [start, start + length)} of one encrypted blob (docs/encryption.md
 * "Ranges", SSE-2, SSE-3): only the chunks covering the range are read and opened, one at a time
 * (never more than one chunk in memory), by positional reads, so several streams may share a channel.
 * An eager stream opens its first chunk when it is made, so a GET whose first chunk does not authenticate
 * is answered with an error before any header goes out; a later chunk that fails ends the stream with an
 * {@link IOException} (the edge then cuts the connection: never a wrong byte, SSE-3). Either way
 * {@code onTamper} hears of it once (SSE-4: counted and marked like other damage).
 */
public final class OpeningStream extends InputStream {
    /** Told once when a chunk of the blob does not authenticate. */
    @FunctionalInterface
    public interface TamperListener {
        void tampered(String detail);
    }

    private final FileChannel ch;
    private final byte[] dataKey;
    private final byte[] header = new byte[ChunkFormat.HEADER];
    private final long lastIndex;
    private final TamperListener onTamper;
    private long index;
    private long skip;
    private long left;
    private byte[] plain;
    private int pos;

    /**
     * The blob's plaintext size follows from its size ({@link ChunkFormat#plainSize}); which chunk is the
     * last follows from that, and a blob cut at a chunk boundary fails the last chunk's tag (SSE-3).
     * Reads that check the size against the metadata first ({@link ObjectService#verifyReadable}) tell
     * damage from a changed version.
     */
    OpeningStream(FileChannel ch, byte[] dataKey, long start, long length, boolean eager, TamperListener onTamper) throws IOException {
        this.ch = ch;
        this.dataKey = dataKey;
        this.onTamper = onTamper;
        readFully(ByteBuffer.wrap(header), 0);
        if (!ChunkFormat.validHeader(header)) throw tampered("blob header is not an encrypted blob header");
        long plainSize = ChunkFormat.plainSize(ch.size());
        if (plainSize < 0) throw tampered("blob has " + ch.size() + " bytes, no plaintext size gives that");
        if (start + length > plainSize) throw tampered("blob holds " + plainSize + " bytes, not " + (start + length));
        this.lastIndex = ChunkFormat.chunks(plainSize) - 1;
        this.index = start / ChunkFormat.CHUNK;
        this.skip = start - index * ChunkFormat.CHUNK;
        this.left = length;
        if (length > 0 && eager) fill();
    }

    private void fill() throws IOException {
        boolean last = index == lastIndex;
        long off = ChunkFormat.chunkOffset(index);
        int len = (int) (last ? ch.size() - off : ChunkFormat.CHUNK + ChunkFormat.TAG);
        byte[] sealed = new byte[len];
        readFully(ByteBuffer.wrap(sealed), off);
        try {
            plain = ChunkFormat.open(dataKey, header, index, last, sealed, 0, len);
        } catch (ChunkFormat.TamperedException e) {
            throw tampered(e.getMessage());
        }
        index++;
        pos = (int) skip;
        skip = 0;
    }

    private IOException tampered(String detail) {
        onTamper.tampered(detail);
        return new Tampered(detail);
    }

    /** A chunk, the header or the blob's length does not authenticate (SSE-3). */
    static final class Tampered extends IOException {
        Tampered(String detail) { super("encrypted blob does not authenticate: " + detail); }
    }

    private void readFully(ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, at);
            if (n < 0) throw tampered("blob ends at " + at);
            at += n;
        }
    }

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) return -1;
        if (len == 0) return 0;
        if (plain == null || pos >= plain.length) fill();
        int n = (int) Math.min(Math.min(len, plain.length - pos), left);
        System.arraycopy(plain, pos, b, off, n);
        pos += n;
        left -= n;
        return n;
    }

    @Override public int available() {
        return plain == null ? 0 : (int) Math.min(plain.length - pos, left);
    }
}
