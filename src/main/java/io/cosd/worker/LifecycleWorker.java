package io.cosd.worker;

import io.cosd.service.LifecycleEvents;
import io.cosd.service.LifecycleExecutor;
import io.cosd.store.meta.CheckpointRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs the lifecycle pass once per lifecycle day (a Beijing-time date, or an N-second "day" in test
 * mode, when it runs at least every N seconds: docs/spec/semantics.md §3.9) in bounded steps of about
 * {@link LifecycleExecutor#PAGE} versions. The cursor is persisted after every step, so a restart
 * resumes the pass where it stopped; a repeated step is harmless because every action is
 * conditional on the version the scan saw.
 * <p>
 * Checkpoint format: {@code done\t<day>} after a finished pass, and during one
 * {@code run\t<day>\t<bucket>\t<O|U>\t<upload id or ->[\t<key>]} (O: object versions, U: multipart
 * uploads; the key last, so it may hold any character).
 */
public final class LifecycleWorker implements Worker {
    public static final String NAME = "lifecycle";

    private final LifecycleExecutor executor;
    private final CheckpointRepository checkpoints;
    private final Clock clock;
    private final LifecycleEvents events;
    private final Fence fence;
    private Instant passStarted;
    private long passScanned;

    public LifecycleWorker(LifecycleExecutor executor, CheckpointRepository checkpoints, Clock clock, LifecycleEvents events) {
        this(executor, checkpoints, clock, events, Fence.none(checkpoints));
    }

    /**
     * @param fence how the cursor is saved: with a lease ({@link Leases#fence}) a node that lost it saves
     *              nothing and stops; the node that took over resumes from the last saved cursor (SC-L3)
     */
    public LifecycleWorker(LifecycleExecutor executor, CheckpointRepository checkpoints, Clock clock, LifecycleEvents events, Fence fence) {
        this.executor = executor;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.events = events;
        this.fence = fence;
    }

    @Override
    public String name() { return NAME; }

    @Override
    public Outcome step() {
        Instant now = clock.instant();
        long today = executor.days().dayNumber(now);
        Cursor c = Cursor.parse(checkpoints.cursor(NAME).map(CheckpointRepository.Checkpoint::cursor).orElse(null));
        LifecycleExecutor.Position at;
        long day;
        if (c != null && c.running()) {
            day = c.day();
            at = c.position();
        } else {
            if (c != null && c.day() >= today) return Outcome.IDLE; // today's pass is done
            day = today;
            at = executor.start();
            passStarted = now;
            passScanned = 0;
        }
        if (passStarted == null) passStarted = now; // resumed after a restart
        LifecycleExecutor.Step s = executor.step(at, now, false, null);
        passScanned += s.scanned();
        // SC-L3: the step's actions are conditional on the versions it scanned, so if another node
        // took the lease meanwhile and repeats this page, nothing is applied twice; the cursor is not
        // moved by this node any more.
        if (s.next() == null) {
            if (!fence.save(NAME, "done\t" + day, now)) return leaseLost();
            events.passFinished(Duration.between(passStarted, clock.instant()), passScanned);
            passStarted = null;
            return Outcome.IDLE;
        }
        if (!fence.save(NAME, new Cursor(true, day, s.next()).encode(), now)) return leaseLost();
        events.cursor(passScanned, s.next().bucket());
        return Outcome.MORE;
    }

    private Outcome leaseLost() {
        passStarted = null; // whoever holds the lease now reports the pass
        return Outcome.IDLE;
    }

    /** At least once per lifecycle day; every 5 minutes in normal mode so a new date is noticed soon. */
    @Override
    public Duration idleInterval() {
        Duration day = executor.days().dayLength();
        return day.compareTo(Duration.ofMinutes(5)) < 0 ? day : Duration.ofMinutes(5);
    }

    record Cursor(boolean running, long day, LifecycleExecutor.Position position) {
        static Cursor parse(String s) {
            if (s == null || s.isEmpty()) return null;
            String[] p = s.split("\t", 6);
            try {
                if (p[0].equals("done") && p.length == 2) return new Cursor(false, Long.parseLong(p[1]), null);
                if (p[0].equals("run") && p.length >= 5) {
                    return new Cursor(true, Long.parseLong(p[1]), new LifecycleExecutor.Position(p[2], p.length == 6 ? p[5] : null,
                            p[3].equals("U"), p[4].equals("-") ? null : p[4]));
                }
            } catch (NumberFormatException e) {
                // fall through: an unreadable cursor starts a fresh pass
            }
            return null;
        }

        String encode() {
            if (!running) return "done\t" + day;
            return "run\t" + day + "\t" + position.bucket() + "\t" + (position.uploads() ? "U" : "O") + "\t"
                    + (position.afterUploadId() == null ? "-" : position.afterUploadId())
                    + (position.afterKey() == null ? "" : "\t" + position.afterKey());
        }
    }
}
