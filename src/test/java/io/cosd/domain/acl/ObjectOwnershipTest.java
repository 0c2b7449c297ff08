package io.cosd.domain.acl;

import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.policy.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectOwnershipTest {
    private static final String OWNER = "100000000001";
    private static final String WRITER = "100000000002";
    private static final Decision IMPLICIT = new Decision(false, Decision.Reason.IMPLICIT_DENY, null, List.of(), List.of());

    private static ObjectOwnership setting(String s) {
        return s.equals("none") ? null : ObjectOwnership.parse(s);
    }

    @Test
    void theThreeSettingsAreTheirExactWireNamesAndNoneIsObjectWriterBehaviour_ACL_O1_O2() {
        assertThat(ObjectOwnership.parse("BucketOwnerEnforced")).isEqualTo(ObjectOwnership.BUCKET_OWNER_ENFORCED);
        assertThat(ObjectOwnership.parse("BucketOwnerPreferred")).isEqualTo(ObjectOwnership.BUCKET_OWNER_PREFERRED);
        assertThat(ObjectOwnership.parse("ObjectWriter")).isEqualTo(ObjectOwnership.OBJECT_WRITER);
        assertThat(ObjectOwnership.parse("bucketownerenforced")).isNull();
        assertThat(ObjectOwnership.parse("Enforced")).isNull();
        assertThat(ObjectOwnership.aclsEnabled(null)).isTrue();
        assertThat(ObjectOwnership.aclsEnabled(ObjectOwnership.OBJECT_WRITER)).isTrue();
        assertThat(ObjectOwnership.aclsEnabled(ObjectOwnership.BUCKET_OWNER_PREFERRED)).isTrue();
        assertThat(ObjectOwnership.aclsEnabled(ObjectOwnership.BUCKET_OWNER_ENFORCED)).isFalse();
    }

    /** Setting, ACL header asked (canned name, "grants" for grant headers, "-" for none) → accepted?, new object's owner. */
    @ParameterizedTest(name = "{0} with {1}: accepted {2}, owner {3}")
    @CsvSource(delimiter = '|', value = {
            "none                 | -                         | true  | writer",
            "none                 | bucket-owner-full-control | true  | writer",
            "ObjectWriter         | bucket-owner-full-control | true  | writer",
            "ObjectWriter         | private                   | true  | writer",
            "BucketOwnerPreferred | -                         | true  | writer",
            "BucketOwnerPreferred | private                   | true  | writer",
            "BucketOwnerPreferred | bucket-owner-read         | true  | writer",
            "BucketOwnerPreferred | grants                    | true  | writer",
            "BucketOwnerPreferred | bucket-owner-full-control | true  | bucket",
            "BucketOwnerEnforced  | -                         | true  | bucket",
            "BucketOwnerEnforced  | bucket-owner-full-control | true  | bucket",
            "BucketOwnerEnforced  | private                   | false | bucket",
            "BucketOwnerEnforced  | public-read               | false | bucket",
            "BucketOwnerEnforced  | default                   | false | bucket",
            "BucketOwnerEnforced  | grants                    | false | bucket",
    })
    void theSettingDecidesWhichAclAWriteMayAskForAndWhoOwnsTheObject_ACL_O3_O4(String s, String asked, boolean accepted, String owner) {
        ObjectOwnership o = setting(s);
        boolean present = !asked.equals("-");
        CannedAcl canned = CannedAcl.parse(asked);
        assertThat(ObjectOwnership.acceptsWriteAcl(o, present, canned)).isEqualTo(accepted);
        assertThat(ObjectOwnership.newObjectOwner(o, WRITER, OWNER, canned)).isEqualTo(owner.equals("writer") ? WRITER : OWNER);
    }

    @Test
    void underBucketOwnerEnforcedTheAclInForceIsTheBucketOwnersFullControlWhateverIsStored_ACL_O3() {
        Acl publicRead = CannedAcl.PUBLIC_READ.toAcl(WRITER, OWNER);
        assertThat(ObjectOwnership.inForce(ObjectOwnership.BUCKET_OWNER_ENFORCED, publicRead, OWNER)).isEqualTo(Acl.ownerOnly(OWNER));
        for (ObjectOwnership o : new ObjectOwnership[] {null, ObjectOwnership.OBJECT_WRITER, ObjectOwnership.BUCKET_OWNER_PREFERRED}) {
            assertThat(ObjectOwnership.inForce(o, publicRead, OWNER)).isEqualTo(publicRead);
        }
    }

    /** The ACL step of the one decision (ACL-E1) grants nothing under BucketOwnerEnforced: the ACL it reads is the one in force. */
    @ParameterizedTest(name = "{0}: anonymous GetObject on a public-read object → {1}")
    @CsvSource(delimiter = '|', value = {
            "none                 | true",
            "ObjectWriter         | true",
            "BucketOwnerPreferred | true",
            "BucketOwnerEnforced  | false",
    })
    void theAclStepGrantsNothingUnderBucketOwnerEnforced_ACL_O3_E1(String s, boolean allowed) {
        ObjectOwnership o = setting(s);
        Acl stored = CannedAcl.PUBLIC_READ.toAcl(WRITER, OWNER);
        Decision d = AclDecision.decide(IMPLICIT, Principal.ANONYMOUS, "s3:GetObject",
                () -> ObjectOwnership.inForce(o, Acl.ownerOnly(OWNER), OWNER),
                () -> Optional.of(ObjectOwnership.inForce(o, stored, OWNER)));
        assertThat(d.allowed()).isEqualTo(allowed);
        Acl bucketGrant = new Acl(OWNER, List.of(new Grant(new Grantee.Account(WRITER), Permission.FULL_CONTROL)));
        Decision other = AclDecision.decide(IMPLICIT, new Principal.Root(new Account(WRITER, "1250000002")), "s3:ListBucket",
                () -> ObjectOwnership.inForce(o, bucketGrant, OWNER), Optional::empty);
        assertThat(other.allowed()).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} over a bucket ACL {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "BucketOwnerEnforced  | private            | true",
            "BucketOwnerEnforced  | public-read        | false",
            "BucketOwnerEnforced  | authenticated-read | false",
            "BucketOwnerEnforced  | grant-other        | false",
            "BucketOwnerPreferred | public-read        | true",
            "ObjectWriter         | grant-other        | true",
    })
    void bucketOwnerEnforcedNeedsABucketAclGrantingNoOneElse_ACL_O5(String s, String acl, boolean accepted) {
        Acl a = acl.equals("grant-other")
                ? new Acl(OWNER, List.of(new Grant(new Grantee.Account(OWNER), Permission.FULL_CONTROL), new Grant(new Grantee.Account(WRITER), Permission.READ)))
                : CannedAcl.parse(acl).toAcl(OWNER, OWNER);
        assertThat(ObjectOwnership.acceptsBucketAcl(setting(s), a, OWNER)).isEqualTo(accepted);
    }

    /** The ACL a version is committed with, by the setting read at the commit: enforced drops wider grants and re-owns. */
    @ParameterizedTest(name = "{0} at commit, asked {1} by the writer → {2}")
    @CsvSource(delimiter = '|', value = {
            "none                 | public-read               | asked",
            "ObjectWriter         | public-read               | asked",
            "BucketOwnerPreferred | public-read               | asked",
            "none                 | absent                    | absent",
            "BucketOwnerEnforced  | absent                    | absent",
            "BucketOwnerEnforced  | public-read               | bucket owner only",
            "BucketOwnerEnforced  | private                   | bucket owner only",
            "BucketOwnerEnforced  | bucket-owner-full-control | bucket owner only",
            "BucketOwnerEnforced  | authenticated-read        | bucket owner only",
    })
    void theAclCommittedFollowsTheSettingInForceAtTheCommit_ACL_O6(String s, String asked, String want) {
        Acl acl = asked.equals("absent") ? null : CannedAcl.parse(asked).toAcl(WRITER, OWNER);
        Acl expected = switch (want) {
            case "asked" -> acl;
            case "absent" -> null;
            default -> Acl.ownerOnly(OWNER);
        };
        assertThat(ObjectOwnership.atCommit(setting(s), acl, OWNER)).isEqualTo(expected);
    }
}
