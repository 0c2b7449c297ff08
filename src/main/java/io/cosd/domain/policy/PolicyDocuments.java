package io.cosd.domain.policy;

/**
 * Everything {@link PolicyEvaluator#decide} reads besides the request: one component per kind of
 * document, so that another kind (ACLs) is added beside these without touching how they are read.
 *
 * @param bucketPolicy   the bucket's compiled policy, null when it has none (or for a service operation)
 * @param identityPolicy the calling sub-user's identity policy (POL-I1), null when the caller is not a
 *                       sub-user or has none
 */
public record PolicyDocuments(Policy bucketPolicy, Policy identityPolicy) {
    public static PolicyDocuments bucketOnly(Policy bucketPolicy) {
        return new PolicyDocuments(bucketPolicy, null);
    }
}
