package io.cosd.domain.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.cosd.domain.policy.Policies.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validation: every defect is rejected with a message naming it (POL-C12, POL-S1..S3). */
class PolicyCompilerTest {
    @Test
    void theSeedSamplePolicyCompiles_POL_C2_C5_C7() {
        Policy p = compile("{\"Statement\": [{\"Principal\": {\"qcs\": [\"qcs::cam::uin/100000000001:uin/100000000011\"]}, \"Effect\": \"allow\","
                + " \"Action\": [\"name/cos:GetBucket\"], \"Resource\": [\"qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*\"],"
                + " \"condition\": {\"ip_equal\": {\"qcs:ip\": \"10.121.2.10/24\"}}}], \"version\": \"2.0\"}");
        assertThat(p.size()).isEqualTo(1);
        assertThat(p.version()).isEqualTo("2.0");
    }

    @Test
    void elementNamesAreCaseInsensitive_POL_C1() {
        assertThat(compile("{\"VERSION\":\"2.0\",\"STATEMENT\":[{\"PRINCIPAL\":{\"QCS\":[\"*\"]},\"EFFECT\":\"ALLOW\",\"ACTION\":\"name/cos:*\",\"RESOURCE\":\"*\"}]}").size())
                .isEqualTo(1);
    }

    @Test
    void effectIsCaseInsensitive_POL_C3() {
        for (String e : new String[]{"allow", "Allow", "ALLOW", "deny", "Deny", "DENY"}) {
            Statement st = compile(cos("*", e, "*", "*", null)).statements().get(0);
            assertThat(st.effect()).isEqualTo(e.equalsIgnoreCase("allow") ? Effect.ALLOW : Effect.DENY);
        }
    }

    @Test
    void anS3DocumentCompiles_POL_S1_S3() {
        Policy p = compile("{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"pub\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":[\"s3:GetObject\",\"s3:List*\"],\"Resource\":[\"arn:aws:s3:::examplebucket-1250000000/*\",\"arn:aws:s3:::examplebucket-1250000000\"]}}");
        assertThat(p.statements().get(0).sid()).isEqualTo("pub");
    }

    @Test
    void aPolicyLevelPrincipalAppliesToStatementsWithoutOne_POL_C2() {
        assertThat(compile("{\"version\":\"2.0\",\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"statement\":[{\"effect\":\"allow\","
                + "\"action\":[\"name/cos:GetObject\"],\"resource\":[\"" + RES + "*\"]}]}").size()).isEqualTo(1);
    }

    @Test
    void s3PutObjectOnABucketArnIsAccepted_POL_S4() {
        // Conflicting evidence (S3T test_bucket_policy_multipart PUTs this and expects success): accepted, it simply never matches.
        assertThat(compile("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\","
                + "\"Resource\":\"arn:aws:s3:::examplebucket-1250000000\"}]}").size()).isEqualTo(1);
    }

    @Test
    void rolesAndGroupsAreAcceptedAndWildcardBucketArnsToo_POL_C2_S3() {
        assertThat(compile("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::100000000001:root\","
                + "\"100000000001\",\"arn:aws:iam::100000000001:user/100000000011\"]},\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::*\",\"arn:aws:s3:::*/*\"]}]}").size())
                .isEqualTo(1);
        assertThat(compile(cos("qcs::cam::uin/100000000001:roleName/reader", "allow", "name/cos:GetObject", RES + "*", null)).size()).isEqualTo(1);
    }

