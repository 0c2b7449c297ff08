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
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("metadata schema migration failed: " + e.getMessage(), e);
        }
    }
}
