package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.SecretSealer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Two stores over one fresh database on the test PostgreSQL: two pools, two listeners, as two cosd
 * nodes would have (docs/scale-out.md "Tests"). The shared set-up of the two-node store tests: open
 * in {@code @BeforeEach}, {@link #close} in {@code @AfterEach} (both stores closed, the database
 * dropped, even after a test that refused it new connections).
 */
public final class TwoStores implements AutoCloseable {
    private final String db;
    private final MetadataStore a;
    private final MetadataStore b;

    private TwoStores(String db, MetadataStore a, MetadataStore b) {
        this.db = db;
        this.a = a;
        this.b = b;
    }

    /** A fresh database named after {@code prefix}, both stores sealing keys with the test sealer. */
    public static TwoStores open(String prefix) {
        return open(prefix, PostgresMetadataStoreTest.SEALER);
    }

    public static TwoStores open(String prefix, SecretSealer sealer) {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase(prefix);
        MetadataStore a = null;
        try {
            a = openOne(db, sealer);
            return new TwoStores(db, a, openOne(db, sealer));
        } catch (RuntimeException e) {
            if (a != null) a.close();
            pg.dropDatabase(db);
            throw e;
        }
    }

    private static MetadataStore openOne(String db, SecretSealer sealer) {
        return JdbcMetadataStore.openPostgres(PostgresUrl.parse(TestPostgres.get().url(db)), Clock.systemUTC(), MasterKeySource.of(sealer));
    }

    public String db() { return db; }

    public MetadataStore a() { return a; }

    public MetadataStore b() { return b; }

    /** Node A for even {@code i}, B for odd: racers spread over both. */
    public MetadataStore node(int i) { return i % 2 == 0 ? a : b; }

    @Override
    public void close() {
        try {
            a.close();
        } finally {
            try {
                b.close();
            } finally {
                TestPostgres.get().admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
                TestPostgres.get().dropDatabase(db);
            }
        }
    }

    /** Runs {@code n} tasks at once (released together); their outcomes (a value or the exception) in order. */
    public static <T> List<Object> race(int n, IntFunction<Callable<T>> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                Callable<T> t = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return t.call();
                }));
            }
            start.countDown();
            List<Object> out = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    out.add(e.getCause());
                }
            }
            return out;
        }
    }
}
