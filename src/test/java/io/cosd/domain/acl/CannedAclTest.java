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
    })
    void eachCannedAclStandsForItsGrantsWithTheOwnerAlwaysInFullControl_ACL_C1(String canned, String owner, String bucketOwner, String grants) {
        Acl acl = CannedAcl.parse(canned).toAcl(owner, bucketOwner);
        assertThat(acl.ownerUin()).isEqualTo(owner);
        assertThat(String.join(" ", acl.grants().stream().map(CannedAclTest::spell).toList())).isEqualTo(grants);
    }

    /** Only an ACL granting someone beyond the two owners is the ACL action too; a bad value is the write's 400. */
    @ParameterizedTest(name = "acl={0} grants={1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-                         | false | false",
            "private                   | false | false",
            "bucket-owner-read         | false | false",
            "bucket-owner-full-control | false | false",
            "default                   | false | false",
            "' private '               | false | false",
            "Public-Read               | false | false",
            "public-read               | false | true",
            "' public-read'            | false | true",
            "public-read-write         | false | true",
            "authenticated-read        | false | true",
            "-                         | true  | true",
    })
    void aWriteNeedsTheAclActionOnlyForAnAclGrantingBeyondTheOwners_ACL_C5(String canned, boolean grants, boolean needs) {
        assertThat(CannedAcl.needsAclPermission(canned, grants)).isEqualTo(needs);
    }

    @Test
    void defaultHasNoGrantsOfItsOwnAndIsForObjectsOnly_ACL_C2_C3() {
        assertThat(CannedAcl.parse("default")).isEqualTo(CannedAcl.DEFAULT);
        assertThatThrownBy(() -> CannedAcl.DEFAULT.toAcl(OWNER, OWNER)).isInstanceOf(IllegalStateException.class);
        assertThat(CannedAcl.DEFAULT.forBuckets()).isFalse();
        assertThat(CannedAcl.BUCKET_OWNER_READ.forBuckets()).isFalse();
        assertThat(CannedAcl.BUCKET_OWNER_FULL_CONTROL.forBuckets()).isFalse();
        assertThat(CannedAcl.PUBLIC_READ_WRITE.forBuckets()).isTrue();
    }

    @ParameterizedTest(name = "{0} is no canned ACL")
    @CsvSource({"Private", "PUBLIC-READ", "public", "''", "log-delivery-write"})
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
            case Grantee.Group gr -> "group:" + gr.name();
        };
        return who + ":" + g.permission();
    }
}
