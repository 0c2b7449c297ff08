package io.cosd.api.cors;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ApiException;
import io.cosd.domain.cors.CorsConfiguration;
import io.cosd.domain.cors.CorsRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ?cors documents: what the SDKs send (docs/spec/protocol.md §6), validation (docs/spec/semantics.md §1.2), canonical form. */
public class CorsXmlTest {
    /** Python SDK docstring sample, captured (docs/spec/protocol.md §6.1): declaration, dict order. */
    public static final String PYTHON = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CORSConfiguration><CORSRule><ID>1234</ID>"
            + "<AllowedOrigin>http://www.qq.com</AllowedOrigin><AllowedOrigin>https://a.example</AllowedOrigin>"
            + "<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedHeader>x-cos-meta-test</AllowedHeader>"
            + "<ExposeHeader>x-cos-meta-test1</ExposeHeader><MaxAgeSeconds>500</MaxAgeSeconds></CORSRule><CORSRule><ID>second</ID>"
            + "<AllowedOrigin>*</AllowedOrigin><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader></CORSRule></CORSConfiguration>";
    /** Java SDK, captured (docs/spec/protocol.md §6.2): no declaration, MaxAgeSeconds before ExposeHeader and AllowedHeader. */
    static final String JAVA = "<CORSConfiguration><CORSRule><ID>1234</ID><AllowedOrigin>http://www.qq.com</AllowedOrigin>"
            + "<AllowedOrigin>https://a.example</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>"
            + "<MaxAgeSeconds>500</MaxAgeSeconds><ExposeHeader>x-cos-meta-test1</ExposeHeader><AllowedHeader>x-cos-meta-test</AllowedHeader>"
            + "</CORSRule><CORSRule><ID>second</ID><AllowedOrigin>*</AllowedOrigin><AllowedMethod>HEAD</AllowedMethod>"
            + "<AllowedHeader>*</AllowedHeader></CORSRule></CORSConfiguration>";

    private static CorsConfiguration parse(String xml, Dialect d) {
        return CorsXml.parse(xml.getBytes(StandardCharsets.UTF_8), d);
    }

    @Test
    void pythonAndJavaSdkDocumentsParseToTheSameConfiguration_CORS_A1() {
        CorsConfiguration py = parse(PYTHON, Dialect.COS);
        assertThat(parse(JAVA, Dialect.COS)).isEqualTo(py);
        assertThat(py.rules()).hasSize(2);
        CorsRule r = py.rules().get(0);
        assertThat(r.id()).isEqualTo("1234");
        assertThat(r.allowedOrigins()).containsExactly("http://www.qq.com", "https://a.example");
        assertThat(r.allowedMethods()).containsExactly("GET", "PUT");
        assertThat(r.allowedHeaders()).containsExactly("x-cos-meta-test");
        assertThat(r.exposeHeaders()).containsExactly("x-cos-meta-test1");
        assertThat(r.maxAgeSeconds()).isEqualTo(500);
        assertThat(py.responseVary()).isFalse();
    }

    @Test
    void anS3NamespacedDocumentWithResponseVaryIsAccepted_CORS_A4() {
        var c = parse("<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><CORSRule>"
                + "<AllowedHeader>Content-Type</AllowedHeader><AllowedMethod>PUT</AllowedMethod><AllowedOrigin>http://a</AllowedOrigin>"
                + "<Unknown>x</Unknown></CORSRule><ResponseVary>true</ResponseVary></CORSConfiguration>", Dialect.S3);
        assertThat(c.responseVary()).isTrue();
        assertThat(c.rules().get(0).allowedHeaders()).containsExactly("Content-Type");
    }

    @Test
    void theCanonicalDocumentKeepsValuesAndOrderVerbatimAndSaysResponseVary_CORS_A4() {
        String doc = CorsXml.encode(parse(PYTHON, Dialect.COS));
        assertThat(doc).contains("<CORSRule><ID>1234</ID><AllowedOrigin>http://www.qq.com</AllowedOrigin>"
                + "<AllowedOrigin>https://a.example</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>"
                + "<AllowedHeader>x-cos-meta-test</AllowedHeader><ExposeHeader>x-cos-meta-test1</ExposeHeader>"
                + "<MaxAgeSeconds>500</MaxAgeSeconds></CORSRule>");
        assertThat(doc).endsWith("<ResponseVary>false</ResponseVary></CORSConfiguration>");
        assertThat(CorsXml.decode(doc)).isEqualTo(parse(PYTHON, Dialect.COS));
    }

    private static String rules(int n) {
        return "<CORSConfiguration>" + "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>".repeat(n)
                + "</CORSConfiguration>";
    }

