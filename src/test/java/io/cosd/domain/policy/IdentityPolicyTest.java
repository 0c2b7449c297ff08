package io.cosd.domain.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.cosd.domain.policy.Policies.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Identity policies of sub-users and the one decision over both documents (docs/spec/semantics.md
 * §5.7, docs/policy.md "Identity policies").
 */
class IdentityPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANY = "qcs::cos:ap-guangzhou:uid/1250000000:";
    /** A sub-user of another account (root 100000000002, APPID 1250000001). */
    private static final Principal FOREIGN_SUB = new Principal.SubUser(new Account("100000000002", "1250000001"), "100000000021");

    static Policy identity(String json) {
        return identity(json, APPID);
    }

    static Policy identity(String json, String appId) {
        try {
            return PolicyCompiler.compileIdentity(JSON.readValue(json, Object.class), appId, REGION);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A COS 2.0 identity document with one statement (no principal). */
    static String cosId(String effect, String action, String resource) {
        return "{\"version\":\"2.0\",\"statement\":[{\"effect\":\"" + effect + "\",\"action\":[\"" + action + "\"],\"resource\":[\"" + resource + "\"]}]}";
    }

    static String iamId(String effect, String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    static Decision decide(Policy bucket, Policy id, PolicyRequest r) {
        return PolicyEvaluator.decide(new PolicyDocuments(bucket, id), r, NOW, true);
    }

    static PolicyRequest service(Principal who, String cos, String s3, String bucket, String ownerUin) {
        return new PolicyRequest(who, bucket, ownerUin, List.of(cos), s3, null, (k, a) -> null);
    }

    @Test
    void bothGrammarsCompileWithoutPrincipalAndMayNameAnyBucketOfTheAccount_POL_I1() {
        assertThat(identity(cosId("allow", "name/cos:GetObject", ANY + "otherbucket-1250000000/*")).size()).isEqualTo(1);
        assertThat(identity(cosId("allow", "name/cos:*", "*")).size()).isEqualTo(1);
        assertThat(identity(iamId("Allow", "s3:*", "*")).size()).isEqualTo(1);   // IAM allows a bare * in identity policies
        assertThat(identity(iamId("Allow", "s3:GetObject", "arn:aws:s3:::anybucket/*")).size()).isEqualTo(1);
    }

    @Test
    void resourcesOfAnyBucketMatchBucketAndObjectRequestsAsInBucketPolicies_POL_I1_C5() {
        PolicyRequest listBucket = req(SUB, "GetBucket", "s3:ListBucket", null, Map.of());
        assertThat(decide(null, identity(cosId("allow", "name/cos:GetBucket", RES + "*")), listBucket).allowed()).isTrue();
        assertThat(decide(null, identity(cosId("allow", "name/cos:GetBucket", RES + "folder/*")), listBucket).allowed()).isFalse();
        assertThat(decide(null, identity(iamId("Allow", "s3:ListBucket", "arn:aws:s3:::" + BUCKET)), listBucket).allowed()).isTrue();
        assertThat(decide(null, identity(iamId("Allow", "s3:ListBucket", "arn:aws:s3:::" + BUCKET + "/*")), listBucket).allowed()).isFalse();
        assertThat(decide(null, identity(iamId("Allow", "s3:GetObject", "arn:aws:s3:::example*/a/*")), get(SUB, "a/b")).allowed()).isTrue();
        assertThat(decide(null, identity(iamId("Allow", "s3:GetObject", "arn:aws:s3:::other*/*")), get(SUB, "a/b")).allowed()).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"version\":\"2.0\",\"principal\":{\"qcs\":[\"*\"]},\"statement\":[{\"effect\":\"allow\",\"action\":\"*\",\"resource\":\"*\"}]}|Policy document should not specify a principal.",
            "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},\"effect\":\"allow\",\"action\":\"*\",\"resource\":\"*\"}]}|Policy document should not specify a principal.",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"NotPrincipal\":\"*\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}|Policy document should not specify a principal.",
            "{\"version\":\"2.0\",\"statement\":[{\"effect\":\"allow\",\"action\":\"name/cos:GetObject\",\"resource\":\"qcs::cos:ap-guangzhou:uid/1250000009:b-1250000009/*\"}]}|another account's APPID",
            "{\"version\":\"2.0\",\"statement\":[{\"effect\":\"allow\",\"action\":\"name/cos:GetObject\",\"resource\":\"qcs::cos:ap-beijing:uid/1250000000:b-1250000000/*\"}]}|another region",
            "{\"version\":\"3.0\",\"statement\":[{\"effect\":\"allow\",\"action\":\"*\",\"resource\":\"*\"}]}|valid version string",
            "{\"version\":\"2.0\",\"statement\":[{\"effect\":\"allow\",\"action\":\"name/cos:GetBuckets\",\"resource\":\"*\"}]}|invalid action",
    })
    void aPrincipalOrAnotherAccountsResourceIsMalformed_POL_I1(String doc, String message) {
        assertThatThrownBy(() -> identity(doc)).isInstanceOf(PolicyException.class).hasMessageContaining(message);
    }

    @Test
    void anIdentityAllowAloneAllowsTheSubUserAndNamesTheDocument_POL_I2_I6() {
        Policy id = identity(cosId("allow", "name/cos:GetObject", RES + "public/*"));
        Decision d = decide(null, id, get(SUB, "public/a"));
        assertThat(d.allowed()).isTrue();
        assertThat(d.source()).isEqualTo(Decision.Source.IDENTITY_POLICY);
        assertThat(d.statement()).isEqualTo("statement[0]");
        assertThat(d.describe()).isEqualTo("allowed by identity policy statement[0]");
        assertThat(d.trace()).containsExactly("identity policy statement[0]: matches (allow)");
        assertThat(decide(null, id, get(SUB, "private/a")).reason()).isEqualTo(Decision.Reason.IMPLICIT_DENY);
        assertThat(decide(null, id, req(SUB, "PutObject", "s3:PutObject", "public/a", Map.of())).allowed()).isFalse();
    }

    @Test
    void aBucketAllowAloneStillAllows_POL_I2() {
        Policy bucket = compile(cos(SUB_CAM, "allow", "name/cos:GetObject", RES + "*", null));
        Decision d = decide(bucket, identity(cosId("allow", "name/cos:PutObject", "*")), get(SUB, "k"));
        assertThat(d.allowed()).isTrue();
        assertThat(d.source()).isEqualTo(Decision.Source.BUCKET_POLICY);
    }

    @Test
    void aDenyInTheIdentityPolicyBeatsAnAllowInTheBucketPolicy_POL_I3() {
        Policy bucket = compile(cos(SUB_CAM, "allow", "name/cos:GetObject", RES + "*", null));
        Policy id = identity(cosId("deny", "name/cos:GetObject", RES + "secret/*"));
        Decision d = decide(bucket, id, get(SUB, "secret/x"));
        assertThat(d.reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
        assertThat(d.source()).isEqualTo(Decision.Source.IDENTITY_POLICY);
        assertThat(decide(bucket, id, get(SUB, "public/x")).allowed()).isTrue();
    }

    @Test
    void aDenyInTheBucketPolicyBeatsAnAllowInTheIdentityPolicy_POL_I3() {
        Policy bucket = compile(cos(SUB_CAM, "deny", "name/cos:GetObject", RES + "secret/*", null));
        Policy id = identity(iamId("Allow", "s3:*", "*"));
        Decision d = decide(bucket, id, get(SUB, "secret/x"));
        assertThat(d.reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
        assertThat(d.source()).isEqualTo(Decision.Source.BUCKET_POLICY);
        assertThat(d.describe()).startsWith("denied by bucket policy statement[0]");
        assertThat(decide(bucket, id, get(SUB, "public/x")).source()).isEqualTo(Decision.Source.IDENTITY_POLICY);
    }

    @Test
    void anIdentityPolicySpeaksOnlyForSubUsersAndTheOwnerRootIsUnchanged_POL_I7() {
        Policy id = identity(cosId("deny", "name/cos:*", "*"));
        assertThat(decide(null, id, get(ROOT, "k")).reason()).isEqualTo(Decision.Reason.OWNER);
        assertThat(decide(null, identity(cosId("allow", "name/cos:*", "*")), get(ANON, "k")).allowed()).isFalse();
        assertThat(decide(null, identity(cosId("allow", "name/cos:*", "*")), get(FOREIGN_ROOT, "k")).allowed()).isFalse();
    }

    @Test
    void anotherAccountsSubUserNeedsBothItsIdentityPolicyAndTheBucketPolicy_POL_I4() {
        String foreignCam = "qcs::cam::uin/100000000002:uin/100000000021";
        Policy bucket = compile(cos(foreignCam, "allow", "name/cos:GetObject", RES + "*", null));
        // The foreign account's identity policy in the S3 grammar (its COS resources would carry its own APPID).
        Policy id = identity(iamId("Allow", "s3:GetObject", "arn:aws:s3:::" + BUCKET + "/*"), "1250000001");
        assertThat(decide(bucket, id, get(FOREIGN_SUB, "k")).allowed()).isTrue();
        Decision bucketOnly = decide(bucket, null, get(FOREIGN_SUB, "k"));
        assertThat(bucketOnly.allowed()).isFalse();
        assertThat(bucketOnly.reason()).isEqualTo(Decision.Reason.CROSS_ACCOUNT_NEEDS_BOTH);
        assertThat(decide(null, id, get(FOREIGN_SUB, "k")).reason()).isEqualTo(Decision.Reason.CROSS_ACCOUNT_NEEDS_BOTH);
    }

    @ParameterizedTest(name = "{0} {1} on [{3}] -> {4}")
    @CsvSource(delimiter = '|', value = {
            // document                                                                    | op          | resource of the request | bucket | allowed
            "cos|name/cos:GetService|*|                                                       |true",
            "cos|name/cos:GetService|qcs::cos:ap-guangzhou:uid/1250000000:*|                  |true",
            "cos|name/cos:GetService|qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*||false",
            "iam|s3:ListAllMyBuckets|arn:aws:s3:::*|                                          |true",
            "iam|s3:ListAllMyBuckets|arn:aws:s3:::examplebucket-1250000000|                   |false",
            "cos|name/cos:PutBucket|*|new-1250000000                                          |true",
            "cos|name/cos:PutBucket|qcs::cos:ap-guangzhou:uid/1250000000:new-1250000000/*|new-1250000000|true",
            "cos|name/cos:PutBucket|qcs::cos:ap-guangzhou:uid/1250000000:new-1250000000/*|other-1250000000|false",
            "iam|s3:CreateBucket|arn:aws:s3:::new-*|new-1250000000                            |true",
            "iam|s3:CreateBucket|arn:aws:s3:::new-*|old-1250000000                            |false",
            "iam|s3:GetObject|*|new-1250000000                                                |false",
    })
    void serviceOperationsAreDecidedByTheIdentityPolicyAlone_POL_I5(String grammar, String action, String resource, String bucket, boolean allowed) {
        Policy id = identity(grammar.equals("cos") ? cosId("allow", action, resource) : iamId("Allow", action, resource));
        boolean list = bucket == null;
        PolicyRequest r = service(SUB, list ? "GetService" : "PutBucket", list ? "s3:ListAllMyBuckets" : "s3:CreateBucket",
                list ? "" : bucket, "100000000001");
        assertThat(decide(null, id, r).allowed()).isEqualTo(allowed);
        assertThat(decide(null, null, r).allowed()).isFalse();   // no identity policy: nothing
    }
}
