package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.signing.OutboundSigner;
import io.cosd.store.meta.ConfigKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A response header value built from the request or from stored configuration can always be sent
 * (docs/unbuilt.md "Header values", HV-1..HV-3): refused at input with 400 InvalidArgument and
 * nothing stored; a value stored before the rule is left out of the response, never hangs it.
 */
@CosdServer
class HeaderValuesE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String B = E2e.bucket("hv");

    @BeforeAll
    static void fixtures() throws Exception {
        cos.createBucket(B);
        cos.putObject(B, "k", "hello");
    }

    /** GET /B/k?name=<raw encoded value>, q-signed over the decoded value (COS dialect). */
    private static RawHttp.Reply cosGet(String bucket, String key, String param, String decoded, String encoded, Map<String, String> extra) throws Exception {
        String path = "/" + bucket + "/" + key;
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + env.port());
        Map<String, String> q = param == null ? Map.of() : Map.of(param, decoded);
        Map<String, String> headers = new LinkedHashMap<>(h);
        headers.put("Authorization", OutboundSigner.cos("GET", path, q, h, E2e.SECRET_ID, E2e.SECRET_KEY, Instant.now(), 600));
        headers.putAll(extra);
        return RawHttp.send(env.port(), "GET", path + (param == null ? "" : "?" + param + "=" + encoded), headers, null);
    }

    @Test
    void aResponseContentTypeWithANewlineIsInvalidArgumentInTheCosEnvelope_HV_1() throws Exception {
        for (String[] v : new String[][] {{"\n", "%0A"}, {"text/plain\r\nSet-Cookie: a=b", "text%2Fplain%0D%0ASet-Cookie%3A%20a%3Db"},
                {"\u0001", "%01"}, {" text/plain", "%20text%2Fplain"}}) {
            var r = cosGet(B, "k", "response-content-type", v[0], v[1], Map.of());
            assertThat(r.status()).as(v[1]).isEqualTo(400);
            assertThat(r.text()).contains("<Code>InvalidArgument</Code>").contains("response-content-type").contains("<RequestId>");
            assertThat(r.header("x-cos-request-id")).isNotBlank();
            assertThat(r.header("Set-Cookie")).isNull();
        }
        // Non-ASCII is sendable (as UTF-8 bytes): still served.
        var ok = cosGet(B, "k", "response-content-disposition", "attachment; filename=\"腾讯.txt\"",
                "attachment%3B%20filename%3D%22%E8%85%BE%E8%AE%AF.txt%22", Map.of());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.text()).isEqualTo("hello");
    }

    @Test
    void aPresignedS3UrlWithANewlineInAResponseOverrideIsInvalidArgumentInTheS3Envelope_HV_1() throws Exception {
        try (S3Presigner p = S3Presigner.builder().endpointOverride(URI.create(env.endpoint()))
                .region(software.amazon.awssdk.regions.Region.of(E2e.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            URI url = p.presignGetObject(g -> g.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(o -> o.bucket(B).key("k").responseContentType("\n"))).url().toURI();
            assertThat(url.getRawQuery()).contains("response-content-type=%0A");
            var r = RawHttp.send(env.port(), "GET", url.getRawPath() + "?" + url.getRawQuery(), Map.of("Host", url.getHost() + ":" + url.getPort()), null);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("<Code>InvalidArgument</Code>").contains("<HostId>");
            assertThat(r.header("x-amz-request-id")).isNotBlank();
        }
    }

    @Test
    void aLifecycleRuleIdWithAControlCharacterIsInvalidArgumentAndNothingIsStored_HV_2() throws Exception {
        String b = E2e.bucket("hv-lc");
        cos.createBucket(b);
        var r = Raw.put(env.port(), b, "lifecycle", "<LifecycleConfiguration><Rule><ID>bad&#10;id</ID><Status>Enabled</Status>"
                + "<Filter><Prefix></Prefix></Filter><Expiration><Days>30</Days></Expiration></Rule></LifecycleConfiguration>");
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.text()).contains("<Code>InvalidArgument</Code>").contains("Rule ID");
        assertThat(env.server.metadata().buckets().config(b, ConfigKind.LIFECYCLE)).isEmpty();
        // A tab is a legal header character: accepted.
        var ok = Raw.put(env.port(), b, "lifecycle", "<LifecycleConfiguration><Rule><ID>tab&#9;id</ID><Status>Enabled</Status>"
                + "<Filter><Prefix></Prefix></Filter><Expiration><Days>30</Days></Expiration></Rule></LifecycleConfiguration>");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    }

    @Test
    void corsValuesWithAControlCharacterAreRefusedAndNothingIsStored_HV_2() throws Exception {
        String b = E2e.bucket("hv-cors");
        cos.createBucket(b);
        String expose = "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
                + "<ExposeHeader>x-a&#10;b</ExposeHeader></CORSRule></CORSConfiguration>";
        var r = Raw.put(env.port(), b, "cors", expose);
        assertThat(r.status()).as(r.text()).isEqualTo(400); // CORS-V6: not a token (InvalidRequest, AWS's wording)
        for (String el : new String[] {"<AllowedHeader>x-a&#10;b</AllowedHeader>", "<ID>r&#13;1</ID>"}) {
            String doc = "<CORSConfiguration><CORSRule>" + el + "<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
                    + "</CORSRule></CORSConfiguration>";
            var e = Raw.put(env.port(), b, "cors", doc);
            assertThat(e.status()).as(el).isEqualTo(400);
            assertThat(e.text()).contains("<Code>InvalidArgument</Code>");
        }
        var o = Raw.put(env.port(), b, "cors", "<CORSConfiguration><CORSRule><AllowedOrigin>http://a&#10;b</AllowedOrigin>"
                + "<AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>");
        assertThat(o.text()).contains("<Code>InvalidArgument</Code>").contains("AllowedOrigin");
        assertThat(env.server.metadata().buckets().config(b, ConfigKind.CORS)).isEmpty();
    }

    @Test
    void metadataStoredWithAnUnsendableValueIsServedWithoutIt_HV_3() throws Exception {
        cos.putObject(B, "meta", "with metadata");
        var v = env.server.metadata().objects().latest(B, "meta").orElseThrow();
        var c = v.content();
        // Written straight into the store: request headers could never carry these (Netty refuses them).
        var bad = v.toBuilder()
                .content(new ContentHeaders(c.contentType(), c.cacheControl(), "attachment;\r\nSet-Cookie: a=b",
                        c.contentEncoding(), c.contentLanguage(), c.expires()))
                .userMetadata(Map.of("good", "fine", "bad", "line\nbreak")).build();
        env.server.metadata().objects().put(bad, VersioningState.UNVERSIONED);
        var r = cosGet(B, "meta", null, null, null, Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("with metadata");
        assertThat(r.header("x-cos-meta-good")).isEqualTo("fine");
        assertThat(r.header("x-cos-meta-bad")).isNull();
        assertThat(r.header("Content-Disposition")).isNull();
        assertThat(r.header("Set-Cookie")).isNull();
    }

    @Test
    void configsStoredBeforeTheRuleAreServedWithoutTheUnsendableValue_HV_3() throws Exception {
        String b = E2e.bucket("hv-stored");
        cos.createBucket(b);
        // Written straight into the store, as a cosd before HV-2 would have accepted them.
        env.server.metadata().buckets().putConfig(b, ConfigKind.LIFECYCLE, "<LifecycleConfiguration><Rule><ID>bad&#10;id</ID>"
                + "<Status>Enabled</Status><Filter><Prefix></Prefix></Filter><Expiration><Days>30</Days></Expiration></Rule></LifecycleConfiguration>");
        env.server.metadata().buckets().putConfig(b, ConfigKind.CORS, "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>"
                + "<AllowedMethod>GET</AllowedMethod><AllowedHeader>x-good</AllowedHeader><AllowedHeader>x-a&#10;b</AllowedHeader>"
                + "</CORSRule></CORSConfiguration>");
        cos.putObject(b, "k", "stored");
        var r = cosGet(b, "k", null, null, null, Map.of("Origin", "http://example.com"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("stored");
        assertThat(r.header("x-cos-expiration")).isNull();
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(r.header("Access-Control-Allow-Headers")).isEqualTo("x-good");
        // The connection stays usable: the SDK reads the object too.
        assertThat(cos.getObjectMetadata(b, "k").getContentLength()).isEqualTo(6);
    }
}
