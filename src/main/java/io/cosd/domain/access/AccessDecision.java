package io.cosd.domain.access;

import io.cosd.domain.acl.AclDecision;
import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.Grant;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.policy.Decision;
import io.cosd.domain.policy.PolicyDocuments;
import io.cosd.domain.policy.PolicyEvaluator;
import io.cosd.domain.policy.PolicyRequest;
import io.cosd.domain.policy.PublicAccess;
import io.cosd.domain.policy.PublicAccessBlock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one decision for a bucket or object request (docs/access-control.md, POL-X1), used by the
 * server ({@code api.policy.Access}) and by {@code policy explain} alike, so that what explain says
 * is what the server does. Pure: the documents come through suppliers, {@code now} is an argument.
 *
 * <p>The steps, in order:
 * <ol>
 *   <li>the bucket policy and the caller's identity policy ({@link PolicyEvaluator#decide}: Deny
 *       wins, the owner's root is allowed, cross-account needs both; POL-E1..E5, POL-I2..I4);</li>
 *   <li>only on an implicit deny, the ACL the action needs (bucket or object, ACL-E1..E3), its
 *       public grants left out under IgnorePublicAcls (POL-P6); for a sub-user of another account only
 *       when its identity policy allows and the bucket policy does not: an ACL grant is the resource's
 *       side of the two it needs, never its account's (POL-I4, {@link #crossAccount});</li>
 *   <li>only on an explicit Allow, RestrictPublicBuckets (POL-P5).</li>
 * </ol>
 * Reads are lazy, as the served path needs them to be: the ACLs only in step 2, the public access
 * block configuration only when an ACL is read or an Allow decided.
 */
public final class AccessDecision {
    private AccessDecision() {}

    /**
     * What a decision reads besides the request.
     *
     * @param policies          the bucket policy and the caller's identity policy
     * @param bucketAcl         the bucket's ACL (read only for an ACL step on a bucket action)
     * @param objectAcl         the addressed version's effective ACL, empty for no such version or a delete marker
     *                          (read only for an ACL step on an object action; ACL-E4 passes the served version's)
     * @param publicAccessBlock the bucket's configuration, {@link PublicAccessBlock#NONE} or null for none
     */
    public record Documents(PolicyDocuments policies, Supplier<Acl> bucketAcl, Supplier<Optional<Acl>> objectAcl,
                            Supplier<PublicAccessBlock> publicAccessBlock) {}

    /** The public access block switch that changed an outcome. */
    public enum Switch { IGNORE_PUBLIC_ACLS, RESTRICT_PUBLIC_BUCKETS }

    /**
     * @param decision          the answer: allowed or not, and what decided (source BUCKET_ACL / OBJECT_ACL for a grant)
     * @param acl               the ACL step, or null when it did not run (the policies decided, or no ACL grants the action)
     * @param publicAccessBlock the switch that took an allow away, or null when none did
     */
    public record Outcome(Decision decision, AclDecision.Step acl, Switch publicAccessBlock) {}

    /** @param trace record why (explain): the policy trace plus one line per later step */
    public static Outcome decide(Documents docs, PolicyRequest req, Instant now, boolean trace) {
        Decision policy = PolicyEvaluator.decide(docs.policies(), req, now, trace);
        // POL-I4: an Allow in both documents goes on as every Allow does; anything else is decided across accounts.
        if (policy.reason() != Decision.Reason.EXPLICIT_ALLOW && crossAccountSubUser(req)) return crossAccount(policy, docs, req, trace);
        if (policy.reason() == Decision.Reason.IMPLICIT_DENY) return aclStep(policy, docs, req, trace);
        if (policy.reason() != Decision.Reason.EXPLICIT_ALLOW) return new Outcome(policy, null, null);
        // POL-P5: the configuration is read only when an Allow decided, so the common path pays nothing.
        Decision d = PublicAccess.restrict(policy, docs.publicAccessBlock().get(), docs.policies().bucketPolicy(), req.caller(), req.ownerUin());
        if (d.reason() != Decision.Reason.PUBLIC_ACCESS_RESTRICTED) return new Outcome(policy, null, null);
        return new Outcome(noted(d, trace, "RestrictPublicBuckets: the bucket policy is public and the caller is outside the"
                + " owner's account, so " + policy.statement() + " is withheld (POL-P5)"), null, Switch.RESTRICT_PUBLIC_BUCKETS);
    }

