package io.cosd.api.policy;

import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.policy.PublicAccess;
import io.cosd.domain.policy.PublicAccessBlock;
import io.cosd.service.AclService;
import io.cosd.service.PolicyService;
import io.cosd.service.PublicAccessService;

import java.nio.charset.StandardCharsets;

/**
 * PUT/GET/DELETE ?publicAccessBlock and GET ?policyStatus (docs/policy.md#public-access-block,
 * POL-P1, POL-P2, POL-P7). S3 operations (PutPublicAccessBlock, GetPublicAccessBlock,
 * DeletePublicAccessBlock, GetBucketPolicyStatus); COS has none, so both dialects get S3's shape.
 */
final class PublicAccessHandler {
    private final PolicyService policies;
    private final PublicAccessService blocks;
    private final AclService acls;

    /** @param acls the bucket ACLs for POL-P7, or null (policy status then reads the policy alone) */
    PublicAccessHandler(PolicyService policies, PublicAccessService blocks, AclService acls) {
        this.policies = policies;
        this.blocks = blocks;
        this.acls = acls;
    }

    /** POL-P1: validate, then replace the whole configuration; 200 with no body, as S3. */
    Response put(Request rc) {
        byte[] body = rc.readSmallBody(PublicAccessXml.MAX_BODY, ErrorCode.XML_SIZE_LIMIT);
        PublicAccessBlock config = PublicAccessXml.parse(body);
        if (!blocks.put(rc.bucket(), config)) throw ErrorCode.NO_SUCH_BUCKET.exception();
        return Response.status(200).empty();
    }

    /** POL-P2: all four switches; 404 NoSuchPublicAccessBlockConfiguration when none is stored. */
    Response get(Request rc) {
        PublicAccessBlock c = blocks.find(rc.bucket())
                .orElseThrow(ErrorCode.NO_SUCH_PUBLIC_ACCESS_BLOCK_CONFIGURATION::exception);
        return Response.status(200).bytes(PublicAccessXml.encode(c).getBytes(StandardCharsets.UTF_8), "application/xml");
    }

    /** POL-P2: 204, also when nothing was configured. */
    Response delete(Request rc) {
        blocks.delete(rc.bucket());
        return Response.status(204).empty();
    }

    /**
     * POL-P7: whether the bucket is public by its policy (POL-P3) or by a bucket ACL granting AllUsers or
     * AuthenticatedUsers that IgnorePublicAcls does not switch off (POL-P6); no policy is not public.
     */
    Response policyStatus(Request rc) {
        boolean isPublic = PublicAccess.isPublic(policies.policy(rc.bucket()))
                || acls != null && acls.bucketAcl(rc.bucket()).isPublic()
                        && !PublicAccess.ignoresPublicAclGrants(blocks.effective(rc.bucket()));
        return Response.status(200).bytes(PublicAccessXml.status(isPublic), "application/xml");
    }
}
