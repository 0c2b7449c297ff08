package io.cosd.api.auth;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.signing.OutboundSigner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a verified signature must cover (docs/signing.md "Security"): the host it was made for
 * (AUTH-1/2), effect-choosing headers (AUTH-3), q-sign's query (AUTH-4), SigV4's scope (AUTH-5) and
 * q-sign's window (AUTH-6). Requests are signed here with cosd's own outbound signer.
 */
class AuthenticatorCoverageTest {
    static final String AK = "AKIDcoverageCOVERAGEcoverage000001";
    static final String SK = "coverageSecretKeyCoverageSecretK";
    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    static final String HOST = "a-1250000000.cos.ap-guangzhou.myqcloud.com";

    final Authenticator auth = authenticator(AuthSettings.of("ap-guangzhou"));

    static Authenticator authenticator(AuthSettings s) {
        return new Authenticator(RawRequests.keys(RawRequests.key(AK, SK)), RawRequests.at(NOW.getEpochSecond()), s);
    }

    /** A q-sign request: signs {@code signedHeaders} and {@code signedParams}, then sends {@code extra} headers and {@code query} too. */
    static AuthRequest cos(String method, String path, Map<String, String> signedParams, Map<String, String> signedHeaders,
                           String query, Map<String, String> extra, long ttl) {
        String authz = OutboundSigner.cos(method, path, signedParams, signedHeaders, AK, SK, NOW, ttl);
        StringBuilder head = new StringBuilder(method + " " + path + (query.isEmpty() ? "" : "?" + query) + " HTTP/1.1\n");
        head.append("Host: ").append(HOST).append('\n');
        signedHeaders.forEach((k, v) -> { if (!k.equalsIgnoreCase("host")) head.append(k).append(": ").append(v).append('\n'); });
        extra.forEach((k, v) -> head.append(k).append(": ").append(v).append('\n'));
        head.append("Authorization: ").append(authz).append('\n');
        return RawRequests.parse(head.toString());
    }

    static AuthRequest cos(Map<String, String> signedParams, String query, Map<String, String> extra) {
        return cos("GET", "/k", signedParams, Map.of("host", HOST), query, extra, 600);
    }

    static Consumer<ApiException> code(ErrorCode c, String messagePart) {
        return e -> {
            assertThat(e.code()).isEqualTo(c);
            assertThat(e.getMessage()).contains(messagePart);
        };
    }

    // AUTH-1

