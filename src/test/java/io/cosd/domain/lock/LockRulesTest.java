package io.cosd.domain.lock;

import io.cosd.domain.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The object lock decisions as tables (docs/object-lock.md, docs/spec/semantics.md §2.9). */
class LockRulesTest {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    /** {@code mode@+days} or {@code -}: a retention ending that many days from NOW (negative: expired). */
    static ObjectLock lock(String retention, boolean hold) {
        if (retention == null) return new ObjectLock(null, null, hold);
        String[] p = retention.split("@");
        return new ObjectLock(LockMode.valueOf(p[0]), NOW.plusSeconds(86_400L * Integer.parseInt(p[1])), hold);
    }

    @ParameterizedTest(name = "retention {0}, hold {1}, bypass {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // nothing set, or expired: anyone may delete
            "-              | false | false | ALLOWED",
            "GOVERNANCE@-1  | false | false | ALLOWED",
            "COMPLIANCE@-1  | false | false | ALLOWED",
            "COMPLIANCE@0   | false | false | ALLOWED",
            // GOVERNANCE yields to the bypass (header AND permission), nothing else
            "GOVERNANCE@30  | false | false | GOVERNANCE",
            "GOVERNANCE@30  | false | true  | ALLOWED",
            // COMPLIANCE yields to nobody, the bypass and the root included
            "COMPLIANCE@30  | false | false | COMPLIANCE",
            "COMPLIANCE@30  | false | true  | COMPLIANCE",
            // a legal hold blocks whatever the retention and the bypass
            "-              | true  | true  | LEGAL_HOLD",
            "GOVERNANCE@30  | true  | true  | LEGAL_HOLD",
            "GOVERNANCE@-1  | true  | false | LEGAL_HOLD",
            "COMPLIANCE@30  | true  | true  | LEGAL_HOLD",
    })
    void aVersionMayBeRemovedOnlyWhenNoLegalHoldAndNoUnexpiredRetentionForbidsIt_LOCK_5(String retention, boolean hold, boolean bypass,
                                                                                         LockRules.Verdict expected) {
        assertThat(LockRules.mayRemove(lock(retention, hold), bypass, NOW)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}@{2}, bypass {3}: {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // no retention, or an expired one: any new retention
            "-              | GOVERNANCE | 10 | false | ALLOWED",
            "COMPLIANCE@-1  | GOVERNANCE | 10 | false | ALLOWED",
            // extending, same mode: always
            "GOVERNANCE@30  | GOVERNANCE | 40 | false | ALLOWED",
            "GOVERNANCE@30  | GOVERNANCE | 30 | false | ALLOWED",
            "COMPLIANCE@30  | COMPLIANCE | 40 | false | ALLOWED",
            // GOVERNANCE: shortening, removing or switching to COMPLIANCE needs the bypass
            "GOVERNANCE@30  | GOVERNANCE | 10 | false | GOVERNANCE",
            "GOVERNANCE@30  | GOVERNANCE | 10 | true  | ALLOWED",
            "GOVERNANCE@30  | -          | -  | false | GOVERNANCE",
            "GOVERNANCE@30  | -          | -  | true  | ALLOWED",
            "GOVERNANCE@30  | COMPLIANCE | 30 | false | GOVERNANCE",
            "GOVERNANCE@30  | COMPLIANCE | 30 | true  | ALLOWED",
            // COMPLIANCE: never shorter, never removed, never GOVERNANCE, bypass or not
            "COMPLIANCE@30  | COMPLIANCE | 10 | true  | COMPLIANCE",
            "COMPLIANCE@30  | -          | -  | true  | COMPLIANCE",
            "COMPLIANCE@30  | GOVERNANCE | 40 | true  | COMPLIANCE",
    })
    void aRetentionMayOnlyGrowUnlessGovernanceIsBypassedAndComplianceNeverShrinks_LOCK_6(String current, String mode, Integer days,
                                                                                         boolean bypass, LockRules.Verdict expected) {
        Instant until = days == null ? null : NOW.plusSeconds(86_400L * days);
        assertThat(LockRules.mayChangeRetention(lock(current, false), mode == null ? null : LockMode.valueOf(mode), until, bypass, NOW))
                .isEqualTo(expected);
    }

    @Test
    void aRefusalIsObjectLockedAndSaysWhy_LOCK_5() {
        assertThatThrownBy(() -> new LockGuard(true, NOW).check(lock("COMPLIANCE@30", false)))
                .isInstanceOfSatisfying(Refusal.class, r -> {
                    assertThat(r.reason()).isEqualTo(Refusal.Reason.OBJECT_LOCKED);
                    assertThat(r.detail()).contains("COMPLIANCE");
                });
        new LockGuard(false, NOW).check(ObjectLock.NONE);
    }

    @ParameterizedTest(name = "default {0} {1}d {2}y, asked {3}: until {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "GOVERNANCE | 1 | - | -                       | GOVERNANCE@2026-06-02T00:00:00Z",
            "COMPLIANCE | - | 2 | -                       | COMPLIANCE@2028-06-01T00:00:00Z",
            // what the request asks for wins over the default
            "COMPLIANCE | 1 | - | GOVERNANCE@2027-01-01T00:00:00Z | GOVERNANCE@2027-01-01T00:00:00Z",
            // no default retention: what was asked, or nothing
            "-          | - | - | -                       | -",
    })
    void aNewVersionGetsTheRetentionItAsksForElseTheBucketsDefaultCountedFromNow_LOCK_2(String mode, Integer days, Integer years,
                                                                                      String asked, String expected) {
        var config = new LockConfiguration(mode == null ? null : LockMode.valueOf(mode), days, years);
        ObjectLock a = asked == null ? ObjectLock.NONE
                : ObjectLock.NONE.withRetention(LockMode.valueOf(asked.split("@")[0]), Instant.parse(asked.split("@")[1]));
        ObjectLock got = config.forNewVersion(a.withLegalHold(true), NOW);
        assertThat(got.legalHold()).isTrue();
        assertThat(got.hasRetention() ? got.mode() + "@" + got.retainUntil() : null).isEqualTo(expected);
    }

    @Test
    void theUploadFormOfALockRoundTrips_LOCK_4() {
        for (ObjectLock l : new ObjectLock[]{ObjectLock.NONE, lock("GOVERNANCE@3", false), lock("COMPLIANCE@3", true), lock(null, true)}) {
            assertThat(ObjectLock.decode(l.encode())).isEqualTo(l);
        }
    }
}
