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

    /** S3's SigV2 form, computed here with javax.crypto: base64(HMAC-SHA1(SecretKey, the base64 policy field)). */
    static Map<String, String> sigV2() {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(SK.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            Map<String, String> f = new HashMap<>();
            f.put("awsaccesskeyid", AK);
            f.put("signature", Base64.getEncoder().encodeToString(mac.doFinal(B64.getBytes(StandardCharsets.US_ASCII))));
            return f;
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSigV2FormSignatureOverTheBase64PolicyNamesTheSigner_AUTH_P4() {
        assertThat(auth.verifyPostForm(sigV2()::get, B64, JSON, EXPIRES)).isInstanceOf(Principal.Root.class);
    }

    /**
     * The AWS developer guide's SigV2 form example ("Upload examples (AWS signature version 2)": the johnsmith
     * policy signed with its example SecretAccessKey is 0RavWzkygo6QX9caELEqKi9kDbU=), verified through the
     * form verifier with that key.
     */
    @Test
    void theDeveloperGuidesSigV2FormExampleVerifies_AUTH_P4() {
        String policy = "eyAiZXhwaXJhdGlvbiI6ICIyMDA3LTEyLTAxVDEyOjAwOjAwLjAwMFoiLAogICJjb25kaXRpb25zIjogWwogICAgeyJidWNrZXQiOiAiam9obnNtaXRoIn0s"
                + "CiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci9lcmljLyJdLAogICAgeyJhY2wiOiAicHVibGljLXJlYWQifSwKICAgIHsic3VjY2Vzc19hY3Rpb25f"
                + "cmVkaXJlY3QiOiAiaHR0cDovL2pvaG5zbWl0aC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwKICAgIFsic3RhcnRzLXdpdGgiLCAi"
                + "JENvbnRlbnQtVHlwZSIsICJpbWFnZS8iXSwKICAgIHsieC1hbXotbWV0YS11dWlkIjogIjE0MzY1MTIzNjUxMjc0In0sCiAgICBbInN0YXJ0cy13aXRoIiwgIiR4"
                + "LWFtei1tZXRhLXRhZyIsICIiXQogIF0KfQo=";
        var guide = new Authenticator(RawRequests.keys(RawRequests.key("AKIAIOSFODNN7EXAMPLE", "uV3F3YluFJax1cknvbcGwgjvx4QpvB+leU8dUj2o")),
                RawRequests.at(java.time.Instant.parse("2007-12-01T11:00:00Z").getEpochSecond()), AuthSettings.of("ap-guangzhou"));
        Map<String, String> f = Map.of("awsaccesskeyid", "AKIAIOSFODNN7EXAMPLE", "signature", "0RavWzkygo6QX9caELEqKi9kDbU=");
        String json = new String(Base64.getDecoder().decode(policy), StandardCharsets.UTF_8);
        assertThat(guide.verifyPostForm(f::get, policy, json, java.time.Instant.parse("2007-12-01T12:00:00Z"))).isInstanceOf(Principal.Root.class);
    }

    @Test
    void withSigV2OffASigV2FormIsInvalidRequestNeverAnonymous_UB_6() {
        var off = AuthenticatorCoverageTest.authenticator(new AuthSettings("ap-guangzhou", false, AuthSettings.DEFAULT_MAX_QSIGN_WINDOW,
                java.util.Set.of(), false));
        assertThatThrownBy(() -> off.verifyPostForm(sigV2()::get, B64, JSON, EXPIRES))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).isEqualTo("InvalidRequest");
                    assertThat(e.code().status()).isEqualTo(400);
                });
    }

    /** Around now (2026-01-02T03:04:05Z) with the default 7-day window and 15-minute skew: only the policy's expiration is seen. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "expiring within the hour            | 2026-01-02T04:04:05Z | true",
            "expiring at the end of the window   | 2026-01-09T03:19:05Z | true",
            "expiring past the window            | 2026-01-09T03:19:06Z | false",
            "expiring in a year                  | 2027-01-02T03:04:05Z | false",
    })
    void aSigV2FormsPolicyMayExpireNoFurtherAheadThanTheMaximumWindow_AUTH_P4(String when, String expiration, boolean accepted) {
        Runnable check = () -> PostFormVerifier.v2Lifetime(java.time.Instant.parse(expiration), AuthenticatorCoverageTest.NOW,
                AuthSettings.of("ap-guangzhou"));
        if (accepted) {
            check.run();
        } else {
            assertThatThrownBy(check::run).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.code().code()).isEqualTo("AccessDenied");
                assertThat(e.getMessage()).startsWith("Invalid according to Policy: the policy's expiration lies more than 604800 seconds ahead");
            });
        }
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
            "q-key-time in the future| RequestTimeTooSkewed",
            "q-ak unknown            | InvalidAccessKeyId",
            "q-signature missing     | InvalidArgument",
            "no policy               | InvalidArgument",
            "v4 other region         | InvalidArgument",
            "v4 other service        | InvalidArgument",
            "v4 another policy       | SignatureDoesNotMatch",
            "v4 date not the scope's | InvalidArgument",
            "v2 another policy       | SignatureDoesNotMatch",
            "v2 signature reversed   | SignatureDoesNotMatch",
            "v2 key unknown          | InvalidAccessKeyId",
            "v2 signature missing    | InvalidArgument",
            "v2 key id missing       | InvalidArgument",
            "v2 no policy            | InvalidArgument",
            "v2 beside a q-sign      | InvalidArgument",
            "v2 beside a SigV4       | InvalidArgument",
    })
    void aFormSignatureThatDoesNotVouchForThisPolicyIsRefused_AUTH_P1(String attack, String code) {
        String json = JSON, b64 = B64;
        Map<String, String> f;
        switch (attack.trim()) {
            case "another policy" -> { f = qSign((NOW - 60) + ";" + (NOW + 600)); json = JSON.replace("a-1250000000", "b-1250000000"); }
            case "q-key-time ended" -> f = qSign((NOW - 600) + ";" + (NOW - 1));
            case "q-key-time too long" -> f = qSign((NOW - 60) + ";" + (NOW + 30L * 24 * 3600));
            case "q-key-time in the future" -> f = qSign((NOW + 30L * 24 * 3600) + ";" + (NOW + 30L * 24 * 3600 + 3600));
            case "q-ak unknown" -> { f = qSign((NOW - 60) + ";" + (NOW + 600)); f.put("q-ak", "AKIDunknown"); }
            case "q-signature missing" -> { f = qSign((NOW - 60) + ";" + (NOW + 600)); f.remove("q-signature"); }
            case "no policy" -> { f = qSign((NOW - 60) + ";" + (NOW + 600)); json = null; b64 = null; }
            case "v4 other region" -> f = sigV4("us-east-1", "s3");
            case "v4 other service" -> f = sigV4("ap-guangzhou", "ec2");
            case "v4 another policy" -> { f = sigV4("ap-guangzhou", "s3"); b64 = Base64.getEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8)); }
            case "v4 date not the scope's" -> { f = sigV4("ap-guangzhou", "s3"); f.put("x-amz-date", "20260103T030405Z"); }
            case "v2 another policy" -> { f = sigV2(); b64 = Base64.getEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8)); }
            case "v2 signature reversed" -> { f = sigV2(); f.put("signature", new StringBuilder(f.get("signature")).reverse().toString()); }
            case "v2 key unknown" -> { f = sigV2(); f.put("awsaccesskeyid", new StringBuilder(AK).reverse().toString()); }
            case "v2 signature missing" -> { f = sigV2(); f.remove("signature"); }
            case "v2 key id missing" -> { f = sigV2(); f.remove("awsaccesskeyid"); }
            case "v2 no policy" -> { f = sigV2(); json = null; b64 = null; }
            case "v2 beside a q-sign" -> { f = sigV2(); f.putAll(qSign((NOW - 60) + ";" + (NOW + 600))); }
            case "v2 beside a SigV4" -> { f = sigV2(); f.putAll(sigV4("ap-guangzhou", "s3")); }
            default -> throw new IllegalArgumentException(attack);
        }
        String j = json, b = b64;
        Map<String, String> fields = f;
        assertThatThrownBy(() -> auth.verifyPostForm(fields::get, b, j, EXPIRES))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo(code));
    }

    /**
     * AUTH-6 for a q-sign form as for the header form: a q-key-time may start ahead of the clock by the skew
     * allowance (15 minutes), no more (403 RequestTimeTooSkewed), so --qsign-max-window bounds its use from now.
     */
    @ParameterizedTest(name = "starting {0} s ahead: accepted {1}")
    @CsvSource({"0, true", "900, true", "901, false", "2592000, false"})
    void aQSignFormsKeyTimeMayStartAheadOfTheClockOnlyByTheSkewAllowance_AUTH_6_P3(long ahead, boolean accepted) {
        Map<String, String> f = qSign((NOW + ahead) + ";" + (NOW + ahead + 600));
        if (accepted) {
            assertThat(auth.verifyPostForm(f::get, B64, JSON, EXPIRES)).isInstanceOf(Principal.Root.class);
        } else {
            assertThatThrownBy(() -> auth.verifyPostForm(f::get, B64, JSON, EXPIRES))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code().code()).isEqualTo("RequestTimeTooSkewed");
                        assertThat(e.code().status()).isEqualTo(403);
                    });
        }
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
