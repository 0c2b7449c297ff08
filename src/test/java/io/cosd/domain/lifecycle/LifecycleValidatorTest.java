package io.cosd.domain.lifecycle;

import io.cosd.domain.Refusal;
import io.cosd.domain.Refusal.Reason;
import io.cosd.domain.lifecycle.LifecycleValidator.Checks;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The LC-V checks as pure functions of a draft (no XML): each refusal is a domain reason with the
 * message the client sees; api/error/DomainErrors turns it into the wire code (LifecycleXmlTest).
 */
class LifecycleValidatorTest {
    private static final LifecycleValidator VALIDATOR = new LifecycleValidator(ZoneId.of("Asia/Shanghai"), id -> !id.contains("\u0001"));

    private static LifecycleDraft.Rule rule(List<String> id, List<String> status, List<LifecycleDraft.Transition> transitions,
                                            List<LifecycleDraft.Expiration> expiration) {
        return new LifecycleDraft.Rule(id, status, null, null, transitions, expiration, null, null, null);
    }

    private static LifecycleDraft.Expiration days(String d) {
        return new LifecycleDraft.Expiration(List.of(d), null, null);
    }

    private static LifecycleDraft.Transition toClass(String cls) {
        return new LifecycleDraft.Transition(List.of("40"), null, List.of(cls));
    }

    private static LifecycleConfiguration validate(Checks checks, LifecycleDraft.Rule... rules) {
        return VALIDATOR.validate(new LifecycleDraft(List.of(rules)), checks, () -> 0xabcL);
    }

    private static void refused(Checks checks, LifecycleDraft.Rule r, Reason reason, String message) {
        assertThatThrownBy(() -> validate(checks, r)).isInstanceOfSatisfying(Refusal.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.detail()).isEqualTo(message);
        });
    }

    @Test
    void aSingleElementSentTwiceIsAMalformedDocumentNamingParentAndChild_LC_V1() {
        refused(Checks.COS, rule(List.of("a"), List.of("Enabled", "Enabled"), null, List.of(days("1"))),
                Reason.MALFORMED_DOCUMENT, "Rule/Status: must appear at most once.");
        refused(Checks.COS, rule(List.of("a"), List.of("Enabled"), null, List.of(days("1"), days("2"))),
                Reason.MALFORMED_DOCUMENT, "Rule/Expiration: must appear at most once.");
    }

    @Test
    void anUnknownTransitionClassIsUnsupportedInCosAndMalformedInS3_LC_V17() {
        var r = rule(List.of("a"), List.of("Enabled"), List.of(toClass("GLACIER")), null);
        assertThatThrownBy(() -> validate(Checks.COS, r)).isInstanceOfSatisfying(Refusal.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_STORAGE_CLASS));
        assertThatThrownBy(() -> validate(Checks.S3, r)).isInstanceOfSatisfying(Refusal.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_DOCUMENT));
    }

    @Test
    void anIdThatCannotTravelInAHeaderIsRefusedWhenPutButReadWhenStored_HV_2_HV_3() {
        var r = rule(List.of("a\u0001b"), List.of("Enabled"), null, List.of(days("1")));
        refused(Checks.COS, r, Reason.INVALID_ARGUMENT, "Rule ID must not contain control characters: it is sent in the expiration header.");
        assertThat(validate(Checks.STORED, r).rules().get(0).id()).isEqualTo("a\u0001b");
    }

    @Test
    void theCosDayCapAppliesToCosButNotToS3OrStoredDocuments_LC_V7() {
        var r = rule(List.of("a"), List.of("Enabled"), null, List.of(days("3651")));
        refused(Checks.COS, r, Reason.INVALID_ARGUMENT, "'Days' for Expiration action must not exceed 3650");
        assertThat(validate(Checks.S3, r).rules().get(0).expiration().days()).isEqualTo(3651);
        assertThat(validate(Checks.STORED, r).rules().get(0).expiration().days()).isEqualTo(3651);
    }

    @Test
    void textIsComparedTrimmedAndAnEmptyIdIsNoId_LC_A2() {
        var c = validate(Checks.COS, rule(List.of(" "), List.of(" Enabled\n"), null, List.of(days(" 7 "))));
        assertThat(c.rules().get(0).id()).isEqualTo("rule-abc");
        assertThat(c.rules().get(0).enabled()).isTrue();
        assertThat(c.rules().get(0).expiration().days()).isEqualTo(7);
    }

    @Test
    void aBareDayIsMidnightInTheLifecycleZone_LC_V10() {
        assertThat(VALIDATOR.date("Date", "2020-01-01")).isEqualTo(Instant.parse("2019-12-31T16:00:00Z"));
    }

    @Test
    void aDocumentWithoutRulesIsMalformed_LC_V5() {
        assertThatThrownBy(() -> VALIDATOR.validate(new LifecycleDraft(List.of()), Checks.COS, () -> 1L))
                .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_DOCUMENT));
    }
}
