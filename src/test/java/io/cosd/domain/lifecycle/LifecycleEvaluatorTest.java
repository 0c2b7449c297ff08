package io.cosd.domain.lifecycle;

import io.cosd.domain.lifecycle.LifecycleEvaluator.Kind;
import io.cosd.domain.lifecycle.LifecycleEvaluator.Subject;
import io.cosd.domain.lifecycle.LifecycleRule.Expiration;
import io.cosd.domain.lifecycle.LifecycleRule.Filter;
import io.cosd.domain.lifecycle.LifecycleRule.FilterForm;
import io.cosd.domain.lifecycle.LifecycleRule.NoncurrentExpiration;
import io.cosd.domain.lifecycle.LifecycleRule.NoncurrentTransition;
import io.cosd.domain.lifecycle.LifecycleRule.Transition;
import io.cosd.domain.object.StorageClass;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure evaluator: time model (LC-T*), actions (LC-E*), precedence (LC-P*), prediction (LC-H*). */
class LifecycleEvaluatorTest {
    static final DayClock COS = DayClock.cos();
    static final DayClock S3 = new DayClock(ZoneOffset.UTC, 0);
    static final long BIG = 100 * 1024;

    static LifecycleRule rule(String id, Filter f, Expiration e, List<Transition> t, NoncurrentExpiration ne, List<NoncurrentTransition> nt) {
        return new LifecycleRule(id, true, f, t, e, nt, ne, null);
    }

    static LifecycleRule expire(String id, int days) {
        return rule(id, Filter.ALL, new Expiration(days, null, false), List.of(), null, List.of());
    }

    static LifecycleRule transition(String id, int days, StorageClass c) {
        return rule(id, Filter.ALL, null, List.of(new Transition(days, null, c.name(), c)), null, List.of());
    }

    static Subject current(Instant lm, long size, boolean versioned) {
        return new Subject("k", Map.of(), size, false, true, lm, null, StorageClass.STANDARD, 0, true, versioned);
    }

    @Test
    void cosCountsDaysToTheNextBeijingMidnight_LC_T2() {
        // uploaded 2018-01-01 23:55 +08:00, Days=1 → due 2018-01-03 00:00 +08:00
        Instant lm = Instant.parse("2018-01-01T15:55:00Z");
        assertThat(COS.due(lm, 1)).isEqualTo(Instant.parse("2018-01-02T16:00:00Z"));
        // Days=0 transition → queued at the next midnight, 2018-01-02 00:00 +08:00
        assertThat(COS.due(lm, 0)).isEqualTo(Instant.parse("2018-01-01T16:00:00Z"));
    }

    @Test
    void utcCountingMatchesTheS3Example_LC_T1() {
        // created 2014-01-15 10:30 UTC, Days=3 → 2014-01-19 00:00 UTC
        assertThat(S3.due(Instant.parse("2014-01-15T10:30:00Z"), 3)).isEqualTo(Instant.parse("2014-01-19T00:00:00Z"));
        // always the next midnight, even from a midnight
        assertThat(S3.due(Instant.parse("2014-01-15T00:00:00Z"), 1)).isEqualTo(Instant.parse("2014-01-17T00:00:00Z"));
    }

    @Test
    void testModeDaysAreSecondsWithoutRounding() {
        DayClock t = new DayClock(DayClock.BEIJING, 10);
        assertThat(t.due(Instant.parse("2020-01-01T00:00:03Z"), 2)).isEqualTo(Instant.parse("2020-01-01T00:00:23Z"));
        assertThat(t.dayNumber(Instant.parse("2020-01-01T00:00:19Z"))).isEqualTo(t.dayNumber(Instant.parse("2020-01-01T00:00:10Z")));
    }

    /** LC-H3 in test mode: the header's clock keeps real, midnight-rounded days (Ceph rgw_lc_debug_interval). */
    @Test
    void theHeaderClockCountsRealDaysEvenInTestMode_LC_H3() {
        DayClock t = new DayClock(DayClock.BEIJING, 10);
        assertThat(t.realDays()).isEqualTo(DayClock.cos());
        assertThat(t.realDays().due(Instant.parse("2020-01-01T02:00:00Z"), 1)).isEqualTo(Instant.parse("2020-01-02T16:00:00Z"));
        assertThat(COS.realDays()).isSameAs(COS);
    }

