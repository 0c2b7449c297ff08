package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreFixture;

import java.time.Clock;

/**
 * A PostgreSQL store of a fresh database reached through a {@link CommitCuttingProxy}, for the tests
 * of what a store does when its connection fails at a chosen moment (ST-P1, ST-P7, ST-P9). Closing
 * lets the proxy relay again first, so the store's close is not held by a stalled connection.
 */
final class ProxiedStore implements StoreFixture, AutoCloseable {
    final TestPostgres pg;
    final String db;
    final CommitCuttingProxy proxy;
    private final MetadataStore store;

    /** {@code params}: the URL's driver parameters besides the user, e.g. {@code socketTimeout=2}. */
    ProxiedStore(String dbPrefix, String params) throws Exception {
        pg = TestPostgres.get();
        db = pg.createDatabase(dbPrefix);
        proxy = new CommitCuttingProxy(pg.port());
        store = JdbcMetadataStore.openPostgres(PostgresUrl.parse("postgresql://127.0.0.1:" + proxy.port() + "/" + db
                + "?user=postgres&" + params), Clock.systemUTC(), MasterKeySource.of(PostgresMetadataStoreTest.SEALER));
    }

    @Override
    public MetadataStore store() { return store; }

    JdbcMetadataStore jdbc() { return (JdbcMetadataStore) store; }

    @Override
    public void close() throws Exception {
        proxy.resume();
        store.close();
        proxy.close();
        pg.dropDatabase(db);
    }
}
