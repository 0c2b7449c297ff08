package io.cosd.service;

import io.cosd.domain.crypto.ChunkFormat;
import io.cosd.store.blob.BlobStore;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A blob writer that stores what it is given encrypted (docs/encryption.md "Blob format", SSE-1): the
 * header first, then each {@link ChunkFormat#CHUNK}-byte chunk sealed once the next byte arrives (so the
 * final chunk, full or not, carries the last flag), the final one at {@link #commit}. Holds one chunk of
 * plaintext, never more. {@link #size} counts plaintext bytes.
 */
final class SealingWriter implements BlobStore.Writer {
    private final BlobStore.Writer out;
    private final byte[] dataKey;
    private final byte[] header = SseService.newHeader();
    private final byte[] chunk = new byte[ChunkFormat.CHUNK];
    private int filled;
    private long index;
    private long size;
    private boolean open = true;

    SealingWriter(BlobStore.Writer out, byte[] dataKey) throws IOException {
        this.out = out;
        this.dataKey = dataKey;
        writeFully(ByteBuffer.wrap(header));
    }

    @Override public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        while (src.hasRemaining()) {
            if (filled == chunk.length) {
                emit(false);
            }
            int k = Math.min(src.remaining(), chunk.length - filled);
            src.get(chunk, filled, k);
            filled += k;
        }
        size += n;
        return n;
    }

    private void emit(boolean last) throws IOException {
        writeFully(ByteBuffer.wrap(ChunkFormat.seal(dataKey, header, index++, last, chunk, 0, filled)));
        filled = 0;
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) out.write(b);
    }

    @Override public long size() { return size; }

    @Override public String commit() throws IOException {
        emit(true);
        open = false;
        return out.commit();
    }

    @Override public void abort() {
        open = false;
        out.abort();
    }

    @Override public boolean isOpen() { return open; }

    @Override public void close() {
        if (open) abort();
    }
}
