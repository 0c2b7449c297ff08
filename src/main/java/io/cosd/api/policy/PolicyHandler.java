package io.cosd.api.policy;

import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.policy.Policy;
import io.cosd.domain.policy.PublicAccess;
import io.cosd.service.AclService;
import io.cosd.service.PolicyService;
import io.cosd.service.PublicAccessService;

import java.nio.charset.StandardCharsets;

/**
 * PUT/GET/DELETE ?policy (docs/spec/semantics.md §5.1), and the public access block and policy status
 * operations (§5.6, served by {@link PublicAccessHandler}). The document is stored verbatim and returned byte for
 * byte (POL-A2); a defect is MalformedPolicy and changes nothing (POL-C12).
 * https://cloud.tencent.com/document/product/436/8282 (PUT), 436/8276 (GET), 436/8285 (DELETE)
 */
public final class PolicyHandler {
    private final PolicyService policies;
    private final PublicAccessService blocks;
    private PublicAccessHandler publicAccess;

    public PolicyHandler(PolicyService policies, PublicAccessService blocks) {
        this.policies = policies;
        this.blocks = blocks;
        this.publicAccess = new PublicAccessHandler(policies, blocks, null);
    }

    /** POL-P7: policy status counts a public bucket ACL too; set once at wiring (Server). */
    public PolicyHandler withAcls(AclService acls) {
        this.publicAccess = new PublicAccessHandler(policies, blocks, acls);
        return this;
    }

    /** POL-A1: 204 on success; POL-A5: over 20 KB is PolicyTooLarge; POL-P4: a public policy under BlockPublicPolicy is AccessDenied. */
    public Response put(Request rc) {
        byte[] body = rc.readSmallBody(PolicyParser.MAX_BYTES, ErrorCode.POLICY_TOO_LARGE);
        if (body.length == 0) throw ErrorCode.MISSING_REQUEST_BODY.exception();
        Policy compiled = PolicyParser.parse(body, rc.bucket());
        if (PublicAccess.blocksPolicy(blocks.effective(rc.bucket()), compiled)) throw ErrorCode.ACCESS_DENIED.exception();
        policies.put(rc.bucket(), new String(body, StandardCharsets.UTF_8), compiled);
        return Response.status(204).empty();
    }

    /** POL-A2 verbatim; POL-A3 NoSuchBucketPolicy (the Java SDK string-compares that code). */
    public Response get(Request rc) {
        String text = policies.document(rc.bucket()).orElseThrow(ErrorCode.NO_SUCH_BUCKET_POLICY::exception);
        return Response.status(200).bytes(text.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** POL-A4: 204, also when there was none. */
    public Response delete(Request rc) {
        policies.delete(rc.bucket());
        return Response.status(204).empty();
    }

    // ---- ?publicAccessBlock and ?policyStatus (docs/policy.md#public-access-block) ----

    public Response putPublicAccessBlock(Request rc) { return publicAccess.put(rc); }

    public Response getPublicAccessBlock(Request rc) { return publicAccess.get(rc); }

    public Response deletePublicAccessBlock(Request rc) { return publicAccess.delete(rc); }

    public Response policyStatus(Request rc) { return publicAccess.policyStatus(rc); }
}
