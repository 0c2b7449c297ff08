package io.cosd.domain.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HashesTest {
    @Test
    void hmacFromTheClonedPrototypeEqualsAFreshJdkMac() throws Exception {
        for (String alg : new String[] {"HmacSHA1", "HmacSHA256"}) {
            byte[] key = "k".getBytes(StandardCharsets.UTF_8);
            String expected = SignKeyCacheTest.jdkHmac(alg, key, "data");
            assertThat(Hashes.hex(Hashes.hmac(alg, key, "data"))).isEqualTo(expected);
            assertThat(Hashes.hex(Hashes.hmac(alg, key, "data"))).isEqualTo(expected);
            assertThat(Hashes.hex(new KeyedMac(alg, key).doFinal("data"))).isEqualTo(expected);
        }
    }

    @Test
    void digestsFromTheClonedPrototypeAreIndependent() throws Exception {
        MessageDigest a = Hashes.digest("SHA-256"), b = Hashes.digest("SHA-256");
        a.update((byte) 1);
        assertThat(HexFormat.of().formatHex(b.digest())).isEqualTo(Hashes.EMPTY_SHA256);
        assertThat(Hashes.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hashes.sha1Hex("abc")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    @Test
    void oneKeyedMacUsedFromManyVirtualThreadsAlwaysGivesTheRightAnswer() throws Exception {
        KeyedMac shared = new KeyedMac("HmacSHA256", "key".getBytes(StandardCharsets.UTF_8));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> out = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                String msg = "message-" + t;
                String expected = SignKeyCacheTest.jdkHmac("HmacSHA256", "key".getBytes(StandardCharsets.UTF_8), msg);
                Callable<Boolean> job = () -> {
                    for (int i = 0; i < 200; i++) if (!Hashes.hex(shared.doFinal(msg)).equals(expected)) return false;
                    return true;
                };
                out.add(pool.submit(job));
            }
            for (Future<Boolean> f : out) assertThat(f.get()).isTrue();
        }
    }
}
