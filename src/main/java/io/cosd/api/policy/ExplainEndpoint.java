package io.cosd.api.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.ops.AdminGate;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Principal;
import io.cosd.service.AclService;
import io.cosd.service.PolicyService;
import io.cosd.service.PublicAccessService;
import io.cosd.service.UserPolicyService;

import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /-/admin/policy/explain} (path style; {@code -} can never be a bucket name): JSON in,
 * JSON out, signed in the Authorization header (q-sign or SigV4; no presigned URL and no query
 * parameter, api/ops/AdminGate, docs/security.md ADM-2, ADM-9) by the bucket owner's root account, the body
 * covered by the signature (a signed {@code Content-MD5} or SigV4's payload hash, ADM-12). Body:
 * {@code {"bucket","principal","action","key","versionId","ip","secure","headers":{},"query":{},"body"}}. See docs/policy.md "Explain".
 * Routed by {@link io.cosd.api.route.Router} (Operation.ADMIN_POLICY_EXPLAIN, POST only; every other
 * {@code /-/admin/} path is InvalidURI there).
 */
public final class ExplainEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    record Body(String bucket, String principal, String action, String key, String versionId, String ip, Boolean secure,
                Map<String, String> headers, Map<String, String> query, String body) {}

    private final PolicyService policies;
    private final Explainer.Sources sources;

    public ExplainEndpoint(PolicyService policies, PublicAccessService blocks, UserPolicyService userPolicies, AclService acls) {
        this.policies = policies;
        this.sources = new Explainer.Sources(policies, blocks, userPolicies, acls);
    }

    /** Called after authentication. */
    public Response explain(Request rc) {
        if (!(rc.principal() instanceof Principal.Root root)) throw ErrorCode.ACCESS_DENIED.exception();
        Body b;
        try {
            // ADM-12: the question is the body, which q-sign does not cover; what runs must be what the
            // root signed, so the body is checked against a signed Content-MD5 (or SigV4's hash) first
            b = JSON.readValue(AdminGate.signedBody(rc, 64 * 1024), Body.class);
        } catch (IOException e) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Bad explain request JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (b == null || b.bucket() == null) throw ErrorCode.INVALID_ARGUMENT.exception("missing bucket");
        Bucket bucket = policies.bucket(b.bucket()).orElseThrow(ErrorCode.NO_SUCH_BUCKET::exception);
        if (!bucket.ownerUin().equals(root.account().rootUin())) throw ErrorCode.ACCESS_DENIED.exception();
        Explainer.Result r;
        try {
            r = Explainer.explain(sources, new Explainer.Input(b.bucket(), b.principal(), b.action(), b.key(), b.ip(),
                    Boolean.TRUE.equals(b.secure()), b.headers(), b.query(), b.versionId(), b.body()), bucket, rc.now(), root.account().rootUin()); // AUTH-15: the row whose owner was checked
        } catch (IllegalArgumentException e) {
            throw ErrorCode.INVALID_ARGUMENT.exception(e.getMessage());
        }
        try {
            return Response.status(200).bytes(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(Explainer.json(r)), "application/json");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
