package io.cosd.api.auth;

import java.util.List;
import java.util.Map;

/**
 * Request headers as the auth code sees them. Names compare case-insensitively; values are the wire
 * bytes decoded as UTF-8 (both COS SDKs send UTF-8; docs/spec/protocol.md §2.3), untrimmed.
 */
public interface HeaderView {
    /** First value of the header, or null. */
    String first(String name);

    List<String> all(String name);

    /** All headers in wire order (names as received). */
    List<Map.Entry<String, String>> entries();

    /** How many times the header appears; no allocation (the per-request Host check, docs/signing.md AUTH-1). */
    default int count(String name) {
        int n = 0;
        for (var e : entries()) if (e.getKey().equalsIgnoreCase(name)) n++;
        return n;
    }

    static HeaderView of(List<Map.Entry<String, String>> entries) {
        return new HeaderView() {
            public String first(String name) {
                for (var e : entries) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
                return null;
            }

            public List<String> all(String name) {
                return entries.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
            }

            public List<Map.Entry<String, String>> entries() { return entries; }
        };
    }
}
