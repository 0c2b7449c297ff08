package io.cosd.domain.policy;

import io.cosd.domain.identity.Principal;

import java.util.List;
import java.util.Set;

/**
 * A statement's compiled principal element. Named entries are root accounts (by root uin) and
 * sub-users (root uin + uin); roles and groups are accepted by the grammar (POL-C2) and never match
 * because cosd has none.
 *
 * <p>Who an entry binds depends on the effect (POL-E3, POL-E5, POL-S7):
 * <ul>
 *   <li>Allow: {@code *}, {@code qcs::cam::anyone:anyone} and {@code qcs::cam::anonymous:anonymous}
 *       allow every caller, signed or not (a signed request is also checked "as anonymous", POL-E3).</li>
 *   <li>Deny: {@code anyone}/{@code anonymous} bind unsigned callers only (the documented COS example,
 *       POL-E5); a named principal binds exactly that principal; {@code *} binds every caller but the
 *       bucket owner's root in a COS document (POL-E1), and everyone, the owner's root too, in an S3
 *       document ({@code s3Deny}), as S3 does (POL-S7). A NotPrincipal Deny likewise binds the owner's
 *       root only in an S3 document, unless it is listed.</li>
 * </ul>
 *
 * @param s3Deny the statement is in an S3-grammar document (Version 2012-10-17 or 2008-10-17): a Deny for
 *               everyone binds the bucket owner's root as well (POL-S7)
 * @param raw    the principal strings as written, for explain output
 */
record Principals(boolean star, boolean anyone, boolean anonymous, Set<String> roots, Set<String> users,
                  boolean not, boolean s3Deny, List<String> raw) {

    /** @param userKey {@code <root uin>/<uin>} of a sub-user caller (computed once per request), else null */
    boolean matches(Effect effect, Principal caller, String userKey, boolean callerIsOwnerRoot) {
        boolean hit = not ? !listed(caller, userKey) : (effect == Effect.ALLOW ? allows(caller, userKey) : denies(caller, userKey, callerIsOwnerRoot));
        // In a COS document NotPrincipal never binds the owner's root to a Deny: only naming it does.
        if (not && hit && effect == Effect.DENY && callerIsOwnerRoot && !s3Deny) return false;
        return hit;
    }

    private boolean allows(Principal caller, String userKey) {
        return star || anyone || anonymous || named(caller, userKey);
    }

    private boolean denies(Principal caller, String userKey, boolean ownerRoot) {
        if (named(caller, userKey)) return true;
        if (caller instanceof Principal.Anonymous) return star || anyone || anonymous;
        return star && (!ownerRoot || s3Deny);
    }

    private boolean listed(Principal caller, String userKey) {
        return star || named(caller, userKey) || (caller instanceof Principal.Anonymous && (anyone || anonymous));
    }

    private boolean named(Principal caller, String userKey) {
        return switch (caller) {
            case Principal.Root r -> !roots.isEmpty() && roots.contains(r.account().rootUin());
            case Principal.SubUser s -> !users.isEmpty() && users.contains(userKey);
            case Principal.Anonymous a -> false;
        };
    }
}
