package io.cosd.api.object;

import io.cosd.api.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The POST Object policy document and its condition check (docs/post-object.md "Policy"), as tables. */
class PostPolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    static String b64(String json) { return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)); }

    static PostPolicy policy(String conditions) {
        return PostPolicy.parse(b64("{\"expiration\":\"2026-12-03T13:00:00.000Z\",\"conditions\":[" + conditions + "]}"));
    }

    /** fields as "name=value;name=value" */
    static Map<String, String> fields(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) return m;
        for (String p : spec.split(";")) {
            int eq = p.indexOf('=');
            m.put(p.substring(0, eq).trim(), p.substring(eq + 1));
        }
        return m;
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // conditions                                                       | fields                          | expected message or ok
            "{\"bucket\":\"b\"},[\"eq\",\"$key\",\"k\"]                                | key=k                           | ok",
            "{\"bucket\":\"other\"},[\"eq\",\"$key\",\"k\"]                            | key=k                           | Policy Condition failed: {\"bucket\":\"other\"}",
            "[\"starts-with\",\"$key\",\"user/\"]                                    | key=user/a.txt                  | ok",
            "[\"starts-with\",\"$key\",\"user/\"]                                    | key=admin/a.txt                 | Policy Condition failed: [\"starts-with\",\"$key\",\"user/\"]",
            "[\"starts-with\",\"$key\",\"\"]                                         | key=anything                    | ok",
            "[\"eq\",\"$key\",\"k\"]                                                 | key=k;x-cos-meta-a=1            | Extra input fields: x-cos-meta-a",
            "[\"eq\",\"$key\",\"k\"],[\"eq\",\"$x-cos-meta-a\",\"1\"]                  | key=k;x-cos-meta-a=1            | ok",
            "[\"eq\",\"$key\",\"k\"],[\"eq\",\"$x-cos-meta-a\",\"1\"]                  | key=k;x-cos-meta-a=2            | Policy Condition failed: [\"eq\",\"$x-cos-meta-a\",\"1\"]",
            "[\"eq\",\"$key\",\"k\"]                                                 | key=k;content-type=text/html    | Extra input fields: content-type",
            "[\"eq\",\"$key\",\"k\"],[\"starts-with\",\"$Content-Type\",\"image/\"]     | key=k;content-type=image/png    | ok",
            "[\"eq\",\"$key\",\"k\"],[\"starts-with\",\"$content-type\",\"image/\"]     | key=k;content-type=image/a,image/b | ok",
            "[\"eq\",\"$key\",\"k\"],[\"starts-with\",\"$content-type\",\"image/\"]     | key=k;content-type=image/a,text/b | Policy Condition failed: [\"starts-with\",\"$content-type\",\"image/\"]",
            "[\"eq\",\"$key\",\"k\"]                                                 | key=k;success_action_status=201 | Extra input fields: success_action_status",
            // signature, policy and x-ignore-* fields need no condition
            "[\"eq\",\"$key\",\"k\"]                                                 | key=k;x-amz-signature=s;q-signature=s;q-ak=a;q-key-time=1;q-sign-algorithm=sha1;policy=p;x-ignore-me=1 | ok",
            // S3: x-amz-algorithm/credential/date are fields like any other and must be covered
            "[\"eq\",\"$key\",\"k\"]                                                 | key=k;x-amz-credential=c        | Extra input fields: x-amz-credential",
            // a condition on a field the form does not have fails (it is not silently true)
            "[\"eq\",\"$key\",\"k\"],[\"eq\",\"$acl\",\"private\"]                     | key=k                           | Policy Condition failed: [\"eq\",\"$acl\",\"private\"]",
            // ...except a COS signature field the COS documentation's forms name but do not send
            "[\"eq\",\"$key\",\"k\"],{\"q-sign-time\":\"1;2\"}                         | key=k                           | ok",
            "[\"eq\",\"$key\",\"k\"]                                                 | -                               | Policy Condition failed: [\"eq\",\"$key\",\"k\"]",
    })
    void everyConditionHoldsAndEveryFieldIsCovered_AUTH_P1(String conditions, String form, String expected) {
        PostPolicy p = policy(conditions);
        if (expected.equals("ok")) {
            p.check("b", fields(form), NOW);
        } else {
            assertThatThrownBy(() -> p.check("b", fields(form), NOW))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code().code()).isEqualTo("AccessDenied");
                        assertThat(e.getMessage()).isEqualTo("Invalid according to Policy: " + expected);
                    });
        }
    }

    /** The key field as sent, the key stored (its ${filename} replaced by the file's name), and whether the condition holds. */
    @ParameterizedTest(name = "{0} for key {1} stored as {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "[\"starts-with\",\"$key\",\"foo\"]          | ${filename}          | foo.txt             | true",
            "[\"starts-with\",\"$key\",\"up/\"]          | up/${filename}       | up/a.txt            | true",
            "{\"key\":\"up/${filename}\"}                   | up/${filename}       | up/a.txt            | true",
            "{\"key\":\"up/a.txt\"}                         | ${filename}          | up/a.txt            | true",
            "[\"starts-with\",\"$key\",\"user/\"]        | ${filename}          | admin/x             | false",
            "{\"key\":\"up/a.txt\"}                         | ${filename}          | up/b.txt            | false",
            "[\"starts-with\",\"$key\",\"user/\"]        | admin/${filename}    | admin/user/x        | false",
    })
    void aKeyConditionHoldsForTheKeyStoredOrTheKeyFieldAsSent_AUTH_P1(String condition, String sent, String stored, boolean holds) {
        PostPolicy p = policy(condition);
        if (holds) {
            p.check("b", Map.of("key", sent), stored, NOW);
        } else {
            assertThatThrownBy(() -> p.check("b", Map.of("key", sent), stored, NOW))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                            .isEqualTo("Invalid according to Policy: Policy Condition failed: " + condition.trim()));
        }
    }

    @Test
    void anExpiredPolicyIsAccessDenied_AUTH_P1() {
        PostPolicy p = PostPolicy.parse(b64("{\"expiration\":\"2026-12-03T11:59:59Z\",\"conditions\":[[\"eq\",\"$key\",\"k\"]]}"));
        assertThatThrownBy(() -> p.check("b", Map.of("key", "k"), NOW))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo("Invalid according to Policy: Policy expired."));
    }

    @Test
    void theLengthRangeIsReturnedForTheStreamToEnforce_AUTH_P1() {
        PostPolicy.LengthRange r = policy("[\"eq\",\"$key\",\"k\"],[\"content-length-range\",10,100]").check("b", Map.of("key", "k"), NOW);
        assertThat(r.min()).isEqualTo(10);
        assertThat(r.max()).isEqualTo(100);
    }

    @Test
    void everyContentLengthRangeHoldsSoTheFileIsHeldToTheirIntersection_AUTH_P1() {
        PostPolicy.LengthRange r = policy("[\"content-length-range\",0,10],[\"content-length-range\",5,1000000],{\"key\":\"k\"}")
                .check("b", Map.of("key", "k"), NOW);
        assertThat(r.min()).isEqualTo(5);
        assertThat(r.max()).as("the policy allows at most 10 bytes").isEqualTo(10);
        PostPolicy.LengthRange none = policy("[\"content-length-range\",20,30],[\"content-length-range\",0,10],{\"key\":\"k\"}")
                .check("b", Map.of("key", "k"), NOW);
        assertThat(none.min()).as("disjoint ranges admit no length").isGreaterThan(none.max());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not base64 !!!                                                              | Invalid Policy: Invalid Base64 encoding.",
    })
    void aPolicyThatIsNotBase64IsInvalid(String raw, String message) {
        assertThatThrownBy(() -> PostPolicy.parse(raw.trim()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).isEqualTo("InvalidPolicyDocument");
                    assertThat(e.getMessage()).isEqualTo(message.trim());
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json                                                             | Invalid Policy: Invalid JSON.",
            "[]                                                                   | Invalid Policy: Invalid JSON.",
            "{\"conditions\":[]}                                                  | Invalid Policy: Policy missing expiration.",
            "{\"expiration\":\"tomorrow\",\"conditions\":[]}                       | Invalid Policy: Invalid 'expiration' value: 'tomorrow'",
            "{\"expiration\":\"2026-12-03T13:00:00Z\"}                             | Invalid Policy: Policy missing conditions.",
            "{\"expiration\":\"2026-12-03T13:00:00Z\",\"conditions\":[[\"lt\",\"$key\",\"a\"]]} | Invalid Policy: Invalid Condition: unknown operator lt",
            "{\"expiration\":\"2026-12-03T13:00:00Z\",\"conditions\":[[\"eq\",\"key\",\"a\"]]}  | Invalid Policy: Invalid Condition: [\"eq\",\"key\",\"a\"]",
            "{\"expiration\":\"2026-12-03T13:00:00Z\",\"conditions\":[[\"content-length-range\",5,1]]} | Invalid Policy: Invalid content-length-range: [\"content-length-range\",5,1]",
            "{\"expiration\":\"2026-12-03T13:00:00Z\",\"conditions\":[{\"a\":\"1\",\"b\":\"2\"}]} | Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.",
    })
    void aMalformedDocumentIsInvalidPolicyDocument(String json, String message) {
        assertThatThrownBy(() -> PostPolicy.parse(b64(json.trim())))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).isEqualTo("InvalidPolicyDocument");
                    assertThat(e.getMessage()).isEqualTo(message.trim());
                });
    }
}
