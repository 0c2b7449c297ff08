package io.cosd.api.route;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Object lock is built (docs/object-lock.md): its sub-resources route to their operations and its
 * headers are read where a version is written, while the rest of the unbuilt lists stay as they were
 * (docs/unbuilt.md).
 */
class ObjectLockUnbuiltTest {
    @Test
    void theObjectLockSubResourcesAreNoLongerUnbuilt_LOCK_1() {
        assertThat(Router.UNSUPPORTED).doesNotContainKeys("object-lock", "retention", "legal-hold");
        for (String method : List.of("GET", "PUT")) {
            assertThat(Router.route(method, "b-1", null, QueryParams.parse("object-lock"), false).name())
                    .as(method + " ?object-lock").endsWith("OBJECT_LOCK_CONFIGURATION");
        }
    }

    @Test
    void creatingABucketWithObjectLockIsBuiltInEitherDialectButNowhereElse_LOCK_1() {
        for (String header : List.of("x-amz-bucket-object-lock-enabled", "x-cos-bucket-object-lock-enabled")) {
            assertThat(UnbuiltHeaders.refusal(Operation.CREATE_BUCKET, List.of(Map.entry(header, "true")))).as(header).isEmpty();
            assertThat(UnbuiltHeaders.refusal(Operation.PUT_BUCKET_VERSIONING, List.of(Map.entry(header, "true")))).as(header)
                    .hasValueSatisfying(m -> assertThat(m).contains("object lock"));
        }
        assertThat(UnbuiltHeaders.refusal(Operation.CREATE_BUCKET, List.of(Map.entry("x-amz-bucket-object-lock-enabled", "false")))).isEmpty();
    }

    @Test
    void theLockHeadersAreReadWhereAVersionIsWrittenAndRefusedElsewhere_LOCK_2() {
        for (Operation op : List.of(Operation.PUT_OBJECT, Operation.COPY_OBJECT, Operation.INITIATE_MULTIPART_UPLOAD, Operation.POST_OBJECT)) {
            assertThat(UnbuiltHeaders.refusal(op, List.of(Map.entry("x-amz-object-lock-mode", "COMPLIANCE")))).as(op.name()).isEmpty();
        }
        for (Operation op : List.of(Operation.UPLOAD_PART, Operation.COMPLETE_MULTIPART_UPLOAD, Operation.PUT_OBJECT_TAGGING)) {
            assertThat(UnbuiltHeaders.refusal(op, List.of(Map.entry("x-amz-object-lock-mode", "COMPLIANCE")))).as(op.name()).isPresent();
        }
    }
}