    @Test
    void theVerifierSignsTheRoutedHostNotASecondReadingOfTheHostHeader() {
        AuthRequest signedForA = cos(Map.of(), "", Map.of());
        assertThat(auth.authenticate(signedForA)).isInstanceOf(AuthResult.Authenticated.class);
        AuthRequest routedToB = new AuthRequest(signedForA.method(), signedForA.rawPath(), signedForA.decodedPath(),
                signedForA.rawQuery(), signedForA.headers(), "b-1250000000.cos.ap-guangzhou.myqcloud.com");
        assertThatThrownBy(() -> auth.authenticate(routedToB))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH));
    }

    // AUTH-2

    @Test
    void aQSignWithoutHostIsRefusedUnlessTheOperatorAllowsIt() {
        AuthRequest r = cos("GET", "/k", Map.of(), Map.of("x-cos-meta-a", "1"), "", Map.of(), 600);
        assertThatThrownBy(() -> auth.authenticate(r))
                .isInstanceOfSatisfying(ApiException.class, code(ErrorCode.ACCESS_DENIED, "host is not in q-header-list"));
        Authenticator lenient = authenticator(new AuthSettings("ap-guangzhou", true, AuthSettings.DEFAULT_MAX_QSIGN_WINDOW, Set.of()));
        assertThat(lenient.authenticate(r)).isInstanceOf(AuthResult.Authenticated.class);
    }

    static AuthRequest sigV4(String region, Map<String, String> signed, Map<String, String> extra) {
        Map<String, String> h = OutboundSigner.sigV4("GET", "/a-1250000000/k", Map.of(), signed, region, AK, SK, NOW);
        StringBuilder head = new StringBuilder("GET /a-1250000000/k HTTP/1.1\nHost: 127.0.0.1:9000\n");
        signed.forEach((k, v) -> { if (!k.equalsIgnoreCase("host")) head.append(k).append(": ").append(v).append('\n'); });
        h.forEach((k, v) -> head.append(k).append(": ").append(v).append('\n'));
        extra.forEach((k, v) -> head.append(k).append(": ").append(v).append('\n'));
        return RawRequests.parse(head.toString());
    }

    @Test
    void aSigV4WithoutHostInSignedHeadersIsRefusedAsAwsDoes() {
        assertThat(auth.authenticate(sigV4("ap-guangzhou", Map.of("host", "127.0.0.1:9000"), Map.of())))
                .isInstanceOf(AuthResult.Authenticated.class);
        assertThatThrownBy(() -> auth.authenticate(sigV4("ap-guangzhou", Map.of(), Map.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
                    assertThat(e.getMessage()).startsWith("There were headers present in the request which were not signed");
                    assertThat(e.element("HeadersNotSigned")).isEqualTo("host");
                });
    }

    // AUTH-3

    @Test
    void anUnsignedEffectChoosingHeaderBesideAValidQSignIsRefusedNamingIt() {
        AuthRequest r = cos(Map.of(), "", Map.of("x-cos-copy-source", "b-1250000000.cos.ap-guangzhou.myqcloud.com/secret"));
        assertThatThrownBy(() -> auth.authenticate(r))
                .isInstanceOfSatisfying(ApiException.class, code(ErrorCode.ACCESS_DENIED, "x-cos-copy-source"));
    }

    @Test
    void everyXAmzHeaderOfASigV4RequestMustBeSigned() {
        AuthRequest r = sigV4("ap-guangzhou", Map.of("host", "127.0.0.1:9000"), Map.of("x-amz-meta-note", "added"));
        assertThatThrownBy(() -> auth.authenticate(r))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.element("HeadersNotSigned")).isEqualTo("x-amz-meta-note"));
    }

    @Test
    void aHeaderInBothSpellingsWithDifferentValuesIsInvalidArgumentEvenWhenOneIsSigned() {
        AuthRequest r = sigV4("ap-guangzhou", Map.of("host", "127.0.0.1:9000", "x-amz-copy-source", "/a-1250000000/k"),
                Map.of("x-cos-copy-source", "b-1250000000.cos.ap-guangzhou.myqcloud.com/k"));
        assertThatThrownBy(() -> auth.authenticate(r))
                .isInstanceOfSatisfying(ApiException.class, code(ErrorCode.INVALID_ARGUMENT, "copy-source"));
    }

    // AUTH-4

    @Test
    void aQSignMustListTheVersionIdItIsExecutedWith() {
        assertThatThrownBy(() -> auth.authenticate(cos(Map.of(), "versionId=old", Map.of())))
                .isInstanceOfSatisfying(ApiException.class, code(ErrorCode.ACCESS_DENIED, "versionId"));
        assertThat(auth.authenticate(cos(Map.of("versionId", "old"), "versionId=old", Map.of())))
                .isInstanceOf(AuthResult.Authenticated.class);
    }

    @Test
    void aQSignedQueryWithNamesThatDifferOnlyInCaseIsInvalidArgument() {
        assertThatThrownBy(() -> auth.authenticate(cos(Map.of("versionId", "new"), "versionId=new&VersionId=old", Map.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> auth.authenticate(cos(Map.of("VersionId", "new"), "VersionId=new&versionId=old", Map.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void listParametersMayStayUnsignedAsTheSdksSendThem() {
        assertThat(auth.authenticate(cos(Map.of(), "prefix=a&max-keys=10", Map.of()))).isInstanceOf(AuthResult.Authenticated.class);
    }

    // AUTH-5

    @Test
    void aSigV4ScopeForAnotherRegionIsAuthorizationHeaderMalformedWithTheExpectedRegion() {
        assertThatThrownBy(() -> auth.authenticate(sigV4("us-east-1", Map.of("host", "127.0.0.1:9000"), Map.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
                    assertThat(e.getMessage()).isEqualTo(
                            "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'ap-guangzhou'");
                    assertThat(e.element("Region")).isEqualTo("ap-guangzhou");
                });
    }

    @Test
    void anOperatorNamedRegionAliasIsAcceptedAndNothingElse() {
        Authenticator aliased = authenticator(new AuthSettings("ap-guangzhou", false, AuthSettings.DEFAULT_MAX_QSIGN_WINDOW,
                Set.of("ap-beijing")));
        assertThat(aliased.authenticate(sigV4("ap-beijing", Map.of("host", "127.0.0.1:9000"), Map.of())))
                .isInstanceOf(AuthResult.Authenticated.class);
        assertThatThrownBy(() -> aliased.authenticate(sigV4("us-east-1", Map.of("host", "127.0.0.1:9000"), Map.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHORIZATION_HEADER_MALFORMED));
    }

    @Test
    void aSigV4ScopeForAnotherServiceIsRefused() {
        String raw = "GET /a-1250000000/k HTTP/1.1\nHost: h\nx-amz-date: 20260102T030405Z\nAuthorization: AWS4-HMAC-SHA256 Credential="
                + AK + "/20260102/ap-guangzhou/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=00\n";
        assertThatThrownBy(() -> auth.authenticate(RawRequests.parse(raw)))
                .isInstanceOfSatisfying(ApiException.class, code(ErrorCode.AUTHORIZATION_HEADER_MALFORMED, "This endpoint belongs to 's3'"));
        String presigned = "GET /a-1250000000/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + AK
                + "%2F20260102%2Fap-guangzhou%2Fec2%2Faws4_request&X-Amz-Date=20260102T030405Z&X-Amz-Expires=60"
                + "&X-Amz-SignedHeaders=host&X-Amz-Signature=00 HTTP/1.1\nHost: h\n";
        assertThatThrownBy(() -> auth.authenticate(RawRequests.parse(presigned)))
                .isInstanceOfSatisfying(ApiException.class, code(ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                        "Error parsing the X-Amz-Credential parameter; incorrect service 'ec2'"));
    }

    @Test
    void aPresignedSigV4ForAnotherRegionIsAuthorizationQueryParametersError() {
        String presigned = "GET /a-1250000000/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + AK
                + "%2F20260102%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260102T030405Z&X-Amz-Expires=60"
                + "&X-Amz-SignedHeaders=host&X-Amz-Signature=00 HTTP/1.1\nHost: h\n";
        assertThatThrownBy(() -> auth.authenticate(RawRequests.parse(presigned)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
                    assertThat(e.getMessage()).isEqualTo(
                            "Error parsing the X-Amz-Credential parameter; the region 'us-east-1' is wrong; expecting 'ap-guangzhou'");
                    assertThat(e.element("Region")).isEqualTo("ap-guangzhou");
                });
    }

    // AUTH-6

    @Test
    void aQSignWindowLongerThanTheMaximumIsRefusedSayingSo() {
        long week = Duration.ofDays(7).toSeconds();
        // OutboundSigner's window is ttl + 120 s; a week plus that still fits the skew allowance.
        assertThat(auth.authenticate(cos("GET", "/k", Map.of(), Map.of("host", HOST), "", Map.of(), week)))
                .isInstanceOf(AuthResult.Authenticated.class);
        AuthRequest tooLong = cos("GET", "/k", Map.of(), Map.of("host", HOST), "", Map.of(), week + 3600);
        assertThatThrownBy(() -> auth.authenticate(tooLong))
                .isInstanceOfSatisfying(ApiException.class, code(ErrorCode.ACCESS_DENIED, "604800 seconds"));
        Authenticator hourly = authenticator(new AuthSettings("ap-guangzhou", false, Duration.ofHours(1), Set.of()));
        assertThatThrownBy(() -> hourly.authenticate(cos("GET", "/k", Map.of(), Map.of("host", HOST), "", Map.of(), 7200)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED));
    }

    @Test
    void theQKeyTimeWindowIsBoundedToo() {
        AuthRequest r = cos(Map.of(), "", Map.of());
        String authz = r.headers().first("Authorization");
        String longKeyTime = authz.replaceFirst("q-key-time=(\\d+);(\\d+)", "q-key-time=$1;9999999999");
        List<Map.Entry<String, String>> h = new ArrayList<>(r.headers().entries());
        h.replaceAll(e -> e.getKey().equals("Authorization") ? Map.entry("Authorization", longKeyTime) : e);
        AuthRequest forged = new AuthRequest(r.method(), r.rawPath(), r.decodedPath(), r.rawQuery(), HeaderView.of(h));
        assertThatThrownBy(() -> auth.authenticate(forged))
                .isInstanceOfSatisfying(ApiException.class, code(ErrorCode.ACCESS_DENIED, "q-key-time"));
    }

    /** GET /k signed with {@code keyTime} deriving the SignKey and {@code signTime} in the string to sign, as the SDKs sign. */
    static AuthRequest cosWithTimes(String keyTime, String signTime) {
        String http = io.cosd.domain.signing.CosSigner.httpString("GET", "/k", List.of(), Map.of(), List.of("host"), Map.of("host", HOST));
        String sig = io.cosd.domain.signing.CosSigner.signature(SK, keyTime, signTime, http);
        return RawRequests.parse("GET /k HTTP/1.1\nHost: " + HOST + "\nAuthorization: q-sign-algorithm=sha1&q-ak=" + AK
                + "&q-sign-time=" + signTime + "&q-key-time=" + keyTime + "&q-header-list=host&q-url-param-list=&q-signature=" + sig + "\n");
    }

    /**
     * AUTH-6c: q-key-time is the SignKey's own validity (COS: "q-key-time: the same value as q-sign-time", and a
     * signature whose q-sign-time or q-key-time has ended has expired). Before, only its length was checked, so a
     * SignKey derived for a window that ended long ago still signed fresh requests with a new q-sign-time.
     */
    @Test
    void aQKeyTimeThatHasEndedIsRequestExpiredAndASignTimeOutsideItIsRefused_AUTH_6c() {
        long now = NOW.getEpochSecond();
        String fresh = (now - 60) + ";" + (now + 600);
        assertThat(auth.authenticate(cosWithTimes(fresh, fresh))).isInstanceOf(AuthResult.Authenticated.class);
        // the SignKey's window ended a day ago; the sign time is fresh
        String old = (now - 86400 - 600) + ";" + (now - 86400);
        assertThatThrownBy(() -> auth.authenticate(cosWithTimes(old, fresh)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_EXPIRED);
                    assertThat(e.getMessage()).isEqualTo("Request has expired");
                });
        // the SignKey's window starts in a day: too far ahead, as a q-sign-time would be
        String later = (now + 86400) + ";" + (now + 86400 + 600);
        assertThatThrownBy(() -> auth.authenticate(cosWithTimes(later, fresh)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_TIME_TOO_SKEWED));
        // a current SignKey signing a sign time that outlives it (or starts before it)
        String key = (now - 60) + ";" + (now + 600);
        assertThatThrownBy(() -> auth.authenticate(cosWithTimes(key, (now - 60) + ";" + (now + 3600))))
                .isInstanceOfSatisfying(ApiException.class, code(ErrorCode.ACCESS_DENIED, "q-sign-time"));
        assertThatThrownBy(() -> auth.authenticate(cosWithTimes(key, (now - 120) + ";" + (now + 600))))
                .isInstanceOfSatisfying(ApiException.class, code(ErrorCode.ACCESS_DENIED, "q-sign-time"));
        // inside it: accepted (the window a signer reuses for many requests, each with its own shorter sign time)
        assertThat(auth.authenticate(cosWithTimes(key, now + ";" + (now + 300)))).isInstanceOf(AuthResult.Authenticated.class);
    }
}
