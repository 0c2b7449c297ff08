package io.cosd.domain.acl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ACL that decides for an object version (docs/acl.md "The model"): its own, private, or COS default. */
class EffectiveAclTest {
    private static final String OWNER = "100000000001";
    private static final String OTHER = "100000000002";

    private static Acl bucket(String kind) {
        return switch (kind) {
            case "grant-other-full" -> new Acl(OWNER, List.of(new Grant(new Grantee.Account(OWNER), Permission.FULL_CONTROL),
                    new Grant(new Grantee.Account(OTHER), Permission.FULL_CONTROL)));
            case "all-users-acp" -> new Acl(OWNER, List.of(new Grant(Grantee.Group.ALL_USERS, Permission.READ_ACP),
                    new Grant(Grantee.Group.ALL_USERS, Permission.WRITE_ACP)));
            default -> CannedAcl.parse(kind).toAcl(OWNER, OWNER);
        };
    }

    /** Stored object ACL (none, default), bucket ACL → the effective ACL's grants, encoded. */
    @ParameterizedTest(name = "object {0}, bucket {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "none    | public-read-write  | uin:100000000001 FULL_CONTROL",
            "none    | all-users-acp      | uin:100000000001 FULL_CONTROL",
            "none    | grant-other-full   | uin:100000000001 FULL_CONTROL",
            "default | private            | uin:100000000001 FULL_CONTROL",
            "default | public-read-write  | group:ALL_USERS READ;uin:100000000001 FULL_CONTROL",
            "default | authenticated-read | group:AUTHENTICATED_USERS READ;uin:100000000001 FULL_CONTROL",
            "default | all-users-acp      | uin:100000000001 FULL_CONTROL",
            "default | grant-other-full   | uin:100000000001 FULL_CONTROL;uin:100000000002 READ",
    })
    void noAclOfItsOwnIsPrivateAndCosDefaultFollowsOnlyTheBucketsReadGrants_ACL_C2(String object, String bucketAcl, String expected) {
        Acl stored = object.equals("none") ? null : Acl.cosDefault(OWNER);
        Acl effective = Acl.effective(stored, OWNER, bucket(bucketAcl));
        List<String> grants = effective.grants().stream().map(g -> switch (g.grantee()) {
            case Grantee.Account a -> "uin:" + a.rootUin();
 case Grantee.SubUser u -> "sub:" + u.uin();
            case Grantee.Group gr -> "group:" + gr.name();
            case Grantee.LogDelivery ld -> "logdelivery";
        } + " " + g.permission()).toList();
        assertThat(grants).containsExactly(expected.split(";"));
        assertThat(effective.ownerUin()).isEqualTo(OWNER);
    }

    @Test
    void cosDefaultIsStoredAsSuchAndSurvivesItsEncoding_ACL_C2_S1() {
        Acl d = Acl.cosDefault(OWNER);
        assertThat(Acl.decode(d.encode())).isEqualTo(d);
        assertThat(Acl.decode(d.encode()).followsBucket()).isTrue();
        Acl plain = Acl.ownerOnly(OWNER);
        assertThat(Acl.decode(plain.encode())).isEqualTo(plain);
        assertThat(plain.followsBucket()).isFalse();
    }
}
