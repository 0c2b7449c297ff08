package io.cosd.domain.policy;

import io.cosd.domain.identity.Principal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides one request against the documents that apply to it: the bucket's policy and the calling
 * sub-user's identity policy ({@link PolicyDocuments}). Pure: the compiled documents, the request and
 * {@code now} in, a {@link Decision} out; no I/O (object tags come through {@link Facts} lazily).
 *
 * <p>Order (POL-E1..E5, POL-S6, POL-I2..I4): the owner's root may always manage the bucket policy
 * (POL-A6); only it may delete the policy (POL-A4); then every statement whose principal, action,
 * resource and conditions all match is found in each document: any Deny in either wins at once
 * (POL-I3); else an Allow in either allows (POL-I2), except that a sub-user of another account needs
 * an Allow in both (POL-I4; {@code domain/access/AccessDecision} lets an ACL grant stand in for the bucket
 * policy's, never for the identity policy's); else the owner's root is allowed and everyone else is implicitly denied.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    /** The bucket policy alone. @param policy null when the bucket has none */
    public static Decision evaluate(Policy policy, PolicyRequest req, Instant now) {
        return decide(PolicyDocuments.bucketOnly(policy), req, now, false);
    }

    /** The bucket policy alone, with a trace ({@link Decision#trace()}); for explain and tests. */
    public static Decision evaluate(Policy policy, PolicyRequest req, Instant now, boolean trace) {
        return decide(PolicyDocuments.bucketOnly(policy), req, now, trace);
    }

    /**
     * The one decision function (docs/policy.md "Identity policies").
     *
     * @param trace record why each statement applied or not ({@link Decision#trace()}); for explain only
     */
    public static Decision decide(PolicyDocuments docs, PolicyRequest req, Instant now, boolean trace) {
        boolean owner = req.callerIsOwnerRoot();
        List<String> notes = trace ? new ArrayList<>() : List.of();
        String s3 = req.s3Action;
        boolean policyApi = s3.equals("putbucketpolicy") || s3.equals("getbucketpolicy") || s3.equals("deletebucketpolicy");
        if (owner && policyApi) return new Decision(true, Decision.Reason.OWNER_POLICY_MANAGEMENT, null, List.of(), notes);
        if (!owner && s3.equals("deletebucketpolicy")) return new Decision(false, Decision.Reason.OWNER_ONLY, null, List.of(), notes);

        Facts facts = timed(req.facts, now);
        // An identity policy speaks only for the sub-user it is attached to (POL-I1).
        Policy identity = req.caller instanceof Principal.SubUser ? docs.identityPolicy() : null;
        Match bucket = scan(docs.bucketPolicy(), Decision.Source.BUCKET_POLICY, req, owner, facts, trace, notes);
        if (bucket.deny != null) return deny(bucket.deny, Decision.Source.BUCKET_POLICY, notes);
        Match user = scan(identity, Decision.Source.IDENTITY_POLICY, req, owner, facts, trace, notes);
        if (user.deny != null) return deny(user.deny, Decision.Source.IDENTITY_POLICY, notes);

        boolean crossAccount = req.caller instanceof Principal.SubUser su && !su.account().rootUin().equals(req.ownerUin);
        if (crossAccount && (bucket.allow == null) != (user.allow == null)) {
            Statement one = bucket.allow != null ? bucket.allow : user.allow;
            var src = bucket.allow != null ? Decision.Source.BUCKET_POLICY : Decision.Source.IDENTITY_POLICY;
            return new Decision(false, Decision.Reason.CROSS_ACCOUNT_NEEDS_BOTH, one.label(), texts(one), notes, src);
        }
        if (bucket.allow != null) return allow(bucket.allow, Decision.Source.BUCKET_POLICY, notes);
        if (user.allow != null) return allow(user.allow, Decision.Source.IDENTITY_POLICY, notes);
        if (owner) return new Decision(true, Decision.Reason.OWNER, null, List.of(), notes);
        return new Decision(false, Decision.Reason.IMPLICIT_DENY, null, List.of(), notes);
    }

    /** The first matching Deny of one document (which decides at once), else its first matching Allow. */
    private record Match(Statement deny, Statement allow) {
        static final Match NONE = new Match(null, null);
    }

    private static Match scan(Policy policy, Decision.Source source, PolicyRequest req, boolean owner, Facts facts,
                              boolean trace, List<String> notes) {
        if (policy == null) return Match.NONE;
        String doc = source.label() + " ";
        Statement allow = null;
        for (Statement st : policy.statements()) {
            if (!st.principals().matches(st.effect(), req.caller, req.userKey, owner)) {
                if (trace) notes.add(doc + st.label() + ": principal does not match");
                continue;
            }
            if (!st.actions().matches(req.cosActions, req.s3Action)) {
                if (trace) notes.add(doc + st.label() + ": action does not match");
                continue;
            }
            if (!st.resources().matches(req)) {
                if (trace) notes.add(doc + st.label() + ": resource does not match");
                continue;
            }
            Condition failed = firstFailing(st.conditions(), facts);
            if (failed != null) {
                if (trace) notes.add(doc + st.label() + ": condition " + failed.text() + " is false");
                continue;
            }
            if (trace) notes.add(doc + st.label() + ": matches (" + st.effect().name().toLowerCase() + ")");
            if (st.effect() == Effect.DENY) return new Match(st, null);
            if (allow == null) allow = st;
        }
        return new Match(null, allow);
    }

    private static Decision deny(Statement st, Decision.Source source, List<String> notes) {
        return new Decision(false, Decision.Reason.EXPLICIT_DENY, st.label(), texts(st), notes, source);
    }

    private static Decision allow(Statement st, Decision.Source source, List<String> notes) {
        return new Decision(true, Decision.Reason.EXPLICIT_ALLOW, st.label(), texts(st), notes, source);
    }

    private static Condition firstFailing(List<Condition> conditions, Facts facts) {
        for (Condition c : conditions) {
            if (!c.holds(facts.values(c.key(), c.keyArg()))) return c;
        }
        return null;
    }

    /** Time keys come from {@code now}, so evaluation stays a function of its arguments. */
    private static Facts timed(Facts facts, Instant now) {
        return (key, arg) -> switch (key) {
            case CURRENT_TIME -> List.of(now.toString());
            case EPOCH_TIME -> List.of(Long.toString(now.getEpochSecond()));
            default -> facts.values(key, arg);
        };
    }

    private static List<String> texts(Statement st) {
        List<String> out = new ArrayList<>(st.conditions().size());
        for (Condition c : st.conditions()) out.add(c.text());
        return out;
    }
}
