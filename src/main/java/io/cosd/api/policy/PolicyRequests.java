package io.cosd.api.policy;

import io.cosd.api.route.Operation;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.policy.PolicyRequest;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** Builds the evaluator's input the same way for a served request and for explain. */
public final class PolicyRequests {
    private PolicyRequests() {}

    /** The addressed version's tags for s3:ExistingObjectTag (PolicyService#tags); called only when a condition asks. */
    @FunctionalInterface
    public interface Tags {
        /** @param bucket the row the decision is about: the read names its incarnation (AUTH-15) */
        Map<String, String> of(Bucket bucket, String key, String versionId);
    }

    /**
     * @param query  decoded query parameters by name (versionId, prefix, ...)
     * @param header request headers by name, case-insensitive
     */
    public static PolicyRequest build(Principal caller, Operation op, Bucket bucket, String key, Supplier<ClientAddress.Client> client,
                                      Function<String, String> query, Function<String, String> header, Tags tags) {
        String v = query.apply("versionId");
        String versionId = v == null || v.isEmpty() ? null : v;
        // DELETE Multiple Objects is bucket-scoped, but each of its keys is checked as an object (Access, DeleteObjectsHandler).
        String objectKey = op.scope() == Operation.Scope.OBJECT || op == Operation.DELETE_OBJECTS ? key : null;
        var facts = new RequestFacts(op, client, query, header, () -> objectKey == null ? Map.of() : tags.of(bucket, objectKey, versionId));
        return new PolicyRequest(caller, bucket.name(), bucket.ownerUin(), op.cosNames(),
                PolicyActions.s3Action(op, versionId != null), objectKey, facts);
    }

    /**
     * A service-level operation (ListBuckets, CreateBucket) by a sub-user, decided by its identity
     * policy alone (POL-I5): the resource is the named bucket (CreateBucket) or none (ListBuckets,
     * matched only by a {@code *} resource), in the caller's own account.
     *
     * @param bucketName the bucket to create, or null for ListBuckets
     */
    public static PolicyRequest service(Principal.SubUser caller, Operation op, String bucketName, Supplier<ClientAddress.Client> client,
                                        Function<String, String> query, Function<String, String> header) {
        var facts = new RequestFacts(op, client, query, header, Map::of);
        return new PolicyRequest(caller, bucketName == null ? "" : bucketName, caller.account().rootUin(), op.cosNames(),
                op.s3Action(), null, facts);
    }
}
