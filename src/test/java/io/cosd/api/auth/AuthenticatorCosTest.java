package io.cosd.api.auth;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.identity.AccessKey;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replays of the captured SDK requests in docs/spec/protocol.md §6, plus COS error paths. */
class AuthenticatorCosTest {
    static final String AK = "AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE1234";
    static final String SK = "EXAMPLEsecretKEYexampleSECRETkey";
    static final AccessKey KEY = RawRequests.key(AK, SK);
    /** Inside both capture windows: Python 1699999940;1700010000 and Java 1700000000;1700003600. */
    static final long NOW = 1700000100;

    final Authenticator auth = new Authenticator(RawRequests.keys(KEY), RawRequests.at(NOW));

    static final String JAVA_CORS = """
            PUT /?cors HTTP/1.1
            Authorization: q-sign-algorithm=sha1&q-ak=AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE1234&q-sign-time=1700000000;1700003600&q-key-time=1700000000;1700003600&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=cors&q-signature=687c37c577f22a9f66ef1d271604ba33de223900
            User-Agent: cos-java-sdk-v5.6.265/Linux/jdk-17.0.15/OpenJDK 64-Bit Server VM
            Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
            Content-Type: application/xml
            Content-MD5: kiDNDb0IFTOAjNrnBLm0iQ==
            x-cos-sdk-log-debug: off
            Content-Length: 497
            Connection: Keep-Alive
            """;

    static final String JAVA_VERSIONING = """
            PUT /?versioning HTTP/1.1
            Authorization: q-sign-algorithm=sha1&q-ak=AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE1234&q-sign-time=1700000000;1700003600&q-key-time=1700000000;1700003600&q-header-list=host&q-url-param-list=versioning&q-signature=7bf8bff40304385c56f2ffa7c4f8d34286e05868
            User-Agent: cos-java-sdk-v5.6.265/Linux/jdk-17.0.15/OpenJDK 64-Bit Server VM
            Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
            x-cos-sdk-log-debug: off
            Transfer-Encoding: chunked
            Connection: Keep-Alive
            """;

    static final String PY_LIST_BUCKETS_IP_MODE = """
            GET /?marker=&max-keys=2000 HTTP/1.1
            Host: 127.0.0.1:28080
            User-Agent: cos-python-sdk-v5.1.9.41
            Accept-Encoding: gzip, deflate
            Accept: */*
            Connection: keep-alive
            Authorization: q-sign-algorithm=sha1&q-ak=AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE1234&q-sign-time=1699999940;1700010000&q-key-time=1699999940;1700010000&q-header-list=host&q-url-param-list=&q-signature=292ee45702ccbf72966dc10998665c50b4ccfe33
            """;

    AuthResult.Authenticated ok(String raw) {
        AuthResult r = auth.authenticate(RawRequests.parse(raw));
        assertThat(r).isInstanceOf(AuthResult.Authenticated.class);
        AuthResult.Authenticated a = (AuthResult.Authenticated) r;
        assertThat(a.key()).isEqualTo(KEY);
        assertThat(a.payload()).isEqualTo(new AuthResult.Payload.Unsigned());
        return a;
    }

    static ErrorCode failure(Authenticator a, String raw) {
        try {
            a.authenticate(RawRequests.parse(raw));
        } catch (ApiException e) {
            return e.code();
        }
        throw new AssertionError("expected an ApiException");
    }

    @Test
    void javaPutCorsReplayVerifiesIgnoringUnsignedSdkHeaders() {
        assertThat(ok(JAVA_CORS).scheme()).isEqualTo(AuthResult.Scheme.COS_HEADER);
    }

    @Test
    void javaChunkedPutVersioningReplayVerifies() {
        ok(JAVA_VERSIONING);
    }

