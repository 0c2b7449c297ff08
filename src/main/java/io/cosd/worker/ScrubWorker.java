package io.cosd.worker;

import io.cosd.service.ScrubService;
import io.cosd.store.meta.CheckpointRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The periodic scrub (docs/storage.md "Read integrity and scrubbing"): one pass over every version
 * every {@code interval}, read at about {@code bytesPerSecond}, in steps of at most {@link #PAGE}
 * versions. The cursor is persisted after each step, so a restart resumes the pass. A data dir
 * without a checkpoint counts as scrubbed at first start: the first pass begins one interval later
 * (a new deployment has nothing old to check, and tests are not disturbed by a pass at start-up).
 * <p>
 * Checkpoint: {@code done\t<epoch ms the last pass ended>}, or during a pass
 * {@code run\t<epoch ms it started>\t<after seq or ->\t<bucket>[\t<after key>]} (the key last, so
 * it may hold any character).
 */
public final class ScrubWorker implements Worker {
    public static final String NAME = "scrub";
    static final int PAGE = 100;
    private static final Logger log = LoggerFactory.getLogger(ScrubWorker.class);

    private final ScrubService scrub;
    private final CheckpointRepository checkpoints;
    private final Clock clock;
    private final Duration interval;
    private final long bytesPerSecond;
    private final Fence fence;
    private long passDamaged;

    public ScrubWorker(ScrubService scrub, CheckpointRepository checkpoints, Clock clock, Duration interval, long bytesPerSecond) {
        this(scrub, checkpoints, clock, interval, bytesPerSecond, Fence.none(checkpoints));
    }

    /** @param fence with a lease ({@link Leases#fence}), a node that lost it saves no cursor and stops (SC-L3) */
    public ScrubWorker(ScrubService scrub, CheckpointRepository checkpoints, Clock clock, Duration interval, long bytesPerSecond, Fence fence) {
        this.fence = fence;
        this.scrub = scrub;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.interval = interval;
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public String name() { return NAME; }

    @Override
    public Outcome step() throws InterruptedException {
        Instant now = clock.instant();
        String saved = checkpoints.cursor(NAME).map(CheckpointRepository.Checkpoint::cursor).orElse(null);
        Cursor c = Cursor.parse(saved);
        if (c == null) {
            fence.save(NAME, "done\t" + now.toEpochMilli(), now); // first start: the first pass is one interval away
            return Outcome.IDLE;
        }
        ScrubService.Position at;
        long started;
        if (c.position() != null) {
            at = c.position();
            started = c.millis();
        } else {
            if (now.isBefore(Instant.ofEpochMilli(c.millis()).plus(interval))) return Outcome.IDLE;
            at = scrub.start(null);
            started = now.toEpochMilli();
            passDamaged = 0;
            if (at == null) {
                fence.save(NAME, "done\t" + now.toEpochMilli(), now);
                return Outcome.IDLE;
            }
        }
        ScrubService.Step s = scrub.step(at, false, PAGE, ScrubService.rate(bytesPerSecond));
        for (var f : s.damaged()) {
            passDamaged++;
            log.error("scrub: damaged {}/{} version {}: {} ({})", f.bucket(), f.key(), f.versionId(), f.kind(), f.detail());
        }
        Instant end = clock.instant();
        if (s.next() == null) {
            if (!fence.save(NAME, "done\t" + end.toEpochMilli(), end)) return Outcome.IDLE; // lease lost: the new holder reports
            log.info("scrub pass finished in {}; damaged versions found: {}", Duration.between(Instant.ofEpochMilli(started), end), passDamaged);
            return Outcome.IDLE;
        }
        return fence.save(NAME, new Cursor(started, s.next()).encode(), end) ? Outcome.MORE : Outcome.IDLE;
    }

    /** Often enough to notice that the interval has passed; the interval itself when it is shorter. */
    @Override
    public Duration idleInterval() {
        return interval.compareTo(Duration.ofMinutes(5)) < 0 ? interval : Duration.ofMinutes(5);
    }

    /** {@code position} null: between passes, {@code millis} is when the last one ended; else when this one started. */
    record Cursor(long millis, ScrubService.Position position) {
        static Cursor parse(String s) {
            if (s == null || s.isEmpty()) return null;
            String[] p = s.split("\t", 5);
            try {
                if (p[0].equals("done") && p.length == 2) return new Cursor(Long.parseLong(p[1]), null);
                if (p[0].equals("run") && p.length >= 4) {
                    long seq = p[2].equals("-") ? Long.MIN_VALUE : Long.parseLong(p[2]);
                    return new Cursor(Long.parseLong(p[1]), new ScrubService.Position(p[3], p.length == 5 ? p[4] : null, seq));
                }
            } catch (NumberFormatException e) {
                // fall through: an unreadable cursor starts over
            }
            return null;
        }

        String encode() {
            if (position == null) return "done\t" + millis;
            return "run\t" + millis + "\t" + (position.afterKey() == null ? "-" : Long.toString(position.afterSeq())) + "\t"
                    + position.bucket() + (position.afterKey() == null ? "" : "\t" + position.afterKey());
        }
    }
}
