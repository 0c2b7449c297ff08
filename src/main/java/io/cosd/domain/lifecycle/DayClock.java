package io.cosd.domain.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * How lifecycle counts days (docs/spec/semantics.md §3.4, §3.9).
 * <ul>
 * <li>Normal: a Days-based action is due at the first midnight in {@code zone} strictly after
 *   {@code base + days·24h} (LC-T1 formula, with COS's Beijing-time midnights by default, LC-T2:
 *   uploaded 2018-01-01 23:55 +08:00, Days=1 → due 2018-01-03 00:00 +08:00; Days=0 → next midnight).</li>
 * <li>Test mode ({@code debugDaySeconds > 0}, Ceph's rgw_lc_debug_interval): a day is that many
 *   seconds and nothing is rounded: due = base + days·N s.</li>
 * </ul>
 */
public record DayClock(ZoneId zone, long debugDaySeconds) {
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    public static DayClock cos() { return new DayClock(BEIJING, 0); }

    public boolean testMode() { return debugDaySeconds > 0; }

    /**
     * The clock the {@code x-cos-expiration}/{@code x-amz-expiration} header counts with: real days
     * even in test mode, while processing uses the short day. Ceph RGW does the same with
     * rgw_lc_debug_interval (its header is computed from real days), and suites written for RGW
     * (s3-tests test_lifecycle_expiration_header_*) check both: a header one real day ahead, and
     * the object gone after one short day (docs/lifecycle.md, LC-H3).
     */
    public DayClock realDays() {
        return testMode() ? new DayClock(zone, 0) : this;
    }

    /** When an action {@code days} after {@code base} becomes due. */
    public Instant due(Instant base, int days) {
        if (testMode()) return base.plusSeconds(days * debugDaySeconds);
        return nextMidnight(base.plus(Duration.ofDays(days)));
    }

    /** The first midnight in the zone strictly after {@code t}. */
    public Instant nextMidnight(Instant t) {
        return t.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The number of the "day" {@code now} falls in: a pass runs at most once per day number. */
    public long dayNumber(Instant now) {
        if (testMode()) return Math.floorDiv(now.getEpochSecond(), debugDaySeconds);
        return now.atZone(zone).toLocalDate().toEpochDay();
    }

    /** The length of one day: the longest the worker may sleep between passes. */
    public Duration dayLength() {
        return testMode() ? Duration.ofSeconds(debugDaySeconds) : Duration.ofDays(1);
    }
}
