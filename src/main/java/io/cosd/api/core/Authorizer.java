package io.cosd.api.core;

import io.cosd.api.error.ErrorCode;
import io.cosd.api.route.Operation;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.object.ObjectVersion;

import java.util.function.Function;

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

    /**
     * As above, with the header-derived condition facts read from {@code header} instead of the request's
     * own headers: a POST Object form, whose stored Content-Type, storage class and ACL are form fields
     * (docs/security.md AUTH-P2). Refused unless the implementation supports it.
     */
    /**
     * ACL-E4: the decision again, with the object ACL of the version the handler actually serves
     * ({@code served}) instead of the one looked up at authorization; it changes only a decision an
     * ACL grant made. The default authorizes again.
     */
    default void authorizeServed(Request request, Operation op, Bucket on, String key, String versionId, ObjectVersion served) {
        authorize(request, op, on, key, versionId);
    }

    default void authorize(Request request, Operation op, Bucket on, String key, String versionId, Function<String, String> header) {
        throw ErrorCode.ACCESS_DENIED.exception();
    }
}
