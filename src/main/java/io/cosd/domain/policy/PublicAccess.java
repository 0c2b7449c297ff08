package io.cosd.domain.policy;

import io.cosd.domain.identity.Principal;

/**
 * What "public" means and what a {@link PublicAccessBlock} does about it (docs/policy.md#public-access-block,
 * POL-P1..P6). Pure: no I/O, no clock.
 *
 * <p>A policy is public (POL-P3, AWS's definition narrowed to the condition keys cosd accepts) when
 * some Allow statement grants to everyone ({@code *}, {@code {"AWS": "*"}},
 * {@code qcs::cam::anyone:anyone}, {@code qcs::cam::anonymous:anonymous}, or any {@code NotPrincipal})
 * without a condition that pins the caller to fixed values. The only such key cosd evaluates is the
 * source address ({@code aws:SourceIp} / {@code qcs:ip}) under a positive IP operator
 * ({@code IpAddress} / {@code ip_equal}, not {@code IfExists}, not a set qualifier) whose every
 * network is at least a /8 (IPv4) or /32 (IPv6): a wider range such as {@code 0.0.0.0/1} still admits
 * much of the internet. Deny statements never make a policy public. Other keys AWS counts
 * ({@code aws:SourceArn}, {@code aws:SourceVpc}, {@code aws:SourceAccount}, ...) are not accepted by
 * PutBucketPolicy today, so a policy cannot rely on them.
 */
public final class PublicAccess {
    /** Narrowest prefix still counted as too broad to restrict (AWS: "broader than /8", "/32" for IPv6). */
    static final int MIN_V4_BITS = 8, MIN_V6_BITS = 32;

    private PublicAccess() {}

    /** POL-P3: whether {@code policy} grants access to everyone; false for no policy. */
    public static boolean isPublic(Policy policy) {
        if (policy == null) return false;
        for (Statement st : policy.statements()) {
            if (st.effect() == Effect.ALLOW && grantsEveryone(st.principals()) && !restricted(st)) return true;
        }
        return false;
    }

    /** POL-P4: PutBucketPolicy of this document is refused 403 AccessDenied. */
    public static boolean blocksPolicy(PublicAccessBlock config, Policy policy) {
        return config != null && config.blockPublicPolicy() && isPublic(policy);
    }

    /**
     * POL-P5: whether the bucket policy's grants are withheld from {@code caller}: RestrictPublicBuckets
     * is on, the policy is public, and the caller is not in the bucket owner's account (anonymous
     * callers and other accounts). Denies still apply to everyone; only what an Allow gave is taken away.
     */
    public static boolean withholdsPolicyGrant(PublicAccessBlock config, Policy policy, Principal caller, String ownerRootUin) {
        if (config == null || !config.restrictPublicBuckets()) return false;
        return !inAccount(caller, ownerRootUin) && isPublic(policy);
    }

    /**
     * POL-P5 applied to an evaluation: an Allow that {@link #withholdsPolicyGrant} takes away becomes
     * {@link Decision.Reason#PUBLIC_ACCESS_RESTRICTED} (denied, naming the statement); any other
     * decision is returned as it is. Served requests (api.policy.Access) and explain both go through here.
     */
    public static Decision restrict(Decision d, PublicAccessBlock config, Policy policy, Principal caller, String ownerRootUin) {
        if (d.reason() != Decision.Reason.EXPLICIT_ALLOW || !withholdsPolicyGrant(config, policy, caller, ownerRootUin)) return d;
        return new Decision(false, Decision.Reason.PUBLIC_ACCESS_RESTRICTED, d.statement(), d.conditions(), d.trace(), d.source());
    }

    /**
     * POL-P6, for the ACL evaluator: a request that would set an ACL granting to everyone or to all
     * authenticated users ({@code aclIsPublic}) is refused 403 AccessDenied under BlockPublicAcls.
     */
    public static boolean blocksAcl(PublicAccessBlock config, boolean aclIsPublic) {
        return config != null && config.blockPublicAcls() && aclIsPublic;
    }

    /** POL-P6, for the ACL evaluator: public grants of stored ACLs are left out of decisions under IgnorePublicAcls. */
    public static boolean ignoresPublicAclGrants(PublicAccessBlock config) {
        return config != null && config.ignorePublicAcls();
    }

    private static boolean inAccount(Principal caller, String rootUin) {
        return switch (caller) {
            case Principal.Root r -> r.account().rootUin().equals(rootUin);
            case Principal.SubUser s -> s.account().rootUin().equals(rootUin);
            case Principal.Anonymous a -> false;
        };
    }

    private static boolean grantsEveryone(Principals p) {
        return p.not() || p.star() || p.anyone() || p.anonymous();
    }

    /** All conditions must hold for a statement to apply, so one pinning condition restricts it. */
    private static boolean restricted(Statement st) {
        for (Condition c : st.conditions()) {
            if (pinsSourceAddress(c)) return true;
        }
        return false;
    }

    private static boolean pinsSourceAddress(Condition c) {
        if (c.key() != ContextKey.SOURCE_IP || c.op().type != Operator.Type.IP || c.op().negated()) return false;
        if (c.ifExists() || c.qualifier() != Condition.Qualifier.NONE || c.cidrs().isEmpty()) return false;
        for (Cidr n : c.cidrs()) {
            if (n.bits() < (n.network().length == 4 ? MIN_V4_BITS : MIN_V6_BITS)) return false;
        }
        return true;
    }
}
