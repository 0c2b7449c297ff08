package io.cosd.domain.acl;

import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.policy.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class AclDecisionTest {
    private static final String OWNER = "100000000001";
    private static final Account OTHER = new Account("100000000002", "1250000001");
    private static final Decision IMPLICIT = new Decision(false, Decision.Reason.IMPLICIT_DENY, null, List.of(), List.of());

    private static Principal caller(String who) {
        return switch (who) {
            case "anonymous" -> Principal.ANONYMOUS;
            case "other-root" -> new Principal.Root(OTHER);
            case "other-sub" -> new Principal.SubUser(OTHER, "100000000099");
            case "other-sub2" -> new Principal.SubUser(OTHER, "100000000098");
            default -> throw new IllegalArgumentException(who);
        };
    }

    private static Acl acl(String canned) {
        return switch (canned) {
            case "grant-other-read" -> new Acl(OWNER, List.of(new Grant(new Grantee.Account(OTHER.rootUin()), Permission.READ)));
            case "grant-other-full" -> new Acl(OWNER, List.of(new Grant(new Grantee.Account(OTHER.rootUin()), Permission.FULL_CONTROL)));
            case "grant-sub-read" -> new Acl(OWNER, List.of(new Grant(new Grantee.SubUser(OTHER.rootUin(), "100000000099"), Permission.READ)));
            case "log-delivery" -> CannedAcl.LOG_DELIVERY_WRITE.toAcl(OWNER, OWNER);
            default -> CannedAcl.parse(canned).toAcl(OWNER, OWNER);
        };
    }

    /** Bucket ACL, object ACL, caller, action → allowed? (S3's ACL permission to action mapping) */
    @ParameterizedTest(name = "bucket {0}, object {1}: {2} {3} → {4}")
    @CsvSource(delimiter = '|', value = {
            "private           | public-read        | anonymous  | s3:GetObject          | true",
            "private           | public-read        | anonymous  | GetObjectVersion      | true",
            "private           | public-read        | anonymous  | s3:ListBucket         | false",
            "private           | public-read        | anonymous  | s3:PutObject          | false",
            "private           | public-read        | anonymous  | s3:GetObjectAcl       | false",
            "public-read       | private            | anonymous  | s3:ListBucket         | true",
            "public-read       | private            | anonymous  | s3:GetObject          | false",
            "public-read       | private            | anonymous  | s3:ListBucketVersions | true",
            "public-read-write | private            | anonymous  | s3:PutObject          | true",
            "public-read-write | private            | anonymous  | s3:DeleteObject       | true",
            "public-read-write | private            | anonymous  | s3:DeleteObjectVersion | false",
            "grant-other-full  | private            | other-root | s3:DeleteObjectVersion | false",
            "public-read-write | private            | anonymous  | s3:PutBucketAcl       | false",
            "public-read-write | private            | anonymous  | s3:PutBucketPolicy    | false",
            "private           | authenticated-read | anonymous  | s3:GetObject          | false",
            "private           | authenticated-read | other-root | s3:GetObject          | true",
            "private           | authenticated-read | other-sub  | s3:GetObject          | true",
            "private           | grant-other-read   | other-root | s3:GetObject          | true",
            "private           | grant-other-read   | other-sub  | s3:GetObject          | false",
            "private           | grant-other-read   | other-root | s3:GetObjectAcl       | false",
            "private           | grant-other-full   | other-root | s3:GetObjectAcl       | true",
            "private           | grant-other-full   | other-root | s3:PutObjectAcl       | true",
            "grant-other-full  | private            | other-root | s3:GetBucketAcl       | true",
            "grant-other-full  | private            | other-root | s3:DeleteBucket       | false",
            "grant-other-read  | private            | other-root | s3:ListBucket         | true",
            "private           | grant-sub-read     | other-sub  | s3:GetObject          | true",
            "private           | grant-sub-read     | other-sub2 | s3:GetObject          | false",
            "private           | grant-sub-read     | other-root | s3:GetObject          | false",
            "private           | grant-sub-read     | anonymous  | s3:GetObject          | false",
            "grant-sub-read    | private            | other-sub  | s3:ListBucket         | true",
            "grant-sub-read    | private            | other-sub  | s3:PutObject          | false",
            "log-delivery      | private            | anonymous  | s3:PutObject          | false",
            "log-delivery      | private            | other-root | s3:PutObject          | false",
            "log-delivery      | private            | other-sub  | s3:GetBucketAcl       | false",
    })
    void eachActionNeedsOnePermissionOnTheBucketOrTheObject_ACL_E2_E3(String bucket, String object, String who, String action, boolean allowed) {
        Decision d = AclDecision.decide(IMPLICIT, caller(who), action, () -> acl(bucket), () -> Optional.of(acl(object)));
        assertThat(d.allowed()).isEqualTo(allowed);
        assertThat(d.reason()).isEqualTo(allowed ? Decision.Reason.ACL_GRANT : Decision.Reason.IMPLICIT_DENY);
        if (allowed) assertThat(d.describe()).contains("ACL grant");
    }

    @Test
    void anExplicitDenyAndEveryPolicyAllowStandAndNoAclIsReadForThem_ACL_E1() {
        AtomicInteger reads = new AtomicInteger();
        for (Decision.Reason r : List.of(Decision.Reason.EXPLICIT_DENY, Decision.Reason.EXPLICIT_ALLOW, Decision.Reason.OWNER,
                Decision.Reason.OWNER_ONLY)) {
            Decision policy = new Decision(r == Decision.Reason.EXPLICIT_ALLOW || r == Decision.Reason.OWNER, r, "statement[0]", List.of(), List.of());
            Decision d = AclDecision.decide(policy, Principal.ANONYMOUS, "s3:GetObject",
                    () -> { reads.incrementAndGet(); return acl("public-read-write"); },
                    () -> { reads.incrementAndGet(); return Optional.of(acl("public-read")); });
            assertThat(d).isSameAs(policy);
        }
        assertThat(reads).hasValue(0);
    }

    @Test
    void aMissingObjectHasNothingToGrantAndABucketActionNeverReadsTheObject_ACL_E1() {
        assertThat(AclDecision.decide(IMPLICIT, Principal.ANONYMOUS, "s3:GetObject", () -> acl("public-read"), Optional::empty).allowed()).isFalse();
        assertThat(AclDecision.decide(IMPLICIT, Principal.ANONYMOUS, "s3:ListBucket", () -> acl("public-read"),
                () -> { throw new AssertionError("object ACL read for a bucket action"); }).allowed()).isTrue();
    }

    @Test
    void underIgnorePublicAclsGroupGrantsAreLeftOutButAccountGrantsStand_ACL_E3() {
        Acl acl = new Acl(OWNER, List.of(new Grant(Grantee.Group.ALL_USERS, Permission.READ),
                new Grant(Grantee.Group.AUTHENTICATED_USERS, Permission.READ), new Grant(new Grantee.Account(OTHER.rootUin()), Permission.READ)));
        assertThat(AclDecision.decide(IMPLICIT, Principal.ANONYMOUS, "s3:GetObject", () -> acl, () -> Optional.of(acl), () -> true).allowed()).isFalse();
        assertThat(AclDecision.decide(IMPLICIT, caller("other-sub"), "s3:GetObject", () -> acl, () -> Optional.of(acl), () -> true).allowed()).isFalse();
        assertThat(AclDecision.decide(IMPLICIT, caller("other-root"), "s3:GetObject", () -> acl, () -> Optional.of(acl), () -> true).allowed()).isTrue();
        assertThat(AclDecision.decide(IMPLICIT, Principal.ANONYMOUS, "s3:GetObject", () -> acl, () -> Optional.of(acl), () -> false).allowed()).isTrue();
    }

    @Test
    void underIgnorePublicAclsASubUserGrantStandsAndLogDeliveryIsNotPublic_ACL_M6_M7() {
        Acl sub = acl("grant-sub-read");
        assertThat(AclDecision.decide(IMPLICIT, caller("other-sub"), "s3:GetObject", () -> sub, () -> Optional.of(sub), () -> true).allowed()).isTrue();
        assertThat(acl("log-delivery").isPublic()).isFalse();
        assertThat(acl("log-delivery").grantsBeyondOwners(OWNER)).isTrue();
    }

    @Test
    void subUserAndLogDeliveryGrantsSurviveTheStoredForm_ACL_M6_M7() {
        Acl acl = new Acl(OWNER, List.of(new Grant(new Grantee.SubUser(OWNER, "100000000011"), Permission.WRITE_ACP),
                new Grant(Grantee.LogDelivery.LOG_DELIVERY, Permission.WRITE)));
        assertThat(Acl.decode(acl.encode())).isEqualTo(acl);
    }
}
