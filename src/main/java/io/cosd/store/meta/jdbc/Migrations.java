package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.StoreException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;

/** Schema versions: Flyway applies {@code classpath:db/migration/V*__*.sql} in order, once each. */
final class Migrations {
    private Migrations() {}

    static void apply(DataSource ds) {
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    // V6 (CRC64) landed after V7 (replication upload id) had been applied by some
                    // development databases; every migration only adds columns or indexes, so a
                    // lower one still missing may be applied late.
                    .outOfOrder(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("metadata schema migration failed: " + e.getMessage(), e);
        }
    }
}
