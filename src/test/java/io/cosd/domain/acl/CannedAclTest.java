package io.cosd.domain.acl;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CannedAclTest {
    private static final String OWNER = "100000000001", OTHER = "100000000002";

    /** Grants written as {@code grantee:PERMISSION} joined by spaces, in stored order: groups, owner, bucket owner. */
    @ParameterizedTest(name = "{0} by {1} in a bucket of {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "private                   | 100000000001 | 100000000001 | uin:100000000001:FULL_CONTROL",
            "public-read               | 100000000001 | 100000000001 | group:ALL_USERS:READ uin:100000000001:FULL_CONTROL",
            "public-read-write         | 100000000001 | 100000000001 | group:ALL_USERS:READ group:ALL_USERS:WRITE uin:100000000001:FULL_CONTROL",
            "authenticated-read        | 100000000001 | 100000000001 | group:AUTHENTICATED_USERS:READ uin:100000000001:FULL_CONTROL",
            "bucket-owner-read         | 100000000002 | 100000000001 | uin:100000000002:FULL_CONTROL uin:100000000001:READ",
            "bucket-owner-full-control | 100000000002 | 100000000001 | uin:100000000002:FULL_CONTROL uin:100000000001:FULL_CONTROL",
            "bucket-owner-read         | 100000000001 | 100000000001 | uin:100000000001:FULL_CONTROL",
            "bucket-owner-full-control | 100000000001 | 100000000001 | uin:100000000001:FULL_CONTROL",
            "log-delivery-write        | 100000000001 | 100000000001 | logdelivery:WRITE logdelivery:READ_ACP uin:100000000001:FULL_CONTROL",
    })
    void eachCannedAclStandsForItsGrantsWithTheOwnerAlwaysInFullControl_ACL_C1(String canned, String owner, String bucketOwner, String grants) {
        Acl acl = CannedAcl.parse(canned).toAcl(owner, bucketOwner);
        assertThat(acl.ownerUin()).isEqualTo(owner);
        assertThat(String.join(" ", acl.grants().stream().map(CannedAclTest::spell).toList())).isEqualTo(grants);
    }

    /** Only an ACL granting someone beyond the object's and the bucket's owners is the ACL action too. */
    @ParameterizedTest(name = "{0} by {1} in a bucket of {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "private                   | 100000000002 | 100000000001 | false",
            "bucket-owner-read         | 100000000002 | 100000000001 | false",
            "bucket-owner-full-control | 100000000002 | 100000000001 | false",
            "bucket-owner-full-control | 100000000001 | 100000000001 | false",
            "public-read               | 100000000001 | 100000000001 | true",
            "public-read-write         | 100000000002 | 100000000001 | true",
            "authenticated-read        | 100000000002 | 100000000001 | true",
    })
    void aCannedAclIsTheAclActionOnlyWhenItGrantsBeyondTheTwoOwners_ACL_C5(String canned, String owner, String bucketOwner, boolean beyond) {
        assertThat(CannedAcl.parse(canned).toAcl(owner, bucketOwner).grantsBeyondOwners(bucketOwner)).isEqualTo(beyond);
    }

    @Test
    void grantsToTheTwoOwnersAreNotBeyondThemButAnyOtherAccountGroupOrCosDefaultFollowsTheBucket_ACL_C5() {
        var ownerFull = new Grant(new Grantee.Account(OTHER), Permission.FULL_CONTROL);
        var bucketOwnerFull = new Grant(new Grantee.Account(OWNER), Permission.FULL_CONTROL);
        assertThat(new Acl(OTHER, java.util.List.of(ownerFull, bucketOwnerFull)).grantsBeyondOwners(OWNER)).isFalse();
        assertThat(new Acl(OTHER, java.util.List.of(new Grant(new Grantee.Account("100000000003"), Permission.READ)))
                .grantsBeyondOwners(OWNER)).isTrue();
        assertThat(new Acl(OTHER, java.util.List.of(new Grant(Grantee.Group.AUTHENTICATED_USERS, Permission.READ_ACP)))
                .grantsBeyondOwners(OWNER)).isTrue();
        assertThat(Acl.cosDefault(OTHER).grantsBeyondOwners(OWNER)).isFalse();
    }

    @Test
    void defaultHasNoGrantsOfItsOwnAndIsForObjectsOnly_ACL_C2_C3() {
        assertThat(CannedAcl.parse("default")).isEqualTo(CannedAcl.DEFAULT);
        assertThatThrownBy(() -> CannedAcl.DEFAULT.toAcl(OWNER, OWNER)).isInstanceOf(IllegalStateException.class);
        assertThat(CannedAcl.DEFAULT.forBuckets()).isFalse();
        assertThat(CannedAcl.BUCKET_OWNER_READ.forBuckets()).isFalse();
        assertThat(CannedAcl.BUCKET_OWNER_FULL_CONTROL.forBuckets()).isFalse();
        assertThat(CannedAcl.PUBLIC_READ_WRITE.forBuckets()).isTrue();
        assertThat(CannedAcl.LOG_DELIVERY_WRITE.forBuckets()).isTrue();
        assertThat(CannedAcl.LOG_DELIVERY_WRITE.forObjects()).isFalse();
    }

    @ParameterizedTest(name = "{0} is no canned ACL")
    @CsvSource({"Private", "PUBLIC-READ", "public", "''", "log-delivery"})
    void onlyTheExactLowerCaseNamesAreCannedAcls_ACL_C1(String value) {
        assertThat(CannedAcl.parse(value)).isNull();
    }

    @Test
    void anAclSurvivesItsStoredFormListsGroupsFirstAndOwnerOnlyIsTheDefault_ACL_M3_M4() {
        Acl acl = new Acl(OWNER, java.util.List.of(new Grant(new Grantee.Account(OTHER), Permission.WRITE_ACP),
                new Grant(Grantee.Group.AUTHENTICATED_USERS, Permission.READ), new Grant(new Grantee.Account(OWNER), Permission.FULL_CONTROL)));
        assertThat(Acl.decode(acl.encode())).isEqualTo(acl);
        assertThat(acl.grants().get(0).grantee()).as("groups first (ACL-M3)").isEqualTo(Grantee.Group.AUTHENTICATED_USERS);
        assertThat(acl.grants().get(1)).isEqualTo(new Grant(new Grantee.Account(OTHER), Permission.WRITE_ACP));
        assertThat(Acl.decode(Acl.ownerOnly(OWNER).encode()).grants()).containsExactly(new Grant(new Grantee.Account(OWNER), Permission.FULL_CONTROL));
        assertThat(acl.isPublic()).isTrue();
        assertThat(Acl.ownerOnly(OWNER).isPublic()).isFalse();
    }

    static String spell(Grant g) {
        String who = switch (g.grantee()) {
            case Grantee.Account a -> "uin:" + a.rootUin();
            case Grantee.SubUser u -> "sub:" + u.uin();
            case Grantee.Group gr -> "group:" + gr.name();
            case Grantee.LogDelivery ld -> "logdelivery";
        };
        return who + ":" + g.permission();
    }
}
