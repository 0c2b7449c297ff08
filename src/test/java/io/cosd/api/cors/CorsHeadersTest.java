package io.cosd.api.cors;

import io.cosd.api.dialect.Dialect;
import io.cosd.domain.cors.CorsMatcher;
import io.cosd.domain.cors.CorsRule;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Response headers on a match, per dialect (docs/spec/semantics.md §1.5). */
class CorsHeadersTest {
    static final CorsRule EXPLICIT = new CorsRule("e", List.of("http://a.com"), List.of("PUT", "GET", "POST", "DELETE", "HEAD"),
            List.of("Range", "X-Cos-Server-Side-Encryption-Customer-Algorithm"), List.of("Content-Length", "ETag", "x-cos-meta-author"), 600);
    static final CorsRule STAR = new CorsRule("s", List.of("*"), List.of("GET"), List.of("*"), List.of(), null);

    private static Map<String, String> headers(CorsRule rule, boolean wildcard, Dialect d, List<String> requested, boolean vary) {
        Map<String, String> m = new LinkedHashMap<>();
        CorsHeaders.of(new CorsMatcher.Match(rule, wildcard), d, "http://a.com", requested, vary).forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    @Test
    void cosEchoesTheOriginJoinsWithCommasListsItsHeadersAndAllowsCredentials_CORS_H1_to_H6() {
        var h = headers(EXPLICIT, false, Dialect.COS, List.of("range"), false);
        assertThat(h).containsExactly(
                Map.entry("Access-Control-Allow-Origin", "http://a.com"),                                    // H1
                Map.entry("Access-Control-Allow-Methods", "PUT,GET,POST,DELETE,HEAD"),                       // H2
                Map.entry("Access-Control-Allow-Headers", "range,x-cos-server-side-encryption-customer-algorithm"), // H3
                Map.entry("Access-Control-Expose-Headers", "Content-Length,ETag,x-cos-meta-author"),         // H4
                Map.entry("Access-Control-Max-Age", "600"),                                                  // H5
                Map.entry("Access-Control-Allow-Credentials", "true"));                                      // H6
    }

    @Test
    void cosWildcardRuleAnswersStarEchoesRequestedHeadersAndOmitsCredentials_CORS_H1_H3_H6() {
        var h = headers(STAR, true, Dialect.COS, List.of("content-md5", "content-type", "x-cos-meta-author"), false);
        assertThat(h).containsEntry("Access-Control-Allow-Origin", "*")
                .containsEntry("Access-Control-Allow-Headers", "content-md5,content-type,x-cos-meta-author")
                .doesNotContainKeys("Access-Control-Allow-Credentials", "Access-Control-Expose-Headers", "Access-Control-Max-Age", "Vary");
    }

    @Test
    void cosPartialWildcardHeaderIsEchoedSoBrowsersAccept_CORS_H3() {
        var rule = new CorsRule("p", List.of("*"), List.of("PUT"), List.of("x-cos-meta-*"), List.of(), null);
        assertThat(headers(rule, true, Dialect.COS, List.of("x-cos-meta-author"), false))
                .containsEntry("Access-Control-Allow-Headers", "x-cos-meta-author");
        assertThat(headers(rule, true, Dialect.COS, List.of(), false)).doesNotContainKey("Access-Control-Allow-Headers");
    }

    @Test
    void cosSendsVaryOriginOnlyWithResponseVary_CORS_H7() {
        assertThat(headers(EXPLICIT, false, Dialect.COS, List.of(), true)).containsEntry("Vary", "Origin");
        assertThat(headers(EXPLICIT, false, Dialect.COS, List.of(), false)).doesNotContainKey("Vary");
    }

    @Test
    void s3JoinsWithCommaSpaceEchoesAllowedRequestedHeadersSaysFalseForStarAndAlwaysVaries_CORS_H2_to_H7() {
        var h = headers(EXPLICIT, false, Dialect.S3, List.of("range"), false);
        assertThat(h).containsEntry("Access-Control-Allow-Methods", "PUT, GET, POST, DELETE, HEAD")
                .containsEntry("Access-Control-Allow-Headers", "range")
                .containsEntry("Access-Control-Expose-Headers", "Content-Length, ETag, x-cos-meta-author")
                .containsEntry("Access-Control-Allow-Credentials", "true")
                .containsEntry("Vary", CorsHeaders.S3_VARY);
        var star = headers(STAR, true, Dialect.S3, List.of(), false);
        assertThat(star).containsEntry("Access-Control-Allow-Origin", "*")
                .containsEntry("Access-Control-Allow-Credentials", "false")
                .doesNotContainKey("Access-Control-Allow-Headers");
    }
}
