package io.cosd.api.auth;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.signing.Hashes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SigV4 against the published AWS S3 examples ("Signature Calculations for the Authorization
 * Header" and "Authenticating Requests: Using Query Parameters"), key AKIAIOSFODNN7EXAMPLE.
 */
class AuthenticatorSigV4Test {
    static final String AK = "AKIAIOSFODNN7EXAMPLE";
    static final String SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final AccessKey KEY = RawRequests.key(AK, SK);
    /** 20130524T000000Z */
    static final long T0 = Instant.parse("2013-05-24T00:00:00Z").getEpochSecond();

    static final String GET_OBJECT = """
            GET /test.txt HTTP/1.1
            Host: examplebucket.s3.amazonaws.com
            Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41
            Range: bytes=0-9
            x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-amz-date: 20130524T000000Z
            """;

    static final String PRESIGNED_GET = """
            GET /test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404 HTTP/1.1
            Host: examplebucket.s3.amazonaws.com
            """;

    static Authenticator at(long t) { return new Authenticator(RawRequests.keys(KEY), RawRequests.at(t)); }

    static ErrorCode failure(Authenticator a, String raw) {
        try {
            a.authenticate(RawRequests.parse(raw));
        } catch (ApiException e) {
            return e.code();
        }
        throw new AssertionError("expected an ApiException");
    }

    static AuthResult.Authenticated ok(Authenticator a, String raw) {
        AuthResult r = a.authenticate(RawRequests.parse(raw));
        assertThat(r).isInstanceOf(AuthResult.Authenticated.class);
        return (AuthResult.Authenticated) r;
    }

    @Test
    void awsExampleGetObjectWithRangeVerifies() {
        AuthResult.Authenticated r = ok(at(T0 + 60), GET_OBJECT);
        assertThat(r.key()).isEqualTo(KEY);
        assertThat(r.scheme()).isEqualTo(AuthResult.Scheme.SIGV4_HEADER);
        assertThat(r.payload()).isEqualTo(new AuthResult.Payload.Sha256(Hashes.EMPTY_SHA256));
    }

    @Test
    void awsExamplePutObjectWithDollarInKeyAndDateHeaderVerifies() {
        AuthResult.Authenticated r = ok(at(T0), """
                PUT test$file.text HTTP/1.1
                Host: examplebucket.s3.amazonaws.com
                Date: Fri, 24 May 2013 00:00:00 GMT
                Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd
                x-amz-date: 20130524T000000Z
                x-amz-storage-class: REDUCED_REDUNDANCY
                x-amz-content-sha256: 44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072
                """.replace("PUT test$file.text", "PUT /test$file.text"));
        assertThat(r.payload()).isEqualTo(new AuthResult.Payload.Sha256("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"));
    }

    @Test
    void awsExampleGetBucketLifecycleWithValuelessParamVerifies() {
        ok(at(T0), """
                GET /?lifecycle HTTP/1.1
                Host: examplebucket.s3.amazonaws.com
                Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543
                x-amz-date: 20130524T000000Z
                x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """);
    }

    @Test
    void awsExampleListObjectsSortsQueryParams() {
        ok(at(T0), """
                GET /?max-keys=2&prefix=J HTTP/1.1
                Host: examplebucket.s3.amazonaws.com
                Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7
                x-amz-date: 20130524T000000Z
                x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """);
    }

    @Test
    void upperCaseSignatureAndSpacesAfterCommasAreAccepted() {
        String raw = GET_OBJECT.replace("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
                "F0E8BDB87C964420E857BD35B5D6ED310BD44F0170ABA48DD91039C6036BDB41").replace(",", ", ");
        ok(at(T0), raw);
    }

    @Test
    void tamperedSignedHeaderIsSignatureDoesNotMatch() {
        assertThat(failure(at(T0), GET_OBJECT.replace("bytes=0-9", "bytes=0-10"))).isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void unsignedExtraHeadersDoNotBreakSigV4() {
        ok(at(T0), GET_OBJECT + "User-Agent: aws-cli\nx-cos-sdk-retry: true\n");
    }

    @Test
    void headerDateMoreThanFifteenMinutesOffIsRequestTimeTooSkewed() {
        assertThat(failure(at(T0 + 15 * 60 + 1), GET_OBJECT)).isEqualTo(ErrorCode.REQUEST_TIME_TOO_SKEWED);
        assertThat(failure(at(T0 - 15 * 60 - 1), GET_OBJECT)).isEqualTo(ErrorCode.REQUEST_TIME_TOO_SKEWED);
        ok(at(T0 + 15 * 60), GET_OBJECT);
    }

    @Test
    void unknownAccessKeyIsInvalidAccessKeyId() {
        Authenticator none = new Authenticator(id -> Optional.empty(), RawRequests.at(T0));
        assertThat(failure(none, GET_OBJECT)).isEqualTo(ErrorCode.INVALID_ACCESS_KEY_ID);
        assertThat(failure(none, PRESIGNED_GET)).isEqualTo(ErrorCode.INVALID_ACCESS_KEY_ID);
    }

    @Test
    void malformedSigV4HeaderIsAuthorizationHeaderMalformed() {
        assertThat(failure(at(T0), "GET / HTTP/1.1\nHost: h\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request\nx-amz-date: 20130524T000000Z\n"))
                .isEqualTo(ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
        assertThat(failure(at(T0), GET_OBJECT.replace("/us-east-1/s3/aws4_request", "/us-east-1/s3")))
                .isEqualTo(ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
        assertThat(failure(at(T0), GET_OBJECT.replace("x-amz-date: 20130524T000000Z", "x-amz-date: 2013-05-24")))
                .isEqualTo(ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
        assertThat(failure(at(T0), GET_OBJECT.replace("x-amz-date: 20130524T000000Z", "x-amz-date: 20130525T000000Z")))
                .isEqualTo(ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
    }

    @Test
    void awsExamplePresignedGetVerifiesUntilExpiry() {
        AuthResult.Authenticated r = ok(at(T0 + 3600), PRESIGNED_GET);
        assertThat(r.scheme()).isEqualTo(AuthResult.Scheme.SIGV4_PRESIGNED);
        assertThat(r.payload()).isEqualTo(new AuthResult.Payload.Unsigned());
        ok(at(T0 + 86400), PRESIGNED_GET);
    }

    @Test
    void presignedGetPastExpiresIsRequestExpired() {
        assertThat(failure(at(T0 + 86401), PRESIGNED_GET)).isEqualTo(ErrorCode.REQUEST_EXPIRED);
    }

    @Test
    void presignedGetFromTheFutureIsRequestTimeTooSkewed() {
        assertThat(failure(at(T0 - 16 * 60), PRESIGNED_GET)).isEqualTo(ErrorCode.REQUEST_TIME_TOO_SKEWED);
    }

    @Test
    void presignedExpiresAboveSevenDaysIsMalformed() {
        assertThat(failure(at(T0), PRESIGNED_GET.replace("X-Amz-Expires=86400", "X-Amz-Expires=604801")))
                .isEqualTo(ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
    }

    @Test
    void presignedWithTamperedQueryIsSignatureDoesNotMatch() {
        assertThat(failure(at(T0), PRESIGNED_GET.replace("GET /test.txt?", "GET /test.txt?response-content-type=x&")))
                .isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    /**
     * AUTH-6b: --qsign-max-window bounds a SigV4 presigned URL's X-Amz-Expires as it bounds a q-sign window, a SigV2
     * URL's Expires and a SigV4 form's life (AUTH-6, AUTH-10, AUTH-P3); before, SigV4 URLs alone kept the fixed 7 days,
     * so an operator's shorter bound was not applied to them. The default window (7 days) changes nothing.
     */
    @Test
    void aPresignedUrlExpiringLaterThanTheOperatorsMaximumWindowIsRefusedWhileTheDefaultStillTakesAWeek_AUTH_6b() {
        Authenticator hourly = new Authenticator(RawRequests.keys(KEY), RawRequests.at(T0 + 60),
                new AuthSettings("us-east-1", false, java.time.Duration.ofHours(1), java.util.Set.of()));
        ApiException e = org.assertj.core.api.Assertions.catchThrowableOfType(ApiException.class,
                () -> hourly.authenticate(RawRequests.parse(PRESIGNED_GET)));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("X-Amz-Expires").contains("3600 seconds");
        Authenticator daily = new Authenticator(RawRequests.keys(KEY), RawRequests.at(T0 + 60),
                new AuthSettings("us-east-1", false, java.time.Duration.ofDays(1), java.util.Set.of()));
        ok(daily, PRESIGNED_GET); // exactly the window: accepted
        ok(at(T0 + 60), PRESIGNED_GET.replace("X-Amz-Expires=86400", "X-Amz-Expires=604800")
                .replaceAll("X-Amz-Signature=[0-9a-f]+", "X-Amz-Signature=" + resigned604800()));
    }

    /** The AWS example URL signed again with X-Amz-Expires=604800 (the default maximum), by cosd's own SigV4 math. */
    private static String resigned604800() {
        String canonical = String.join("\n", "GET", "/test.txt",
                "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                        + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=604800&X-Amz-SignedHeaders=host",
                "host:examplebucket.s3.amazonaws.com", "", "host", "UNSIGNED-PAYLOAD");
        String toSign = String.join("\n", "AWS4-HMAC-SHA256", "20130524T000000Z", "20130524/us-east-1/s3/aws4_request",
                Hashes.sha256Hex(canonical));
        return io.cosd.domain.signing.SigV4Signer.key(SK, "20130524", "us-east-1", "s3").sign(toSign);
    }
}
