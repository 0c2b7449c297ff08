package io.cosd.api.policy;

import io.cosd.api.route.Operation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Operation to action names (docs/spec/semantics.md §5.2 with aliases; POL-S6 versioned S3 actions). */
class PolicyActionsTest {
    @Test
    void everyOperationCarriesKnownCosAndS3Actions_POL_C4() {
        for (Operation op : Operation.values()) {
            if (op.scope() == Operation.Scope.OPS || op.scope() == Operation.Scope.ADMIN) continue; // cosd's own endpoints: below
            assertThat(op.cosNames()).as(op.name()).isNotEmpty();
            assertThat(op.cosAction()).startsWith("name/cos:");
            assertThat(op.s3Action()).startsWith("s3:");
        }
        assertThat(Operation.DELETE_OBJECTS.cosNames()).containsExactly("DeleteMultipleObject", "DeleteObject");
        assertThat(Operation.RESTORE_OBJECT.cosNames()).containsExactly("PostObjectRestore", "RestoreObject");
    }

    @Test
    void cosdsOwnEndpointsAreNoPolicyActionAndExplainDoesNotKnowThem() {
        for (Operation op : Operation.values()) {
            if (op.scope() != Operation.Scope.OPS && op.scope() != Operation.Scope.ADMIN) continue;
            assertThat(op.cosNames()).as(op.name()).isEmpty();
            assertThat(op.cosAction()).as(op.name()).isNull();
            assertThat(op.s3Action()).as(op.name()).isNull();
            assertThat(PolicyActions.byName(op.name())).as(op.name()).isNull();
        }
    }

    @Test
    void versionedReadsAndDeletesAskForTheVersionActions_POL_S6() {
        assertThat(PolicyActions.s3Action(Operation.GET_OBJECT, true)).isEqualTo("s3:GetObjectVersion");
        assertThat(PolicyActions.s3Action(Operation.HEAD_OBJECT, true)).isEqualTo("s3:GetObjectVersion");
        assertThat(PolicyActions.s3Action(Operation.DELETE_OBJECT, true)).isEqualTo("s3:DeleteObjectVersion");
        assertThat(PolicyActions.s3Action(Operation.GET_OBJECT, false)).isEqualTo("s3:GetObject");
        assertThat(PolicyActions.s3Action(Operation.PUT_OBJECT, true)).isEqualTo("s3:PutObject");
    }

    @Test
    void getObjectAttributesIsItsOwnS3ActionAndAGetObjectInCos_OBJ_A5() {
        assertThat(PolicyActions.s3Action(Operation.GET_OBJECT_ATTRIBUTES, false)).isEqualTo("s3:GetObjectAttributes");
        assertThat(PolicyActions.s3Action(Operation.GET_OBJECT_ATTRIBUTES, true)).isEqualTo("s3:GetObjectVersionAttributes");
        assertThat(Operation.GET_OBJECT_ATTRIBUTES.cosAction()).isEqualTo("name/cos:GetObject");
        assertThat(PolicyActions.byName("s3:GetObjectAttributes")).isEqualTo(Operation.GET_OBJECT_ATTRIBUTES);
        assertThat(PolicyActions.byName("GetObject")).isEqualTo(Operation.GET_OBJECT); // explain's first match stays GetObject
    }

    @Test
    void explainAcceptsEveryActionSpelling() {
        assertThat(PolicyActions.byName("GET_OBJECT")).isEqualTo(Operation.GET_OBJECT);
        assertThat(PolicyActions.byName("name/cos:GetBucket")).isEqualTo(Operation.LIST_OBJECTS);
        assertThat(PolicyActions.byName("GetBucket")).isEqualTo(Operation.LIST_OBJECTS);
        assertThat(PolicyActions.byName("cos:HeadObject")).isEqualTo(Operation.HEAD_OBJECT);
        assertThat(PolicyActions.byName("s3:putbucketpolicy")).isEqualTo(Operation.PUT_BUCKET_POLICY);
        assertThat(PolicyActions.byName("DeleteMultipleObject")).isEqualTo(Operation.DELETE_OBJECTS);
        assertThat(PolicyActions.byName("Teleport")).isNull();
    }
}
