package io.cosd.domain.cors;

import java.util.List;
import java.util.Locale;

/**
 * One validated CORS rule (docs/spec/semantics.md §1.2). Values are kept exactly as configured so GET ?cors
 * returns them verbatim (CORS-A4); {@link #allowedHeadersLower} is precomputed once because header
 * matching is case-insensitive (CORS-M4) and runs on every cross-origin request.
 *
 * @param maxAgeSeconds null when not configured
 */
public record CorsRule(String id, List<String> allowedOrigins, List<String> allowedMethods,
                       List<String> allowedHeaders, List<String> exposeHeaders, Integer maxAgeSeconds,
                       List<String> allowedHeadersLower) {
    public CorsRule {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedMethods = List.copyOf(allowedMethods);
        allowedHeaders = List.copyOf(allowedHeaders);
        exposeHeaders = List.copyOf(exposeHeaders);
        allowedHeadersLower = allowedHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    public CorsRule(String id, List<String> allowedOrigins, List<String> allowedMethods,
                    List<String> allowedHeaders, List<String> exposeHeaders, Integer maxAgeSeconds) {
        this(id, allowedOrigins, allowedMethods, allowedHeaders, exposeHeaders, maxAgeSeconds, List.of());
    }
}
