package io.cosd.api.core;

import io.cosd.api.auth.AuthResult;
import io.cosd.api.auth.HeaderView;
import io.cosd.api.dialect.Addressing;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.BodyStream;
import io.cosd.api.http.Exchange;
import io.cosd.api.http.Response;
import io.cosd.api.route.Operation;
import io.cosd.api.route.QueryParams;
import io.cosd.domain.identity.Principal;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request model ApiHandler freezes for handlers (docs/spec/design.md §2): what it answers before and after it is complete. */
class RequestTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void aRequestThatFailedBeforeItWasResolvedStillHasItsOwnIdsTheCosDialectAndTheRootResource() {
        RequestBuilder first = Request.arriving(exchange("GET", List.of()), NOW);
        RequestBuilder second = Request.arriving(exchange("GET", List.of()), NOW);

        assertThat(first.requestId()).isNotBlank().isNotEqualTo(second.requestId());
        assertThat(first.traceId()).isNotBlank().isNotEqualTo(second.traceId());
        assertThat(first.dialect()).isEqualTo(Dialect.COS);
        assertThat(first.resource()).isEqualTo("/");
        assertThat(first.operation()).isNull();
        assertThat(first.build().principal()).isEqualTo(Principal.ANONYMOUS);
    }

    @Test
    void theResourceOfAnErrorNamesTheVirtualHostPathAndQueryTheClientSent() {
        var target = new Addressing(Set.of("cos.local.test")).resolve("/a%20b?tagging", "bkt-1250000000.cos.local.test");
        RequestBuilder b = Request.arriving(exchange("GET", List.of()), NOW).target(target, QueryParams.parse(target.rawQuery()));

        assertThat(b.resource()).isEqualTo("bkt-1250000000.cos.local.test/a%20b?tagging");
        assertThat(b.build().resource()).isEqualTo(b.resource());
        assertThat(b.build().key()).isEqualTo("a b");
    }

    @Test
    void aSecondaryCheckIsRefusedWhenNoAuthorizerWasGiven() {
        Request r = Request.arriving(exchange("PUT", List.of()), NOW).build();

        assertThatThrownBy(() -> r.authorize(Operation.GET_OBJECT, null, "k"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED));
    }

    @Test
    void aSecondaryCheckRunsInTheContextOfTheRequestThatAskedForIt() {
        var seen = new Object[3];
        Request r = Request.arriving(exchange("PUT", List.of()), NOW)
                .authorizer((req, op, on, key, versionId) -> { seen[0] = req; seen[1] = op; seen[2] = versionId; })
                .build();

        r.authorize(Operation.GET_OBJECT, null, "src", "v1");

        assertThat(seen).containsExactly(r, Operation.GET_OBJECT, "v1");
    }

    @Test
    void aHandlerCannotWidenTheSetOfSignedHeadersAndTheLaterBuilderCallsDoNotReachABuiltRequest() {
        var signed = new HashSet<>(Set.of("host"));
        RequestBuilder b = Request.arriving(exchange("PUT", List.of()), NOW)
                .authenticated(Principal.ANONYMOUS, AuthResult.Scheme.SIGV4_HEADER, signed, InputStream.nullInputStream());
        Request r = b.build();

        signed.add("x-amz-copy-source");
        b.dialect(Dialect.S3).operation(Operation.PUT_OBJECT);

        assertThat(r.signedHeaders()).containsExactly("host");
        assertThatThrownBy(() -> r.signedHeaders().add("x-amz-acl")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(r.dialect()).isEqualTo(Dialect.COS);
        assertThat(r.operation()).isNull();
    }

    @Test
    void swappingInTheVerifyingBodyKeepsEverythingElse() {
        Request r = Request.arriving(exchange("PUT", List.of()), NOW).dialect(Dialect.S3).operation(Operation.PUT_OBJECT)
                .anonymous(InputStream.nullInputStream()).build();
        InputStream verifying = new ByteArrayInputStream(new byte[1]);

        Request swapped = r.withBody(verifying);

        assertThat(swapped.body()).isSameAs(verifying);
        assertThat(swapped.withBody(r.body())).isEqualTo(r);
    }

    @Test
    void eitherSpellingOfADialectHeaderIsReadCosFirst() {
        Request r = Request.arriving(exchange("PUT", List.of(Map.entry("x-amz-copy-source", "/b/s3"), Map.entry("x-cos-copy-source", "/b/cos"))), NOW).build();
        Request s3Only = Request.arriving(exchange("PUT", List.of(Map.entry("x-amz-copy-source", "/b/s3"))), NOW).build();

        assertThat(r.dialectHeader("copy-source")).isEqualTo("/b/cos");
        assertThat(s3Only.dialectHeader("copy-source")).isEqualTo("/b/s3");
    }

    private static Exchange exchange(String method, List<Map.Entry<String, String>> headers) {
        HeaderView view = HeaderView.of(headers);
        return new Exchange() {
            public String method() { return method; }
            public String uri() { return "/"; }
            public HeaderView headers() { return view; }
            public InetSocketAddress remote() { return new InetSocketAddress("127.0.0.1", 1); }
            public BodyStream body() { throw new UnsupportedOperationException(); }
            public long contentLength() { return -1; }
            public boolean chunked() { return false; }
            public void respond(Response response) { throw new UnsupportedOperationException(); }
        };
    }
}