    @Test
    void javaPostDeleteReplayVerifies() {
        ok("""
                POST /?delete HTTP/1.1
                Authorization: q-sign-algorithm=sha1&q-ak=AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE1234&q-sign-time=1700000000;1700003600&q-key-time=1700000000;1700003600&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=delete&q-signature=4959f025c2191e2fde029d2bffe8a7fb0e11a1b3
                User-Agent: cos-java-sdk-v5.6.265/Linux/jdk-17.0.15/OpenJDK 64-Bit Server VM
                Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
                Content-Type: application/xml
                Content-MD5: youthHSzaBfUc41CHVzLyQ==
                x-cos-sdk-log-debug: off
                Content-Length: 143
                Connection: Keep-Alive
                """);
    }

    @Test
    void javaCopyObjectReplayWithCopySourceHeaderVerifies() {
        ok("""
                PUT /copy%20dst.txt HTTP/1.1
                Authorization: q-sign-algorithm=sha1&q-ak=AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE1234&q-sign-time=1700000000;1700003600&q-key-time=1700000000;1700003600&q-header-list=content-length;host;x-cos-copy-source&q-url-param-list=&q-signature=7c3438ec125138842f9b514573ad5bfce2a00834
                x-cos-copy-source: srcbucket-1250000000.cos.ap-guangzhou.myqcloud.com/src%20dir/%E6%BA%90.txt?versionId=MTg0NDUxNzYzMDc0MzMxMDUxMjE
                User-Agent: cos-java-sdk-v5.6.265/Linux/jdk-17.0.15/OpenJDK 64-Bit Server VM
                Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
                x-cos-sdk-log-debug: off
                Content-Length: 0
                Connection: Keep-Alive
                """);
    }

    @Test
    void javaPutObjectWithEncodedSpacePlusAndChineseKeyReplayVerifies() {
        ok("""
                PUT /dir/a%20b%2Bc%28%E8%85%BE%E8%AE%AF%29.txt HTTP/1.1
                Authorization: q-sign-algorithm=sha1&q-ak=AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE1234&q-sign-time=1700000000;1700003600&q-key-time=1700000000;1700003600&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=&q-signature=c32e3fb4575c934b8c019e4528ff18d540366f68
                User-Agent: cos-java-sdk-v5.6.265/Linux/jdk-17.0.15/OpenJDK 64-Bit Server VM
                Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
                Content-Type: text/plain
                Content-MD5: XrY7u+Ae7tCTyyK7j1rNww==
                x-cos-sdk-log-debug: off
                Content-Length: 11
                Connection: Keep-Alive
                """);
    }

    @Test
    void pythonPutCorsReplayVerifies() {
        ok("""
                PUT /?cors= HTTP/1.1
                User-Agent: cos-python-sdk-v5.1.9.41
                Accept-Encoding: gzip, deflate
                Accept: */*
                Connection: keep-alive
                Content-MD5: ZcNN3U0Bm0n9EbJDF2+mng==
                Content-Type: application/xml
                Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
                Content-Length: 294
                Authorization: q-sign-algorithm=sha1&q-ak=AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE1234&q-sign-time=1699999940;1700010000&q-key-time=1699999940;1700010000&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=cors&q-signature=dae22f7765851d10a4a0db5d9698065e073909f4
                """);
    }

    @Test
    void pythonCompleteMultipartReplaySignsLowerCasedUploadId() {
        ok("""
                POST /exampleobject?uploadId=1585130821cbb7df1d11846c073ad648e8f33b087cec2381df437acdc833cf654b9ecc6361 HTTP/1.1
                User-Agent: cos-python-sdk-v5.1.9.41
                Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
                Content-Length: 281
                Authorization: q-sign-algorithm=sha1&q-ak=AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE1234&q-sign-time=1699999940;1700010000&q-key-time=1699999940;1700010000&q-header-list=content-length;host&q-url-param-list=uploadid&q-signature=b060ca64ba5a3328e3856e1606e27a80e26a756c
                """);
    }

