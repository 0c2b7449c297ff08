package io.cosd.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A named group of measurements. To add one (multipart, versioning, CORS preflight, policy, ...):
 * write a class implementing this interface that calls {@link Bench.Ctx#measure} once per table
 * line, and add it to {@link #ALL}. It then runs by default and can be picked with
 * {@code bench/run --only NAME}.
 */
interface Workload {
    /** Short name used by --only, e.g. "objects". */
    String name();

    /** One line for --help. */
    String description();

    void run(Bench.Ctx ctx) throws Exception;

    /** False for long opt-in workloads (the soak): they run only when named in --only. */
    default boolean byDefault() { return true; }

    /** Registry, in run order. */
    Map<String, Supplier<Workload>> ALL = registry();

    private static Map<String, Supplier<Workload>> registry() {
        Map<String, Supplier<Workload>> m = new LinkedHashMap<>();
        for (Supplier<Workload> s : java.util.List.<Supplier<Workload>>of(
                ObjectsWorkload::new,
                SseWorkload::new,
                ListWorkload::new,
                VersioningWorkload::new,
                CorsWorkload::new,
                MultipartWorkload::new,
                PolicyWorkload::new,
                ReplicationWorkload::new,
                ListVersionsWorkload::new,
                SoakWorkload::new)) {
            m.put(s.get().name(), s);
        }
        return m;
    }
}