    @Test
    void nothingIsDueBeforeItsInstant_LC_T3() {
        Instant lm = Instant.parse("2020-01-01T02:00:00Z");
        Instant due = COS.due(lm, 1);
        assertThat(LifecycleEvaluator.evaluate(List.of(expire("e", 1)), current(lm, 1, false), due.minusMillis(1), COS)).isEmpty();
        assertThat(LifecycleEvaluator.evaluate(List.of(expire("e", 1)), current(lm, 1, false), due, COS)).get()
                .extracting(LifecycleEvaluator.Action::kind).isEqualTo(Kind.DELETE_VERSION);
    }

    @Test
    void aPastDateMakesEveryMatchingObjectEligibleWhateverItsAge_LC_T6() {
        Instant date = Instant.parse("2020-01-01T16:00:00Z");
        var r = rule("d", Filter.ALL, new Expiration(null, date, false), List.of(), null, List.of());
        Instant lm = Instant.parse("2021-06-01T00:00:00Z"); // created after the date
        assertThat(LifecycleEvaluator.evaluate(List.of(r), current(lm, 1, false), lm.plusSeconds(1), COS)).isPresent();
    }

    @Test
    void filtersNeedThePrefixEveryTagAndStrictSizes_LC_E1() {
        var f = new Filter(FilterForm.AND, "logs/", Map.of("a", "1", "b", "2"), 10L, 100L);
        assertThat(f.matches("logs/x", Map.of("a", "1", "b", "2", "c", "3"), 50, false)).isTrue();
        assertThat(f.matches("logs/x", Map.of("a", "1"), 50, false)).isFalse();
        assertThat(f.matches("other", Map.of("a", "1", "b", "2"), 50, false)).isFalse();
        assertThat(f.matches("logs/x", Map.of("a", "1", "b", "2"), 10, false)).isFalse();
        assertThat(f.matches("logs/x", Map.of("a", "1", "b", "2"), 100, false)).isFalse();
        assertThat(new Filter(FilterForm.AND, "", Map.of(), 10L, null).matches("k", Map.of(), 0, true)).as("sizes skip markers").isTrue();
    }

    @Test
    void expiringTheCurrentVersionDependsOnVersioning_LC_E2() {
        Instant lm = Instant.parse("2020-01-01T00:00:00Z"), now = lm.plusSeconds(10 * 86400);
        assertThat(LifecycleEvaluator.evaluate(List.of(expire("e", 1)), current(lm, 1, false), now, COS).get().kind()).isEqualTo(Kind.DELETE_VERSION);
        assertThat(LifecycleEvaluator.evaluate(List.of(expire("e", 1)), current(lm, 1, true), now, COS).get().kind()).isEqualTo(Kind.EXPIRE_CURRENT);
    }

    @Test
    void transitionsOnlyGoColderAndNeverBelow64KB_LC_E3() {
        Instant lm = Instant.parse("2020-01-01T00:00:00Z"), now = lm.plusSeconds(10 * 86400);
        var toIa = List.of(transition("ia", 1, StorageClass.STANDARD_IA));
        assertThat(LifecycleEvaluator.evaluate(toIa, current(lm, BIG, false), now, COS).get().target()).isEqualTo(StorageClass.STANDARD_IA);
        assertThat(LifecycleEvaluator.evaluate(toIa, current(lm, 64 * 1024 - 1, false), now, COS)).isEmpty();
        var archived = new Subject("k", Map.of(), BIG, false, true, lm, null, StorageClass.ARCHIVE, 0, true, false);
        assertThat(LifecycleEvaluator.evaluate(toIa, archived, now, COS)).as("never warmer").isEmpty();
    }

