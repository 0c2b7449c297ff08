package io.cosd.domain.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.cosd.domain.policy.Policies.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Evaluation order, principals, actions and resources (docs/spec/semantics.md §5.3, §5.4). */
class PolicyEvaluatorTest {
    private static Decision.Reason reason(Policy p, PolicyRequest r) { return eval(p, r).reason(); }

    @Test
    void withoutPolicyTheOwnerIsAllowedAndEveryoneElseImplicitlyDenied_POL_E1_E2() {
        assertThat(reason(null, get(ROOT, "k"))).isEqualTo(Decision.Reason.OWNER);
        assertThat(reason(null, get(SUB, "k"))).isEqualTo(Decision.Reason.IMPLICIT_DENY);
        assertThat(reason(null, get(ANON, "k"))).isEqualTo(Decision.Reason.IMPLICIT_DENY);
        assertThat(reason(null, get(FOREIGN_ROOT, "k"))).isEqualTo(Decision.Reason.IMPLICIT_DENY);
    }

    @Test
    void aSubUserIsAllowedOnlyByAMatchingAllow_POL_E2() {
        Policy p = compile(cos(SUB_CAM, "allow", "name/cos:GetObject", RES + "*", null));
        Decision d = eval(p, get(SUB, "a/b.txt"));
        assertThat(d.allowed()).isTrue();
        assertThat(d.statement()).isEqualTo("statement[0]");
        assertThat(eval(p, get(OTHER_SUB, "a/b.txt")).allowed()).isFalse();
        assertThat(eval(p, req(SUB, "PutObject", "s3:PutObject", "a", Map.of())).allowed()).isFalse();
    }