    @Test
    void pythonCopyObjectReplayVerifies() {
        ok("""
                PUT /copy%20dst.txt HTTP/1.1
                User-Agent: cos-python-sdk-v5.1.9.41
                x-cos-copy-source: srcbucket-1250000000.cos.ap-guangzhou.myqcloud.com/src%20dir/%E6%BA%90.txt?versionId=MTg0NDUxNzYzMDc0MzMxMDUxMjE
                x-cos-metadata-directive: Copy
                Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
                Content-Length: 0
                Authorization: q-sign-algorithm=sha1&q-ak=AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE1234&q-sign-time=1699999940;1700010000&q-key-time=1699999940;1700010000&q-header-list=content-length;host;x-cos-copy-source;x-cos-metadata-directive&q-url-param-list=&q-signature=1211bbfe29a18e82624bac682d0656f15e75a4bf
                """);
    }

    @Test
    void pythonHeadWithSignedSecurityTokenVerifies() {
        ok("""
                HEAD /exampleobject HTTP/1.1
                x-cos-security-token: EXAMPLETOKEN
                Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
                Authorization: q-sign-algorithm=sha1&q-ak=AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE1234&q-sign-time=1699999940;1700010000&q-key-time=1699999940;1700010000&q-header-list=host;x-cos-security-token&q-url-param-list=&q-signature=91b2b81682be5f796719805c55f0c52be181da36
                """);
    }

    @Test
    void pythonIpModeListBucketsVerifiesAfterStrippingThePort() {
        ok(PY_LIST_BUCKETS_IP_MODE);
    }

