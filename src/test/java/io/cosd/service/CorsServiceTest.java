package io.cosd.service;

import io.cosd.api.cors.CorsXml;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.cors.CorsConfiguration;
import io.cosd.domain.cors.CorsRule;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-bucket CORS cache over a real SQLite store: reads once, forgets on every write. */
class CorsServiceTest {
    @TempDir
    Path dir;
    MetadataStore store;
    final AtomicInteger reads = new AtomicInteger();
    CorsService cors;
    BucketService buckets;

    static final CorsConfiguration CONFIG = new CorsConfiguration(List.of(
            new CorsRule("r", List.of("*"), List.of("GET"), List.of(), List.of(), null)), false);

    @BeforeEach
    void open() {
        store = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        store.identity().createAccount("100000000001", "1250000000");
        store.buckets().create(new Bucket("b-1250000000", "100000000001", "1250000000", "ap-guangzhou", Instant.EPOCH, VersioningState.UNVERSIONED));
        BucketRepository real = store.buckets();
        // Counts config reads; everything else goes straight to the real repository.
        BucketRepository counting = (BucketRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{BucketRepository.class}, (p, m, args) -> {
                    if ((m.getName().equals("config") || m.getName().equals("configOfRow")) && args[1] == ConfigKind.CORS) reads.incrementAndGet();
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        cors = new CorsService(counting, CorsXml::decode, CorsXml::encode);
        buckets = new BucketService(store, Clock.systemUTC(), cors::forget);
    }

    @AfterEach
    void close() { store.close(); }

    @Test
    void absenceIsCachedSoRepeatedLookupsReadOnce() {
        for (int i = 0; i < 5; i++) assertThat(cors.find("b-1250000000")).isEmpty();
        assertThat(reads).hasValue(1);
    }

    @Test
    void putAndDeleteAreSeenByTheNextLookup_CORS_A1_A5() {
        assertThat(cors.find("b-1250000000")).isEmpty();
        assertThat(cors.put("b-1250000000", CONFIG)).isTrue();
        assertThat(cors.find("b-1250000000")).contains(CONFIG);
        assertThat(cors.find("b-1250000000")).contains(CONFIG);
        assertThat(reads).hasValue(2);
        cors.delete("b-1250000000");
        assertThat(cors.find("b-1250000000")).isEmpty();
    }

    @Test
    void deletingTheBucketDropsItsCachedConfiguration() {
        cors.put("b-1250000000", CONFIG);
        assertThat(cors.find("b-1250000000")).isPresent();
        buckets.delete("b-1250000000");
        store.buckets().create(new Bucket("b-1250000000", "100000000001", "1250000000", "ap-guangzhou", Instant.EPOCH, VersioningState.UNVERSIONED));
        assertThat(cors.find("b-1250000000")).isEmpty();
    }

    @Test
    void puttingOnAMissingBucketReportsItAndCachesNothing() {
        assertThat(cors.put("nope-1250000000", CONFIG)).isFalse();
        assertThat(cors.find("nope-1250000000")).isEmpty();
    }
}
