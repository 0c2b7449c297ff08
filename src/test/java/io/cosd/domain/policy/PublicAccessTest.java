package io.cosd.domain.policy;

import io.cosd.domain.identity.Principal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static io.cosd.domain.policy.Policies.*;
import static org.assertj.core.api.Assertions.assertThat;

/** What "public" means and what the public access block does with it (docs/policy.md#public-access-block). */
class PublicAccessTest {
    private static final String OBJ = "arn:aws:s3:::" + BUCKET + "/*";

    /** An S3 document with one statement: principal JSON, effect, condition JSON or null. */
    private static Policy s3(String principal, String effect, String condition) {
        return compile("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\"," + principal
                + ",\"Action\":\"s3:GetObject\",\"Resource\":\"" + OBJ + "\""
                + (condition == null ? "" : ",\"Condition\":" + condition) + "}]}");
    }

    @ParameterizedTest(name = "[{index}] {0} {1} {2} -> public {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // grants to everyone
            "\"Principal\":\"*\"                        | Allow | -                                                        | true",
            "\"Principal\":{\"AWS\":\"*\"}              | Allow | -                                                        | true",
            "\"Principal\":{\"AWS\":[\"*\"]}            | Allow | -                                                        | true",
            // a Deny never makes a policy public
            "\"Principal\":\"*\"                        | Deny  | -                                                        | false",
            // a named principal is not public
            "\"Principal\":{\"AWS\":\"arn:aws:iam::100000000002:root\"} | Allow | -                                  | false",
            // NotPrincipal grants to everyone else: public
            "\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::100000000002:root\"} | Allow | -                               | true",
            // a fixed source network restricts...
            "\"Principal\":\"*\"                        | Allow | {\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/32\"}}             | false",
            "\"Principal\":\"*\"                        | Allow | {\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"192.0.2.0/24\"]}} | false",
            "\"Principal\":\"*\"                        | Allow | {\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}}          | false",
            // ...unless it is too broad, negated, optional, or another key
            "\"Principal\":\"*\"                        | Allow | {\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/1\"}}               | true",
            "\"Principal\":\"*\"                        | Allow | {\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"0.0.0.0/0\"]}} | true",
            "\"Principal\":\"*\"                        | Allow | {\"IpAddress\":{\"aws:SourceIp\":\"2001::/16\"}}              | true",
            "\"Principal\":\"*\"                        | Allow | {\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}          | true",
            "\"Principal\":\"*\"                        | Allow | {\"IpAddressIfExists\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}     | true",
            "\"Principal\":\"*\"                        | Allow | {\"StringLike\":{\"aws:Referer\":\"https://example.com/*\"}}  | true",
            "\"Principal\":\"*\"                        | Allow | {\"Bool\":{\"aws:SecureTransport\":\"true\"}}               | true",
            // one pinning condition among others suffices: all must hold
            "\"Principal\":\"*\"                        | Allow | {\"Bool\":{\"aws:SecureTransport\":\"true\"},\"IpAddress\":{\"aws:SourceIp\":\"10.1.0.0/16\"}} | false",
    })
    void aPolicyIsPublicWhenAnAllowGrantsEveryoneWithoutAFixedSourceNetwork_POL_P3(String principal, String effect, String condition,
                                                                                  boolean expected) {
        assertThat(PublicAccess.isPublic(s3(principal.trim(), effect, condition))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> public {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "qcs::cam::anyone:anyone         | -                                            | true",
            "qcs::cam::anonymous:anonymous   | -                                            | true",
            "*                               | -                                            | true",
            "qcs::cam::uin/100000000001:uin/100000000011 | -                                | false",
            "qcs::cam::anyone:anyone         | {\"ip_equal\":{\"qcs:ip\":\"10.121.2.0/24\"}}    | false",
            "qcs::cam::anyone:anyone         | {\"ip_not_equal\":{\"qcs:ip\":\"10.121.2.0/24\"}} | true",
    })
    void theCosGrammarsEveryonePrincipalsArePublicToo_POL_P3(String principal, String condition, boolean expected) {
        Policy p = compile(cos(principal, "allow", "name/cos:GetObject", RES + "*", condition));
        assertThat(PublicAccess.isPublic(p)).isEqualTo(expected);
    }

    @Test
    void noPolicyIsNotPublicAndOnePublicStatementAmongOthersMakesItPublic_POL_P3_P7() {
        assertThat(PublicAccess.isPublic(null)).isFalse();
        Policy mixed = compile("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::100000000002:root\"},\"Action\":\"s3:*\",\"Resource\":\"" + OBJ + "\"},"
                + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"" + OBJ + "\"}]}");
        assertThat(PublicAccess.isPublic(mixed)).isTrue();
    }

    @Test
    void blockPublicPolicyRefusesOnlyPublicPolicies_POL_P4() {
        PublicAccessBlock on = new PublicAccessBlock(false, false, true, false);
        Policy pub = s3("\"Principal\":\"*\"", "Allow", null);
        Policy named = s3("\"Principal\":{\"AWS\":\"arn:aws:iam::100000000002:root\"}", "Allow", null);
        assertThat(PublicAccess.blocksPolicy(on, pub)).isTrue();
        assertThat(PublicAccess.blocksPolicy(on, named)).isFalse();
        assertThat(PublicAccess.blocksPolicy(PublicAccessBlock.NONE, pub)).isFalse();
        assertThat(PublicAccess.blocksPolicy(null, pub)).isFalse();
        assertThat(PublicAccess.blocksPolicy(new PublicAccessBlock(true, true, false, true), pub)).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0} restrict={1} publicPolicy={2} -> withheld {3}")
    @CsvSource(delimiter = '|', value = {
            "ANON         | true  | true  | true",
            "FOREIGN_ROOT | true  | true  | true",
            "SUB          | true  | true  | false",
            "ROOT         | true  | true  | false",
            "ANON         | false | true  | false",
            "ANON         | true  | false | false",
            "FOREIGN_ROOT | true  | false | false",
    })
    void restrictPublicBucketsWithholdsAPublicPolicysGrantsFromEveryoneOutsideTheOwnersAccount_POL_P5(
            String who, boolean restrict, boolean publicPolicy, boolean withheld) {
        Principal caller = switch (who) {
            case "ANON" -> ANON;
            case "FOREIGN_ROOT" -> FOREIGN_ROOT;
            case "SUB" -> SUB;
            default -> ROOT;
        };
        Policy p = publicPolicy ? s3("\"Principal\":\"*\"", "Allow", null)
                : s3("\"Principal\":{\"AWS\":\"arn:aws:iam::100000000002:root\"}", "Allow", null);
        PublicAccessBlock config = new PublicAccessBlock(false, false, false, restrict);
        assertThat(PublicAccess.withholdsPolicyGrant(config, p, caller, ACCOUNT.rootUin())).isEqualTo(withheld);
    }

    @Test
    void aWithheldAllowBecomesADenialNamingItsStatementAndOtherDecisionsStand_POL_P5() {
        Policy p = s3("\"Principal\":\"*\"", "Allow", null);
        PublicAccessBlock restrict = new PublicAccessBlock(false, false, false, true);
        Decision anon = PublicAccess.restrict(eval(p, get(ANON, "k")), restrict, p, ANON, ACCOUNT.rootUin());
        assertThat(anon.allowed()).isFalse();
        assertThat(anon.reason()).isEqualTo(Decision.Reason.PUBLIC_ACCESS_RESTRICTED);
        assertThat(anon.describe()).contains("statement[0]").contains("RestrictPublicBuckets");
        Decision sub = eval(p, get(SUB, "k"));
        assertThat(PublicAccess.restrict(sub, restrict, p, SUB, ACCOUNT.rootUin())).isSameAs(sub);
        Decision denied = eval(null, get(ANON, "k"));
        assertThat(PublicAccess.restrict(denied, restrict, p, ANON, ACCOUNT.rootUin())).isSameAs(denied);
        Decision open = eval(p, get(ANON, "k"));
        assertThat(PublicAccess.restrict(open, PublicAccessBlock.NONE, p, ANON, ACCOUNT.rootUin())).isSameAs(open);
    }

    @Test
    void theAclSwitchesAreExposedAsPredicatesForTheAclEvaluator_POL_P6() {
        PublicAccessBlock block = new PublicAccessBlock(true, false, false, false);
        PublicAccessBlock ignore = new PublicAccessBlock(false, true, false, false);
        assertThat(PublicAccess.blocksAcl(block, true)).isTrue();
        assertThat(PublicAccess.blocksAcl(block, false)).isFalse();
        assertThat(PublicAccess.blocksAcl(ignore, true)).isFalse();
        assertThat(PublicAccess.blocksAcl(null, true)).isFalse();
        assertThat(PublicAccess.ignoresPublicAclGrants(ignore)).isTrue();
        assertThat(PublicAccess.ignoresPublicAclGrants(block)).isFalse();
        assertThat(PublicAccess.ignoresPublicAclGrants(null)).isFalse();
    }
}
