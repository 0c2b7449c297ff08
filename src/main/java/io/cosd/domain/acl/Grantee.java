package io.cosd.domain.acl;

/**
 * Who a grant is for (docs/acl.md "Grantees", ACL-M2, ACL-M6): an account, named by its root uin (the COS
 * {@code qcs::cam::uin/<uin>:uin/<uin>} form and the S3 canonical id both resolve to it), a sub-user
 * of an account (COS {@code qcs::cam::uin/<root>:uin/<sub>}), one of the two predefined groups, or
 * S3's log-delivery group.
 */
public sealed interface Grantee {
    record Account(String rootUin) implements Grantee {
        public Account {
            requireUin(rootUin);
        }
    }

    /**
     * One sub-user of an account (ACL-M6), as COS grants to a sub-account. It matches that sub-user's
     * keys only, never its root's or another sub-user's; for a sub-user of another account it is the
     * resource's side of the two consents it needs (POL-I4).
     */
    record SubUser(String rootUin, String uin) implements Grantee {
        public SubUser {
            requireUin(rootUin);
            requireUin(uin);
            if (rootUin.equals(uin)) throw new IllegalArgumentException("a root is an Account grantee");
        }

        /** {@code qcs::cam::uin/<root>:uin/<sub>}: the CAM name, in both dialects' documents. */
        public String camName() { return "qcs::cam::uin/" + rootUin + ":uin/" + uin; }
    }

    /**
     * S3's {@code http://acs.amazonaws.com/groups/s3/LogDelivery} (ACL-M7). Stored and shown so that
     * ACLs written for S3 server access logging round-trip; it matches no caller, since cosd delivers
     * no access logs, and it is not public (public access block, policyStatus).
     */
    enum LogDelivery implements Grantee {
        LOG_DELIVERY;

        public static final String URI = "http://acs.amazonaws.com/groups/s3/LogDelivery";
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

    /** Uins are 1 to 20 digits: the stored form ({@link Acl#encode}) relies on it, so nothing else can be a grantee. */
    private static void requireUin(String uin) {
        if (uin == null || uin.isEmpty() || uin.length() > 20) throw new IllegalArgumentException("bad uin: " + uin);
        for (int i = 0; i < uin.length(); i++) {
            char c = uin.charAt(i);
            if (c < '0' || c > '9') throw new IllegalArgumentException("bad uin: " + uin);
        }
    }

    /** A group URI as a grant names it (either dialect's global groups, or S3's LogDelivery), or null. */
    static Grantee fromUri(String uri) {
        if (LogDelivery.URI.equals(uri)) return LogDelivery.LOG_DELIVERY;
        return Group.fromUri(uri);
    }
}
