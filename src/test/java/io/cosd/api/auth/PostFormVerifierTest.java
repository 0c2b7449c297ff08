package io.cosd.api.auth;

import io.cosd.api.error.ApiException;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.SigV4Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The POST Object form signatures (docs/post-object.md "Signatures"): who vouches for the policy. */
class PostFormVerifierTest {
    static final String AK = AuthenticatorCoverageTest.AK;
    static final String SK = AuthenticatorCoverageTest.SK;
    static final long NOW = AuthenticatorCoverageTest.NOW.getEpochSecond();
    static final String JSON = "{\"expiration\":\"2026-01-02T04:00:00Z\",\"conditions\":[{\"bucket\":\"a-1250000000\"}]}";
    static final java.time.Instant EXPIRES = java.time.Instant.parse("2026-01-02T04:00:00Z");
    static final String B64 = Base64.getEncoder().encodeToString(JSON.getBytes(StandardCharsets.UTF_8));

    final Authenticator auth = AuthenticatorCoverageTest.authenticator(AuthSettings.of("ap-guangzhou"));

    static Map<String, String> qSign(String keyTime) {
        String signKey = Hashes.hex(Hashes.hmacSha1(SK.getBytes(StandardCharsets.UTF_8), keyTime));
        Map<String, String> f = new HashMap<>();
        f.put("q-sign-algorithm", "sha1");
        f.put("q-ak", AK);
        f.put("q-key-time", keyTime);
        f.put("q-signature", Hashes.hex(Hashes.hmacSha1(signKey.getBytes(StandardCharsets.US_ASCII), Hashes.sha1Hex(JSON))));
        return f;
    }

    static Map<String, String> sigV4(String region, String service) {
        Map<String, String> f = new HashMap<>();
        f.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
        f.put("x-amz-credential", AK + "/20260102/" + region + "/" + service + "/aws4_request");
        f.put("x-amz-date", "20260102T030405Z");
        f.put("x-amz-signature", SigV4Signer.key(SK, "20260102", region, service).sign(B64));
        return f;
    }

    @Test
    void aQSignOverThePolicyJsonNamesTheSigner() {
        assertThat(auth.verifyPostForm(qSign((NOW - 60) + ";" + (NOW + 600))::get, B64, JSON, EXPIRES)).isInstanceOf(Principal.Root.class);
    }

    @Test
    void aSigV4OverTheBase64PolicyNamesTheSigner() {
        assertThat(auth.verifyPostForm(sigV4("ap-guangzhou", "s3")::get, B64, JSON, EXPIRES)).isInstanceOf(Principal.Root.class);
    }

    @Test
    void aFormWithoutSignatureFieldsIsAnonymous() {
        assertThat(auth.verifyPostForm(Map.of("key", "k")::get, B64, JSON, EXPIRES)).isNull();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "another policy          | SignatureDoesNotMatch",
            "q-key-time ended        | AccessDenied",
            "q-key-time too long     | AccessDenied",
            "q-ak unknown            | InvalidAccessKeyId",
            "q-signature missing     | InvalidArgument",
            "no policy               | InvalidArgument",
            "v4 other region         | InvalidArgument",
            "v4 other service        | InvalidArgument",
            "v4 another policy       | SignatureDoesNotMatch",
            "v4 date not the scope's | InvalidArgument",
            "sigv2 fields            | InvalidRequest",
    })
    void aFormSignatureThatDoesNotVouchForThisPolicyIsRefused_AUTH_P1(String attack, String code) {
        String json = JSON, b64 = B64;
        Map<String, String> f;
        switch (attack.trim()) {
            case "another policy" -> { f = qSign((NOW - 60) + ";" + (NOW + 600)); json = JSON.replace("a-1250000000", "b-1250000000"); }
            case "q-key-time ended" -> f = qSign((NOW - 600) + ";" + (NOW - 1));
            case "q-key-time too long" -> f = qSign((NOW - 60) + ";" + (NOW + 30L * 24 * 3600));
            case "q-ak unknown" -> { f = qSign((NOW - 60) + ";" + (NOW + 600)); f.put("q-ak", "AKIDunknown"); }
            case "q-signature missing" -> { f = qSign((NOW - 60) + ";" + (NOW + 600)); f.remove("q-signature"); }
            case "no policy" -> { f = qSign((NOW - 60) + ";" + (NOW + 600)); json = null; b64 = null; }
            case "v4 other region" -> f = sigV4("us-east-1", "s3");
            case "v4 other service" -> f = sigV4("ap-guangzhou", "ec2");
            case "v4 another policy" -> { f = sigV4("ap-guangzhou", "s3"); b64 = Base64.getEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8)); }
            case "v4 date not the scope's" -> { f = sigV4("ap-guangzhou", "s3"); f.put("x-amz-date", "20260103T030405Z"); }
            case "sigv2 fields" -> f = Map.of("awsaccesskeyid", AK, "signature", "x");
            default -> throw new IllegalArgumentException(attack);
        }
        String j = json, b = b64;
        Map<String, String> fields = f;
        assertThatThrownBy(() -> auth.verifyPostForm(fields::get, b, j, EXPIRES))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo(code));
    }

    /** Times around the form's x-amz-date (2026-01-02T03:04:05Z), the default 7-day window and 15-minute skew. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "signed now, policy for an hour              | 2026-01-02T03:04:05Z | 2026-01-02T04:04:05Z | null",
            "used at the end of the window               | 2026-01-09T03:19:05Z | 2026-01-09T03:19:05Z | null",
            "used after the window                       | 2026-01-09T03:19:06Z | 2026-01-10T00:00:00Z | Request has expired",
            "policy expiring after the window            | 2026-01-02T03:04:05Z | 2026-01-09T03:19:06Z | Invalid according to Policy: Policy expired.",
            "dated within the skew ahead                 | 2026-01-02T02:49:05Z | 2026-01-02T04:00:00Z | null",
            "dated further ahead than the skew           | 2026-01-02T02:49:04Z | 2026-01-02T04:00:00Z | Request is not valid yet",
    })
    void aSigV4FormIsBoundedByTheServersMaximumWindowFromItsDate_AUTH_P3(String when, String now, String expiration, String refusal) {
        Runnable check = () -> PostFormVerifier.lifetime(java.time.Instant.parse("2026-01-02T03:04:05Z"),
                java.time.Instant.parse(expiration), java.time.Instant.parse(now), AuthSettings.of("ap-guangzhou"));
        if (refusal == null) {
            check.run();
        } else {
            assertThatThrownBy(check::run).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.code().code()).isEqualTo("AccessDenied");
                assertThat(e.getMessage()).isEqualTo(refusal);
            });
        }
    }
}
