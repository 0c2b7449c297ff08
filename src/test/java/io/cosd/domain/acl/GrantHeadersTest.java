package io.cosd.domain.acl;

import io.cosd.domain.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrantHeadersTest {
    /** Knows two accounts by bare uin; the api layer resolves CAM names and canonical ids the same way. */
    private static final Function<String, Grantee> KNOWN = id -> id.equals("100000000001") || id.equals("100000000002")
            ? new Grantee.Account(id) : null;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "read         | id=\"100000000001\"                                                   | uin:100000000001:READ",
            "write        | id=100000000002                                                       | uin:100000000002:WRITE",
            "read-acp     | uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"               | group:ALL_USERS:READ_ACP",
            "write-acp    | uri=\"http://cam.qcloud.com/groups/global/AuthenticatedUsers\"        | group:AUTHENTICATED_USERS:WRITE_ACP",
            "full-control | id=\"100000000001\", uri=\"http://acs.amazonaws.com/groups/global/AllUsers\" | uin:100000000001:FULL_CONTROL group:ALL_USERS:FULL_CONTROL",
            "read         | ID=\"100000000001\",id=\"100000000002\"                               | uin:100000000001:READ uin:100000000002:READ",
            "read         | uin=\"100000000002\"                                                  | uin:100000000002:READ",
    })
    void eachGrantHeaderIsAListOfIdsAndUrisForItsPermission_ACL_H1(String suffix, String value, String expected) {
        var p = GrantHeaders.parse(Map.of(GrantHeaders.SUFFIXES.get(suffix), value), KNOWN, EMAIL);
        assertThat(String.join(" ", p.grants().stream().map(CannedAclTest::spell).toList())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is InvalidArgument")
    @CsvSource(delimiter = '|', value = {
            "id=\"999\"",
            "uri=\"http://acs.amazonaws.com/groups/s3/Unknown\"",
            "uin",
            "foo=\"1\"",
            "id=\"100000000001",
            "' , '",
    })
    void anUnknownAccountOrGroupOrAMalformedEntryIsInvalidArgument_ACL_H2(String value) {
        assertThatThrownBy(() -> GrantHeaders.parse(Map.of(Permission.READ, value), KNOWN, EMAIL))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Refusal.Reason.INVALID_ARGUMENT));
    }

    @Test
    void theLogDeliveryGroupIsAGrantee_ACL_M7() {
        assertThat(GrantHeaders.parse(Map.of(Permission.WRITE, "uri=\"http://acs.amazonaws.com/groups/s3/LogDelivery\""), KNOWN, EMAIL).grants())
                .containsExactly(new Grant(Grantee.LogDelivery.LOG_DELIVERY, Permission.WRITE));
    }

    @Test
    void theGrantHeadersAreReadInOneFixedOrderSoGrantsAreStoredInIt_ACL_M3() {
        assertThat(GrantHeaders.SUFFIXES.keySet()).containsExactly("read", "write", "read-acp", "write-acp", "full-control");
    }

    /** As AclHeaders.resolveEmail: the account with the address, whatever its case; an unknown one is refused by the resolver itself. */
    private static final java.util.function.Function<String, Grantee> EMAIL = e -> {
        if (e.equalsIgnoreCase("alt@example.com")) return new Grantee.Account("100000000002");
        throw new IllegalStateException("unresolvable " + e);
    };

    @Test
    void aGrantByEmailAddressIsStoredAsTheGrantOfTheAccountWithIt_ACL_H3() {
        Map<Permission, String> v = new LinkedHashMap<>();
        v.put(Permission.READ, "id=\"100000000001\"");
        v.put(Permission.WRITE, "emailAddress=\"Alt@Example.com\"");
        assertThat(GrantHeaders.parse(v, KNOWN, EMAIL).grants()).containsExactly(
                new Grant(new Grantee.Account("100000000001"), Permission.READ),
                new Grant(new Grantee.Account("100000000002"), Permission.WRITE));
        assertThatThrownBy(() -> GrantHeaders.parse(Map.of(Permission.READ, "emailAddress=\"nobody@example.com\""), KNOWN, EMAIL))
                .isInstanceOf(IllegalStateException.class);
    }
}
