package io.cosd.domain.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

import static io.cosd.domain.crypto.ChunkFormat.CHUNK;
import static io.cosd.domain.crypto.ChunkFormat.HEADER;
import static io.cosd.domain.crypto.ChunkFormat.TAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The encrypted blob format as tables (docs/encryption.md "Blob format"): sizes, chunk spans, round trips and tampering. */
class ChunkFormatTest {
    static final byte[] KEY = new byte[32];
    static final byte[] PREFIX = {1, 2, 3, 4, 5, 6, 7, 8};

    static {
        new Random(1).nextBytes(KEY);
    }

    @ParameterizedTest(name = "{0} plaintext bytes take {1} chunks and {2} blob bytes")
    @CsvSource({
            "0, 1, 32",                 // an empty object is one empty chunk: header + tag
            "1, 1, 33",
            "65535, 1, 65567",
            "65536, 1, 65568",          // exactly one full chunk: no empty trailer chunk
            "65537, 2, 65585",
            "131072, 2, 131120",
            "1048576, 16, 1048848",
    })
    void aPlaintextSizeMapsToItsChunksAndBlobSizeAndBack_SSE_2(long n, long chunks, long blob) {
        assertThat(ChunkFormat.chunks(n)).isEqualTo(chunks);
        assertThat(ChunkFormat.cipherSize(n)).isEqualTo(blob);
        assertThat(ChunkFormat.plainSize(blob)).isEqualTo(n);
    }

    @ParameterizedTest(name = "a blob of {0} bytes is no encrypted blob")
    @ValueSource(longs = {0, 15, 16, 31, 65568 + 1, 65568 + 16})
    void blobSizesNoPlaintextGivesAreRecognised_SSE_2(long blob) {
        assertThat(ChunkFormat.plainSize(blob)).isEqualTo(-1L);
    }

    @ParameterizedTest(name = "bytes {0}+{1} touch chunks {2}..{3}")
    @CsvSource({
            "0, 1, 0, 0",
            "0, 65536, 0, 0",
            "65535, 2, 0, 1",
            "65536, 1, 1, 1",
            "65536, 65536, 1, 1",
            "65535, 65538, 0, 2",
            "200000, 0, 3, 3",
    })
    void aRangeMapsToTheChunksThatCoverIt_SSE_2(long start, long length, long first, long last) {
        assertThat(ChunkFormat.chunkSpan(start, length)).containsExactly(first, last);
        assertThat(ChunkFormat.chunkOffset(first)).isEqualTo(HEADER + first * (CHUNK + TAG));
    }

