package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.crypto.ChunkFormat;
import io.cosd.domain.crypto.DataKeys;
import io.cosd.domain.crypto.Encryption;
import io.cosd.domain.crypto.EncryptionRequest;
import io.cosd.domain.crypto.Sealing;
import io.cosd.store.blob.DiskBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Data keys through SseService (docs/encryption.md "Keys"), and the streams that use them, on a real blob store. */
class SseServiceTest {
    /** A tiny key service: named keys, the context bound in as the wrap's associated data, like a real KMS. */
    static final class TinyKeyService implements KeyService {
        final Map<String, byte[]> keys = new HashMap<>(Map.of("alias/app", bytes(32, 1)));
        int generated, decrypted;

        @Override public DataKey generateDataKey(String keyId, Map<String, String> context) {
            generated++;
            byte[] dk = bytes(32, 100 + generated);
            return new DataKey("key-" + keyId, dk, DataKeys.wrap(wrapKey(keyId, context), Encryption.Mode.KMS, dk, bytes(12, generated)));
        }

        @Override public byte[] decrypt(String keyId, byte[] wrapped, Map<String, String> context) {
            decrypted++;
            try {
                return DataKeys.unwrap(wrapKey(keyId.substring(4), context), Encryption.Mode.KMS, wrapped);
            } catch (ChunkFormat.TamperedException e) {
                throw new Refusal(Refusal.Reason.INVALID_REQUEST, "context mismatch");
            }
        }

        private byte[] wrapKey(String keyId, Map<String, String> context) {
            byte[] k = keys.get(keyId);
            if (k == null) throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "no such key " + keyId);
            return io.cosd.domain.crypto.Hkdf.derive(k, new java.util.TreeMap<>(context).toString(), 32);
        }
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void anSseKmsDataKeyComesFromTheKeyServiceAndOpensOnlyWithItsContext_SSE_16() {
        TinyKeyService kms = new TinyKeyService();
        SseService sse = new SseService(bytes(32, 9), kms);
        Sealing s = sse.newKey(EncryptionRequest.kms("alias/app", Map.of("dept", "a")));
        assertThat(s.meta().mode()).isEqualTo(Encryption.Mode.KMS);
        assertThat(s.meta().kmsKeyId()).isEqualTo("key-alias/app");
        assertThat(s.meta().kmsContext()).containsEntry("dept", "a");
        // What the metadata stores opens through the key service to the same data key.
        Encryption stored = Encryption.decode(s.meta().encode());
        assertThat(sse.open(stored, null).dataKey()).isEqualTo(s.dataKey());
        assertThat(kms.decrypted).isEqualTo(1);
        // The context is bound into the wrap: a record with another context does not open.
        Encryption moved = new Encryption(Encryption.Mode.KMS, stored.wrappedKey(), null, stored.kmsKeyId(), Map.of("dept", "b"));
        assertThatThrownBy(() -> sse.open(moved, null)).isInstanceOf(Refusal.class);
        // An SSE-C key sent for a KMS object is refused, not ignored (SSE-8).
        assertThatThrownBy(() -> sse.open(stored, bytes(32, 3))).isInstanceOfSatisfying(Refusal.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.Reason.INVALID_REQUEST));
    }

    @Test
    void withoutAKeyServiceSseKmsCannotBeAskedFor_SSE_16() {
        assertThatThrownBy(() -> new SseService(bytes(32, 9), null).newKey(EncryptionRequest.kms("k", Map.of())))
                .isInstanceOf(IllegalStateException.class);
        assertThat(new SseService(bytes(32, 9), null).kmsAvailable()).isFalse();
    }

    @Test
    void aBlobSealedUnderAKmsDataKeyReadsBackByRangeThroughTheSameStreams_SSE_2_SSE_16(@TempDir Path dir) throws Exception {
        DiskBlobStore blobs = new DiskBlobStore(dir);
        SseService sse = new SseService(bytes(32, 9), new TinyKeyService());
        Sealing s = sse.newKey(EncryptionRequest.kms("alias/app", Map.of()));
        byte[] plain = bytes(3 * ChunkFormat.CHUNK + 7, 5);
        var w = BlobStreams.write(blobs, new ByteArrayInputStream(plain), plain.length, null, Long.MAX_VALUE, s.dataKey());
        assertThat(blobs.size(w.blobId())).isEqualTo(ChunkFormat.cipherSize(plain.length));
        assertThat(w.etag()).isEqualTo("\"" + java.util.HexFormat.of().formatHex(BlobStreams.md5().digest(plain)) + "\"");
        long[][] ranges = {{0, plain.length}, {ChunkFormat.CHUNK - 1, 2}, {2L * ChunkFormat.CHUNK, ChunkFormat.CHUNK + 7}, {plain.length - 1, 1}, {5, 0}};
        for (long[] r : ranges) {
            try (FileChannel ch = blobs.open(w.blobId());
                 InputStream in = new OpeningStream(ch, sse.open(s.meta(), null).dataKey(), r[0], r[1], true, d -> { })) {
                assertThat(in.readAllBytes()).as("%d+%d", r[0], r[1]).isEqualTo(Arrays.copyOfRange(plain, (int) r[0], (int) (r[0] + r[1])));
            }
        }
    }

    @Test
    void aFailingChunkIsReportedOnceAndEndsTheStream_SSE_3_SSE_4(@TempDir Path dir) throws Exception {
        DiskBlobStore blobs = new DiskBlobStore(dir);
        SseService sse = new SseService(bytes(32, 9), null);
        Sealing s = sse.newKey(EncryptionRequest.SSE_S3);
        byte[] plain = bytes(2 * ChunkFormat.CHUNK, 6);
        String id = BlobStreams.write(blobs, new ByteArrayInputStream(plain), plain.length, null, Long.MAX_VALUE, s.dataKey()).blobId();
        Path file;
        try (var files = java.nio.file.Files.walk(dir)) {
            file = files.filter(java.nio.file.Files::isRegularFile).filter(p -> p.getFileName().toString().equals(id)
                    || p.toString().endsWith(id)).findFirst().orElseThrow();
        }
        byte[] raw = java.nio.file.Files.readAllBytes(file);
        raw[(int) ChunkFormat.chunkOffset(1) + 3] ^= 1;
        java.nio.file.Files.write(file, raw);
        java.util.List<String> heard = new java.util.ArrayList<>();
        try (FileChannel ch = blobs.open(id); InputStream in = new OpeningStream(ch, s.dataKey(), 0, plain.length, true, heard::add)) {
            assertThat(in.readNBytes(ChunkFormat.CHUNK)).isEqualTo(Arrays.copyOf(plain, ChunkFormat.CHUNK)); // the good first chunk
            assertThatThrownBy(in::readAllBytes).isInstanceOf(OpeningStream.Tampered.class);
        }
        assertThat(heard).hasSize(1);
    }
}
