package io.cosd.api.policy;

import io.cosd.api.route.Operation;
import io.cosd.domain.access.AccessDecision;
import io.cosd.domain.acl.AclDecision;
import io.cosd.domain.acl.Grant;
import io.cosd.domain.acl.Grantee;
import io.cosd.domain.acl.ObjectOwnership;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.policy.Decision;
import io.cosd.domain.policy.PolicyEvaluator;
import io.cosd.domain.policy.PolicyDocuments;
import io.cosd.service.AclService;
import io.cosd.service.PolicyService;
import io.cosd.service.PublicAccessService;
import io.cosd.service.UserPolicyService;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cosd admin policy explain} and {@code POST /-/admin/policy/explain}: what the server would
 * decide for a bucket, principal, action, key and context, and why. It builds the request with
 * {@link PolicyRequests} and decides it with {@link AccessDecision#decide}, the function {@code Access}
 * calls for served requests (POL-X1): bucket and identity policies, then the bucket or object ACL on an
 * implicit deny, then the public access block. What it reads from the store (bucket, principal,
 * policies, ACLs, object tags) comes from the services; this class names the operation and renders the answer.
 */
public final class Explainer {
    /**
     * @param principal {@code anonymous}, a CAM name ({@code qcs::cam::uin/<root>:uin/<uin>}) or a uin of the bucket owner's account
     * @param headers   request headers (Content-Type, x-cos-storage-class, Referer, ...)
     * @param query     query parameters (prefix, versionId, response-content-type, ...)
     * @param versionId the object version addressed (the {@code versionId} query parameter), or null: the current one
     * @param body      the request body, for the actions whose condition facts the server reads from it (BodyFacts), else null
     */
    public record Input(String bucket, String principal, String action, String key, String ip, boolean secure,
                        Map<String, String> headers, Map<String, String> query, String versionId, String body) {
        public Input(String bucket, String principal, String action, String key, String ip, boolean secure,
                     Map<String, String> headers, Map<String, String> query, String versionId) {
            this(bucket, principal, action, key, ip, secure, headers, query, versionId, null);
        }

        public Input(String bucket, String principal, String action, String key, String ip, boolean secure,
                     Map<String, String> headers, Map<String, String> query) {
            this(bucket, principal, action, key, ip, secure, headers, query, null, null);
        }
    }

    /** The stores an explanation reads: the same services the server decides with. */
    public record Sources(PolicyService policies, PublicAccessService blocks, UserPolicyService userPolicies, AclService acls) {}

    /**
     * @param acl               the ACL step when it ran (which ACL, the grant, a public grant IgnorePublicAcls left out), else null
     * @param aclVersion        for an object ACL step: the version whose ACL was read (null when there was none)
     * @param publicAccessBlock the switch that changed the answer, or null
     */
    /**
     * @param aclsDisabled the ACL step ran on a bucket whose Object Ownership is BucketOwnerEnforced: the ACL in
     *                     force was the bucket owner's FULL_CONTROL whatever is stored (ACL-O3)
     */
    public record Result(Operation operation, String cosAction, String s3Action, String principal, Decision decision,
                         AclDecision.Step acl, AclVersion aclVersion, AccessDecision.Switch publicAccessBlock, boolean aclsDisabled) {
        public Result(Operation operation, String cosAction, String s3Action, String principal, Decision decision) {
            this(operation, cosAction, s3Action, principal, decision, null, null, null, false);
        }
    }

    /** The version an object ACL was read from; {@code current} when no versionId was given. */
    public record AclVersion(String versionId, boolean current, boolean deleteMarker) {}

    private Explainer() {}

    /** @throws IllegalArgumentException naming a bad input (unknown bucket, principal or action) */
    public static Result explain(Sources from, Input in, Instant now) {
        return explain(from, in, now, null);
    }

    /**
     * @param account when not null, a sub-user principal must belong to this account (root uin): the HTTP
     *                endpoint never reveals what another account's identity policy allows
     */
    public static Result explain(Sources from, Input in, Instant now, String account) {
        return explain(from, in, null, now, account);
    }

    /**
     * As {@link #explain(Sources, Input, Instant, String)}, about {@code row}, the bucket row the caller
     * already read and checked (the HTTP endpoint: its owner), or null to read it here. Every read the
     * decision makes (object tags, the object ACL's version) names that row's incarnation (AUTH-15), so
     * a bucket deleted and created again since by another account is {@code NoSuchBucketException},
     * never an explanation of the namesake's documents.
     */
    public static Result explain(Sources from, Input in, Bucket row, Instant now, String account) {
        PolicyService policies = from.policies();
        Operation op = PolicyActions.byName(req(in.action(), "action"));
        if (op == null) throw new IllegalArgumentException("unknown action: " + in.action());
        boolean service = op.scope() == Operation.Scope.SERVICE || op == Operation.CREATE_BUCKET;
        if (service && account != null) throw new IllegalArgumentException("not a bucket or object action: " + in.action());
        if (service) return explainService(policies, from.userPolicies(), in, op, now);
        Bucket bucket = row != null ? row
                : policies.bucket(req(in.bucket(), "bucket")).orElseThrow(() -> new IllegalArgumentException("no such bucket: " + in.bucket()));
        // POL-I6: decided from the name alone, before any lookup, so the answer is the same whether that
        // account or sub-user exists: the endpoint tells no account which users another one has.
        if (account != null && namesAnotherAccountsSubUser(req(in.principal(), "principal"), account)) {
            throw new IllegalArgumentException(FOREIGN_SUB_USER);
        }
        // POL-I8: over HTTP another account's root is taken as named, so the answer never says whether it exists.
        Principal who = account != null ? policies.principalAsNamed(bucket, req(in.principal(), "principal"))
                : policies.principal(bucket, req(in.principal(), "principal"));
        if (account != null && who instanceof Principal.SubUser s && !s.account().rootUin().equals(account)) {
            throw new IllegalArgumentException(FOREIGN_SUB_USER);   // unreachable by the check above; kept as the guard
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (in.headers() != null) headers.putAll(in.headers());
        Map<String, String> query = withVersion(in.query(), in.versionId());
        if (in.key() == null && op.scope() == Operation.Scope.OBJECT) throw new IllegalArgumentException("an object action needs a key");
        var client = new ClientAddress.Client(in.ip() == null ? "127.0.0.1" : in.ip(), in.secure());
        var request = PolicyRequests.build(who, op, bucket, in.key(), () -> client,
                query::get, BodyFacts.of(op, in.body(), headers), policies::tags); // POL-S11, LOCK-A1: as Access reads them
        // The documents Access reads (POL-I6, POL-X1), and the version an object ACL comes from, kept to report it.
        String version = query.get("versionId");
        AclService acls = from.acls();
        AtomicReference<AclVersion> read = new AtomicReference<>();
        var docs = new AccessDecision.Documents(new PolicyDocuments(policies.policy(bucket), from.userPolicies().policy(who)),
                () -> acls.bucketAcl(bucket),
                () -> {
                    if (in.key() == null) return Optional.empty();
                    Optional<ObjectVersion> v = acls.version(bucket, in.key(), version);
                    v.ifPresent(x -> read.set(new AclVersion(x.versionId(), version == null || version.isEmpty(), x.deleteMarker())));
                    return v.filter(x -> !x.deleteMarker()).map(x -> acls.effective(bucket, x));
                },
                () -> from.blocks().effective(bucket));
        AccessDecision.Outcome o = AccessDecision.decide(docs, request, now, true);
        String s3 = PolicyActions.s3Action(op, version != null && !version.isEmpty());
        boolean aclsDisabled = o.acl() != null && !ObjectOwnership.aclsEnabled(acls.ownership().effective(bucket));
        return new Result(op, "name/cos:" + op.cosNames().get(0), s3, who.camName(), o.decision(), o.acl(), read.get(), o.publicAccessBlock(),
                aclsDisabled);
    }

    static final String ACLS_DISABLED = "BucketOwnerEnforced: ACLs are disabled, only the bucket owner's FULL_CONTROL is in force (ACL-O3)";

    /** The one answer for any sub-user of another account, existing or not (POL-I6). */
    static final String FOREIGN_SUB_USER = "the principal is a sub-user of another account: its identity policy is not yours to explain";

    private static final Pattern CAM = Pattern.compile("qcs::cam::uin/(\\d+):uin/(\\d+)");

    /** A CAM name {@code qcs::cam::uin/<root>:uin/<uin>} whose root is not {@code account} and whose uin is not that root. */
    static boolean namesAnotherAccountsSubUser(String spelled, String account) {
        Matcher m = CAM.matcher(spelled.trim());
        return m.matches() && !m.group(1).equals(account) && !m.group(1).equals(m.group(2));
    }

    /** {@code versionId} given on its own is the query parameter; given twice it must agree. */
    private static Map<String, String> withVersion(Map<String, String> query, String versionId) {
        Map<String, String> q = query == null ? new TreeMap<>() : new TreeMap<>(query);
        if (versionId == null) return q;
        String other = q.get("versionId");
        if (other != null && !other.equals(versionId)) {
            throw new IllegalArgumentException("two versionIds: " + versionId + " and the query's " + other);
        }
        q.put("versionId", versionId);
        return q;
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
        if (r.acl() != null) sb.append("acl:       ").append(aclLine(r)).append('\n');
        if (r.aclsDisabled()) sb.append("ownership: ").append(ACLS_DISABLED).append('\n');
        if (r.acl() != null && r.acl().ignoredPublicGrant().isPresent()) {
            sb.append("ignored:   ").append(grantText(r.acl().ignoredPublicGrant().get())).append(" (IgnorePublicAcls)\n");
        }
        if (r.publicAccessBlock() != null) sb.append("public access block: ").append(switchName(r.publicAccessBlock())).append('\n');
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
        m.put("acl", r.acl() == null ? null : aclJson(r));
        m.put("objectOwnership", r.aclsDisabled() ? ACLS_DISABLED : null);
        m.put("publicAccessBlock", r.publicAccessBlock() == null ? null : r.publicAccessBlock().name());
        return m;
    }

    /** {@code object ACL of version 3f… (current): grant READ to AllUsers} and the like. */
    private static String aclLine(Result r) {
        AclDecision.Step a = r.acl();
        StringBuilder sb = new StringBuilder(a.document().label());
        if (a.target() == AclDecision.Target.OBJECT) {
            AclVersion v = r.aclVersion();
            if (v == null) sb.append(" (no such object version)");
            else sb.append(" of version ").append(v.versionId()).append(v.current() ? " (current)" : "")
                    .append(v.deleteMarker() ? " (a delete marker)" : "");
        }
        if (!a.aclRead()) return sb.append(": nothing to grant on").toString();
        return sb.append(": ").append(a.grant().map(Explainer::grantText).orElse("no grant allows it")).toString();
    }

    private static String grantText(Grant g) {
        return g.permission() + " to " + granteeName(g.grantee());
    }

    private static String granteeName(Grantee g) {
        return switch (g) {
            case Grantee.Account a -> "qcs::cam::uin/" + a.rootUin() + ":uin/" + a.rootUin();
            case Grantee.SubUser u -> u.camName();
            case Grantee.Group gr -> AclDecision.groupName(gr);
            case Grantee.LogDelivery ld -> "LogDelivery";
        };
    }

    private static String switchName(AccessDecision.Switch s) {
        return s == AccessDecision.Switch.IGNORE_PUBLIC_ACLS ? "IgnorePublicAcls left out a public grant (POL-P6)"
                : "RestrictPublicBuckets withheld the public policy's Allow (POL-P5)";
    }

    private static Map<String, Object> aclJson(Result r) {
        AclDecision.Step a = r.acl();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("document", a.document().name());
        AclVersion v = r.aclVersion();
        m.put("versionId", v == null ? null : v.versionId());
        m.put("currentVersion", v != null && v.current());
        m.put("read", a.aclRead());
        m.put("grant", a.grant().map(Explainer::grantJson).orElse(null));
        m.put("ignoredPublicGrant", a.ignoredPublicGrant().map(Explainer::grantJson).orElse(null));
        return m;
    }

    private static Map<String, Object> grantJson(Grant g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grantee", granteeName(g.grantee()));
        m.put("permission", g.permission().name());
        return m;
    }
}
