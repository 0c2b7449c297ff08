package io.cosd.domain.policy;

import java.util.List;

/**
 * The outcome of one evaluation and what decided it.
 *
 * @param statement  the deciding statement ({@code statement[2] (Sid x)}) or, for ACL_GRANT, the grant
 *                   ({@code ACL grant READ to AllUsers}); for IDENTITY_AND_ACL_GRANT the identity statement (the
 *                   grant is the ACL step's); null for OWNER / IMPLICIT_DENY / OWNER_ONLY
 * @param conditions the deciding statement's conditions (all held), as written
 * @param trace      with tracing on: why each statement did or did not apply (explain output); empty otherwise
 * @param source     which document the deciding statement (or ACL grant) is in (null when none decided)
 */
public record Decision(boolean allowed, Reason reason, String statement, List<String> conditions, List<String> trace, Source source) {
    /** The documents a decision can come from (docs/policy.md "Identity policies"). */
    public enum Source {
        /** The bucket's policy ({@code PUT /?policy}). */
        BUCKET_POLICY,
        /** The calling sub-user's identity policy ({@code cosd admin user policy put}, POL-I1). */
        IDENTITY_POLICY,
        /** The bucket's ACL, when one of its grants lifted an implicit deny (ACL-E1). */
        BUCKET_ACL,
        /** The addressed object version's effective ACL, when one of its grants lifted an implicit deny (ACL-E1). */
        OBJECT_ACL;

        public String label() {
            return switch (this) {
                case BUCKET_POLICY -> "bucket policy";
                case IDENTITY_POLICY -> "identity policy";
                case BUCKET_ACL -> "bucket ACL";
                case OBJECT_ACL -> "object ACL";
            };
        }
    }

    public Decision(boolean allowed, Reason reason, String statement, List<String> conditions, List<String> trace) {
        this(allowed, reason, statement, conditions, trace, null);
    }

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
        IMPLICIT_DENY,
        /**
         * A sub-user of another account: one of the two documents allows, but across accounts both the
         * caller's identity policy and the resource's side (the bucket policy, or an ACL grant) must allow (POL-I4).
         */
        CROSS_ACCOUNT_NEEDS_BOTH,
        /**
         * A sub-user of another account: its identity policy allows ({@code statement}, {@code source}) and an ACL
         * grant on the bucket or object gives the resource's side (POL-I4, ACL-E3; the grant is the ACL step's).
         */
        IDENTITY_AND_ACL_GRANT,
        /** An Allow matched, but the policy is public and RestrictPublicBuckets keeps it to the owner's account (POL-P5). */
        PUBLIC_ACCESS_RESTRICTED
    }

    public String describe() {
        return switch (reason) {
            case EXPLICIT_ALLOW -> "allowed by " + where() + (conditions.isEmpty() ? "" : " with conditions " + conditions);
            case EXPLICIT_DENY -> "denied by " + where() + (conditions.isEmpty() ? "" : " with conditions " + conditions);
            case CROSS_ACCOUNT_NEEDS_BOTH -> "the " + where() + " allows, but another account's sub-user needs both an Allow in its"
                    + " identity policy and, on the resource's side, the bucket policy's Allow or an ACL grant";
            case IDENTITY_AND_ACL_GRANT -> "allowed by " + where() + " on the caller's account's side and by an ACL grant on the"
                    + " resource's side, as another account's sub-user needs both";
            case OWNER -> "the bucket owner's root account, no Deny names it";
            case OWNER_POLICY_MANAGEMENT -> "the bucket owner's root account may always manage the policy";
            case OWNER_ONLY -> "only the bucket owner's root account may do this";
            case ACL_GRANT -> "no statement matched; allowed by " + statement + (source == null ? "" : " of the " + source.label());
            case IMPLICIT_DENY -> "no statement matched (implicit deny)";
            case PUBLIC_ACCESS_RESTRICTED -> statement + " allows, but the policy is public and RestrictPublicBuckets limits its"
                    + " grants to the bucket owner's account";
        };
    }

    /** {@code identity policy statement[0] (Sid x)}; just the statement without a source. */
    private String where() {
        return source == null ? statement : source.label() + " " + statement;
    }
}
