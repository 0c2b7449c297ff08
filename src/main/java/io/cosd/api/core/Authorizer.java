package io.cosd.api.core;

import io.cosd.api.route.Operation;
import io.cosd.domain.bucket.Bucket;

/**
 * A secondary authorization a handler asks for inside a request it is already serving, e.g.
 * GetObject on a copy source (docs/spec/design.md §2 step 4; POL-S8). Implemented by
 * {@code api.policy.Access}, so handlers reach the policy decision without depending on it.
 */
@FunctionalInterface
public interface Authorizer {
    /**
     * @param versionId a version named elsewhere than the query (a copy source's), or null for the request's own
     * @throws io.cosd.api.error.ApiException 403 AccessDenied when refused
     */
    void authorize(Request request, Operation op, Bucket on, String key, String versionId);
}