    @Test
    void anObjectCanGoThroughSeveralTransitions_LC_E6() {
        Instant lm = Instant.parse("2020-01-01T00:00:00Z");
        var r = rule("multi", Filter.ALL, new Expiration(30, null, false), List.of(
                new Transition(1, null, "STANDARD_IA", StorageClass.STANDARD_IA),
                new Transition(5, null, "ARCHIVE", StorageClass.ARCHIVE)), null, List.of());
        assertThat(LifecycleEvaluator.evaluate(List.of(r), current(lm, BIG, false), lm.plusSeconds(3 * 86400), COS).get().target())
                .isEqualTo(StorageClass.STANDARD_IA);
        var ia = new Subject("k", Map.of(), BIG, false, true, lm, null, StorageClass.STANDARD_IA, 0, true, false);
        assertThat(LifecycleEvaluator.evaluate(List.of(r), ia, lm.plusSeconds(6 * 86400), COS).get().target()).isEqualTo(StorageClass.ARCHIVE);
        assertThat(LifecycleEvaluator.evaluate(List.of(r), ia, lm.plusSeconds(31 * 86400), COS).get().kind()).isEqualTo(Kind.DELETE_VERSION);
    }

    @Test
    void noncurrentExpirationCountsFromTheSuccessorAndKeepsTheNewest_LC_E4_T5() {
        Instant lm = Instant.parse("2020-01-01T00:00:00Z"), became = Instant.parse("2020-03-01T00:00:00Z");
        var r = rule("nc", Filter.ALL, null, List.of(), new NoncurrentExpiration(5, 2), List.of());
        Subject newest = new Subject("k", Map.of(), 1, false, false, lm, became, StorageClass.STANDARD, 0, false, true);
        Subject third = new Subject("k", Map.of(), 1, false, false, lm, became, StorageClass.STANDARD, 2, false, true);
        Instant early = became.plusSeconds(2 * 86400), late = became.plusSeconds(10 * 86400);
        assertThat(LifecycleEvaluator.evaluate(List.of(r), third, early, COS)).as("old, but noncurrent only recently").isEmpty();
        assertThat(LifecycleEvaluator.evaluate(List.of(r), third, late, COS)).isPresent();
        assertThat(LifecycleEvaluator.evaluate(List.of(r), newest, late, COS)).as("among the 2 newest noncurrent").isEmpty();
        var marker = new Subject("k", Map.of(), 0, true, false, lm, became, StorageClass.STANDARD, 3, false, true);
        assertThat(LifecycleEvaluator.evaluate(List.of(r), marker, late, COS)).as("noncurrent markers too").isPresent();
    }

    @Test
    void noncurrentTransitionSkipsDeleteMarkers_LC_E4() {
        Instant lm = Instant.parse("2020-01-01T00:00:00Z");
        var r = rule("nt", Filter.ALL, null, List.of(), null, List.of(new NoncurrentTransition(1, "ARCHIVE", StorageClass.ARCHIVE)));
        var v = new Subject("k", Map.of(), BIG, false, false, lm, lm, StorageClass.STANDARD, 0, false, true);
        var m = new Subject("k", Map.of(), 0, true, false, lm, lm, StorageClass.STANDARD, 0, false, true);
        Instant now = lm.plusSeconds(5 * 86400);
        assertThat(LifecycleEvaluator.evaluate(List.of(r), v, now, COS).get().target()).isEqualTo(StorageClass.ARCHIVE);
        assertThat(LifecycleEvaluator.evaluate(List.of(r), m, now, COS)).isEmpty();
    }

    @Test
    void aLoneDeleteMarkerGoesWithTheFlagOrWithExpirationDays_LC_E5() {
        Instant lm = Instant.parse("2020-01-01T00:00:00Z");
        var eodm = rule("m", Filter.ALL, new Expiration(null, null, true), List.of(), null, List.of());
        var lone = new Subject("k", Map.of(), 0, true, true, lm, null, StorageClass.STANDARD, 0, true, true);
        var notLone = new Subject("k", Map.of(), 0, true, true, lm, null, StorageClass.STANDARD, 0, false, true);
        assertThat(LifecycleEvaluator.evaluate(List.of(eodm), lone, lm.plusSeconds(1), COS)).isPresent();
        assertThat(LifecycleEvaluator.evaluate(List.of(eodm), notLone, lm.plusSeconds(1), COS)).isEmpty();
        assertThat(LifecycleEvaluator.evaluate(List.of(expire("d", 2)), lone, lm.plusSeconds(86400), COS)).isEmpty();
        assertThat(LifecycleEvaluator.evaluate(List.of(expire("d", 2)), lone, lm.plusSeconds(4 * 86400), COS)).isPresent();
    }

