package io.cosd.domain.acl;

/**
 * Who a grant is for (docs/acl.md "Grantees", ACL-M2): an account, named by its root uin (the COS
 * {@code qcs::cam::uin/<uin>:uin/<uin>} form and the S3 canonical id both resolve to it), or one of
 * the two predefined groups.
 */
public sealed interface Grantee {
    record Account(String rootUin) implements Grantee {
        public Account {
            if (rootUin == null || rootUin.isEmpty()) throw new IllegalArgumentException("empty uin");
        }
    }

    /** A predefined group: everyone, or every signed caller. */
    enum Group implements Grantee {
        ALL_USERS("AllUsers"), AUTHENTICATED_USERS("AuthenticatedUsers");

        private final String uriName;

        Group(String uriName) { this.uriName = uriName; }

        /** {@code http://acs.amazonaws.com/groups/global/<name>} (S3) or {@code http://cam.qcloud.com/groups/global/<name>} (COS). */
        public String uri(boolean cos) {
            return (cos ? "http://cam.qcloud.com/groups/global/" : "http://acs.amazonaws.com/groups/global/") + uriName;
        }

        /** Either dialect's URI, or null when it names no group cosd knows. */
        public static Group fromUri(String uri) {
            for (Group g : values()) if (g.uri(true).equals(uri) || g.uri(false).equals(uri)) return g;
            return null;
        }
    }
}
