package io.cosd.store.meta.jdbc;

import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.TieredBlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every test of {@link InlineBlobsTest} with the inline bytes in PostgreSQL (docs/scale-out.md): the
 * V20 PL/pgSQL triggers drop a row with the last version that names it, as SQLite's triggers do (ST-W3).
 */
class PostgresInlineBlobsTest extends InlineBlobsTest {
    /** Migrated once; each test's database is a copy of it. */
    static String template;
    String db;

    @Override
    @BeforeEach
    void open() {
        if (template == null) {
            String t = TestPostgres.get().createDatabase("cosd_inline_template");
            PostgresMetadataStoreTest.open(TestPostgres.get(), t).close();
            template = t;
        }
        db = TestPostgres.get().createDatabase("cosd_inline", template);
        store = (JdbcMetadataStore) PostgresMetadataStoreTest.open(TestPostgres.get(), db);
        blobs = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")), store.inlineBlobs(), 64);
    }

    /** PostgreSQL has no event-loop reads (docs/scale-out.md "What stays SQLite-only"): the read is deferred. */
    @Override
    @org.junit.jupiter.api.Test
    void inlineBytesReadOnAnEventLoopAreRememberedOnlyWhileTheDatabaseIsUnchanged_ST_I1() throws java.io.IOException {
        bucket(B, io.cosd.domain.bucket.VersioningState.UNVERSIONED);
        String id = write(blobs, "one");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.cosd.store.meta.EventLoopReads.run(() -> {
            try {
                return blobs.size(id);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).isInstanceOf(io.cosd.store.meta.EventLoopReads.Defer.class);
    }

    /** As above: nothing is remembered on PostgreSQL, so there is nothing to forget. */
    @Override
    @org.junit.jupiter.api.Test
    void inlineBytesRememberedOnAnEventLoopAreForgottenWhenAnotherProcessDeletesTheirVersion_ST_I1() throws java.io.IOException {
        inlineBytesReadOnAnEventLoopAreRememberedOnlyWhileTheDatabaseIsUnchanged_ST_I1();
    }

    @Override
    @AfterEach
    void close() {
        store.close();
        TestPostgres.get().dropDatabase(db);
    }
}
