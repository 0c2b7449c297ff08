package io.cosd.api.acl;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.dialect.Owners;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.Grant;
import io.cosd.domain.acl.Grantee;
import io.cosd.domain.acl.Permission;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The AccessControlPolicy bodies the SDKs send (src/test/resources/xml/acl) and what GET ?acl writes back. */
class AclWireTest {
    private static final String OWNER = "100000000001", OTHER = "100000000002";
    private static final String OWNER_S3 = Owners.owner(Dialect.S3, OWNER).id();

    /** As AclHeaders.resolve for two accounts: a uin, a CAM name of a root, or the S3 canonical id. */
    private static final Function<String, Grantee> RESOLVE = id -> {
        if (id.equals(OWNER_S3) || id.equals(OWNER) || id.equals("qcs::cam::uin/" + OWNER + ":uin/" + OWNER)) return new Grantee.Account(OWNER);
        if (id.equals(OTHER)) return new Grantee.Account(OTHER);
        return null;
    };

    /** As AclHeaders.resolveEmail: a@example.com is OTHER's address; any other is refused with the S3 error. */
    private static final Function<String, Grantee> EMAIL = e -> {
        if (e.equals("a@example.com")) return new Grantee.Account(OTHER);
        throw ErrorCode.UNRESOLVABLE_GRANT_BY_EMAIL_ADDRESS.exception();
    };

    private static byte[] fixture(String name) throws IOException {
        String s = Files.readString(Path.of("src/test/resources/xml/acl", name));
        return s.replace("OWNER_CANONICAL_ID", OWNER_S3).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theCosSdkDocumentReadsAsItsGrantsAndTheOwnerIsNotChanged_ACL_X2_X3() throws IOException {
        assertThat(AclWire.read(fixture("cos-sdk-put.xml"), RESOLVE, EMAIL)).containsExactly(
                new Grant(new Grantee.Account(OWNER), Permission.FULL_CONTROL),
                new Grant(Grantee.Group.ALL_USERS, Permission.READ));
    }

    @Test
    void theAwsSdkDocumentWithItsNamespaceReadsAsItsGrants_ACL_X2() throws IOException {
        assertThat(AclWire.read(fixture("s3-sdk-put.xml"), RESOLVE, EMAIL)).containsExactly(
                new Grant(new Grantee.Account(OWNER), Permission.FULL_CONTROL),
                new Grant(Grantee.Group.AUTHENTICATED_USERS, Permission.READ),
                new Grant(new Grantee.Account(OTHER), Permission.WRITE_ACP));
    }

    @Test
    void anEmailGranteeIsItsAccountsGrantAndAnUnknownPermissionIsMalformed_ACL_X2_H3() throws IOException {
        assertThat(AclWire.read(fixture("email-grantee.xml"), RESOLVE, EMAIL)).containsExactly(new Grant(new Grantee.Account(OTHER), Permission.READ));
        byte[] unknownEmail = new String(fixture("email-grantee.xml"), StandardCharsets.UTF_8).replace("a@example.com", "nobody@example.com")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AclWire.read(unknownEmail, RESOLVE, EMAIL))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNRESOLVABLE_GRANT_BY_EMAIL_ADDRESS));
        byte[] emailBesideId = new String(fixture("email-grantee.xml"), StandardCharsets.UTF_8)
                .replace("<EmailAddress>", "<ID>100000000002</ID><EmailAddress>").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AclWire.read(emailBesideId, RESOLVE, EMAIL))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_XML));
        assertThatThrownBy(() -> AclWire.read(fixture("bad-permission.xml"), RESOLVE, EMAIL))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_XML));
        byte[] unknownId = new String(fixture("s3-sdk-put.xml"), StandardCharsets.UTF_8).replace("<ID>100000000002</ID>", "<ID>999</ID>")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AclWire.read(unknownId, RESOLVE, EMAIL))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> AclWire.read("<Other/>".getBytes(StandardCharsets.UTF_8), RESOLVE, EMAIL))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_XML));
    }

    @Test
    void getWritesEachDialectsIdsAndGroupUrisAndReadsBackTheSame_ACL_X1() {
        Acl acl = new Acl(OWNER, List.of(new Grant(new Grantee.Account(OWNER), Permission.FULL_CONTROL),
                new Grant(Grantee.Group.ALL_USERS, Permission.READ)));
        String cos = new String(AclWire.write(acl, Dialect.COS), StandardCharsets.UTF_8);
        assertThat(cos).contains("<Owner><ID>qcs::cam::uin/100000000001:uin/100000000001</ID><DisplayName>100000000001</DisplayName></Owner>")
                .contains("xsi:type=\"CanonicalUser\"").contains("<URI>http://cam.qcloud.com/groups/global/AllUsers</URI>")
                .contains("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"");
        String s3 = new String(AclWire.write(acl, Dialect.S3), StandardCharsets.UTF_8);
        assertThat(s3).contains("<ID>" + OWNER_S3 + "</ID>").contains("<URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>");
        assertThat(AclWire.read(cos.getBytes(StandardCharsets.UTF_8), RESOLVE, EMAIL)).isEqualTo(acl.grants());
        assertThat(AclWire.read(s3.getBytes(StandardCharsets.UTF_8), RESOLVE, EMAIL)).isEqualTo(acl.grants());
    }
}
