package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.AzType;
import io.cosd.domain.bucket.Bucket;
import io.cosd.store.meta.MetadataStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** V5 adds buckets.az_type: a bucket created by an older cosd reads back as single-AZ (REP-V9, LC-E3). */
class AzTypeMigrationTest {
    @TempDir
    Path dir;

    @Test
    void bucketsFromBeforeTheAzColumnAreSingleAz() throws Exception {
        Path db = dir.resolve("meta.db");
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("4").load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO accounts (root_uin, appid, created_at) VALUES ('100000000001', '1250000000', 0)");
            s.executeUpdate("INSERT INTO buckets (name, owner_uin, appid, region, created_at, versioning)"
                    + " VALUES ('old-1250000000', '100000000001', '1250000000', 'ap-guangzhou', 0, 'ENABLED')");
        }
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db)) {
            assertThat(store.buckets().find("old-1250000000").map(Bucket::az)).contains(AzType.OAZ);
        }
    }
}
