package io.cosd.api.route;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cosd has no object lock (docs/unbuilt.md), so the rules that refuse things on locked buckets
 * can never fire: a locked bucket cannot be made. COS and S3 refuse to suspend versioning on one
 * (docs/spec/semantics.md §2.1 VER-S6) and COS refuses lifecycle and replication there (§3.1 LC-A4,
 * §4.2 REP-V11, §6 INT-12). These rows show every way to ask for a lock is answered 501.
 */
class ObjectLockUnbuiltTest {
    @Test
    void theObjectLockSubResourceIsNotImplementedSoNoBucketIsEverLockedAgainstSuspendingVersioning_VER_S6() {
        for (String method : List.of("GET", "PUT")) {
            assertThat(Router.route(method, "b-1", null, QueryParams.parse("object-lock"), false))
                    .as(method + " ?object-lock").isEqualTo(Operation.UNSUPPORTED_OBJECT_LOCK);
        }
    }

    @Test
    void creatingABucketWithObjectLockIsNotImplementedInEitherDialect_VER_S6() {
        for (String header : List.of("x-amz-bucket-object-lock-enabled", "x-cos-bucket-object-lock-enabled")) {
            assertThat(UnbuiltHeaders.refusal(Operation.CREATE_BUCKET, List.of(Map.entry(header, "true"))))
                    .as(header).hasValueSatisfying(m -> assertThat(m).contains("object lock"));
        }
        // "false" asks for what cosd does anyway (docs/unbuilt.md, accepted on purpose).
        assertThat(UnbuiltHeaders.refusal(Operation.CREATE_BUCKET, List.of(Map.entry("x-amz-bucket-object-lock-enabled", "false")))).isEmpty();
    }
}
