package io.cosd.api.cors;

import io.cosd.api.dialect.Dialect;
import io.cosd.domain.cors.CorsConfiguration;
import io.cosd.domain.cors.CorsRule;
import io.cosd.api.error.ApiException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every occurrence of a repeatable ?cors element is kept in document order, whatever sits between
 * them (docs/spec/protocol.md §5.3: element order on input is free, as S3 accepts it). The stream
 * binder kept only the last run of each, silently.
 */
class CorsXmlInterleavedTest {
    private static CorsRule onlyRule(String ruleBody) {
        CorsConfiguration c = parse("<CORSConfiguration><CORSRule>" + ruleBody + "</CORSRule></CORSConfiguration>");
        assertThat(c.rules()).hasSize(1);
        return c.rules().get(0);
    }

    private static CorsConfiguration parse(String xml) {
        return CorsXml.parse(xml.getBytes(StandardCharsets.UTF_8), Dialect.S3);
    }

    @Test
    void allowedOriginsSplitByAnotherElementAreAllKept() {
        CorsRule r = onlyRule("<AllowedOrigin>a</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedOrigin>b</AllowedOrigin>");
        assertThat(r.allowedOrigins()).containsExactly("a", "b");
    }

    @Test
    void allowedMethodsSplitByAnotherElementAreAllKept() {
        CorsRule r = onlyRule("<AllowedMethod>GET</AllowedMethod><AllowedOrigin>a</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>"
                + "<ID>x</ID><AllowedMethod>HEAD</AllowedMethod>");
        assertThat(r.allowedMethods()).containsExactly("GET", "PUT", "HEAD");
    }

    @Test
    void allowedHeadersSplitByAnotherElementAreAllKept() {
        CorsRule r = onlyRule("<AllowedOrigin>a</AllowedOrigin><AllowedHeader>x-a</AllowedHeader><AllowedMethod>GET</AllowedMethod>"
                + "<AllowedHeader>x-b</AllowedHeader><Unknown/><AllowedHeader>x-c</AllowedHeader>");
        assertThat(r.allowedHeaders()).containsExactly("x-a", "x-b", "x-c");
    }

    @Test
    void exposeHeadersSplitByAnotherElementAreAllKept() {
        CorsRule r = onlyRule("<ExposeHeader>x-a</ExposeHeader><AllowedOrigin>a</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
                + "<MaxAgeSeconds>5</MaxAgeSeconds><ExposeHeader>x-b</ExposeHeader>");
        assertThat(r.exposeHeaders()).containsExactly("x-a", "x-b");
        assertThat(r.maxAgeSeconds()).isEqualTo(5);
    }

    @Test
    void corsRulesSplitByResponseVaryAreAllKeptInOrder() {
        CorsConfiguration c = parse("<CORSConfiguration><CORSRule><ID>1</ID><AllowedOrigin>a</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>"
                + "<ResponseVary>true</ResponseVary>"
                + "<CORSRule><ID>2</ID><AllowedOrigin>b</AllowedOrigin><AllowedMethod>PUT</AllowedMethod></CORSRule>"
                + "<Unknown>x</Unknown>"
                + "<CORSRule><ID>3</ID><AllowedOrigin>c</AllowedOrigin><AllowedMethod>HEAD</AllowedMethod></CORSRule></CORSConfiguration>");
        assertThat(c.rules()).extracting(CorsRule::id).containsExactly("1", "2", "3");
        assertThat(c.responseVary()).isTrue();
    }

    @Test
    void anInterleavedRuleSurvivesTheCanonicalRoundTrip() {
        CorsConfiguration c = parse("<CORSConfiguration><CORSRule><AllowedOrigin>a</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
                + "<AllowedOrigin>b</AllowedOrigin><AllowedHeader/><AllowedHeader>h</AllowedHeader></CORSRule></CORSConfiguration>");
        assertThat(CorsXml.decode(CorsXml.encode(c))).isEqualTo(c);
        assertThat(c.rules().get(0).allowedOrigins()).containsExactly("a", "b");
        assertThat(c.rules().get(0).allowedHeaders()).containsExactly("h");
    }

    @Test
    void aRepeatedIdMaxAgeOrResponseVaryIsMalformedXmlRatherThanTheLastOneWinning() {
        for (String doc : new String[] {
                "<CORSConfiguration><CORSRule><ID>a</ID><AllowedOrigin>o</AllowedOrigin><AllowedMethod>GET</AllowedMethod><ID>b</ID></CORSRule></CORSConfiguration>",
                "<CORSConfiguration><CORSRule><MaxAgeSeconds>1</MaxAgeSeconds><AllowedOrigin>o</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
                        + "<MaxAgeSeconds>2</MaxAgeSeconds></CORSRule></CORSConfiguration>",
                "<CORSConfiguration><ResponseVary>false</ResponseVary><CORSRule><AllowedOrigin>o</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
                        + "</CORSRule><ResponseVary>true</ResponseVary></CORSConfiguration>"}) {
            assertThatThrownBy(() -> parse(doc)).as(doc)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("MalformedXML"));
        }
    }
}
