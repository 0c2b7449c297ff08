package io.cosd.service;

import io.cosd.api.error.DomainErrors;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.Refusal;
import io.cosd.domain.object.BlobLayout;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.DiskFullException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A write the disk cannot take is the server's fault (docs/storage.md "Full disk"): ENOSPC in the
 * middle of a body is a retryable StorageFault (503), never IncompleteBody (400), and leaves no temp
 * file. The disk is a real DiskBlobStore; only its writer fails, after {@code failAfter} bytes, the
 * way a full file system does.
 */
class DiskFullWriteTest {
    @TempDir
    Path dir;

    @Test
    void enospcInTheMiddleOfABodyIsDiskFullNotIncompleteBodyAndLeavesNoTempFile() throws IOException {
        BlobStore blobs = failing(new DiskBlobStore(dir), 300_000, "No space left on device");
        byte[] body = new byte[1_000_000];
        assertThatThrownBy(() -> BlobStreams.write(blobs, new ByteArrayInputStream(body), body.length, null, Long.MAX_VALUE))
                .isInstanceOfSatisfying(StorageFault.class, f -> assertThat(f.reason()).isEqualTo(StorageFault.Reason.DISK_FULL));
        assertNoFiles();
    }

    @Test
    void anotherDiskErrorIsAServerErrorNotTheClientsIncompleteBody() throws IOException {
        BlobStore blobs = failing(new DiskBlobStore(dir), 300_000, "Input/output error");
        byte[] body = new byte[1_000_000];
        assertThatThrownBy(() -> BlobStreams.write(blobs, new ByteArrayInputStream(body), body.length, null, Long.MAX_VALUE))
                .isInstanceOf(UncheckedIOException.class);
        assertNoFiles();
    }

    @Test
    void aBodyThatBreaksOffIsStillIncompleteBody() throws IOException {
        InputStream broken = new InputStream() {
            int n;

            @Override public int read() throws IOException {
                if (n++ > 1000) throw new IOException("connection reset by peer");
                return 'x';
            }
        };
        assertThatThrownBy(() -> BlobStreams.write(new DiskBlobStore(dir), broken, 5000, null, Long.MAX_VALUE))
                .isInstanceOfSatisfying(Refusal.class, e -> {
                    assertThat(e.reason()).isEqualTo(Refusal.Reason.BODY_INCOMPLETE);
                    assertThat(DomainErrors.toApi(e).code()).isEqualTo(ErrorCode.INCOMPLETE_BODY);
                });
        assertNoFiles();
    }

    @Test
    void aCopyTheDiskCannotTakeIsDiskFullToo() throws IOException {
        DiskBlobStore real = new DiskBlobStore(dir);
        var src = BlobStreams.write(real, new ByteArrayInputStream(new byte[500_000]), 500_000, null, Long.MAX_VALUE);
        BlobStore blobs = failing(real, 100_000, "No space left on device");
        for (boolean digest : new boolean[]{false, true}) {
            assertThatThrownBy(() -> BlobStreams.copy(blobs, BlobLayout.single(src.blobId(), src.size()).extents(), digest))
                    .isInstanceOfSatisfying(StorageFault.class, f -> assertThat(f.reason()).isEqualTo(StorageFault.Reason.DISK_FULL));
        }
        WrittenBodies.assertNoTemporaryFiles(dir, "copy");
    }

    private void assertNoFiles() throws IOException {
        WrittenBodies.assertNothingStored(dir, "full disk");
    }

    /** {@code real}, whose writers throw IOException(message) once {@code failAfter} bytes were written (a file system filling up). */
    private static BlobStore failing(BlobStore real, long failAfter, String message) {
        return new BlobStore() {
            @Override public Writer create() throws IOException { return create(-1); }

            @Override public Writer create(long expectedSize) throws IOException {
                Writer w = real.create(expectedSize);
                return new Writer() {
                    @Override public long size() { return w.size(); }

                    @Override public String commit() throws IOException { return w.commit(); }

                    @Override public void abort() { w.abort(); }

                    @Override public int write(ByteBuffer src) throws IOException {
                        if (w.size() + src.remaining() > failAfter) {
                            IOException e = new IOException(message);
                            // as DiskBlobWriter reports it: ENOSPC becomes DiskFullException, anything else stays
                            throw DiskFullException.isNoSpace(e) ? new DiskFullException("No space left on device", e) : e;
                        }
                        return w.write(src);
                    }

                    @Override public boolean isOpen() { return w.isOpen(); }

                    @Override public void close() throws IOException { w.close(); }
                };
            }

            @Override public FileChannel open(String blobId) throws IOException { return real.open(blobId); }

            @Override public long size(String blobId) throws IOException { return real.size(blobId); }

            @Override public void delete(String blobId) { real.delete(blobId); }

            @Override public int collectTemporary() { return real.collectTemporary(); }

            @Override public void forEach(Consumer<String> visitor) throws IOException { real.forEach(visitor); }
        };
    }
}
