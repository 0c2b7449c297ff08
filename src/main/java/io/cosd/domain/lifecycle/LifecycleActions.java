package io.cosd.domain.lifecycle;

import io.cosd.domain.Refusal;
import io.cosd.domain.object.StorageClass;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

import static io.cosd.domain.lifecycle.Occurrences.integer;
import static io.cosd.domain.lifecycle.Occurrences.text;

/** The LC-V checks of a rule's actions: Transition, Expiration, their noncurrent forms, dates and storage classes. */
final class LifecycleActions {
    /** COS: Expiration / NoncurrentVersionExpiration days are at most 3650 (LC-V7). */
    static final int COS_MAX_EXPIRATION_DAYS = 3650;
    private static final List<String> BOOLEANS = List.of("true", "false");
    /** Transition targets (case-insensitive; STANDARD is no target). */
    static final List<String> TRANSITION_CLASSES = Arrays.stream(StorageClass.values())
            .filter(c -> c != StorageClass.STANDARD && c != StorageClass.MAZ_STANDARD).map(Enum::name).toList();

    private final ZoneId zone;

    LifecycleActions(ZoneId zone) {
        this.zone = zone;
    }

    LifecycleRule.Transition transition(LifecycleDraft.Transition t, LifecycleValidator.Checks checks) {
        String days = text(t.days(), "Transition", "Days"), date = text(t.date(), "Transition", "Date");
        if ((days == null) == (date == null)) throw Refused.malformed("Rule/Transition", "exactly one of Days and Date is required."); // LC-V9
        Integer d = days == null ? null : integer("Rule/Transition/Days", days);
        if (d != null && d < 0) throw Refused.argument("'Days' for Transition action must be nonnegative"); // LC-V8
        String cls = text(t.storageClass(), "Transition", "StorageClass");
        Instant at = date == null ? null : date("Rule/Transition/Date", date);
        return new LifecycleRule.Transition(d, at, cls, storageClass("Rule/Transition/StorageClass", cls, checks));
    }

    LifecycleRule.Expiration expiration(LifecycleDraft.Expiration e, LifecycleValidator.Checks checks) {
        if (e == null) return null;
        String days = text(e.days(), "Expiration", "Days"), date = text(e.date(), "Expiration", "Date");
        String eodm = text(e.expiredObjectDeleteMarker(), "Expiration", "ExpiredObjectDeleteMarker");
        if (eodm != null && (days != null || date != null)) {
            throw Refused.malformed("Rule/Expiration/ExpiredObjectDeleteMarker", "cannot be specified with Days or Date."); // LC-V12
        }
        if (days != null && date != null) throw Refused.malformed("Rule/Expiration", "exactly one of Days, Date and ExpiredObjectDeleteMarker is required."); // LC-V9
        if (eodm != null) {
            if (!BOOLEANS.contains(eodm)) throw Refused.notOneOf(Refusal.Reason.MALFORMED_DOCUMENT, "Rule/Expiration/ExpiredObjectDeleteMarker", eodm, BOOLEANS);
            return new LifecycleRule.Expiration(null, null, eodm.equals("true"));
        }
        if (days == null && date == null) throw Refused.malformed("Rule/Expiration", "exactly one of Days, Date and ExpiredObjectDeleteMarker is required."); // LC-V9
        if (days != null) {
            int d = integer("Rule/Expiration/Days", days);
            if (d <= 0) throw Refused.argument("'Days' for Expiration action must be a positive integer"); // LC-V7
            if (checks == LifecycleValidator.Checks.COS && d > COS_MAX_EXPIRATION_DAYS) {
                throw Refused.argument("'Days' for Expiration action must not exceed 3650");
            }
            return new LifecycleRule.Expiration(d, null, false);
        }
        return new LifecycleRule.Expiration(null, date("Rule/Expiration/Date", date), false);
    }

    /** LC-V17 answers a noncurrent transition's class as COS does in both dialects (NotSupportedStorageClass). */
    static LifecycleRule.NoncurrentTransition noncurrentTransition(LifecycleDraft.NoncurrentTransition t) {
        String days = text(t.noncurrentDays(), "NoncurrentVersionTransition", "NoncurrentDays");
        String cls = text(t.storageClass(), "NoncurrentVersionTransition", "StorageClass");
        if (days == null) throw Refused.missing("Rule/NoncurrentVersionTransition/NoncurrentDays"); // LC-V19
        if (cls == null) throw Refused.missing("Rule/NoncurrentVersionTransition/StorageClass"); // LC-V19
        int d = integer("Rule/NoncurrentVersionTransition/NoncurrentDays", days);
        if (d < 0) throw Refused.argument("'NoncurrentDays' for NoncurrentVersionTransition action must be nonnegative");
        return new LifecycleRule.NoncurrentTransition(d, cls,
                storageClass("Rule/NoncurrentVersionTransition/StorageClass", cls, LifecycleValidator.Checks.COS));
    }

