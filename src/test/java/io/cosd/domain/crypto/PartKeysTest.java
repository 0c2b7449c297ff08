package io.cosd.domain.crypto;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each part blob of an encrypted multipart upload is sealed under its own part's key (docs/encryption.md "Keys"). */
class PartKeysTest {
    static final byte[] DATA_KEY = DataKeysTest.bytes(32, 41);
    static final Sealing UPLOAD = new Sealing(null, DATA_KEY, null);

    /** One blob sealed under {@code key}: header, then one last chunk holding {@code plain}. */
    static byte[] sealed(byte[] key, byte[] header, byte[] plain) {
        byte[] chunk = ChunkFormat.seal(key, header, 0, true, plain, 0, plain.length);
        byte[] blob = Arrays.copyOf(header, header.length + chunk.length);
        System.arraycopy(chunk, 0, blob, header.length, chunk.length);
        return blob;
    }

    static byte[] open(byte[] key, byte[] blob) {
        return ChunkFormat.open(key, Arrays.copyOf(blob, ChunkFormat.HEADER), 0, true, blob, ChunkFormat.HEADER,
                blob.length - ChunkFormat.HEADER);
    }

    @Test
    void aPartKeyIsDerivedFromTheDataKeyAndThePartNumberAndIsNeitherTheDataKeyNorAnotherPartsKey_SSE_14() {
        byte[] one = UPLOAD.forPart(1).dataKey(), two = UPLOAD.forPart(2).dataKey();
        assertThat(one).hasSize(32).isNotEqualTo(DATA_KEY).isNotEqualTo(two).isEqualTo(DataKeys.partKey(DATA_KEY, 1));
        assertThat(UPLOAD.forPart(10000).dataKey()).isNotEqualTo(one).isNotEqualTo(DATA_KEY);
        assertThat(DataKeys.partKey(DataKeysTest.bytes(32, 42), 1)).isNotEqualTo(one); // another upload's part 1
        assertThat(UPLOAD.forPart(0)).isSameAs(UPLOAD); // a single blob: the data key itself
        assertThat(new Sealing(null, DATA_KEY, "md5").forPart(3).customerKeyMd5()).isEqualTo("md5");
        assertThatThrownBy(() -> DataKeys.partKey(DATA_KEY, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPartBlobOpenedWithAnotherPartsKeyOrTheDataKeyFails_SSE_3_SSE_14() {
        byte[] plain = "part one's bytes".getBytes();
        byte[] blob = sealed(UPLOAD.forPart(1).dataKey(), ChunkFormat.header(DataKeysTest.bytes(8, 43)), plain);
        assertThat(open(UPLOAD.forPart(1).dataKey(), blob)).isEqualTo(plain);
        for (int other : new int[] {0, 2, 10, 10000}) {
            assertThatThrownBy(() -> open(UPLOAD.forPart(other).dataKey(), blob))
                    .as("part 1's blob opened as part %d", other).isInstanceOf(ChunkFormat.TamperedException.class);
        }
    }
}