    @Test
    void deletionBeatsTransitionAndTransitionBeatsCreatingAMarker_LC_P1() {
        Instant lm = Instant.parse("2020-01-01T00:00:00Z"), now = lm.plusSeconds(10 * 86400);
        var rules = List.of(expire("e", 1), transition("t", 1, StorageClass.ARCHIVE));
        assertThat(LifecycleEvaluator.evaluate(rules, current(lm, BIG, false), now, COS).get().kind()).isEqualTo(Kind.DELETE_VERSION);
        assertThat(LifecycleEvaluator.evaluate(rules, current(lm, BIG, true), now, COS).get().kind()).isEqualTo(Kind.TRANSITION);
    }

    @Test
    void theEarlierExpirationWins_LC_P2_P4() {
        Instant lm = Instant.parse("2020-01-01T00:00:00Z"), now = lm.plusSeconds(10 * 86400);
        var a = LifecycleEvaluator.evaluate(List.of(expire("late", 5), expire("soon", 2)), current(lm, 1, false), now, COS).get();
        assertThat(a.ruleId()).isEqualTo("soon");
    }

    @Test
    void theColdestOfTransitionsDueTogetherWins_LC_P3() {
        Instant lm = Instant.parse("2020-01-01T00:00:00Z"), now = lm.plusSeconds(10 * 86400);
        var rules = List.of(transition("a", 1, StorageClass.STANDARD_IA), transition("b", 1, StorageClass.ARCHIVE),
                transition("c", 2, StorageClass.INTELLIGENT_TIERING));
        assertThat(LifecycleEvaluator.evaluate(rules, current(lm, BIG, false), now, COS).get().ruleId()).isEqualTo("b");
    }

    @Test
    void thePredictionIsTheEarliestApplicableExpirationAtBeijingMidnight_LC_H1_H2_H3() {
        Instant lm = Instant.parse("2020-04-10T03:00:00Z");
        var tagged = rule("tagged", new Filter(FilterForm.TAG, "", Map.of("t", "1"), null, null), new Expiration(1, null, false), List.of(), null, List.of());
        var rules = List.of(expire("ten", 10), expire("three", 3), tagged);
        var e = LifecycleEvaluator.expiration(rules, "k", Map.of(), 1, lm, COS).get();
        assertThat(e.ruleId()).isEqualTo("three");
        assertThat(e.date()).isEqualTo(Instant.parse("2020-04-13T16:00:00Z")); // "… 16:00:00 GMT" of the previous day
        assertThat(LifecycleEvaluator.expiration(rules, "k", Map.of("t", "1"), 1, lm, COS).get().ruleId()).isEqualTo("tagged");
        var disabled = new LifecycleRule("off", false, Filter.ALL, List.of(), new Expiration(1, null, false), List.of(), null, null);
        assertThat(LifecycleEvaluator.expiration(List.of(disabled), "k", Map.of(), 1, lm, COS)).isEmpty();
    }

    @Test
    void incompleteUploadsAreAbortedAfterDaysAfterInitiation_LC_T7() {
        Instant init = Instant.parse("2020-01-01T00:00:00Z");
        var r = new LifecycleRule("mpu", true, new Filter(FilterForm.PREFIX, "up/", Map.of(), null, null), List.of(), null, List.of(), null, 2);
        assertThat(LifecycleEvaluator.abortUpload(List.of(r), "up/x", init, init.plusSeconds(86400), COS)).isEmpty();
        assertThat(LifecycleEvaluator.abortUpload(List.of(r), "up/x", init, init.plusSeconds(3 * 86400), COS).get().kind()).isEqualTo(Kind.ABORT_UPLOAD);
        assertThat(LifecycleEvaluator.abortUpload(List.of(r), "other", init, init.plusSeconds(3 * 86400), COS)).isEmpty();
    }
}
