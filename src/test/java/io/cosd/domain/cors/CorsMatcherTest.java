package io.cosd.domain.cors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** CorsMatcher as tables (docs/spec/semantics.md §1.3). */
class CorsMatcherTest {
    private static CorsRule rule(String id, List<String> origins, List<String> methods, List<String> headers) {
        return new CorsRule(id, origins, methods, headers, List.of(), null);
    }

    /** ceph/s3-tests test_cors_origin_response, the rules of CORS-M2. */
    private static final CorsConfiguration S3_TESTS = new CorsConfiguration(List.of(
            rule("suffix", List.of("*suffix"), List.of("GET"), List.of()),
            rule("start-end", List.of("start*end"), List.of("GET"), List.of()),
            rule("prefix", List.of("prefix*"), List.of("GET"), List.of()),
            rule("put", List.of("*.put"), List.of("PUT"), List.of())), false);

    @ParameterizedTest(name = "origin {0} with {1} matches rule {2}")
    @CsvSource(nullValues = "-", value = {
            "foo.suffix,        GET, suffix",
            "foo.suffix.get,    GET, -",
            "foo.bar,           GET, -",
            "startend,          GET, start-end",
            "start1end,         GET, start-end",
            "start12end,        GET, start-end",
            "0start12end,       GET, -",
            "prefix,            GET, prefix",
            "prefix.suffix,     GET, suffix",
            "bla.prefix,        GET, -",
            "foo.put,           GET, -",
            "foo.put,           PUT, put",
            "Prefix,            GET, -",
    })
    void s3TestsOriginCasesFollowTheGlob_CORS_M2(String origin, String method, String expectedRule) {
        var m = CorsMatcher.match(S3_TESTS, origin, method, List.of());
        assertThat(m.map(x -> x.rule().id())).isEqualTo(Optional.ofNullable(expectedRule));
    }

    @ParameterizedTest(name = "pattern {0} against {1} is {2}")
    @CsvSource({
            "*,                          anything,                      true",
            "*,                          '',                            true",
            "http://*.example.com,       http://a.example.com,          true",
            "http://*.example.com,       http://a.b.example.com,        true",
            "http://*.example.com,       http://example.com,            false",
            "http://*.example.com,       http://a.example.com.evil,     false",
            "https://example.com:*,      https://example.com:8443,      true",
            "https://example.com:*,      https://example.com,           false",
            "*://example.com,            https://example.com,           true",
            "http://a.com,               http://a.com/,                 false",
            "http://a.com/,              http://a.com,                  false",
            "HTTP://A.COM,               http://a.com,                  false",
            "null,                       null,                          true",
            "*a*b,                       xaxxb,                         true",
            "*a*b,                       xaxxc,                         false",
    })
    void globIsWholeStringCaseSensitiveWithoutNormalisation_CORS_M2(String pattern, String s, boolean expected) {
        assertThat(CorsMatcher.glob(pattern, s)).isEqualTo(expected);
    }

    @Test
    void firstRuleMatchingOriginMethodAndHeadersWinsAndOriginOnlyMatchesAreSkipped_CORS_M1() {
        var config = new CorsConfiguration(List.of(
                rule("get-only", List.of("http://www.qq.com"), List.of("GET"), List.of("*")),
                rule("put", List.of("http://www.qq.com", "https://a.example"), List.of("PUT"), List.of("x-cos-meta-*")),
                rule("later-put", List.of("*"), List.of("PUT"), List.of("*"))), false);
        assertThat(CorsMatcher.match(config, "http://www.qq.com", "GET", List.of()).orElseThrow().rule().id()).isEqualTo("get-only");
        assertThat(CorsMatcher.match(config, "http://www.qq.com", "PUT", List.of("x-cos-meta-a")).orElseThrow().rule().id()).isEqualTo("put");
        // Origin and method fit "put", a header does not: evaluation continues to the wildcard rule.
        assertThat(CorsMatcher.match(config, "http://www.qq.com", "PUT", List.of("x-cos-acl")).orElseThrow().rule().id()).isEqualTo("later-put");
        assertThat(CorsMatcher.match(config, "http://www.qq.com", "DELETE", List.of())).isEmpty();
    }

