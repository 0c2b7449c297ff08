package io.cosd.app;

import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreException;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import io.cosd.store.meta.jdbc.PostgresUrl;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Which metadata engine a process opens (docs/scale-out.md "Interface"): {@code --metadata-url} /
 * {@code COSD_METADATA_URL} names a PostgreSQL database; without it, SQLite in {@code <data>/meta.db}
 * exactly as before. {@code Main} puts the flag into the environment map it hands the server, so
 * the flag wins over the variable, as every flag does.
 */
final class MetadataWiring {
    static final String ENV = "COSD_METADATA_URL";

    private MetadataWiring() {}

    /** The PostgreSQL database named in {@code env}; null: SQLite. A malformed URL refuses the start in one line. */
    static PostgresUrl postgres(Map<String, String> env) {
        String url = env.get(ENV);
        if (url == null || url.isBlank()) return null;
        try {
            return PostgresUrl.parse(url.strip());
        } catch (IllegalArgumentException e) {
            throw new StartupRefused("bad --metadata-url / " + ENV + ": " + e.getMessage());
        }
    }

    /** Opens the store {@code env} selects; an unreachable or unsuitable PostgreSQL refuses the start in one line (no password shown). */
    static MetadataStore open(Path dataDir, Map<String, String> env, MasterKeySource keys) {
        PostgresUrl pg = postgres(env);
        if (pg == null) return JdbcMetadataStore.openSqlite(dataDir.resolve("meta.db"), Clock.systemUTC(), keys);
        try {
            return JdbcMetadataStore.openPostgres(pg, Clock.systemUTC(), keys);
        } catch (StoreException e) {
            throw new StartupRefused(e.getMessage() + "; check --metadata-url / " + ENV);
        }
    }
}
