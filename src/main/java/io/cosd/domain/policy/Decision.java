package io.cosd.domain.policy;

import java.util.List;

/**
 * The outcome of one evaluation and what decided it.
 *
 * @param statement  the deciding statement ({@code statement[2] (Sid x)}), null for OWNER / IMPLICIT_DENY / OWNER_ONLY
 * @param conditions the deciding statement's conditions (all held), as written
 * @param trace      with tracing on: why each statement did or did not apply (explain output); empty otherwise
 */
public record Decision(boolean allowed, Reason reason, String statement, List<String> conditions, List<String> trace) {
    public enum Reason {
        /** An Allow statement matched (and no Deny did). */
        EXPLICIT_ALLOW,
        /** A Deny statement matched: beats every allow (POL-E4, POL-S6). */
        EXPLICIT_DENY,
        /** The bucket owner's root, no Deny named it (POL-E1). */
        OWNER,
        /** The bucket owner's root managing the policy: always allowed (POL-A6). */
        OWNER_POLICY_MANAGEMENT,
        /** Only the bucket owner may delete the policy (POL-A4). */
        OWNER_ONLY,
        /** No statement matched, and an ACL grant allows it (ACL-E1; {@code statement} names the grant). */
        ACL_GRANT,
        /** Nothing matched: default deny (POL-E1). */
        IMPLICIT_DENY
    }

    public String describe() {
        return switch (reason) {
            case EXPLICIT_ALLOW -> "allowed by " + statement + (conditions.isEmpty() ? "" : " with conditions " + conditions);
            case EXPLICIT_DENY -> "denied by " + statement + (conditions.isEmpty() ? "" : " with conditions " + conditions);
            case OWNER -> "the bucket owner's root account, no Deny names it";
            case OWNER_POLICY_MANAGEMENT -> "the bucket owner's root account may always manage the policy";
            case OWNER_ONLY -> "only the bucket owner's root account may do this";
            case ACL_GRANT -> "no statement matched; allowed by " + statement;
            case IMPLICIT_DENY -> "no statement matched (implicit deny)";
        };
    }
}
