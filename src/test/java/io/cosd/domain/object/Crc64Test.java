package io.cosd.domain.object;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Crc64Test {
    /** Bit at a time, straight from the CRC-64/XZ definition: the reference the fast paths must match. */
    static long reference(byte[] b) {
        long poly = Long.reverse(0x42F0E1EBA9EA3693L);
        long r = ~0L;
        for (byte x : b) {
            r ^= x & 0xff;
            for (int i = 0; i < 8; i++) r = (r & 1) != 0 ? (r >>> 1) ^ poly : r >>> 1;
        }
        return ~r;
    }

    static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    @Test
    void helloWorldIsTheValueTheCosDocsAndPythonCrcmodGive() {
        assertThat(Crc64.toString(Crc64.of(ascii("hello world")))).isEqualTo("5981764153023615706");
    }

    @Test
    void theCrc64XzCheckValueOf123456789Matches() {
        assertThat(Crc64.of(ascii("123456789"))).isEqualTo(0x995DC9BBDF1939FAL);
        assertThat(Crc64.toString(0x995DC9BBDF1939FAL)).isEqualTo("11051210869376104954"); // above 2^63: unsigned
    }

    @Test
    void emptyInputIsZero() {
        assertThat(Crc64.of(new byte[0])).isZero();
        assertThat(new Crc64().value()).isZero();
    }

    @Test
    void slicedUpdatesMatchTheBitwiseDefinitionForEveryLengthAndAlignment() {
        Random rnd = new Random(42);
        byte[] data = new byte[300];
        rnd.nextBytes(data);
        for (int off = 0; off < 9; off++) {
            for (int len = 0; off + len <= data.length; len += 7) {
                byte[] slice = Arrays.copyOfRange(data, off, off + len);
                assertThat(new Crc64().update(data, off, len).value()).as("off %d len %d", off, len).isEqualTo(reference(slice));
            }
        }
    }

    @Test
    void streamingInPiecesEqualsOneShotForArraysHeapAndDirectBuffers() {
        Random rnd = new Random(7);
        byte[] data = new byte[100_003];
        rnd.nextBytes(data);
        long whole = Crc64.of(data);
        assertThat(whole).isEqualTo(reference(data));
        Crc64 arrays = new Crc64(), heap = new Crc64(), direct = new Crc64();
        for (int pos = 0; pos < data.length; ) {
            int n = Math.min(data.length - pos, 1 + rnd.nextInt(5000));
            arrays.update(data, pos, n);
            heap.update(ByteBuffer.wrap(data, pos, n));
            ByteBuffer d = ByteBuffer.allocateDirect(n).put(data, pos, n).flip();
            direct.update(d);
            assertThat(d.hasRemaining()).isFalse();
            pos += n;
        }
        assertThat(arrays.value()).isEqualTo(whole);
        assertThat(heap.value()).isEqualTo(whole);
        assertThat(direct.value()).isEqualTo(whole);
    }

    @Test
    void lengthsAroundTheTwoChainBlocksMatchTheBitwiseReferenceFromArraysAndDirectBuffers() {
        // Long inputs run as two chains joined by the zero-byte shift (SlicingCrc64.BLOCK); the edges of a pair of blocks.
        Random rnd = new Random(13);
        int pair = 2 * SlicingCrc64.BLOCK;
        byte[] data = new byte[5 * pair + 64 + 3];
        rnd.nextBytes(data);
        for (int len : new int[]{pair - 1, pair, pair + 1, pair + 15, pair + 16, 2 * pair - 1, 2 * pair, 2 * pair + 7, 5 * pair + 63}) {
            for (int off : new int[]{0, 3}) {
                byte[] in = Arrays.copyOfRange(data, off, off + len);
                long want = reference(in);
                assertThat(new Crc64().update(data, off, len).value()).as("array %d+%d", off, len).isEqualTo(want);
                ByteBuffer d = ByteBuffer.allocateDirect(len + 5).position(5);
                d.put(in).flip().position(5);
                assertThat(new Crc64().update(d).value()).as("direct %d", len).isEqualTo(want);
                assertThat(d.position()).isEqualTo(d.limit());
            }
        }
    }

    @Test
    void aDirectBufferIsReadFromItsPositionToItsLimitWhateverItsByteOrder() {
        // The large-body path hashes received off-heap buffers in place (docs/performance.md "The 1 MiB PUT").
        Random rnd = new Random(11);
        byte[] data = new byte[70_001];
        rnd.nextBytes(data);
        ByteBuffer d = ByteBuffer.allocateDirect(data.length + 40).position(13);
        d.put(data).flip().position(13);
        for (java.nio.ByteOrder order : new java.nio.ByteOrder[]{java.nio.ByteOrder.BIG_ENDIAN, java.nio.ByteOrder.LITTLE_ENDIAN}) {
            ByteBuffer view = d.duplicate().order(order);
            assertThat(new Crc64().update(view).value()).isEqualTo(reference(data));
            assertThat(view.position()).isEqualTo(view.limit());
        }
    }

    @Test
    void combineOfTwoRunsEqualsTheCrcOfTheirConcatenation() {
        Random rnd = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            byte[] a = new byte[rnd.nextInt(3000)], b = new byte[rnd.nextInt(3000)];
            rnd.nextBytes(a);
            rnd.nextBytes(b);
            byte[] ab = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, ab, a.length, b.length);
            assertThat(Crc64.combine(Crc64.of(a), Crc64.of(b), b.length)).isEqualTo(Crc64.of(ab));
        }
    }

    @Test
    void combineWithEmptyPartsOnEitherSideKeepsTheOtherValue() {
        long x = Crc64.of(ascii("hello world"));
        long empty = Crc64.of(new byte[0]);
        assertThat(Crc64.combine(x, empty, 0)).isEqualTo(x);
        assertThat(Crc64.combine(empty, x, 11)).isEqualTo(x);
        assertThat(Crc64.combine(empty, empty, 0)).isZero();
    }

    @Test
    void combiningManyPartsLeftToRightGivesTheWholeObjectValue() {
        Random rnd = new Random(3);
        byte[] whole = new byte[1 << 20];
        rnd.nextBytes(whole);
        int[] cuts = {0, 1, 1, 4096, 65_537, 65_537, 500_000, whole.length}; // includes two empty parts
        long acc = Crc64.of(new byte[0]);
        for (int i = 1; i < cuts.length; i++) {
            byte[] part = Arrays.copyOfRange(whole, cuts[i - 1], cuts[i]);
            acc = Crc64.combine(acc, Crc64.of(part), part.length);
        }
        assertThat(acc).isEqualTo(Crc64.of(whole));
    }

    @Test
    void combineHandlesLengthsBeyondIntRangeByTheSameAlgebra() {
        // Z^(2^32) applied twice equals Z^(2^33): check the exponent arithmetic on a long length
        // without 8 GiB of data, via associativity: combine(combine(a, 0, n), 0, n) == combine(a, 0, 2n).
        long a = Crc64.of(ascii("123456789"));
        long n = 1L << 32;
        assertThat(Crc64.combine(Crc64.combine(a, 0, n), 0, n)).isEqualTo(Crc64.combine(a, 0, 2 * n));
        assertThat(Crc64.combine(a, 0, n)).isNotEqualTo(a);
    }

    @Test
    void negativeLengthIsABug() {
        assertThatThrownBy(() -> Crc64.combine(1, 2, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
