package io.cosd.api.acl;

import io.cosd.domain.acl.Grantee;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Review probes (second reviewer, access control) of the ACL document's Grantee (docs/acl.md "The document",
 * ACL-X2, UB-1): a Grantee naming two grantees at once (an ID and a URI) is read as one of them and the other is
 * ignored, so the writer may believe it granted what it did not. Each test states what should hold; a failing
 * one is a finding.
 */
class Rev8AclWireTest {
    static final String OTHER = "100000000002";
    static final Function<String, Grantee> RESOLVE = id -> id.equals(OTHER) || id.equals("qcs::cam::uin/" + OTHER + ":uin/" + OTHER)
            ? new Grantee.Account(OTHER) : null;
    static final Function<String, Grantee> EMAIL = e -> { throw new AssertionError("no e-mail here"); };

    static byte[] doc(String type, String inner) {
        return ("<AccessControlPolicy><AccessControlList><Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\""
                + type + "\">" + inner + "</Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aGroupGranteeThatAlsoNamesAnAccountIsRefusedNotHalfRead_ACL_X2_UB_1() {
        assertThatThrownBy(() -> AclWire.read(doc("Group", "<URI>http://acs.amazonaws.com/groups/s3/LogDelivery</URI><ID>" + OTHER + "</ID>"),
                RESOLVE, EMAIL)).as("the ID beside the LogDelivery URI is ignored").isInstanceOf(RuntimeException.class);
    }

    @Test
    void aCanonicalUserGranteeThatAlsoNamesAGroupUriIsRefusedNotHalfRead_ACL_X2_UB_1() {
        assertThatThrownBy(() -> AclWire.read(doc("CanonicalUser", "<ID>" + OTHER + "</ID><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>"),
                RESOLVE, EMAIL)).as("the AllUsers URI beside the ID is ignored").isInstanceOf(RuntimeException.class);
    }
}
