package io.cosd.api.auth;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.SigV4Signer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compatibility paths no published AWS vector covers, exercised by signing with our own
 * {@link SigV4Signer} (whose output is pinned by the AWS vectors in {@link AuthenticatorSigV4Test}).
 */
class SigV4RoundTripTest {
    static final String DATE = "20130524T000000Z";
    static final String SCOPE = "20130524/ap-guangzhou/s3/aws4_request";

    /** Signs with the given canonical URI/query and returns the request head with Authorization added. */
    static String sign(String requestLine, String headers, List<String> signed, String canonicalUri, String canonicalQuery,
                       String payload) {
        AuthRequest r = RawRequests.parse(requestLine + "\n" + headers);
        byte[] key = SigV4Signer.signingKey(AuthenticatorSigV4Test.SK, "20130524", "ap-guangzhou", "s3");
        String cr = SigV4Signer.canonicalRequest(r.method(), canonicalUri, canonicalQuery,
                SigV4Verifier.canonicalHeaders(r.headers(), signed), String.join(";", signed), payload);
        String sig = SigV4Signer.sign(key, SigV4Signer.stringToSign(DATE, SCOPE, cr));
        return requestLine + "\n" + headers + "Authorization: AWS4-HMAC-SHA256 Credential=" + AuthenticatorSigV4Test.AK
                + "/" + SCOPE + ", SignedHeaders=" + String.join(";", signed) + ", Signature=" + sig + "\n";
    }

    static AuthResult.Authenticated ok(String raw) {
        return AuthenticatorSigV4Test.ok(AuthenticatorSigV4Test.at(AuthenticatorSigV4Test.T0), raw);
    }

    @Test
    void aScopeOfTheDeploymentsRegionIsAccepted() {
        String raw = sign("GET /k HTTP/1.1", "Host: b.cos.ap-guangzhou.myqcloud.com\nx-amz-date: " + DATE
                        + "\nx-amz-content-sha256: UNSIGNED-PAYLOAD\n",
                List.of("host", "x-amz-content-sha256", "x-amz-date"), "/k", "", "UNSIGNED-PAYLOAD");
        assertThat(ok(raw).payload()).isEqualTo(new AuthResult.Payload.Unsigned());
    }

    @Test
    void pathSignedFromTheDecodedKeyVerifies() {
        String raw = sign("PUT /dir/a%20b%2Bc(%E8%85%BE).txt HTTP/1.1", "Host: h\nx-amz-date: " + DATE
                        + "\nx-amz-content-sha256: UNSIGNED-PAYLOAD\n",
                List.of("host", "x-amz-content-sha256", "x-amz-date"), "/dir/a%20b%2Bc%28%E8%85%BE%29.txt", "", "UNSIGNED-PAYLOAD");
        ok(raw);
    }

    @Test
    void pathSignedExactlyAsSentOnTheWireVerifies() {
        // %2F inside a key is lost by the decoded form; the raw-path retry covers clients that sign the wire path.
        String raw = sign("GET /a%2Fb HTTP/1.1", "Host: h\nx-amz-date: " + DATE + "\nx-amz-content-sha256: UNSIGNED-PAYLOAD\n",
                List.of("host", "x-amz-content-sha256", "x-amz-date"), "/a%2Fb", "", "UNSIGNED-PAYLOAD");
        ok(raw);
    }

    @Test
    void queryWithPlusAsSpaceVerifies() {
        String raw = sign("GET /?prefix=a+b&list-type=2 HTTP/1.1", "Host: h\nx-amz-date: " + DATE
                        + "\nx-amz-content-sha256: UNSIGNED-PAYLOAD\n",
                List.of("host", "x-amz-content-sha256", "x-amz-date"), "/", "list-type=2&prefix=a%20b", "UNSIGNED-PAYLOAD");
        ok(raw);
    }

    @Test
    void multiValueHeadersAndInnerSpacesAreCanonicalisedYetARepeatedSignedHeaderIsRefused_AUTH_3c() {
        String headers = "Host: h\nx-amz-date: " + DATE + "\nx-amz-foo:  one   two  \nx-amz-foo: three\n"
                + "x-amz-content-sha256: UNSIGNED-PAYLOAD\n";
        AuthRequest r = RawRequests.parse("GET / HTTP/1.1\n" + headers);
        assertThat(SigV4Verifier.canonicalHeaders(r.headers(), List.of("x-amz-foo"))).isEqualTo("x-amz-foo:one two,three\n");
        // The signature verifies over the joined values, but handlers would read only one of them.
        String raw = sign("GET / HTTP/1.1", headers, List.of("host", "x-amz-content-sha256", "x-amz-date", "x-amz-foo"), "/", "", "UNSIGNED-PAYLOAD");
        assertThatThrownBy(() -> ok(raw)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).contains("x-amz-foo").contains("more than once"));
    }

    @Test
    void missingContentSha256IsTreatedLeniently() {
        String headers = "Host: h\nx-amz-date: " + DATE + "\n";
        assertThat(ok(sign("GET / HTTP/1.1", headers, List.of("host", "x-amz-date"), "/", "", "UNSIGNED-PAYLOAD")).payload())
                .isEqualTo(new AuthResult.Payload.Unsigned());
        assertThat(ok(sign("GET / HTTP/1.1", headers, List.of("host", "x-amz-date"), "/", "", Hashes.EMPTY_SHA256)).payload())
                .isEqualTo(new AuthResult.Payload.Sha256(Hashes.EMPTY_SHA256));
    }

    @Test
    void streamingPayloadValuesMapToAwsChunked() {
        for (String mode : List.of("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
                "STREAMING-UNSIGNED-PAYLOAD-TRAILER")) {
            String headers = "Host: h\nx-amz-date: " + DATE + "\nx-amz-content-sha256: " + mode
                    + "\nx-amz-decoded-content-length: 42\nContent-Encoding: aws-chunked\n";
            var r = ok(sign("PUT /k HTTP/1.1", headers, List.of("host", "x-amz-content-sha256", "x-amz-date", "x-amz-decoded-content-length"), "/k", "", mode));
            var p = (AuthResult.Payload.AwsChunked) r.payload();
            assertThat(p.decodedLength()).isEqualTo(42);
            assertThat(p.trailer()).isEqualTo(mode.endsWith("TRAILER"));
            assertThat(p.signedChunks()).isEqualTo(!mode.contains("UNSIGNED"));
            assertThat(p.signingKey() != null).isEqualTo(p.signedChunks());
        }
    }

    @Test
    void unknownContentSha256ValueIsInvalidArgument() {
        String headers = "Host: h\nx-amz-date: " + DATE + "\nx-amz-content-sha256: nonsense\n";
        String raw = sign("PUT /k HTTP/1.1", headers, List.of("host", "x-amz-date"), "/k", "", "nonsense");
        assertThat(AuthenticatorSigV4Test.failure(AuthenticatorSigV4Test.at(AuthenticatorSigV4Test.T0), raw))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