    @Test
    void portStrippingDoesNotRescueAWrongHost() {
        assertThat(failure(auth, PY_LIST_BUCKETS_IP_MODE.replace("127.0.0.1:28080", "127.0.0.2:28080")))
                .isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void unsignedExtraHeadersAndParamsAreIgnored() {
        String raw = JAVA_VERSIONING.replace("PUT /?versioning ", "PUT /?versioning&unsigned=1 ")
                .replace("Connection: Keep-Alive", "Connection: Keep-Alive\nx-cos-sdk-retry: true\nx-cos-security-token: EXAMPLETOKEN\nx-cos-meta-extra: x");
        ok(raw);
    }

    @Test
    void tamperedSignedHeaderFailsWithSignatureDoesNotMatch() {
        assertThat(failure(auth, JAVA_CORS.replace("Content-Length: 497", "Content-Length: 498")))
                .isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void javaSignPrefixPresignedFormVerifies() {
        // The V4 vector's auth string, delivered the way Java's default signPrefixMode does it.
        String authString = "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999940;1700000300&q-key-time=1699999940;1700000300&q-header-list=host&q-url-param-list=response-content-disposition;versionid&q-signature=6c2329d9c5dc7f9279f66e0a5ab75e1d2d144337";
        String raw = "GET /dir/a%20b.txt?sign=" + URLEncoder.encode(authString, StandardCharsets.UTF_8)
                + "&response-content-disposition=attachment%3B+filename%3D%22a+b.txt%22&versionId=MTg0NDUxNzYzMDc0MzMxMDUxMjE"
                + "&x-cos-security-token=unsigned HTTP/1.1\nHost: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com\n";
        Authenticator a = new Authenticator(RawRequests.keys(RawRequests.key(CosSignerTest.AK, CosSignerTest.SK)),
                RawRequests.at(1700000000));
        AuthResult r = a.authenticate(RawRequests.parse(raw));
        assertThat(((AuthResult.Authenticated) r).scheme()).isEqualTo(AuthResult.Scheme.COS_PRESIGNED);
    }

    @Test
    void pythonPresignedUrlInIpModeVerifiesWithPortStripped() {
        String raw = "GET /dir/a%20b.txt?q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999940%3B1700000300&q-key-time=1699999940%3B1700000300&q-header-list=host&q-url-param-list=response-content-disposition%3Bversionid&q-signature=6c2329d9c5dc7f9279f66e0a5ab75e1d2d144337&response-content-disposition=attachment%3B+filename%3D%22a+b.txt%22&versionId=MTg0NDUxNzYzMDc0MzMxMDUxMjE HTTP/1.1\n"
                + "Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com:8080\n";
        Authenticator a = new Authenticator(RawRequests.keys(RawRequests.key(CosSignerTest.AK, CosSignerTest.SK)),
                RawRequests.at(1700000000));
        assertThat(a.authenticate(RawRequests.parse(raw))).isInstanceOf(AuthResult.Authenticated.class);
        Authenticator late = new Authenticator(RawRequests.keys(RawRequests.key(CosSignerTest.AK, CosSignerTest.SK)),
                RawRequests.at(1700000301));
        assertThat(failure(late, raw)).isEqualTo(ErrorCode.REQUEST_EXPIRED);
    }

    @Test
    void expiredSignTimeIsRequestExpired() {
        Authenticator late = new Authenticator(RawRequests.keys(KEY), RawRequests.at(1700003601));
        assertThatThrownBy(() -> late.authenticate(RawRequests.parse(JAVA_CORS)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_EXPIRED);
                    assertThat(e.code().code()).isEqualTo("AccessDenied");
                    assertThat(e.getMessage()).isEqualTo("Request has expired");
                });
    }

    @Test
    void startTooFarInTheFutureIsRequestTimeTooSkewed() {
        Authenticator early = new Authenticator(RawRequests.keys(KEY), RawRequests.at(1700000000 - 16 * 60));
        assertThat(failure(early, JAVA_CORS)).isEqualTo(ErrorCode.REQUEST_TIME_TOO_SKEWED);
        Authenticator slightlyEarly = new Authenticator(RawRequests.keys(KEY), RawRequests.at(1700000000 - 14 * 60));
        assertThat(slightlyEarly.authenticate(RawRequests.parse(JAVA_CORS))).isInstanceOf(AuthResult.Authenticated.class);
    }

    @Test
    void unknownOrInactiveKeyIsInvalidAccessKeyId() {
        Authenticator none = new Authenticator(id -> Optional.empty(), RawRequests.at(NOW));
        assertThat(failure(none, JAVA_CORS)).isEqualTo(ErrorCode.INVALID_ACCESS_KEY_ID);
        AccessKey revoked = new AccessKey(AK, SK, RawRequests.ACCOUNT, "100000000001", false, Instant.EPOCH);
        Authenticator inactive = new Authenticator(RawRequests.keys(revoked), RawRequests.at(NOW));
        assertThat(failure(inactive, JAVA_CORS)).isEqualTo(ErrorCode.INVALID_ACCESS_KEY_ID);
    }

    @Test
    void malformedQSignIsAccessDenied() {
        assertThat(failure(auth, "GET / HTTP/1.1\nHost: h\nAuthorization: q-sign-algorithm=md5&q-ak=x\n"))
                .isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(failure(auth, "GET / HTTP/1.1\nHost: h\nAuthorization: q-sign-algorithm=sha1&q-ak=" + AK
                + "&q-sign-time=abc&q-signature=00\n")).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(failure(auth, "GET / HTTP/1.1\nHost: h\nAuthorization: q-sign-algorithm=sha1&q-ak=" + AK
                + "&q-sign-time=1;2\n")).isEqualTo(ErrorCode.ACCESS_DENIED);
    }

    @Test
    void missingOrEmptyAuthorizationIsAnonymous() {
        assertThat(auth.authenticate(RawRequests.parse("GET /obj HTTP/1.1\nHost: h\n"))).isInstanceOf(AuthResult.Anonymous.class);
        assertThat(auth.authenticate(RawRequests.parse("GET /obj HTTP/1.1\nHost: h\nAuthorization: \n")))
                .isInstanceOf(AuthResult.Anonymous.class);
        assertThat(auth.authenticate(RawRequests.parse("GET /obj?sign=notasignature HTTP/1.1\nHost: h\n")))
                .isInstanceOf(AuthResult.Anonymous.class);
    }

    @Test
    void unsupportedAuthorizationSchemeIsInvalidRequest() {
        // SigV2 (Authorization: AWS ak:sig) is a supported scheme now: AuthenticatorSigV2Test.
        assertThat(failure(auth, "GET / HTTP/1.1\nHost: h\nAuthorization: Bearer c2lnbmF0dXJl\n"))
                .isEqualTo(ErrorCode.INVALID_REQUEST);
    }
}