    @Test
    void anExplicitDenyBeatsAnAllowWhateverTheOrder_POL_E4_S6() {
        String doc = "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"allow\",\"action\":[\"name/cos:*\"],\"resource\":[\"" + RES + "*\"]},"
                + "{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"Deny\",\"action\":[\"name/cos:GetObject\"],\"resource\":[\"" + RES + "secret/*\"]}]}";
        Policy p = compile(doc);
        assertThat(eval(p, get(SUB, "secret/x")).reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
        assertThat(eval(p, get(SUB, "secret/x")).statement()).isEqualTo("statement[1]");
        assertThat(eval(p, get(SUB, "public/x")).allowed()).isTrue();
    }

    @Test
    void theOwnerRootIsDeniedOnlyWhereADenyNamesIt_POL_E1() {
        Policy named = compile(cos(ROOT_CAM, "deny", "name/cos:GetObject", RES + "*", null));
        assertThat(eval(named, get(ROOT, "k")).reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
        Policy star = compile(cos("*", "deny", "name/cos:GetObject", RES + "*", null));
        assertThat(eval(star, get(ROOT, "k")).reason()).isEqualTo(Decision.Reason.OWNER);
        assertThat(eval(star, get(SUB, "k")).reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
        Policy awsRoot = compile("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::100000000001:root\"},"
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::examplebucket-1250000000/*\"}]}");
        assertThat(eval(awsRoot, get(ROOT, "k")).allowed()).isFalse();
    }

    @Test
    void theOwnerRootCanAlwaysManageThePolicy_POL_A6() {
        Policy denyAll = compile(cos(ROOT_CAM, "deny", "*", "*", null));
        for (String[] a : new String[][]{{"PutBucketPolicy", "s3:PutBucketPolicy"}, {"GetBucketPolicy", "s3:GetBucketPolicy"}, {"DeleteBucketPolicy", "s3:DeleteBucketPolicy"}}) {
            Decision d = eval(denyAll, req(ROOT, a[0], a[1], null, Map.of()));
            assertThat(d.reason()).isEqualTo(Decision.Reason.OWNER_POLICY_MANAGEMENT);
        }
        assertThat(eval(denyAll, req(ROOT, "GetBucket", "s3:ListBucket", null, Map.of())).allowed()).isFalse();
    }

    @Test
    void onlyTheOwnerMayDeleteThePolicyEvenIfAStatementAllowsIt_POL_A4() {
        Policy p = compile(cos(SUB_CAM, "allow", "name/cos:*", RES + "*", null));
        assertThat(eval(p, req(SUB, "DeleteBucketPolicy", "s3:DeleteBucketPolicy", null, Map.of())).reason()).isEqualTo(Decision.Reason.OWNER_ONLY);
        assertThat(eval(p, req(SUB, "PutBucketPolicy", "s3:PutBucketPolicy", null, Map.of())).allowed()).isTrue();
    }

    @Test
    void anonymousAndAnyoneAllowsLetSignedCallersInToo_POL_E3_C2() {
        for (String who : List.of("qcs::cam::anonymous:anonymous", "qcs::cam::anyone:anyone", "*")) {
            Policy p = compile(cos(who, "allow", "name/cos:GetObject", RES + "*", null));
            assertThat(eval(p, get(ANON, "k")).allowed()).as(who).isTrue();
            assertThat(eval(p, get(SUB, "k")).allowed()).as(who).isTrue();
            assertThat(eval(p, get(FOREIGN_ROOT, "k")).allowed()).as(who).isTrue();
        }
    }

    @Test
    void anAnyoneDenyBindsOnlyUnsignedCallers_POL_E5() {
        String doc = "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"allow\",\"action\":[\"name/cos:GetObject\"],\"resource\":[\"" + RES + "*\"]},"
                + "{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"effect\":\"deny\",\"action\":[\"name/cos:GetObject\"],\"resource\":[\"" + RES + "*\"]}]}";
        Policy p = compile(doc);
        assertThat(eval(p, get(SUB, "k")).allowed()).isTrue();
        assertThat(eval(p, get(ANON, "k")).reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
        // S3 "*" in a Deny is everyone (POL-S7) but the owner's root
        Policy star = compile(doc.replace("qcs::cam::anyone:anyone", "*"));
        assertThat(eval(star, get(SUB, "k")).allowed()).isFalse();
    }

    @Test
    void actionAndResourceWildcardsMatchAnyRunIncludingSlashes_POL_E6() {
        Policy p = compile(cos(SUB_CAM, "allow", "name/cos:Get*", RES + "photos/*.jpg", null));
        assertThat(eval(p, get(SUB, "photos/2024/a/b.jpg")).allowed()).isTrue();
        assertThat(eval(p, get(SUB, "photos/a.png")).allowed()).isFalse();
        assertThat(eval(p, get(SUB, "docs/a.jpg")).allowed()).isFalse();
        assertThat(eval(p, req(SUB, "PutObject", "s3:PutObject", "photos/a.jpg", Map.of())).allowed()).isFalse();
        Policy userStyle = compile(cos(SUB_CAM, "allow", "cos:Head*", RES + "*", null));
        assertThat(eval(userStyle, req(SUB, "HeadObject", "s3:GetObject", "x", Map.of())).allowed()).isTrue();
        Policy any = compile(cos(SUB_CAM, "allow", "*", "*", null));
        assertThat(eval(any, req(SUB, "DeleteBucket", "s3:DeleteBucket", null, Map.of())).allowed()).isTrue();
    }

    @Test
    void cosActionsAreCaseSensitiveAndAliasesMatch_POL_C4() {
        Policy p = compile(cos(SUB_CAM, "allow", "name/cos:DeleteObject", RES + "*", null));
        var multi = new PolicyRequest(SUB, BUCKET, "100000000001", List.of("DeleteMultipleObject", "DeleteObject"), "s3:DeleteObject", null, Facts.NONE);
        assertThat(eval(p, multi).allowed()).isTrue();
    }

    @Test
    void bucketSlashStarCoversBucketApisButAPrefixDoesNot_POL_C5() {
        Policy whole = compile(cos(SUB_CAM, "allow", "name/cos:GetBucket", RES + "*", null));
        assertThat(eval(whole, req(SUB, "GetBucket", "s3:ListBucket", null, Map.of())).allowed()).isTrue();
        Policy prefix = compile(cos(SUB_CAM, "allow", "name/cos:GetBucket", RES + "folder/*", null));
        assertThat(eval(prefix, req(SUB, "GetBucket", "s3:ListBucket", null, Map.of())).allowed()).isFalse();
        Policy legacy = compile(cos(SUB_CAM, "allow", "name/cos:GetObject",
                "qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000.ap-guangzhou.myqcloud.com/*", null));
        assertThat(eval(legacy, get(SUB, "k")).allowed()).isTrue();
    }

    @Test
    void s3ActionsIgnoreCaseResourcesHonourQuestionMarkAndNotElementsInvert_POL_S7() {
        String base = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::100000000001:user/100000000011\"]},";
        Policy p = compile(base + "\"Action\":\"S3:getobject\",\"Resource\":\"arn:aws:s3:::examplebucket-1250000000/file?.txt\"}]}");
        assertThat(eval(p, get(SUB, "file1.txt")).allowed()).isTrue();
        assertThat(eval(p, get(SUB, "file12.txt")).allowed()).isFalse();
        Policy bucketArn = compile(base + "\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::examplebucket-1250000000/*\"}]}");
        assertThat(eval(bucketArn, req(SUB, "GetBucket", "s3:ListBucket", null, Map.of())).allowed()).as("bucket/* is objects only in S3").isFalse();
        Policy notAction = compile(base + "\"NotAction\":\"s3:DeleteObject\",\"Resource\":\"arn:aws:s3:::examplebucket-1250000000/*\"}]}");
        assertThat(eval(notAction, get(SUB, "k")).allowed()).isTrue();
        assertThat(eval(notAction, req(SUB, "DeleteObject", "s3:DeleteObject", "k", Map.of())).allowed()).isFalse();
        Policy notResource = compile(base + "\"Action\":\"s3:GetObject\",\"NotResource\":\"arn:aws:s3:::examplebucket-1250000000/private/*\"}]}");
        assertThat(eval(notResource, get(SUB, "public/k")).allowed()).isTrue();
        assertThat(eval(notResource, get(SUB, "private/k")).allowed()).isFalse();
        Policy notPrincipal = compile("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::100000000001:user/100000000011\"},"
                + "\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::examplebucket-1250000000/*\"}]}");
        assertThat(eval(notPrincipal, get(OTHER_SUB, "k")).reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
        assertThat(eval(notPrincipal, get(SUB, "k")).reason()).isEqualTo(Decision.Reason.IMPLICIT_DENY);
        assertThat(eval(notPrincipal, get(ROOT, "k")).reason()).as("an S3 document's NotPrincipal Deny binds the owner's root").isEqualTo(Decision.Reason.EXPLICIT_DENY);
    }

    @Test
    void aDenyForEveryoneBindsTheOwnersRootInAnS3DocumentButNotInACosOne_POL_S7_E1() {
        Policy s3 = compile("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},"
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::examplebucket-1250000000/*\"}]}");
        assertThat(eval(s3, get(ROOT, "k")).reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
        assertThat(eval(s3, get(SUB, "k")).reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
        Policy bare = compile("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"s3:GetBucketPublicAccessBlock\",\"Resource\":\"arn:aws:s3:::examplebucket-1250000000\"}]}");
        assertThat(eval(bare, req(ROOT, "GetBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock", null, Map.of())).allowed()).isFalse();
        Policy cos = compile(cos("*", "deny", "name/cos:GetObject", RES + "*", null));
        assertThat(eval(cos, get(ROOT, "k")).allowed()).as("COS: only a Deny naming the owner's root binds it").isTrue();
        assertThat(eval(cos, get(SUB, "k")).reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
        Policy manage = compile("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::examplebucket-1250000000\",\"arn:aws:s3:::examplebucket-1250000000/*\"]}]}");
        assertThat(eval(manage, req(ROOT, "PutBucketPolicy", "s3:PutBucketPolicy", null, Map.of())).allowed()).as("POL-A6").isTrue();
    }

    @Test
    void anS3PublicReadPolicyAllowsAnonymousReads_POL_S6() {
        Policy p = compile("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::examplebucket-1250000000/*\"}]}");
        assertThat(eval(p, get(ANON, "k")).allowed()).isTrue();
        assertThat(eval(p, req(ANON, "PutObject", "s3:PutObject", "k", Map.of())).allowed()).isFalse();
    }

    @Test
    void explainTraceSaysWhyEachStatementDidNotApply() {
        String doc = "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"" + ROOT_CAM + "\"]},\"effect\":\"allow\",\"action\":[\"name/cos:GetObject\"],\"resource\":[\"" + RES + "*\"]},"
                + "{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"allow\",\"action\":[\"name/cos:PutObject\"],\"resource\":[\"" + RES + "*\"]},"
                + "{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"allow\",\"action\":[\"name/cos:GetObject\"],\"resource\":[\"" + RES + "x/*\"]},"
                + "{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"allow\",\"action\":[\"name/cos:GetObject\"],\"resource\":[\"" + RES + "*\"],\"condition\":{\"ip_equal\":{\"qcs:ip\":\"10.0.0.0/8\"}}}]}";
        Decision d = eval(compile(doc), req(SUB, "GetObject", "s3:GetObject", "k", Map.of(ContextKey.SOURCE_IP, "192.168.1.1")));
        assertThat(d.reason()).isEqualTo(Decision.Reason.IMPLICIT_DENY);
        assertThat(d.trace()).containsExactly(
                "bucket policy statement[0]: principal does not match",
                "bucket policy statement[1]: action does not match",
                "bucket policy statement[2]: resource does not match",
                "bucket policy statement[3]: condition ip_equal {\"qcs:ip\": [10.0.0.0/8]} is false");
        assertThat(d.describe()).contains("implicit deny");
    }
}
