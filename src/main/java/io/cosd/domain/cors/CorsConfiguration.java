package io.cosd.domain.cors;

import java.util.List;

/**
 * A bucket's validated CORS configuration: 1..100 rules in document order (first match wins,
 * CORS-M1) and COS's {@code ResponseVary} flag (CORS-H7, default false).
 */
public record CorsConfiguration(List<CorsRule> rules, boolean responseVary) {
    /** COS and S3 both cap a configuration at 100 rules (CORS-V2). */
    public static final int MAX_RULES = 100;

    /** The five methods a rule may allow (CORS-V3), case-sensitive. */
    public static final List<String> METHODS = List.of("GET", "PUT", "POST", "DELETE", "HEAD");

    public CorsConfiguration {
        rules = List.copyOf(rules);
    }
}
