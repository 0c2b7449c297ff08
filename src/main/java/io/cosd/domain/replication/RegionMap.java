package io.cosd.domain.replication;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The regions a deployment knows (docs/replication.md#regions): its own, plus the others from {@code COSD_REGIONS}
 * ({@code name=url,name=url}) and an optional properties file. In a URL, {@code id:key@} user info
 * carries credentials, and the scheme picks the client: {@code http(s)} = a peer cosd (q-sign and
 * the private replica headers), {@code cos+http(s)} = a plain COS endpoint (q-sign),
 * {@code s3+http(s)} = an S3 endpoint (SigV4). The file uses
 * {@code <region>.endpoint / .secret-id / .secret-key / .signer (cos|s3) / .cosd (true|false)}.
 */
public record RegionMap(String local, Map<String, Region> others) {
    public RegionMap {
        others = Map.copyOf(others);
    }

    public static RegionMap of(String local) {
        return new RegionMap(local, Map.of());
    }

    public Optional<Region> find(String name) {
        return Optional.ofNullable(others.get(name));
    }

    /** True for the local region and every configured one (REP-V7 "unknown region"). */
    public boolean knows(String name) {
        return local.equals(name) || others.containsKey(name);
    }

    public static RegionMap parse(String local, String inline, Properties file) {
        Map<String, Region> out = new LinkedHashMap<>();
        if (file != null) {
            for (String name : file.stringPropertyNames()) {
                if (!name.endsWith(".endpoint")) continue;
                String region = name.substring(0, name.length() - ".endpoint".length());
                String signer = file.getProperty(region + ".signer", "cos").trim().toUpperCase(Locale.ROOT);
                out.put(region, new Region(region, URI.create(file.getProperty(name).trim()),
                        file.getProperty(region + ".secret-id"), file.getProperty(region + ".secret-key"),
                        Region.Signer.valueOf(signer),
                        Boolean.parseBoolean(file.getProperty(region + ".cosd", "S3".equals(signer) ? "false" : "true"))));
            }
        }
        if (inline != null) {
            for (String entry : inline.split(",")) {
                String e = entry.trim();
                if (e.isEmpty()) continue;
                int eq = e.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("COSD_REGIONS entry is not name=url: " + e);
                String name = e.substring(0, eq).trim();
                out.put(name, fromUrl(name, e.substring(eq + 1).trim()));
            }
        }
        out.remove(local);
        return new RegionMap(local, out);
    }

    static Region fromUrl(String name, String url) {
        Region.Signer signer = Region.Signer.COS;
        boolean cosd = true;
        String u = url;
        if (u.startsWith("s3+")) {
            signer = Region.Signer.S3;
            cosd = false;
            u = u.substring(3);
        } else if (u.startsWith("cos+")) {
            cosd = false;
            u = u.substring(4);
        }
        URI uri = URI.create(u);
        if (uri.getScheme() == null || uri.getHost() == null) throw new IllegalArgumentException("bad region endpoint: " + url);
        String id = null, key = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            if (parts.length == 2) {
                id = parts[0];
                key = parts[1];
            }
            uri = URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
        }
        return new Region(name, uri, id, key, signer, cosd);
    }
}
