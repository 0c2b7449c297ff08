package io.cosd.domain.acl;

import java.util.Objects;

/** One ACL entry. */
public record Grant(Grantee grantee, Permission permission) {
    public Grant {
        Objects.requireNonNull(grantee);
        Objects.requireNonNull(permission);
    }
}
