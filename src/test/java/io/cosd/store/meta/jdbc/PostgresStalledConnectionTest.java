package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * ST-P7 (docs/scale-out.md "Failure behaviour"): a pooled connection whose server stopped answering
 * (a half-open TCP connection: {@link CommitCuttingProxy#stall}) is given up after the socket timeout
 * instead of holding the request forever. The URL's {@code socketTimeout} (ST-P2 passes it on) shortens
 * the 30 s default for the test.
 */
class PostgresStalledConnectionTest {
    ProxiedStore proxied;
    CommitCuttingProxy proxy;
    MetadataStore store;

    @BeforeEach
    void open() throws Exception {
        proxied = new ProxiedStore("cosd_stall", "socketTimeout=2");
        proxy = proxied.proxy;
        store = proxied.store();
    }

    @AfterEach
    void close() throws Exception {
        proxied.close();
    }

    @Test
    void aWriteOnAStalledServerConnectionFailsWithinTheSocketTimeoutAndTheStoreRecovers_ST_P7() {
        store.checkpoints().save("w", "1", Instant.EPOCH); // the pools hold live connections now
        proxy.stall();
        long t0 = System.nanoTime();
        Throwable write = catchThrowable(() -> store.checkpoints().save("w", "2", Instant.EPOCH));
        long writeMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(write).isInstanceOf(StoreException.class);
        assertThat(writeMillis).as("given up after the 2 s socket timeout, not held forever").isBetween(1_500L, 15_000L);
        // (A new connection meanwhile would wait for the pool's 60 s connection timeout: not timed here.)
        proxy.resume();
        // The broken connections were dropped; new ones serve again.
        store.checkpoints().save("w", "3", Instant.EPOCH);
        assertThat(store.checkpoints().cursor("w").orElseThrow().cursor()).isEqualTo("3");
    }

    /**
     * ST-P9: a node cut off in the middle of a write transaction (here: right after its INSERT reached
     * the server) gives up after its socket timeout, but the server does not hear of it and keeps the
     * transaction open, and with it the bucket's lock (SC-T1). Every other node's writes of that bucket
     * used to wait for the server's TCP keep-alive (two hours by default) and fail at their own socket
     * timeout meanwhile. cosd's sessions now end a transaction idle for {@link
     * PostgresSetup#IDLE_IN_TRANSACTION_SECONDS}, so the lock is free again within that time.
     */
    @Test
    void aNodeCutOffInTheMiddleOfAWriteHoldsTheBucketsLockOnlyUntilTheIdleTransactionTimeout_ST_P9() throws Exception {
        String bucket = proxied.bucket("stall-1250000000", VersioningState.UNVERSIONED).name();
        proxy.freezeAfter("INSERT INTO objects");
        Throwable cut = catchThrowable(() -> store.objects().put(proxied.draft(bucket, "a", "null"), VersioningState.UNVERSIONED));
        assertThat(cut).isInstanceOf(StoreException.class); // this node gave up after its 2 s socket timeout
        try (MetadataStore other = PostgresMetadataStoreTest.open(proxied.pg, proxied.db)) { // another node, the default 30 s socket timeout
            long t0 = System.nanoTime();
            Throwable put = catchThrowable(() -> other.objects().put(proxied.draft(bucket, "b", "null"), VersioningState.UNVERSIONED));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(put).as("the other node's PUT into the bucket, %d ms", millis).isNull();
            assertThat(millis).isLessThan((PostgresSetup.IDLE_IN_TRANSACTION_SECONDS + 8) * 1000L);
            assertThat(other.objects().latest(bucket, "a")).isEmpty(); // the cut-off write was rolled back
        }
    }

    @Test
    void pooledConnectionsGetBoundedTimeoutsByDefaultAndTheUrlsOwnValuesWin_ST_P7() {
        PGSimpleDataSource plain = new PGSimpleDataSource();
        PostgresUrl url = PostgresUrl.parse("postgresql://127.0.0.1:5432/db?user=u");
        plain.setURL(url.jdbcUrl());
        PostgresSetup.bounded(plain, url, PostgresSetup.SOCKET_TIMEOUT_SECONDS);
        assertThat(plain.getSocketTimeout()).isEqualTo(30);
        assertThat(plain.getConnectTimeout()).isEqualTo(5);
        assertThat(plain.getLoginTimeout()).isEqualTo(10);
        assertThat(plain.getTcpKeepAlive()).isTrue();

        PGSimpleDataSource given = new PGSimpleDataSource();
        PostgresUrl own = PostgresUrl.parse("postgresql://127.0.0.1:5432/db?user=u&socketTimeout=120&tcpKeepAlive=false");
        given.setURL(own.jdbcUrl());
        PostgresSetup.bounded(given, own, PostgresSetup.SOCKET_TIMEOUT_SECONDS);
        assertThat(given.getSocketTimeout()).isEqualTo(120);
        assertThat(given.getTcpKeepAlive()).isFalse();
        assertThat(given.getConnectTimeout()).isEqualTo(5);
    }
}
