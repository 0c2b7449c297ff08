package io.cosd.domain.object;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Crc64NvmeTest {
    @Test
    void theCheckValueOf123456789IsTheCatalogues() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(new Crc64Nvme().update(b, 0, b.length).value()).isEqualTo(0xAE8B14860A799888L);
    }

    @Test
    void slicingAgreesWithTheBitwiseDefinitionWhateverTheSplit() {
        byte[] data = new byte[10_000];
        new Random(7).nextBytes(data);
        long r = ~0L;
        for (byte x : data) {
            r ^= x & 0xff;
            for (int k = 0; k < 8; k++) r = (r & 1) != 0 ? (r >>> 1) ^ Crc64Nvme.POLY_REFLECTED : r >>> 1;
        }
        Crc64Nvme c = new Crc64Nvme();
        c.update(data, 0, 3).update(data, 3, 4_000).update(data, 4_003, data.length - 4_003);
        assertThat(c.value()).isEqualTo(~r);
    }
}
