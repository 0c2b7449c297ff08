package io.cosd.api.core;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.dialect.Owners;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.route.Operation;
import io.cosd.domain.bucket.Bucket;

/**
 * S3's expected-bucket-owner checks (docs/access-control.md "Expected bucket owner"): a client that
 * names the account it expects to own the bucket ({@code x-amz-expected-bucket-owner}) or a copy's
 * source bucket ({@code x-amz-source-expected-bucket-owner}) gets {@code 403 AccessDenied} when another
 * account owns it, so a request meant for its own bucket never lands in a look-alike of someone else's.
 * Checked after authorization, so only a caller the bucket already admits learns anything from it; a
 * DeleteObjects whose decision was deferred to its keys (a policy may allow some) is checked by its
 * handler once one key is allowed and before anything is deleted, and not at all when none is, so the
 * answer of a caller allowed no key is exactly the one without the header.
 *
 * <p>An account is named by its root uin (the account id of {@code arn:aws:iam::<uin>:root}) or by
 * its S3 canonical user id (what ListBuckets shows as Owner ID, docs/buckets.md "Owner IDs"); both
 * name exactly one account.
 */
public final class ExpectedOwner {
    public static final String HEADER = "x-amz-expected-bucket-owner";
    public static final String SOURCE_HEADER = "x-amz-source-expected-bucket-owner";

    private ExpectedOwner() {}

    /** The request's own bucket against {@link #HEADER}. */
    public static void check(Request rc) {
        if (rc.operation().checksExpectedBucketOwner() && rc.bucket() != null) require(rc.header(HEADER), rc.bucket());
    }

    /** A copy source's bucket against {@link #SOURCE_HEADER}. */
    public static void checkSource(Request rc, Bucket source) {
        require(rc.header(SOURCE_HEADER), source);
    }

    static void require(String expected, Bucket bucket) {
        if (expected == null) return;
        String v = expected.trim();
        if (!names(v, bucket.ownerUin())) throw ErrorCode.ACCESS_DENIED.exception();
    }

    static boolean names(String expected, String ownerUin) {
        return expected.equals(ownerUin) || expected.equals(Owners.owner(Dialect.S3, ownerUin).id());
    }
}
