package io.cosd.api.error;

import io.cosd.domain.Refusal;
import io.cosd.domain.Refusal.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire error of every domain refusal (docs/spec/design.md, "Errors"): the exact code and status a
 * client has always seen for it. A new reason fails here until it has a row, so its wire answer is a
 * decision written down rather than whatever the switch happened to say.
 */
class DomainErrorsTest {
    private record Wire(String code, int status) {}

    private static final Map<Reason, Wire> TABLE = new EnumMap<>(Map.ofEntries(
            Map.entry(Reason.NO_SUCH_BUCKET, new Wire("NoSuchBucket", 404)),
            Map.entry(Reason.NO_SUCH_KEY, new Wire("NoSuchKey", 404)),
            Map.entry(Reason.NO_SUCH_VERSION, new Wire("NoSuchVersion", 404)),
            Map.entry(Reason.NO_SUCH_UPLOAD, new Wire("NoSuchUpload", 404)),
            Map.entry(Reason.MALFORMED_DOCUMENT, new Wire("MalformedXML", 400)),
            Map.entry(Reason.INVALID_ARGUMENT, new Wire("InvalidArgument", 400)),
            Map.entry(Reason.INVALID_REQUEST, new Wire("InvalidRequest", 400)),
            Map.entry(Reason.BUCKET_OWNED_BY_CALLER, new Wire("BucketAlreadyOwnedByYou", 409)),
            Map.entry(Reason.BUCKET_OWNED_BY_OTHER, new Wire("BucketAlreadyExists", 409)),
            Map.entry(Reason.BUCKET_NOT_EMPTY, new Wire("BucketNotEmpty", 409)),
            Map.entry(Reason.VERSIONING_HELD_BY_REPLICATION, new Wire("InvalidBucketState", 409)),
            Map.entry(Reason.BODY_TOO_LARGE, new Wire("EntityTooLarge", 400)),
            Map.entry(Reason.BODY_INCOMPLETE, new Wire("IncompleteBody", 400)),
            Map.entry(Reason.DIGEST_MISMATCH, new Wire("BadDigest", 400)),
            Map.entry(Reason.VERSION_IS_DELETE_MARKER, new Wire("MethodNotAllowed", 405)),
            Map.entry(Reason.PART_ORDER, new Wire("InvalidPartOrder", 400)),
            Map.entry(Reason.PART_MISMATCH, new Wire("InvalidPart", 400)),
            Map.entry(Reason.PART_TOO_SMALL, new Wire("EntityTooSmall", 400)),
            Map.entry(Reason.CONTENDED, new Wire("ServiceUnavailable", 503)),
            Map.entry(Reason.RESTORE_IN_PROGRESS, new Wire("RestoreAlreadyInProgress", 409)),
            Map.entry(Reason.NEEDS_MULTI_AZ_BUCKET, new Wire("MAZOperationNotSupportOnOAZBucket", 400)),
            Map.entry(Reason.NEEDS_SINGLE_AZ_BUCKET, new Wire("OAZOperationNotSupportOnMAZBucket", 400)),
            Map.entry(Reason.DESTINATION_NOT_OWNED, new Wire("AccessDenied", 403)),
            Map.entry(Reason.REGION_UNREACHABLE, new Wire("ServiceUnavailable", 503)),
            Map.entry(Reason.UNSUPPORTED_STORAGE_CLASS, new Wire("NotSupportedStorageClass", 400)),
            Map.entry(Reason.PRECONDITION_FAILED, new Wire("PreconditionFailed", 412)),
            Map.entry(Reason.CONDITIONAL_CONFLICT, new Wire("ConditionalRequestConflict", 409)),
            // object lock (docs/object-lock.md)
            Map.entry(Reason.OBJECT_LOCKED, new Wire("AccessDenied", 403)),
            Map.entry(Reason.OBJECT_LOCK_BUCKET_STATE, new Wire("InvalidBucketState", 409)),
            Map.entry(Reason.OBJECT_LOCK_NOT_ENABLED, new Wire("InvalidRequest", 400)),
            Map.entry(Reason.ENCRYPTION_KEY_MISMATCH, new Wire("AccessDenied", 403)),
            // the key service (KMS-2, KMS-4, KMS-6)
            Map.entry(Reason.KMS_KEY_NOT_FOUND, new Wire("KMS.NotFoundException", 400)),
            Map.entry(Reason.KMS_KEY_DISABLED, new Wire("KMS.DisabledException", 400)),
            Map.entry(Reason.KMS_INVALID_CIPHERTEXT, new Wire("InternalError", 500)),
            // the /-/admin identity endpoints, in IAM's words (docs/security.md ADM-5)
            Map.entry(Reason.NO_SUCH_ENTITY, new Wire("NoSuchEntity", 404)),
            Map.entry(Reason.ENTITY_EXISTS, new Wire("EntityAlreadyExists", 409)),
            Map.entry(Reason.ENTITY_IN_USE, new Wire("DeleteConflict", 409))));

    @ParameterizedTest
    @EnumSource(Reason.class)
    void everyReasonHasARowAndAnswersWithThatCodeAndStatus(Reason reason) {
        assertThat(TABLE).as("a row for %s", reason).containsKey(reason);
        ApiException e = DomainErrors.toApi(new Refusal(reason));
        assertThat(new Wire(e.code().code(), e.code().status())).isEqualTo(TABLE.get(reason));
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void aRefusalWithoutDetailSaysTheWireErrorsDefaultMessageAndCarriesNoExtras(Reason reason) {
        ApiException e = DomainErrors.toApi(new Refusal(reason));
        assertThat(e.getMessage()).isEqualTo(e.code().message());
        assertThat(e.headers()).isEmpty();
        assertThat(e.method()).isNull();
        assertThat(e.resourceType()).isNull();
    }

    @Test
    void theDetailOfARefusalIsTheMessageTheClientReads() {
        ApiException e = DomainErrors.toApi(new Refusal(Reason.INVALID_ARGUMENT, "Invalid version id specified"));
        assertThat(e.getMessage()).isEqualTo("Invalid version id specified");
    }

    @Test
    void theTableHasNoRowForAReasonThatIsGone() {
        assertThat(TABLE.keySet()).containsExactlyInAnyOrder(Reason.values());
    }
}
