package io.cosd.domain.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides one request against a bucket's policy. Pure: the compiled policy, the request and
 * {@code now} in, a {@link Decision} out; no I/O (object tags come through {@link Facts} lazily).
 *
 * <p>Order (POL-E1..E5, POL-S6): the owner's root may always manage the policy (POL-A6); only it
 * may delete the policy (POL-A4); then every statement whose principal, action, resource and
 * conditions all match is found: any Deny wins at once, else an Allow allows; else the owner's root
 * is allowed and everyone else is implicitly denied.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    /** @param policy null when the bucket has none */
    public static Decision evaluate(Policy policy, PolicyRequest req, Instant now) {
        return evaluate(policy, req, now, false);
    }

    /** @param trace record why each statement applied or not ({@link Decision#trace()}); for explain only */
    public static Decision evaluate(Policy policy, PolicyRequest req, Instant now, boolean trace) {
        boolean owner = req.callerIsOwnerRoot();
        List<String> notes = trace ? new ArrayList<>() : List.of();
        String s3 = req.s3Action;
        boolean policyApi = s3.equals("putbucketpolicy") || s3.equals("getbucketpolicy") || s3.equals("deletebucketpolicy");
        if (owner && policyApi) return new Decision(true, Decision.Reason.OWNER_POLICY_MANAGEMENT, null, List.of(), notes);
        if (!owner && s3.equals("deletebucketpolicy")) return new Decision(false, Decision.Reason.OWNER_ONLY, null, List.of(), notes);

        Statement allow = null;
        if (policy != null) {
            Facts facts = timed(req.facts, now);
            for (Statement st : policy.statements()) {
                if (!st.principals().matches(st.effect(), req.caller, req.userKey, owner)) {
                    if (trace) notes.add(st.label() + ": principal does not match");
                    continue;
                }
                if (!st.actions().matches(req.cosActions, s3)) {
                    if (trace) notes.add(st.label() + ": action does not match");
                    continue;
                }
                if (!st.resources().matches(req)) {
                    if (trace) notes.add(st.label() + ": resource does not match");
                    continue;
                }
                Condition failed = firstFailing(st.conditions(), facts);
                if (failed != null) {
                    if (trace) notes.add(st.label() + ": condition " + failed.text() + " is false");
                    continue;
                }
                if (trace) notes.add(st.label() + ": matches (" + st.effect().name().toLowerCase() + ")");
                if (st.effect() == Effect.DENY) {
                    return new Decision(false, Decision.Reason.EXPLICIT_DENY, st.label(), texts(st), notes);
                }
                if (allow == null) allow = st;
            }
        }
        if (allow != null) return new Decision(true, Decision.Reason.EXPLICIT_ALLOW, allow.label(), texts(allow), notes);
        if (owner) return new Decision(true, Decision.Reason.OWNER, null, List.of(), notes);
        return new Decision(false, Decision.Reason.IMPLICIT_DENY, null, List.of(), notes);
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
