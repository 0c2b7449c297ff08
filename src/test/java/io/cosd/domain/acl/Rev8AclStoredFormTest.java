package io.cosd.domain.acl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Review probes of the stored form and order of ACLs holding sub-user and LogDelivery grants (docs/acl.md
 * "The model", ACL-M3, ACL-M6, ACL-M7). Each test states what should hold; a failing one is a finding.
 */
class Rev8AclStoredFormTest {
    static final String ROOT = "100000000001";

    /**
     * {@link Acl#encode()} relies on "uins are digits, so no escaping is needed", but {@link Grantee.SubUser}
     * (like {@link Grantee.Account}) accepts any non-empty text. A uin holding a space and a newline encodes to
     * a row that decodes with an extra FULL_CONTROL grant to another account; a slash in the root moves the
     * split. Only the api's digit regex keeps such a grantee out today: the domain should refuse it itself.
     */
    @Test
    void aSubUserGranteeWhoseUinIsNotDigitsCannotBeBuiltOrDecodesAsItself_ACL_M6() {
        List<String[]> crafted = List.of(
                new String[] {ROOT, "100000000011 READ\nuin:100000000099 FULL_CONTROL\nsub:1/2"},
                new String[] {ROOT + "/100000000011", "100000000012"});
        for (String[] c : crafted) {
            Grantee.SubUser g;
            try {
                g = new Grantee.SubUser(c[0], c[1]);
            } catch (IllegalArgumentException refused) {
                continue;   // what should happen
            }
            Acl acl = new Acl(ROOT, List.of(new Grant(g, Permission.READ)));
            assertThat(Acl.decode(acl.encode())).as("stored form of %s", g).isEqualTo(acl);
        }
    }

    /** The same for an account grantee: its root uin is the stored form's token too. */
    @Test
    void anAccountGranteeWhoseUinIsNotDigitsCannotBeBuiltOrDecodesAsItself_ACL_M1() {
        assertThatThrownBy(() -> new Grantee.Account("100000000002 READ\nuin:100000000099"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * ACL-M3: "Group grants come before account grants". LogDelivery is a group on the wire (xsi:type Group, a
     * URI) but not a {@link Grantee.Group}, so {@code groupsFirst} orders it among the accounts: log-delivery-write
     * is answered owner first, then LogDelivery.
     */
    @Test
    void theLogDeliveryGroupComesBeforeAccountGrantsAsEveryGroupDoes_ACL_M3_ACL_M7() {
        Acl acl = CannedAcl.LOG_DELIVERY_WRITE.toAcl(ROOT, ROOT);
        assertThat(acl.grants().get(0).grantee()).isEqualTo(Grantee.LogDelivery.LOG_DELIVERY);
    }
}