    /** A sub-user of an account other than the bucket owner's (POL-I4): its roots and the owner's account are not. */
    private static boolean crossAccountSubUser(PolicyRequest req) {
        return req.caller() instanceof Principal.SubUser s && !s.account().rootUin().equals(req.ownerUin());
    }

    /**
     * POL-I4, ACL-E3, as S3 and CAM decide it: a sub-user of another account needs an Allow in its own identity
     * policy (its account's side) AND a grant from the resource side, the bucket policy's Allow or an ACL grant;
     * an explicit Deny anywhere has already won. So without an identity Allow no ACL is read (nothing it grants
     * could let the caller in), and with one alone the ACL step may supply the resource side.
     *
     * @param policy the policies' decision, anything but an Allow (an Allow in each document takes the usual path)
     */
    private static Outcome crossAccount(Decision policy, Documents docs, PolicyRequest req, boolean trace) {
        boolean identityAllowsAlone = policy.reason() == Decision.Reason.CROSS_ACCOUNT_NEEDS_BOTH
                && policy.source() == Decision.Source.IDENTITY_POLICY;
        if (identityAllowsAlone) {
            Outcome acl = aclStep(policy, docs, req, trace);
            Decision d = acl.decision();
            if (!d.allowed()) return acl;
            // Both sides allow: the identity statement for the caller's account, the ACL grant for the resource's.
            Decision both = new Decision(true, Decision.Reason.IDENTITY_AND_ACL_GRANT, policy.statement(), policy.conditions(),
                    d.trace(), Decision.Source.IDENTITY_POLICY);
            return new Outcome(noted(both, trace, "another account's sub-user: identity policy " + policy.statement()
                    + " allows on its account's side, and " + d.statement() + " of the " + acl.acl().document().label()
                    + " on the resource's side (POL-I4)"), acl.acl(), acl.publicAccessBlock());
        }
        if (policy.reason() == Decision.Reason.IMPLICIT_DENY) {
            return new Outcome(noted(policy, trace, "ACL: not consulted: another account's sub-user needs an Allow in its own"
                    + " identity policy first, and none matched (POL-I4)"), null, null);
        }
        return new Outcome(policy, null, null);   // a Deny, or the bucket policy's Allow without the identity's
    }

    /** ACL-E1: an ACL grant may lift only an implicit deny; the ACL is read only now. */
    private static Outcome aclStep(Decision policy, Documents docs, PolicyRequest req, boolean trace) {
        AclDecision.Step step = AclDecision.step(req.caller(), req.s3Action(), docs.bucketAcl(), docs.objectAcl(),
                () -> PublicAccess.ignoresPublicAclGrants(docs.publicAccessBlock().get()));
        if (step == null) return new Outcome(noted(policy, trace, "ACL: no ACL grants s3:" + req.s3Action() + " (ACL-E2)"), null, null);
        String acl = step.document().label();
        if (!step.aclRead()) {
            return new Outcome(noted(policy, trace, acl + ": no such object version, nothing to grant on"), step, null);
        }
        Decision d = step.apply(policy);
        String note = step.grant().map(g -> acl + ": " + grant(g) + " allows it (ACL-E1)")
                .orElse(acl + ": no grant allows it");
        if (step.ignoredPublicGrant().isEmpty()) return new Outcome(noted(d, trace, note), step, null);
        return new Outcome(noted(d, trace, note, "IgnorePublicAcls: " + grant(step.ignoredPublicGrant().get()) + " of the " + acl
                + " is left out (POL-P6)"), step, Switch.IGNORE_PUBLIC_ACLS);
    }

    private static String grant(Grant g) {
        return AclDecision.describe(g).replaceFirst("^ACL grant", "grant");
    }

    private static Decision noted(Decision d, boolean trace, String... notes) {
        if (!trace) return d;
        List<String> all = new ArrayList<>(d.trace());
        all.addAll(List.of(notes));
        return new Decision(d.allowed(), d.reason(), d.statement(), d.conditions(), List.copyOf(all), d.source());
    }
}
