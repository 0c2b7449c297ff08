package io.cosd.domain.lifecycle;

import io.cosd.domain.Refusal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import static io.cosd.domain.lifecycle.Occurrences.integer;
import static io.cosd.domain.lifecycle.Occurrences.one;
import static io.cosd.domain.lifecycle.Occurrences.text;

/**
 * From a {@link LifecycleDraft} to a valid {@link LifecycleConfiguration}, or a {@link Refusal}
 * (docs/lifecycle.md; the LC-V* rules of docs/spec/semantics.md §3.3). Checks run rule by rule in document
 * order and the first failure wins, so nothing is stored unless the whole document is valid. Pure:
 * the zone, the dialect's {@link Checks} and the source of generated IDs are arguments.
 */
public final class LifecycleValidator {
    static final int MAX_ID = 255;
    private static final List<String> STATUSES = List.of("Enabled", "Disabled");

    /** Which dialect-specific checks apply: COS (LC-V9 Days/Date mixing, 3650-day cap), S3 (LC-V18), none for stored documents. */
    public enum Checks { COS, S3, STORED }

    private final LifecycleActions actions;
    private final Predicate<String> sendableInHeader;

    /**
     * @param zone             where a bare {@code YYYY-MM-DD} Date falls at midnight (COS: Beijing time)
     * @param sendableInHeader HV-2: whether a rule ID can be sent inside the x-cos-expiration header (the HTTP layer knows)
     */
    public LifecycleValidator(ZoneId zone, Predicate<String> sendableInHeader) {
        this.actions = new LifecycleActions(zone);
        this.sendableInHeader = sendableInHeader;
    }

    /**
     * @param randomIds LC-A2: rules without an ID get {@code rule-<hex>} from this source, unique in the document
     */
    public LifecycleConfiguration validate(LifecycleDraft draft, Checks checks, LongSupplier randomIds) {
        List<LifecycleDraft.Rule> rules = draft.rules();
        if (rules.isEmpty()) {
            throw new Refusal(Refusal.Reason.MALFORMED_DOCUMENT, "LifecycleConfiguration/Rule: the lifecycle configuration should have at least one rule."); // LC-V5
        }
        if (rules.size() > LifecycleConfiguration.MAX_RULES) throw Refused.argument("Lifecycle configuration allows a maximum of 1000 rules."); // LC-V5
        Set<String> ids = new HashSet<>();
        List<LifecycleRule> out = new ArrayList<>(rules.size());
        for (LifecycleDraft.Rule r : rules) {
            LifecycleRule rule = rule(r, checks);
            if (rule.id() != null && !ids.add(rule.id())) {
                throw Refused.argument("Rule ID must be unique. Found same ID for more than one rule."); // LC-V4
            }
            out.add(rule);
        }
        List<LifecycleRule> named = new ArrayList<>(out.size());
        for (LifecycleRule r : out) {
            if (r.id() != null) {
                named.add(r);
                continue;
            }
            String id;
            do {
                id = "rule-" + Long.toHexString(randomIds.getAsLong() & Long.MAX_VALUE);
            } while (!ids.add(id));
            named.add(new LifecycleRule(id, r.enabled(), r.filter(), r.transitions(), r.expiration(),
                    r.noncurrentTransitions(), r.noncurrentExpiration(), r.abortAfterDays()));
        }
        return new LifecycleConfiguration(named);
    }

    /** LC-V10, LC-V11: a Date as rules read it (a bare day, or an ISO date-time at midnight). */
    public Instant date(String element, String s) {
        return actions.date(element, s);
    }

    private LifecycleRule rule(LifecycleDraft.Rule r, Checks checks) {
        String id = text(r.id(), "Rule", "ID");
        if (id != null && id.isEmpty()) id = null;
        if (id != null && id.length() > MAX_ID) throw Refused.argument("ID length should not exceed allowed limit of 255"); // LC-V3
        // HV-2 (docs/unbuilt.md): the ID is echoed in x-cos-expiration, so it must be sendable in a header.
        if (checks != Checks.STORED && id != null && !sendableInHeader.test(id)) {
            throw Refused.argument("Rule ID must not contain control characters: it is sent in the expiration header.");
        }
        String status = text(r.status(), "Rule", "Status");
        if (status == null) throw Refused.missing("Rule/Status"); // LC-V1
        if (!STATUSES.contains(status)) throw Refused.notOneOf(Refusal.Reason.MALFORMED_DOCUMENT, "Rule/Status", status, STATUSES); // LC-V2
        LifecycleRule.Filter filter = LifecycleFilters.filter(r, checks);

        List<LifecycleRule.Transition> transitions = new ArrayList<>();
        for (var t : r.transitions()) transitions.add(actions.transition(t, checks));
        LifecycleRule.Expiration expiration = actions.expiration(one(r.expiration(), "Rule", "Expiration"), checks);
        List<LifecycleRule.NoncurrentTransition> nts = new ArrayList<>();
        for (var t : r.noncurrentTransitions()) nts.add(LifecycleActions.noncurrentTransition(t));
        LifecycleRule.NoncurrentExpiration ne = LifecycleActions.noncurrentExpiration(one(r.noncurrentExpiration(), "Rule", "NoncurrentVersionExpiration"), checks);
        Integer abort = null;
        LifecycleDraft.Abort a = one(r.abortIncompleteMultipartUpload(), "Rule", "AbortIncompleteMultipartUpload");
        if (a != null) {
            abort = integer("Rule/AbortIncompleteMultipartUpload/DaysAfterInitiation",
                    text(a.daysAfterInitiation(), "AbortIncompleteMultipartUpload", "DaysAfterInitiation")); // LC-V19
            if (abort <= 0) throw Refused.argument("'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer");
        }

        if (transitions.isEmpty() && expiration == null && nts.isEmpty() && ne == null && abort == null) {
            throw Refused.request("At least one action needs to be specified in a rule"); // LC-V6
        }
        if (filter.hasTags() && expiration != null && expiration.expiredObjectDeleteMarker()) {
            throw Refused.request("ExpiredObjectDeleteMarker cannot be specified with tags."); // LC-V13
        }
        if (filter.hasTags() && abort != null) {
            throw Refused.request("AbortIncompleteMultipartUpload cannot be specified with Tags."); // LC-V14
        }
        if (checks == Checks.COS) {
            // LC-V9 (COS): Days-based and Date-based actions may not be mixed in one rule.
            boolean days = transitions.stream().anyMatch(t -> t.days() != null) || (expiration != null && expiration.days() != null);
            boolean dates = transitions.stream().anyMatch(t -> t.date() != null) || (expiration != null && expiration.date() != null);
            if (days && dates) throw Refused.argument("Check Expiration and Transition in same rule failure.");
        }
        if (checks == Checks.S3) LifecycleActions.s3Minimums(transitions, expiration, nts, ne);
        return new LifecycleRule(id, status.equals("Enabled"), filter, transitions, expiration, nts, ne, abort);
    }
}
