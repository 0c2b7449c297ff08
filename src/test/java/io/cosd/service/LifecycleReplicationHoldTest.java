package io.cosd.service;

import io.cosd.domain.replication.ReplicationStatus;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.domain.lifecycle.LifecycleEvaluator.Kind;
import io.cosd.domain.lifecycle.LifecycleRule;
import io.cosd.domain.lifecycle.LifecycleRule.Expiration;
import io.cosd.domain.lifecycle.LifecycleRule.Filter;
import io.cosd.domain.lifecycle.LifecycleRule.NoncurrentExpiration;
import io.cosd.domain.lifecycle.LifecycleRule.Transition;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REP-R6 as a pure planning decision: lifecycle leaves the bytes of a version whose copy is still
 * PENDING alone and plans the action again on a later pass, once the copy is COMPLETED or FAILED.
 */
class LifecycleReplicationHoldTest {
    static final DayClock UTC = new DayClock(ZoneOffset.UTC, 0);
    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z"), LATER = Instant.parse("2025-03-01T00:00:00Z");

    static Bucket bucket(VersioningState s) {
        return new Bucket("b-1250000000", "100000000001", "1250000000", "ap-guangzhou", T0, s);
    }

    static LifecycleRule rule(Expiration e, List<Transition> t, NoncurrentExpiration ne) {
        return new LifecycleRule("r", true, Filter.ALL, t, e, List.of(), ne, null);
    }

    static ObjectVersion version(String id, long seq, boolean latest, boolean marker, String replication) {
        return ObjectVersion.builder("b-1250000000", "k").versionId(id).seq(seq).latest(latest).deleteMarker(marker)
                .size(marker ? 0 : 100 * 1024).etag(marker ? null : "\"e\"").content(ContentHeaders.ofType("text/plain"))
                .replicationStatus(ReplicationStatus.fromStored(replication)).blobId(marker ? null : "blob" + seq)
                .lastModified(T0).noncurrentSince(latest ? null : T0.plusSeconds(60)).build();
    }

    static List<Kind> plan(VersioningState s, LifecycleRule r, ObjectVersion... group) {
        return LifecycleExecutor.plan(bucket(s), List.of(r), List.of(group), LATER, UTC).stream().map(p -> p.action().kind()).toList();
    }

    static final LifecycleRule NONCURRENT = rule(null, List.of(), new NoncurrentExpiration(1, null));

    @Test
    void aNoncurrentVersionWithAPendingCopyIsNotDeletedYet_REP_R6() {
        assertThat(plan(VersioningState.ENABLED, NONCURRENT, version("v2", 2, true, false, null), version("v1", 1, false, false, "PENDING")))
                .isEmpty();
    }

    @Test
    void onceTheCopyIsCompletedOrFailedTheNextPassDeletesIt_REP_R6() {
        for (String done : new String[] {"COMPLETED", "FAILED", null}) {
            assertThat(plan(VersioningState.ENABLED, NONCURRENT, version("v2", 2, true, false, null), version("v1", 1, false, false, done)))
                    .as(String.valueOf(done)).containsExactly(Kind.DELETE_VERSION);
        }
    }

    @Test
    void aLoneDeleteMarkerStaysWhileAVersionBehindItIsHeld_REP_R6_LC_E5() {
        // Without the hold LC-E5 would remove both; removing only the marker would make v1 current again.
        assertThat(plan(VersioningState.ENABLED, NONCURRENT, version("m", 2, true, true, null), version("v1", 1, false, false, "PENDING")))
                .isEmpty();
        assertThat(plan(VersioningState.ENABLED, NONCURRENT, version("m", 2, true, true, null), version("v1", 1, false, false, "COMPLETED")))
                .containsExactly(Kind.DELETE_VERSION, Kind.DELETE_VERSION);
    }

    @Test
    void expirationInAnEnabledBucketOnlyAddsAMarkerSoItGoesAhead_REP_R6() {
        LifecycleRule expire = rule(new Expiration(1, null, false), List.of(), null);
        assertThat(plan(VersioningState.ENABLED, expire, version("v1", 1, true, false, "PENDING"))).containsExactly(Kind.EXPIRE_CURRENT);
    }

    @Test
    void expirationThatRemovesAPendingNullVersionWaits_REP_R6() {
        LifecycleRule expire = rule(new Expiration(1, null, false), List.of(), null);
        assertThat(plan(VersioningState.UNVERSIONED, expire, version("null", 1, true, false, "PENDING"))).isEmpty();
        // Suspended: expiring the current version replaces the null version wherever it is.
        assertThat(plan(VersioningState.SUSPENDED, expire, version("v2", 2, true, false, null), version("null", 1, false, false, "PENDING")))
                .isEmpty();
        assertThat(plan(VersioningState.SUSPENDED, expire, version("v2", 2, true, false, null), version("null", 1, false, false, "COMPLETED")))
                .contains(Kind.EXPIRE_CURRENT);
    }

    @Test
    void aTransitionWaitsForThePendingCopy_REP_R6() {
        LifecycleRule archive = rule(null, List.of(new Transition(1, null, "ARCHIVE", StorageClass.ARCHIVE)), null);
        assertThat(plan(VersioningState.ENABLED, archive, version("v1", 1, true, false, "PENDING"))).isEmpty();
        assertThat(plan(VersioningState.ENABLED, archive, version("v1", 1, true, false, "COMPLETED"))).containsExactly(Kind.TRANSITION);
    }
}
