package io.cosd.domain.policy;

/**
 * A bucket's public access block (docs/policy.md#public-access-block, POL-P1): four switches, each
 * false when the document leaves it out. No configuration at all behaves as {@link #NONE}.
 *
 * @param blockPublicAcls       refuse a request that would set a public ACL (POL-P6: takes effect with ACLs)
 * @param ignorePublicAcls      evaluate as if public ACL grants were absent (POL-P6: takes effect with ACLs)
 * @param blockPublicPolicy     refuse PutBucketPolicy of a public policy (POL-P4)
 * @param restrictPublicBuckets while the policy is public, its grants reach only the owner's account (POL-P5)
 */
public record PublicAccessBlock(boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy,
                                boolean restrictPublicBuckets) {
    /** What a bucket without a configuration gets: nothing blocked. */
    public static final PublicAccessBlock NONE = new PublicAccessBlock(false, false, false, false);
}
