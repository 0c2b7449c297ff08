package io.cosd.store.meta;

import java.util.function.Supplier;

/**
 * The mode of a request answered on a network event loop (docs/performance.md "The GET path"): a
 * thread in this mode must never wait for another request. The metadata store then reads through the
 * thread's own read-only connection (a WAL snapshot, which never waits for the writer; no pooled
 * connection to wait for) and refuses every write with {@link Defer}: a write waits for the single
 * writer, which another request may hold through an fsync. The caller answers {@link Defer} by
 * running the request again, from its start, on a thread that may wait; nothing was changed.
 */
public final class EventLoopReads {
    /** Per thread: whether it is in this mode, and which run (request) it is in. */
    private static final class State {
        boolean active;
        long run;
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private EventLoopReads() {}

    /** True while the current thread runs {@link #run}. */
    public static boolean active() {
        return STATE.get().active;
    }

    /** Which {@link #run} of this thread is under way: the store checks for changes once per run (request). */
    public static long runId() {
        return STATE.get().run;
    }

    /**
     * The run found a row it read replaced (a GET whose version's blob was released meanwhile) and
     * reads again: the store's next read checks for changes again, as at the start of a run, instead
     * of answering from the rows remembered then (which would name the same released blob on every
     * attempt). No effect off an event loop.
     */
    public static void recheck() {
        State s = STATE.get();
        if (s.active) s.run++;
    }

    /** Runs {@code work} in this mode on the current thread. */
    public static <T> T run(Supplier<T> work) {
        State s = STATE.get();
        boolean before = s.active;
        s.active = true;
        s.run++;
        try {
            return work.get();
        } finally {
            s.active = before;
        }
    }

    /**
     * Thrown where the request would have to wait: it continues on another thread. Cheap: no stack
     * trace. An {@link Error}, not a RuntimeException, so that no {@code catch (RuntimeException e)} on
     * its way out (best-effort code such as CORS decoration keeps a response when a lookup fails) takes
     * it for a failure and swallows it: it must reach the edge, which runs the request again.
     */
    public static final class Defer extends Error {
        public Defer(String why) {
            super(why, null, false, false);
        }
    }
}
