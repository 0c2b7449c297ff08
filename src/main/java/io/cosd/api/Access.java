package io.cosd.api;

import io.cosd.api.error.ErrorCode;
import io.cosd.api.route.Operation;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Principal;

/**
 * Authorization, checked once before dispatch (design.md §2 step 4). Until bucket policy lands
 * (issue "Bucket policy"), the owner's root user is allowed and everyone else is denied.
 */
public final class Access {
    private Access() {}

    public static void check(Operation op, Principal who, Bucket bucket) {
        switch (op.scope()) {
            case SERVICE -> {
                if (!(who instanceof Principal.Root)) throw ErrorCode.ACCESS_DENIED.exception();
            }
            case BUCKET, OBJECT -> {
                if (op == Operation.CREATE_BUCKET) {
                    if (!(who instanceof Principal.Root)) throw ErrorCode.ACCESS_DENIED.exception();
                    return;
                }
                if (!(who instanceof Principal.Root r) || !r.account().rootUin().equals(bucket.ownerUin())) {
                    throw ErrorCode.ACCESS_DENIED.exception();
                }
            }
        }
    }
}
