package io.cosd.domain.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DerivedKeyCacheTest {
    @Test
    void secondLookupOfTheSameSecretAndWindowIsAHitAndDoesNotDeriveAgain() {
        DerivedKeyCache<String> cache = new DerivedKeyCache<>(16);
        AtomicInteger derivations = new AtomicInteger();
        String first = cache.get("secret", () -> "k" + derivations.incrementAndGet(), "1;2");
        String second = cache.get("secret", () -> "k" + derivations.incrementAndGet(), "1;2");
        assertThat(first).isEqualTo("k1").isSameAs(second);
        assertThat(derivations).hasValue(1);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void clearingForgetsEveryDerivedKeyTheThreadsLastLookupIncluded_SC_C6() {
        DerivedKeyCache<String> cache = new DerivedKeyCache<>(16);
        AtomicInteger derivations = new AtomicInteger();
        String secret = "revoked-secret";
        cache.get(secret, () -> "k" + derivations.incrementAndGet(), "1;2");
        assertThat(cache.get(secret, () -> "k" + derivations.incrementAndGet(), "1;2")).isEqualTo("k1"); // this thread's last lookup
        cache.clear();
        assertThat(cache.size()).isZero();
        assertThat(cache.get(secret, () -> "k" + derivations.incrementAndGet(), "1;2")).isEqualTo("k2");
        assertThat(derivations).hasValue(2);
    }

    @Test
    void differentSecretsWithTheSameWindowDoNotShareAnEntry() {
        DerivedKeyCache<String> cache = new DerivedKeyCache<>(16);
        assertThat(cache.get("secret-a", () -> "a", "1;2")).isEqualTo("a");
        assertThat(cache.get("secret-b", () -> "b", "1;2")).isEqualTo("b");
        assertThat(cache.get("secret-a", () -> "wrong", "1;2")).isEqualTo("a");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void sameSecretWithADifferentWindowIsAMiss() {
        DerivedKeyCache<String> cache = new DerivedKeyCache<>(16);
        cache.get("secret", () -> "w1", "1;2");
        assertThat(cache.get("secret", () -> "w2", "1;3")).isEqualTo("w2");
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void inputsThatOnlyDifferInWhereOneFieldEndsDoNotCollide() {
        // length-prefixed fields: ("ab", "c") is not ("a", "bc"), and the secret is a field too
        assertThat(DerivedKeyCache.fingerprint("s", "ab", "c")).isNotEqualTo(DerivedKeyCache.fingerprint("s", "a", "bc"));
        assertThat(DerivedKeyCache.fingerprint("sa", "b")).isNotEqualTo(DerivedKeyCache.fingerprint("s", "ab"));
        assertThat(DerivedKeyCache.fingerprint("s", "a", "b")).isEqualTo(DerivedKeyCache.fingerprint("s", "a", "b"));
    }

    @Test
    void fullCacheIsClearedAndKeepsAnsweringCorrectly() {
        DerivedKeyCache<String> cache = new DerivedKeyCache<>(2);
        for (int i = 0; i < 10; i++) {
            String w = Integer.toString(i);
            assertThat(cache.get("secret", () -> "v" + w, w)).isEqualTo("v" + w);
            assertThat(cache.size()).isLessThanOrEqualTo(2);
        }
        assertThat(cache.get("secret", () -> "v9-again", "9")).isEqualTo("v9");
    }

    @Test
    void theSecretIsNotKeptAsAMapKey() {
        // the key is a fixed-size digest, whatever the secret's length
        DerivedKeyCache.Fingerprint f = DerivedKeyCache.fingerprint("BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz", "1;2");
        assertThat(DerivedKeyCache.Fingerprint.class.getRecordComponents())
                .allSatisfy(c -> assertThat(c.getType()).isEqualTo(long.class));
        assertThat(f.toString()).doesNotContain("BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz");
    }

    @Test
    void theLastLookupOfAThreadAnswersOnlyTheSameSecretObjectWithEqualParts() {
        DerivedKeyCache<String> cache = new DerivedKeyCache<>(16);
        String secret = new String("secret-x");
        assertThat(cache.get(secret, () -> "x1", "20261204", "r", "s3")).isEqualTo("x1");
        assertThat(cache.get(secret, () -> "wrong", "20261204", "r", "s3")).isEqualTo("x1");
        // another date, another secret with the same text, another secret: each decided by its own inputs
        assertThat(cache.get(secret, () -> "x2", "20261205", "r", "s3")).isEqualTo("x2");
        assertThat(cache.get(new String("secret-x"), () -> "wrong", "20261205", "r", "s3")).isEqualTo("x2");
        assertThat(cache.get("secret-y", () -> "y1", "20261205", "r", "s3")).isEqualTo("y1");
        String[] parts = {"20261206", "r", "s3"};
        assertThat(cache.get(secret, () -> "x3", parts)).isEqualTo("x3");
        parts[0] = "20261207"; // a caller's array changed afterwards does not change what was remembered
        assertThat(cache.get(secret, () -> "x4", parts)).isEqualTo("x4");
    }
}
