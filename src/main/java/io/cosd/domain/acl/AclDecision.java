package io.cosd.domain.acl;

import io.cosd.domain.identity.Principal;
import io.cosd.domain.policy.Decision;

import java.util.List;
import java.util.Locale;

import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * ACL evaluation, pure (docs/acl.md "How a request is decided", ACL-E1..E3). The bucket policy is
 * evaluated first ({@code domain/policy/PolicyEvaluator}); only when it leaves the request
 * implicitly denied does an ACL grant decide: an explicit Deny beats every grant, and the owner's
 * root is allowed as before. Each S3 action needs one permission on the bucket or on the object
 * version, as S3 maps them ({@link #NEEDS}).
 */
public final class AclDecision {
    /** Whose ACL an action consults. */
    public enum Target { BUCKET, OBJECT }

    /** What an action needs from an ACL. */
    public record Need(Target target, Permission permission) {}

    /** S3 action (lower case, no {@code s3:}) → the permission an ACL must grant (ACL-E2). Absent: no ACL grants it. */
    public static final Map<String, Need> NEEDS = Map.ofEntries(
            Map.entry("listbucket", new Need(Target.BUCKET, Permission.READ)),
            Map.entry("listbucketversions", new Need(Target.BUCKET, Permission.READ)),
            Map.entry("listbucketmultipartuploads", new Need(Target.BUCKET, Permission.READ)),
            Map.entry("putobject", new Need(Target.BUCKET, Permission.WRITE)),
            Map.entry("deleteobject", new Need(Target.BUCKET, Permission.WRITE)),
            Map.entry("getbucketacl", new Need(Target.BUCKET, Permission.READ_ACP)),
            Map.entry("putbucketacl", new Need(Target.BUCKET, Permission.WRITE_ACP)),
            Map.entry("getobject", new Need(Target.OBJECT, Permission.READ)),
            Map.entry("getobjectversion", new Need(Target.OBJECT, Permission.READ)),
            Map.entry("getobjectacl", new Need(Target.OBJECT, Permission.READ_ACP)),
            Map.entry("getobjectversionacl", new Need(Target.OBJECT, Permission.READ_ACP)),
            Map.entry("putobjectacl", new Need(Target.OBJECT, Permission.WRITE_ACP)),
            Map.entry("putobjectversionacl", new Need(Target.OBJECT, Permission.WRITE_ACP)));

    private AclDecision() {}

    /**
     * The grant that allows {@code caller} to do {@code s3Action}, or empty (ACL-E1, E3).
     *
     * @param bucketAcl the bucket's ACL
     * @param objectAcl the addressed version's effective ACL, read only when the action needs it;
     *                  empty when there is no such object (nothing to grant on)
     */
    public static Optional<Grant> grant(Principal caller, String s3Action, Acl bucketAcl, Supplier<Optional<Acl>> objectAcl) {
        Need need = need(s3Action);
        if (need == null) return Optional.empty();
        Acl acl = need.target() == Target.BUCKET ? bucketAcl : objectAcl.get().orElse(null);
        if (acl == null) return Optional.empty();
        return granted(caller, acl, need.permission());
    }

    /**
     * The ACL step on its own (ACL-E1): the policy's decision, unless it is an implicit deny that an ACL
     * grant lifts. An explicit Deny, the owner rules and every policy Allow stand as the policy decided.
     * Requests are decided by {@code domain/access/AccessDecision}, which runs {@link #step} in its place.
     */
    public static Decision decide(Decision policy, Principal caller, String s3Action, Supplier<Acl> bucketAcl,
                                  Supplier<Optional<Acl>> objectAcl) {
        return decide(policy, caller, s3Action, bucketAcl, objectAcl, () -> false);
    }

    /** @param ignorePublicGrants IgnorePublicAcls (POL-P6): group grants are left out; asked only when an ACL is consulted */
    public static Decision decide(Decision policy, Principal caller, String s3Action, Supplier<Acl> bucketAcl,
                                  Supplier<Optional<Acl>> objectAcl, BooleanSupplier ignorePublicGrants) {
        if (policy.reason() != Decision.Reason.IMPLICIT_DENY) return policy;
        Step step = step(caller, s3Action, bucketAcl, objectAcl, ignorePublicGrants);
        return step == null ? policy : step.apply(policy);
    }

    /**
     * What the ACL step of a decision found (docs/access-control.md, POL-X1): the ACL the action
     * consults, whether there was one to read, the grant that allows the caller, and a public grant
     * that would have allowed it but IgnorePublicAcls left out (POL-P6).
     *
     * @param aclRead            false for an object action on a missing version or a delete marker: nothing to grant on
     * @param grant              the deciding grant, or empty
     * @param ignoredPublicGrant the group grant IgnorePublicAcls dropped, when it is what would have allowed
     */
    public record Step(Target target, boolean aclRead, Optional<Grant> grant, Optional<Grant> ignoredPublicGrant) {
        public Decision.Source document() {
            return target == Target.BUCKET ? Decision.Source.BUCKET_ACL : Decision.Source.OBJECT_ACL;
        }

        /** ACL-E1: the grant lifts the policy's implicit deny, naming the ACL and the grant; no grant leaves it. */
        public Decision apply(Decision policy) {
            return grant.map(g -> new Decision(true, Decision.Reason.ACL_GRANT, describe(g), List.of(), policy.trace(), document()))
                    .orElse(policy);
        }
    }

    /**
     * The ACL step (ACL-E1..E3): null when no ACL can grant {@code s3Action} (nothing is read);
     * else the one ACL it needs is read, and {@code ignorePublicGrants} asked only when there is one.
     */
    public static Step step(Principal caller, String s3Action, Supplier<Acl> bucketAcl, Supplier<Optional<Acl>> objectAcl,
                            BooleanSupplier ignorePublicGrants) {
        Need need = need(s3Action);
        if (need == null) return null;
        Acl acl = need.target() == Target.BUCKET ? bucketAcl.get() : objectAcl.get().orElse(null);
        if (acl == null) return new Step(need.target(), false, Optional.empty(), Optional.empty());
        boolean ignore = ignorePublicGrants.getAsBoolean();
        Optional<Grant> g = granted(caller, acl, need.permission(), ignore);
        // Only for explain: what the ignored group grants would have given (pure, no read).
        Optional<Grant> dropped = ignore && g.isEmpty()
                ? granted(caller, acl, need.permission(), false).filter(x -> x.grantee() instanceof Grantee.Group) : Optional.empty();
        return new Step(need.target(), true, g, dropped);
    }

    /** What an S3 action ({@code s3:GetObject}, any case, prefix optional) needs, or null. */
    static Need need(String s3Action) {
        String a = s3Action.toLowerCase(Locale.ROOT);
        return NEEDS.get(a.startsWith("s3:") ? a.substring(3) : a);
    }

    /**
     * ACL-E3: AllUsers matches everyone, AuthenticatedUsers every signed caller, an account grant its
     * root, a sub-user grant that sub-user (ACL-M6); LogDelivery matches no caller (ACL-M7).
     */
    static Optional<Grant> granted(Principal caller, Acl acl, Permission needed) {
        return granted(caller, acl, needed, false);
    }

    static Optional<Grant> granted(Principal caller, Acl acl, Permission needed, boolean ignoreGroups) {
        if (!ignoreGroups) {
            Optional<Grant> g = acl.granting(Grantee.Group.ALL_USERS, needed);
            if (g.isPresent() || caller instanceof Principal.Anonymous) return g;
            g = acl.granting(Grantee.Group.AUTHENTICATED_USERS, needed);
            if (g.isPresent()) return g;
        }
        return switch (caller) {
            case Principal.Root r -> acl.granting(new Grantee.Account(r.account().rootUin()), needed);
            case Principal.SubUser s -> acl.granting(new Grantee.SubUser(s.account().rootUin(), s.uin()), needed);
            case Principal.Anonymous a -> Optional.empty();
        };
    }

    /** How a grant is named in a decision's description ({@code policy explain}, debug logs). */
    public static String describe(Grant g) {
        String who = switch (g.grantee()) {
            case Grantee.Account a -> "account " + a.rootUin();
            case Grantee.SubUser u -> "sub-user " + u.uin() + " of account " + u.rootUin();
            case Grantee.Group gr -> groupName(gr);
            case Grantee.LogDelivery ld -> "LogDelivery";
        };
        return "ACL grant " + g.permission() + " to " + who;
    }

    /** {@code AllUsers}, {@code AuthenticatedUsers}: the group's name in both dialects' URIs. */
    public static String groupName(Grantee.Group g) {
        String uri = g.uri(false);
        return uri.substring(uri.lastIndexOf('/') + 1);
    }
}