    static LifecycleRule.NoncurrentExpiration noncurrentExpiration(LifecycleDraft.NoncurrentExpiration e, LifecycleValidator.Checks checks) {
        if (e == null) return null;
        String days = text(e.noncurrentDays(), "NoncurrentVersionExpiration", "NoncurrentDays");
        if (days == null) throw Refused.missing("Rule/NoncurrentVersionExpiration/NoncurrentDays"); // LC-V19
        int d = integer("Rule/NoncurrentVersionExpiration/NoncurrentDays", days);
        if (d <= 0) throw Refused.argument("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer"); // LC-V7
        if (checks == LifecycleValidator.Checks.COS && d > COS_MAX_EXPIRATION_DAYS) {
            throw Refused.argument("'NoncurrentDays' for NoncurrentVersionExpiration action must not exceed 3650");
        }
        String newer = text(e.newerNoncurrentVersions(), "NoncurrentVersionExpiration", "NewerNoncurrentVersions");
        Integer n = newer == null ? null : integer("Rule/NoncurrentVersionExpiration/NewerNoncurrentVersions", newer);
        if (n != null && n <= 0) throw Refused.argument("'NewerNoncurrentVersions' must be a positive integer");
        return new LifecycleRule.NoncurrentExpiration(d, n);
    }

    /**
     * LC-V17: COS answers NotSupportedStorageClass, S3 MalformedXML; STANDARD is not a transition
     * target. The message lists the accepted classes (S3 clients asking for GLACIER learn that
     * ARCHIVE is cosd's archive class).
     */
    private static StorageClass storageClass(String element, String name, LifecycleValidator.Checks checks) {
        if (name == null) throw Refused.missing(element); // LC-V19
        StorageClass c = StorageClass.parse(name).filter(s -> s != StorageClass.STANDARD && s != StorageClass.MAZ_STANDARD).orElse(null);
        if (c == null) {
            throw Refused.notOneOf(checks == LifecycleValidator.Checks.S3 ? Refusal.Reason.MALFORMED_DOCUMENT : Refusal.Reason.UNSUPPORTED_STORAGE_CLASS,
                    element, name, TRANSITION_CLASSES);
        }
        return c;
    }

    /** LC-V18 (S3 only): IA transitions need 30 days, and Expiration must come after every Transition. */
    static void s3Minimums(List<LifecycleRule.Transition> ts, LifecycleRule.Expiration e,
                           List<LifecycleRule.NoncurrentTransition> nts, LifecycleRule.NoncurrentExpiration ne) {
        for (var t : ts) {
            if (t.days() != null && t.days() < 30 && t.storageClass() == StorageClass.STANDARD_IA) {
                throw Refused.argument("'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'");
            }
            if (t.days() != null && e != null && e.days() != null && e.days() <= t.days()) {
                throw Refused.argument("'Days' in the Expiration action must be greater than 'Days' in the Transition action");
            }
        }
        for (var t : nts) {
            if (ne != null && ne.days() <= t.days()) {
                throw Refused.argument("'NoncurrentDays' in the NoncurrentVersionExpiration action must be later than 'NoncurrentDays' in the NoncurrentVersionTransition action");
            }
        }
    }

    /**
     * LC-V10 / LC-V11: {@code YYYY-MM-DD} (midnight in the lifecycle zone) or an ISO-8601 date-time
     * at midnight, either in its own offset (Python: {@code …T00:00:00+08:00}, Java:
     * {@code …T00:00:00.000Z}) or in the lifecycle zone ({@code …T16:00:00.000Z}).
     */
    Instant date(String element, String s) {
        try {
            if (s.length() == 10) return LocalDate.parse(s).atStartOfDay(zone).toInstant();
            OffsetDateTime t = OffsetDateTime.parse(s);
            Instant at = t.toInstant();
            boolean ownMidnight = t.toLocalTime().equals(LocalTime.MIDNIGHT);
            boolean zoneMidnight = at.atZone(zone).toLocalTime().equals(LocalTime.MIDNIGHT);
            if (!ownMidnight && !zoneMidnight) throw Refused.argument(element + ": 'Date' must be at midnight GMT+8"); // LC-V11
            return at;
        } catch (DateTimeParseException e) {
            throw Refused.malformed(element, "'" + s + "' is not an ISO 8601 date (2031-04-20 or 2031-04-20T00:00:00+08:00)."); // LC-V10
        }
    }
}
