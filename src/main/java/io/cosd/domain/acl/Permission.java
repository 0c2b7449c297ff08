package io.cosd.domain.acl;

/** What a grant allows (docs/acl.md "Permissions", ACL-M1). FULL_CONTROL implies the other four. */
public enum Permission {
    READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL;

    /** Does a grant of {@code this} allow {@code needed}? */
    public boolean covers(Permission needed) {
        return this == FULL_CONTROL || this == needed;
    }
}
