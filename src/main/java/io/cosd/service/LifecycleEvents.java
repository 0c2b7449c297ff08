package io.cosd.service;

import java.time.Duration;

/** What the lifecycle executor and restores report (metrics, docs/lifecycle.md#admin-and-metrics). All methods default to no-ops. */
public interface LifecycleEvents {
    LifecycleEvents NONE = new LifecycleEvents() {};

    /** One action applied: {@code kind} is expire, transition, abort or restore. */
    default void applied(String kind) {}

    default void passFinished(Duration took, long versionsScanned) {}

    /** Where the running pass is: versions scanned so far in it and the bucket it is in. */
    default void cursor(long versionsScanned, String bucket) {}
}
