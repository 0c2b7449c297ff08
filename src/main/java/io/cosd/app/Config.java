package io.cosd.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Resolved server settings (flags override COSD_* environment variables, which override defaults).
 *
 * @param regions     other regions, {@code name=url,...} (COSD_REGIONS; docs/replication.md), or null
 * @param regionsFile a properties file with regions and their credentials (COSD_REGIONS_FILE), or null
 */
public record Config(String bind, int port, Path dataDir, String region, Set<String> domainSuffixes,
              long idleTimeoutMillis, java.util.List<String> trustedProxies, String regions, Path regionsFile) {
    /** No trusted proxies, no other regions: the client address is the connection's. */
    public Config(String bind, int port, Path dataDir, String region, Set<String> domainSuffixes, long idleTimeoutMillis) {
        this(bind, port, dataDir, region, domainSuffixes, idleTimeoutMillis, java.util.List.of());
    }

    /** No other regions. */
    public Config(String bind, int port, Path dataDir, String region, Set<String> domainSuffixes, long idleTimeoutMillis,
                  java.util.List<String> trustedProxies) {
        this(bind, port, dataDir, region, domainSuffixes, idleTimeoutMillis, trustedProxies, null, null);
    }

    /** This region and the others, from {@link #regions} and {@link #regionsFile} (inline entries win). */
    public io.cosd.domain.replication.RegionMap regionMap() throws java.io.IOException {
        java.util.Properties file = null;
        if (regionsFile != null) {
            file = new java.util.Properties();
            try (var in = java.nio.file.Files.newBufferedReader(regionsFile)) {
                file.load(in);
            }
        }
        return io.cosd.domain.replication.RegionMap.parse(region, regions, file);
    }

    static Set<String> csv(String s) {
        Set<String> out = new LinkedHashSet<>();
        if (s != null) Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).map(String::toLowerCase).forEach(out::add);
        return out;
    }
}