    @ParameterizedTest(name = "{0} against GET-only rules is {1}")
    @CsvSource({"GET, true", "get, false", "HEAD, false", "OPTIONS, false"})
    void methodsCompareExactlyAndCaseSensitively_CORS_M3(String method, boolean matches) {
        var config = new CorsConfiguration(List.of(rule("r", List.of("*"), List.of("GET"), List.of())), false);
        assertThat(CorsMatcher.match(config, "http://o", method, List.of()).isPresent()).isEqualTo(matches);
    }

    @ParameterizedTest(name = "requested [{0}] against AllowedHeader [{1}] is {2}")
    @CsvSource(delimiter = '|', value = {
            "                              | X-Cos-Meta-*           | true",
            "x-cos-meta-author             | X-Cos-Meta-*           | true",
            "x-cos-meta-author,content-md5 | X-Cos-Meta-*           | false",
            "x-cos-meta-author,content-md5 | X-Cos-Meta-*;content-MD5 | true",
            "X-Amz-Date                    | *                      | true",
            "authorization                 | Authorization          | true",
            "x-foo                         | x-foobar               | false",
    })
    void everyRequestedHeaderMustMatchSomeAllowedHeaderIgnoringCase_CORS_M4(String requested, String allowed, boolean matches) {
        var config = new CorsConfiguration(List.of(rule("r", List.of("*"), List.of("PUT"), List.of(allowed.split(";")))), false);
        var headers = CorsMatcher.requestedHeaders(requested);
        assertThat(CorsMatcher.match(config, "http://o", "PUT", headers).isPresent()).isEqualTo(matches);
    }

    @Test
    void aRuleWithoutAllowedHeaderMatchesOnlyRequestsWithoutRequestedHeaders_CORS_M4() {
        var config = new CorsConfiguration(List.of(rule("r", List.of("*"), List.of("GET"), List.of())), false);
        assertThat(CorsMatcher.match(config, "o", "GET", List.of())).isPresent();
        assertThat(CorsMatcher.match(config, "o", "GET", List.of("x-cos-meta-a"))).isEmpty();
    }

    @ParameterizedTest(name = "Access-Control-Request-Headers [{0}] parses to [{1}]")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Content-Type, X-Cos-Meta-Author | content-type;x-cos-meta-author",
            "x-amz-date                      | x-amz-date",
            "a,,b                            | -",
            "a b                             | -",
            "a,                              | -",
            "x-cos-meta-\u00e9               | -",
    })
    void requestedHeadersAreSplitTrimmedLowerCasedAndMalformedListsRejected_CORS_M4_P3(String raw, String expected) {
        var parsed = CorsMatcher.requestedHeaders(raw);
        if (expected == null) assertThat(parsed).isNull();
        else assertThat(parsed).containsExactly(expected.split(";"));
    }

    @Test
    void blankRequestedHeadersMeanNone_CORS_M4() {
        assertThat(CorsMatcher.requestedHeaders(null)).isEmpty();
        assertThat(CorsMatcher.requestedHeaders("  ")).isEmpty();
    }

    @Test
    void aLiterallyWildcardOriginIsReportedSoTheResponseSaysStar_CORS_M5() {
        var config = new CorsConfiguration(List.of(
                rule("exact", List.of("http://a.com"), List.of("GET"), List.of()),
                rule("any", List.of("*"), List.of("GET"), List.of()),
                rule("glob", List.of("http://*.b.com"), List.of("PUT"), List.of())), false);
        assertThat(CorsMatcher.match(config, "http://a.com", "GET", List.of()).orElseThrow().wildcardOrigin()).isFalse();
        assertThat(CorsMatcher.match(config, "http://x.com", "GET", List.of()).orElseThrow().wildcardOrigin()).isTrue();
        assertThat(CorsMatcher.match(config, "http://x.b.com", "PUT", List.of()).orElseThrow().wildcardOrigin()).isFalse();
    }
}
