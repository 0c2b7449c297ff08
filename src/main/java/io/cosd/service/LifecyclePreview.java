package io.cosd.service;

import io.cosd.domain.lifecycle.DayClock;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dry run (docs/lifecycle.md#dry-run): what the executor would do in one bucket at {@code at}, per rule, with
 * counts and bytes per action, computed by the executor's own planning and evaluator; nothing is
 * changed. Items are listed up to {@code maxItems} in total; the totals always cover everything.
 */
public final class LifecyclePreview {
    public record Totals(long count, long bytes) {}

    /** One version or upload: {@code action} is expire, transition or abort; {@code target} the class of a transition. */
    /** {@code skipped}: why the action is not taken (object lock, LOCK-10), or null. */
    public record Item(String key, String versionId, String uploadId, String action, String target, long size, boolean deleteMarker,
                       boolean latest, Instant due, String skipped) {}

    public record RuleReport(String ruleId, Map<String, Totals> totals, List<Item> items) {}

    public record Report(String bucket, Instant at, List<RuleReport> rules, boolean itemsTruncated) {}

    /** The totals' name for actions object lock keeps from being taken (LOCK-10). */
    public static final String SKIPPED = "skipped";

    private LifecyclePreview() {}

    /**
     * {@code --at} / {@code at=}: an ISO-8601 instant ({@code 2026-12-01T00:00:00Z}), a date
     * (midnight in the lifecycle zone), or {@code +N[dhms]} from now (days are lifecycle days);
     * absent: now. @throws IllegalArgumentException when unreadable
     */
    public static Instant parseAt(String at, ZoneId zone, Instant now, DayClock days) {
        if (at == null || at.isBlank()) return now;
        String s = at.trim();
        try {
            if (s.startsWith("+")) {
                long n = Long.parseLong(s.substring(1, s.length() - 1));
                return switch (s.charAt(s.length() - 1)) {
                    case 'd' -> now.plus(days.dayLength().multipliedBy(n));
                    case 'h' -> now.plusSeconds(3600 * n);
                    case 'm' -> now.plusSeconds(60 * n);
                    case 's' -> now.plusSeconds(n);
                    default -> throw new IllegalArgumentException("unit must be d, h, m or s: " + at);
                };
            }
            if (s.length() == 10) return LocalDate.parse(s).atStartOfDay(zone).toInstant();
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("cannot read time " + at + ": use 2026-12-01T00:00:00Z, 2026-12-01 or +30d");
        }
    }

    public static Report of(LifecycleExecutor executor, String bucket, Instant at, int maxItems) {
        Map<String, Map<String, long[]>> totals = new LinkedHashMap<>();
        Map<String, List<Item>> items = new LinkedHashMap<>();
        int[] listed = {0};
        boolean[] truncated = {false};
        executor.preview(bucket, at, (b, p, applied) -> {
            String rule = p.action().ruleId();
            // LOCK-10: a version object lock holds is counted apart, under "skipped", and listed with why
            String verb = p.heldBy() == null ? p.action().verb() : SKIPPED;
            long size = p.version() != null ? p.version().size() : 0;
            long[] t = totals.computeIfAbsent(rule, r -> new LinkedHashMap<>()).computeIfAbsent(verb, v -> new long[2]);
            t[0]++;
            t[1] += size;
            List<Item> list = items.computeIfAbsent(rule, r -> new ArrayList<>());
            if (listed[0] >= maxItems) {
                truncated[0] = true;
                return;
            }
            listed[0]++;
            var v = p.version();
            list.add(new Item(p.key(), v == null ? null : v.versionId(), p.upload() == null ? null : p.upload().uploadId(), p.action().verb(),
                    p.action().target() == null ? null : p.action().target().name(), size, v != null && v.deleteMarker(),
                    v != null && v.latest(), p.action().due(), p.heldBy()));
        });
        List<RuleReport> rules = new ArrayList<>();
        totals.forEach((rule, byVerb) -> {
            Map<String, Totals> t = new LinkedHashMap<>();
            byVerb.forEach((verb, n) -> t.put(verb, new Totals(n[0], n[1])));
            rules.add(new RuleReport(rule, t, items.getOrDefault(rule, List.of())));
        });
        return new Report(bucket, at, rules, truncated[0]);
    }
}
