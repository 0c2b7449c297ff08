package io.cosd.service;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.domain.lifecycle.LifecycleRule;
import io.cosd.domain.lifecycle.LifecycleRule.Filter;
import io.cosd.domain.lifecycle.LifecycleRule.NoncurrentExpiration;
import io.cosd.domain.lock.LockMode;
import io.cosd.domain.lock.ObjectLock;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LOCK-10 as a pure planning decision: lifecycle plans the noncurrent expiration of a locked version
 * but holds it (never applied), says why for the dry run, and then keeps a lone delete marker too.
 */
class LifecycleLockHoldTest {
    static final DayClock UTC = new DayClock(ZoneOffset.UTC, 0);
    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z"), LATER = Instant.parse("2025-03-01T00:00:00Z");
    static final LifecycleRule NONCURRENT = new LifecycleRule("r", true, Filter.ALL, List.of(), null, List.of(),
            new NoncurrentExpiration(1, null), null);

    static ObjectVersion version(String id, long seq, boolean latest, boolean marker, ObjectLock lock) {
        return ObjectVersion.builder("b-1250000000", "k").versionId(id).seq(seq).latest(latest).deleteMarker(marker)
                .size(marker ? 0 : 10).etag(marker ? null : "\"e\"").content(ContentHeaders.ofType("text/plain"))
                .blobId(marker ? null : "blob" + seq).lastModified(T0).noncurrentSince(latest ? null : T0.plusSeconds(60)).lock(lock).build();
    }

    static ObjectLock lock(String how) {
        return switch (how) {
            case "none" -> ObjectLock.NONE;
            case "hold" -> ObjectLock.NONE.withLegalHold(true);
            case "governance" -> ObjectLock.NONE.withRetention(LockMode.GOVERNANCE, LATER.plusSeconds(3600));
            case "compliance" -> ObjectLock.NONE.withRetention(LockMode.COMPLIANCE, LATER.plusSeconds(3600));
            case "expired" -> ObjectLock.NONE.withRetention(LockMode.COMPLIANCE, LATER.minusSeconds(1));
            default -> throw new IllegalArgumentException(how);
        };
    }

    @ParameterizedTest(name = "{0}: held by {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "none       | -",
            "expired    | -",
            "hold       | object lock: a legal hold is on",
            "governance | object lock: GOVERNANCE retention has not expired",
            "compliance | object lock: COMPLIANCE retention has not expired",
    })
    void aNoncurrentVersionObjectLockProtectsIsPlannedButHeldWithTheReason_LOCK_10(String how, String expected) {
        Bucket b = new Bucket("b-1250000000", "100000000001", "1250000000", "ap-guangzhou", T0, VersioningState.ENABLED);
        var planned = LifecycleExecutor.plan(b, List.of(NONCURRENT),
                List.of(version("v2", 2, true, false, ObjectLock.NONE), version("v1", 1, false, false, lock(how))), LATER, UTC);
        assertThat(planned).hasSize(1);
        assertThat(planned.get(0).heldBy()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"hold", "governance", "compliance"})
    void aLoneDeleteMarkerStaysWhileTheVersionBehindItIsLocked_LOCK_10(String how) {
        Bucket b = new Bucket("b-1250000000", "100000000001", "1250000000", "ap-guangzhou", T0, VersioningState.ENABLED);
        var planned = LifecycleExecutor.plan(b, List.of(NONCURRENT),
                List.of(version("m", 2, true, true, ObjectLock.NONE), version("v1", 1, false, false, lock(how))), LATER, UTC);
        assertThat(planned).extracting(LifecycleExecutor.Planned::version).extracting(ObjectVersion::versionId).containsExactly("v1");
    }
}
