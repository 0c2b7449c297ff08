package io.cosd.api.policy;

import io.cosd.api.route.Operation;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.policy.Decision;
import io.cosd.domain.policy.Policy;
import io.cosd.domain.policy.PolicyEvaluator;
import io.cosd.domain.policy.PolicyDocuments;
import io.cosd.domain.policy.PublicAccess;
import io.cosd.service.PolicyService;
import io.cosd.service.PublicAccessService;
import io.cosd.service.UserPolicyService;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code cosd admin policy explain} and {@code POST /-/admin/policy/explain}: what the server would
 * decide for a bucket, principal, action, key and context, and why. It builds the evaluator's input
 * with {@link PolicyRequests} and calls {@link PolicyEvaluator}, exactly as {@code Access} does for
 * served requests. What it reads from the store (bucket, principal, policy, object tags) comes from
 * {@link PolicyService}; this class names the operation and renders the answer.
 */
public final class Explainer {
    /**
     * @param principal {@code anonymous}, a CAM name ({@code qcs::cam::uin/<root>:uin/<uin>}) or a uin of the bucket owner's account
     * @param headers   request headers (Content-Type, x-cos-storage-class, Referer, ...)
     * @param query     query parameters (prefix, versionId, response-content-type, ...)
     */
    public record Input(String bucket, String principal, String action, String key, String ip, boolean secure,
                        Map<String, String> headers, Map<String, String> query) {}

    public record Result(Operation operation, String cosAction, String s3Action, String principal, Decision decision) {}

    private Explainer() {}

    /** @throws IllegalArgumentException naming a bad input (unknown bucket, principal or action) */
    public static Result explain(PolicyService policies, PublicAccessService blocks, UserPolicyService userPolicies, Input in, Instant now) {
        return explain(policies, blocks, userPolicies, in, now, null);
    }

    /**
     * @param account when not null, a sub-user principal must belong to this account (root uin): the HTTP
     *                endpoint never reveals what another account's identity policy allows
     */
    public static Result explain(PolicyService policies, PublicAccessService blocks, UserPolicyService userPolicies, Input in, Instant now,
                                 String account) {
        Operation op = PolicyActions.byName(req(in.action(), "action"));
        if (op == null) throw new IllegalArgumentException("unknown action: " + in.action());
        boolean service = op.scope() == Operation.Scope.SERVICE || op == Operation.CREATE_BUCKET;
        if (service && account != null) throw new IllegalArgumentException("not a bucket or object action: " + in.action());
        if (service) return explainService(policies, userPolicies, in, op, now);
        Bucket bucket = policies.bucket(req(in.bucket(), "bucket")).orElseThrow(() -> new IllegalArgumentException("no such bucket: " + in.bucket()));
        Principal who = policies.principal(bucket, req(in.principal(), "principal"));
        if (account != null && who instanceof Principal.SubUser s && !s.account().rootUin().equals(account)) {
            throw new IllegalArgumentException("a sub-user of another account: its identity policy is not yours to explain");
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (in.headers() != null) headers.putAll(in.headers());
        Map<String, String> query = in.query() == null ? Map.of() : in.query();
        if (in.key() == null && op.scope() == Operation.Scope.OBJECT) throw new IllegalArgumentException("an object action needs a key");
        var client = new ClientAddress.Client(in.ip() == null ? "127.0.0.1" : in.ip(), in.secure());
        var request = PolicyRequests.build(who, op, bucket, in.key(), () -> client,
                query::get, headers::get, policies::tags);
        // The same documents Access reads: the bucket policy and the sub-user's identity policy (POL-I6).
        Policy policy = policies.policy(bucket);
        Decision d = PublicAccess.restrict(PolicyEvaluator.decide(new PolicyDocuments(policy, userPolicies.policy(who)), request, now, true),
                blocks.effective(bucket.name()), policy, who, bucket.ownerUin()); // POL-P5, as Access
        String s3 = PolicyActions.s3Action(op, query.get("versionId") != null && !query.get("versionId").isEmpty());
        return new Result(op, "name/cos:" + op.cosNames().get(0), s3, who.camName(), d);
    }

    /**
     * ListBuckets and CreateBucket (CLI only: the HTTP endpoint is for a bucket's owner): a root is
     * always allowed and anonymous callers never (POL-I5), so only a sub-user's identity policy is
     * worth explaining. {@code --principal} is a CAM name or a sub-user's uin.
     */
    private static Result explainService(PolicyService policies, UserPolicyService userPolicies, Input in, Operation op, Instant now) {
        String bucketName = op == Operation.CREATE_BUCKET ? req(in.bucket(), "bucket (the one to create)") : null;
        Principal who = policies.principal(req(in.principal(), "principal"));
        if (!(who instanceof Principal.SubUser sub)) {
            throw new IllegalArgumentException(op + ": a root account is always allowed and an anonymous caller never (POL-I5); explain a sub-user");
        }
        var client = new ClientAddress.Client(in.ip() == null ? "127.0.0.1" : in.ip(), in.secure());
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (in.headers() != null) headers.putAll(in.headers());
        Map<String, String> query = in.query() == null ? Map.of() : in.query();
        var request = PolicyRequests.service(sub, op, bucketName, () -> client, query::get, headers::get);
        Decision d = PolicyEvaluator.decide(new PolicyDocuments(null, userPolicies.policy(sub)), request, now, true);
        return new Result(op, "name/cos:" + op.cosNames().get(0), op.s3Action(), who.camName(), d);
    }

    private static String req(String v, String name) {
        if (v == null || v.isBlank()) throw new IllegalArgumentException("missing " + name);
        return v;
    }

    /** A plain-text rendering for the CLI. */
    public static String text(Result r) {
        StringBuilder sb = new StringBuilder();
        Decision d = r.decision();
        sb.append(d.allowed() ? "ALLOWED" : "DENIED").append('\n');
        sb.append("reason:    ").append(d.reason().name().toLowerCase(Locale.ROOT)).append(" - ").append(d.describe()).append('\n');
        sb.append("operation: ").append(r.operation()).append(" (").append(r.cosAction()).append(", ").append(r.s3Action()).append(")\n");
        sb.append("principal: ").append(r.principal()).append('\n');
        if (d.source() != null) sb.append("document:  ").append(d.source().label()).append('\n');
        if (d.statement() != null) sb.append("statement: ").append(d.statement()).append('\n');
        for (String c : d.conditions()) sb.append("condition: ").append(c).append('\n');
        for (String t : d.trace()) sb.append("  ").append(t).append('\n');
        return sb.toString();
    }

    /** The JSON shape of the HTTP endpoint. */
    public static Map<String, Object> json(Result r) {
        Decision d = r.decision();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allowed", d.allowed());
        m.put("reason", d.reason().name());
        m.put("explanation", d.describe());
        m.put("document", d.source() == null ? null : d.source().name());
        m.put("statement", d.statement());
        m.put("conditions", d.conditions());
        m.put("operation", r.operation().name());
        m.put("cosAction", r.cosAction());
        m.put("s3Action", r.s3Action());
        m.put("principal", r.principal());
        m.put("trace", d.trace());
        return m;
    }
}