    /** The whole blob for {@code plain}, as SealingWriter lays it out. */
    static byte[] seal(byte[] plain) {
        byte[] h = ChunkFormat.header(PREFIX);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h);
        long k = ChunkFormat.chunks(plain.length);
        for (long i = 0; i < k; i++) {
            int off = (int) (i * CHUNK), len = (int) Math.min(CHUNK, plain.length - off);
            out.writeBytes(ChunkFormat.seal(KEY, h, i, i == k - 1, plain, off, len));
        }
        return out.toByteArray();
    }

    /** Opens {@code blob} chunk by chunk knowing only its size, as OpeningStream does. */
    static byte[] open(byte[] blob) {
        byte[] h = Arrays.copyOf(blob, HEADER);
        assertThat(ChunkFormat.validHeader(h)).isTrue();
        long n = ChunkFormat.plainSize(blob.length);
        if (n < 0) throw new ChunkFormat.TamperedException("size");
        long k = ChunkFormat.chunks(n);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long i = 0; i < k; i++) {
            int off = (int) ChunkFormat.chunkOffset(i);
            int len = (int) (i == k - 1 ? blob.length - off : CHUNK + TAG);
            out.writeBytes(ChunkFormat.open(KEY, h, i, i == k - 1, blob, off, len));
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0} bytes round-trip")
    @ValueSource(ints = {0, 1, 13, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 5})
    void everySizeRoundTripsAndTheBlobHoldsNoPlaintext_SSE_1(int n) {
        byte[] plain = new byte[n];
        Arrays.fill(plain, (byte) 'A');
        byte[] blob = seal(plain);
        assertThat(blob).hasSize((int) ChunkFormat.cipherSize(n));
        assertThat(open(blob)).isEqualTo(plain);
        if (n >= 16) assertThat(indexOf(blob, Arrays.copyOf(plain, 16))).isEqualTo(-1);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) return i;
        return -1;
    }

    static byte[] threeChunks() {
        byte[] plain = new byte[2 * CHUNK + 100];
        new Random(7).nextBytes(plain);
        return seal(plain);
    }

    @Test
    void aFlippedBitInAnyChunkOrItsTagIsDetected_SSE_3() {
        for (int at : new int[] {HEADER, HEADER + CHUNK, HEADER + CHUNK + TAG + 5, HEADER + 2 * (CHUNK + TAG) + 99}) {
            byte[] blob = threeChunks();
            blob[at] ^= 1;
            assertThatThrownBy(() -> open(blob)).as("bit at %d", at).isInstanceOf(ChunkFormat.TamperedException.class);
        }
    }

    @Test
    void aChangedHeaderNonceIsDetected_SSE_3() {
        byte[] blob = threeChunks();
        blob[HEADER - 1] ^= 1; // the nonce prefix: every nonce and AAD change
        assertThatThrownBy(() -> open(blob)).isInstanceOf(ChunkFormat.TamperedException.class);
    }

    @Test
    void swappedChunksAreDetected_SSE_3() {
        byte[] blob = threeChunks();
        int a = (int) ChunkFormat.chunkOffset(0), b = (int) ChunkFormat.chunkOffset(1), len = CHUNK + TAG;
        byte[] first = Arrays.copyOfRange(blob, a, a + len);
        System.arraycopy(blob, b, blob, a, len);
        System.arraycopy(first, 0, blob, b, len);
        assertThatThrownBy(() -> open(blob)).isInstanceOf(ChunkFormat.TamperedException.class);
    }

    @Test
    void aBlobCutAtAChunkBoundaryIsDetected_SSE_3() {
        byte[] blob = threeChunks();
        // Dropping the last chunk leaves a well-formed size whose last chunk was sealed as not last.
        byte[] cut = Arrays.copyOf(blob, (int) ChunkFormat.chunkOffset(2));
        assertThat(ChunkFormat.plainSize(cut.length)).isEqualTo(2L * CHUNK);
        assertThatThrownBy(() -> open(cut)).isInstanceOf(ChunkFormat.TamperedException.class);
        // Dropping a middle chunk: the chunk after it sits at the dropped one's index.
        byte[] dropped = new byte[blob.length - CHUNK - TAG];
        int c1 = (int) ChunkFormat.chunkOffset(1), c2 = (int) ChunkFormat.chunkOffset(2);
        System.arraycopy(blob, 0, dropped, 0, c1);
        System.arraycopy(blob, c2, dropped, c1, blob.length - c2);
        assertThatThrownBy(() -> open(dropped)).isInstanceOf(ChunkFormat.TamperedException.class);
    }

    @Test
    void aChunkFromAnotherBlobOrUnderAnotherKeyDoesNotOpen_SSE_3() {
        byte[] plain = new byte[100];
        byte[] blob = seal(plain);
        byte[] other = ChunkFormat.header(new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        assertThatThrownBy(() -> ChunkFormat.open(KEY, other, 0, true, blob, HEADER, blob.length - HEADER))
                .isInstanceOf(ChunkFormat.TamperedException.class);
        byte[] wrongKey = KEY.clone();
        wrongKey[0] ^= 1;
        assertThatThrownBy(() -> ChunkFormat.open(wrongKey, Arrays.copyOf(blob, HEADER), 0, true, blob, HEADER, blob.length - HEADER))
                .isInstanceOf(ChunkFormat.TamperedException.class);
    }

    @Test
    void theHeaderIsMagicVersionChunkSizeAndTheNoncePrefix_SSE_1() {
        byte[] h = ChunkFormat.header(PREFIX);
        assertThat(h).containsExactly('C', 'S', 'E', '1', 1, 16, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(ChunkFormat.nonce(h, 258)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 1, 2);
        assertThat(ChunkFormat.aad(h, 3, true)).hasSize(25).endsWith(0, 0, 0, 0, 0, 0, 0, 3, 1);
    }
}
