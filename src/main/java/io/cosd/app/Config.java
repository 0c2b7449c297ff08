package io.cosd.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** Resolved server settings (flags override COSD_* environment variables, which override defaults). */
public record Config(String bind, int port, Path dataDir, String region, Set<String> domainSuffixes,
              long idleTimeoutMillis, java.util.List<String> trustedProxies) {
    /** No trusted proxies: the client address is the connection's. */
    public Config(String bind, int port, Path dataDir, String region, Set<String> domainSuffixes, long idleTimeoutMillis) {
        this(bind, port, dataDir, region, domainSuffixes, idleTimeoutMillis, java.util.List.of());
    }

    static Set<String> csv(String s) {
        Set<String> out = new LinkedHashSet<>();
        if (s != null) Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).map(String::toLowerCase).forEach(out::add);
        return out;
    }
}