    @Test
    void aHundredRulesAreAcceptedAndOneMoreIsRefused_CORS_V2() {
        assertThat(parse(rules(100), Dialect.COS).rules()).hasSize(100);
        assertRefused(rules(101), "InvalidRequest", "The number of CORS rules should not exceed allowed limit of 100 rules.");
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', value = {
            // CORS-V1
            "not xml                                                                                   | MalformedXML   | ",
            "<CORSConfiguration/>                                                                      | MalformedXML   | ",
            "<LifecycleConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></LifecycleConfiguration> | MalformedXML | ",
            "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration> | MalformedXML | ",
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>   | MalformedXML | ",
            "<CORSConfiguration><CORSRule><AllowedOrigin/><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration> | MalformedXML | ",
            // CORS-V3
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>OPTIONS</AllowedMethod></CORSRule></CORSConfiguration> | InvalidRequest | Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS (CORSRule/AllowedMethod accepts GET, PUT, POST, DELETE, HEAD).",
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>get</AllowedMethod></CORSRule></CORSConfiguration>     | InvalidRequest | Found unsupported HTTP method in CORS config. Unsupported method is get (CORSRule/AllowedMethod accepts GET, PUT, POST, DELETE, HEAD).",
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>*</AllowedMethod></CORSRule></CORSConfiguration>       | InvalidRequest | Found unsupported HTTP method in CORS config. Unsupported method is * (CORSRule/AllowedMethod accepts GET, PUT, POST, DELETE, HEAD).",
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>string</AllowedMethod></CORSRule></CORSConfiguration>  | InvalidRequest | Found unsupported HTTP method in CORS config. Unsupported method is string (CORSRule/AllowedMethod accepts GET, PUT, POST, DELETE, HEAD).",
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod></AllowedMethod></CORSRule></CORSConfiguration>        | InvalidRequest | Found unsupported HTTP method in CORS config. Unsupported method is  (CORSRule/AllowedMethod accepts GET, PUT, POST, DELETE, HEAD).",
            // CORS-V4
            "<CORSConfiguration><CORSRule><AllowedOrigin>http://*.*.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration> | InvalidRequest | AllowedOrigin \"http://*.*.com\" can not have more than one wildcard.",
            // CORS-V5
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedHeader>x-*-*</AllowedHeader></CORSRule></CORSConfiguration> | InvalidRequest | AllowedHeader \"x-*-*\" can not have more than one wildcard.",
            // CORS-V6
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><ExposeHeader>e tag</ExposeHeader></CORSRule></CORSConfiguration> | InvalidRequest | AllowedHeader \"e tag\" contains invalid character.",
            // CORS-V7
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>ten</MaxAgeSeconds></CORSRule></CORSConfiguration> | MalformedXML | ",
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>1.5</MaxAgeSeconds></CORSRule></CORSConfiguration> | MalformedXML | ",
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>99999999999</MaxAgeSeconds></CORSRule></CORSConfiguration> | MalformedXML | ",
            // CORS-V8
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>-1</MaxAgeSeconds></CORSRule></CORSConfiguration> | InvalidRequest | MaxAgeSeconds must not be negative.",
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><ExposeHeader>*</ExposeHeader></CORSRule></CORSConfiguration> | InvalidRequest | ExposeHeader does not support the wildcard *; list the headers explicitly.",
            // ResponseVary must be a boolean
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule><ResponseVary>yes</ResponseVary></CORSConfiguration> | MalformedXML | ",
    })
    void badDocumentsGetTheRuleBookCodeAndMessage_CORS_V1_to_V8(String xml, String code, String message) {
        assertRefused(xml.trim(), code.trim(), message == null ? null : message.trim());
    }

    @Test
    void validationStopsAtTheFirstBadRuleInDocumentOrder_CORS_V() {
        assertRefused("<CORSConfiguration>"
                + "<CORSRule><AllowedOrigin>a*b*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>"
                + "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod></CORSRule></CORSConfiguration>",
                "InvalidRequest", "AllowedOrigin \"a*b*\" can not have more than one wildcard.");
    }

    @Test
    void s3AcceptsAWildcardExposeHeaderThatCosRefuses_CORS_V8() {
        String xml = "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
                + "<ExposeHeader>*</ExposeHeader></CORSRule></CORSConfiguration>";
        assertThat(parse(xml, Dialect.S3).rules().get(0).exposeHeaders()).containsExactly("*");
    }

    @Test
    void rulesWithoutOptionalElementsAreAccepted_CORS_V9() {
        var r = parse("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>",
                Dialect.COS).rules().get(0);
        assertThat(r.allowedHeaders()).isEmpty();
        assertThat(r.exposeHeaders()).isEmpty();
        assertThat(r.maxAgeSeconds()).isNull();
        assertThat(r.id()).isNull();
    }

    private static void assertRefused(String xml, String code, String message) {
        assertThatThrownBy(() -> parse(xml, Dialect.COS)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code().code()).isEqualTo(code);
            if (message != null) assertThat(e.getMessage().trim()).isEqualTo(message);
        });
    }

    @Test
    void listsAreCopiedSoTheStoredModelCannotChange() {
        var headers = new ArrayList<>(List.of("a"));
        var r = new CorsRule(null, List.of("*"), List.of("GET"), headers, List.of(), null);
        headers.add("b");
        assertThat(r.allowedHeaders()).containsExactly("a");
    }

    @Test
    void aWrongRootIsMalformedXmlNamingIt_CORS_V1() {
        assertRefused("<LifecycleConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>"
                + "</LifecycleConfiguration>", "MalformedXML", "LifecycleConfiguration: the root element must be CORSConfiguration.");
    }
}