    /** Each row: a defective document and a fragment its message must contain. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            // POL-S1 version
            "{\"version\":\"3.0\",\"statement\":[]}                                         | valid version string",
            "{\"version\":2,\"statement\":[]}                                               | valid version string",
            // POL-S2 statement
            "{\"version\":\"2.0\"}                                                          | Missing required field Statement",
            "{\"version\":\"2.0\",\"statement\":[]}                                         | Statement is empty",
            "[1]                                                                            | must be a JSON object",
            "{\"version\":\"2.0\",\"bogus\":1,\"statement\":[]}                             | Unknown field bogus",
            "{\"version\":\"2.0\",\"Version\":\"2.0\",\"statement\":[]}                     | Duplicate field",
            // POL-S3 / POL-C3 effect
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"action\":[\"*\"],\"resource\":[\"*\"]}]}                     | Missing required field Effect",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allowed\",\"action\":[\"*\"],\"resource\":[\"*\"]}]} | Invalid effect in statement[0]: allowed",
            // principal
            "{\"version\":\"2.0\",\"statement\":[{\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"]}]}                                  | Missing required field Principal",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"qcs::cam::uin/abc\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"]}]} | Invalid principal in policy (statement[0]): qcs::cam::uin/abc",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"Service\":[\"x\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"]}]} | unsupported principal type Service",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":\"everyone\",\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"]}]}         | Invalid principal in policy",
            // POL-C4 actions
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"name/cos:FlyObject\"],\"resource\":[\"*\"]}]} | invalid action in statement[0]: name/cos:FlyObject",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"name/cos:getobject\"],\"resource\":[\"*\"]}]} | invalid action in statement[0]: name/cos:getobject",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"s3:Teleport\"],\"resource\":[\"*\"]}]}       | invalid action in statement[0]: s3:Teleport",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"permid/1\"],\"resource\":[\"*\"]}]}          | invalid action in statement[0]: permid/1",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[],\"resource\":[\"*\"]}]}                      | Empty Action",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"resource\":[\"*\"]}]}                                   | Missing required field Action",
            // POL-C5 resources
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"qcs::cos:ap-guangzhou:uid/1250000000:otherbucket-1250000000/*\"]}]} | not this bucket examplebucket-1250000000",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"qcs::cos:ap-guangzhou:uid/1250000009:examplebucket-1250000000/*\"]}]} | another account's APPID",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"qcs::cos:ap-beijing:uid/1250000000:examplebucket-1250000000/*\"]}]} | another region",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"qcs::cos:examplebucket-1250000000/*\"]}]} | invalid resource: qcs::cos:examplebucket",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"examplebucket-1250000000/*\"]}]} | invalid resource: examplebucket",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"arn:aws:s3:::other-1/*\"]}]} | not this bucket",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Principal\":\"*\",\"Effect\":\"Allow\",\"Action\":[\"s3:*\"],\"Resource\":\"*\"}]}                 | invalid resource: *",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"]}]}                                      | Missing required field Resource",
            // POL-C7 operators, POL-C9 keys, values
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"],\"condition\":{\"ip_equals\":{\"qcs:ip\":\"1.2.3.4\"}}}]}  | Unknown condition operator in statement[0]: ip_equals",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"],\"condition\":{\"null_equal_if_exist\":{\"qcs:ip\":\"true\"}}}]} | Unknown condition operator",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"],\"condition\":{\"string_equal\":{\"cos:colour\":\"red\"}}}]}  | Unknown condition key in statement[0]: cos:colour",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"],\"condition\":{\"ip_equal\":{\"qcs:ip\":\"10.0.0.300\"}}}]}    | Invalid value for condition ip_equal on qcs:ip in statement[0]: 10.0.0.300",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"],\"condition\":{\"numeric_less_than\":{\"cos:content-length\":\"ten\"}}}]} | Invalid value for condition numeric_less_than",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"],\"condition\":{\"date_less_than\":{\"qcs:current_time\":\"yesterday\"}}}]}  | Invalid value for condition date_less_than",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"],\"condition\":{\"bool_equal\":{\"cos:secure-transport\":\"yes\"}}}]}  | Invalid value for condition bool_equal",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"],\"condition\":{\"IpAddress\":\"1.2.3.4\"}}]}                     | must map keys to values",
    })
    void malformedDocumentsAreRejectedNamingTheDefect_POL_C12_S2_S3(String json, String fragment) {
        assertThatThrownBy(() -> compile(json)).isInstanceOf(PolicyException.class).hasMessageContaining(fragment.trim());
    }

    @Test
    void anAbsentVersionMeans2008_POL_S1() {
        assertThat(compile("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::examplebucket-1250000000/*\"}]}")
                .version()).isEqualTo("2008-10-17");
    }

    @Test
    void everyCosAndS3OperatorSpellingIsKnown_POL_C7_S5() {
        for (Operator o : Operator.values()) {
            if (o.cos != null) assertThat(Operator.byName(o.cos)).isEqualTo(o);
            assertThat(Operator.byName(o.s3)).isEqualTo(o);
        }
        String cond = "{\"for_any_value:string_equal_if_exist\":{\"cos:x-cos-acl\":[\"private\"]},\"ForAllValues:StringLikeIfExists\":{\"aws:Referer\":\"*\"},"
                + "\"ForAnyValue:IpAddress\":{\"aws:SourceIp\":\"::1\"},\"NumericLessThanEquals\":{\"s3:max-keys\":\"10\"},"
                + "\"Null\":{\"s3:ExistingObjectTag/team\":\"false\"},\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"},"
                + "\"string_not_equal_ignore_case\":{\"cos:x-cos-storage-class\":\"archive\"}}";
        assertThat(compile(cos("*", "allow", "*", "*", cond)).statements().get(0).conditions()).hasSize(7);
    }

    @ParameterizedTest
    @CsvSource({
            "s3:x-amz-copy-source, COPY_SOURCE, ",
            "S3:X-AMZ-COPY-SOURCE, COPY_SOURCE, ",
            "s3:x-amz-metadata-directive, METADATA_DIRECTIVE, ",
            "s3:x-amz-grant-read, GRANT_READ, ",
            "s3:x-amz-grant-write, GRANT_WRITE, ",
            "s3:x-amz-grant-read-acp, GRANT_READ_ACP, ",
            "s3:x-amz-grant-write-acp, GRANT_WRITE_ACP, ",
            "s3:x-amz-grant-full-control, GRANT_FULL_CONTROL, ",
            "s3:RequestObjectTag/Security, REQUEST_OBJECT_TAG, Security",
            "s3:requestobjecttag/a/b, REQUEST_OBJECT_TAG, a/b",
            "s3:RequestObjectTagKeys, REQUEST_OBJECT_TAG_KEYS, ",
            "s3:ExistingObjectTag/Team, EXISTING_OBJECT_TAG, Team",
            "s3:x-amz-server-side-encryption, SSE, ",
            "s3:x-amz-server-side-encryption-aws-kms-key-id, SSE_KMS_KEY_ID, ",
            "s3:x-amz-server-side-encryption-customer-algorithm, SSE_CUSTOMER_ALGORITHM, ",
            "s3:object-lock-mode, OBJECT_LOCK_MODE, ",
            "s3:Object-Lock-Retain-Until-Date, OBJECT_LOCK_RETAIN_UNTIL_DATE, ",
            "s3:object-lock-legal-hold, OBJECT_LOCK_LEGAL_HOLD, ",
    })
    void theCopyGrantTagAndEncryptionKeysAreKnownCaseInsensitivelyAndATagKeepsItsCase_POL_S9_S10_S11_S12(String name, ContextKey key, String arg) {
        ContextKey.Parsed p = ContextKey.parse(name);
        assertThat(p).isNotNull();
        assertThat(p.key()).isEqualTo(key);
        assertThat(p.arg()).isEqualTo(arg);
        String cond = "{\"StringLike\":{\"" + name + "\":\"x*\"}}";
        assertThat(compile(s3Policy(cond)).statements().get(0).conditions()).hasSize(1);
    }

    @Test
    void aTagKeyWithoutATagAndUnknownNeighboursStayMalformed_POL_S11_C12() {
        for (String name : new String[]{"s3:RequestObjectTag/", "s3:RequestObjectTag", "s3:x-amz-grant", "s3:x-amz-copy-source-range",
                "cos:x-cos-grant-read", "cos:x-cos-copy-source"}) {
            assertThatThrownBy(() -> compile(s3Policy("{\"StringEquals\":{\"" + name + "\":\"v\"}}")))
                    .isInstanceOf(PolicyException.class).hasMessageContaining("Unknown condition key");
        }
    }

    private static String s3Policy(String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\","
                + "\"Resource\":\"arn:aws:s3:::examplebucket-1250000000/*\",\"Condition\":" + condition + "}]}";
    }
}
