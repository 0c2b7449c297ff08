package io.cosd.app;

import io.cosd.store.meta.LeaseRepository;
import io.cosd.store.meta.MetadataStore;
import io.cosd.worker.Leases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code cosd admin nodes}: the nodes sharing this metadata database, live or recently dead, and the
 * worker leases each holds (docs/scale-out.md "Workers across nodes", SC-L5). Read-only; works with
 * {@code COSD_METADATA_URL} and with a data dir's SQLite. Ages are on the database's clock (SC-L2).
 */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "List the nodes of this metadata database (live: a heartbeat within the lease TTL) and the worker leases each holds.")
final class AdminNodes implements Callable<Integer> {
    @ParentCommand
    Admin admin;

    @Option(names = "--all", description = "Also nodes unseen for more than a day (rows are dropped after 7 days)")
    boolean all;

    @Override
    public Integer call() {
        try (MetadataStore m = Main.openStore(admin.dataDir)) {
            LeaseRepository r = m.leases();
            Instant now = r.now();
            List<LeaseRepository.Lease> leases = r.leases();
            Duration live = Duration.ofMillis(Long.getLong("cosd.lease.ttlMillis", Leases.TTL.toMillis()));
            for (LeaseRepository.Node n : r.nodes()) {
                Duration age = Duration.between(n.heartbeatAt(), now);
                if (!all && age.compareTo(Duration.ofDays(1)) > 0) continue;
                boolean alive = age.compareTo(live) <= 0;
                List<String> held = leases.stream().filter(l -> n.id().equals(l.holder()) && l.expiresAt().isAfter(now))
                        .map(LeaseRepository.Lease::name).toList();
                System.out.println(n.id() + "\t" + (alive ? "live" : "dead") + "\t" + n.address() + "\tversion=" + n.version()
                        + "\tstarted=" + n.startedAt() + "\theartbeat=" + ago(age)
                        + "\tleases=" + (held.isEmpty() ? "-" : String.join(",", held)));
            }
            for (LeaseRepository.Lease l : leases) {
                String state = l.holder() == null ? "free"
                        : l.expiresAt().isAfter(now) ? "held by " + l.holder() + ", expires in " + ms(Duration.between(now, l.expiresAt()))
                        : "expired " + ago(Duration.between(l.expiresAt(), now)) + " (was " + l.holder() + ")";
                System.out.println("lease " + l.name() + "\t" + state + "\ttoken=" + l.token());
            }
            return 0;
        }
    }

    private static String ago(Duration d) {
        return ms(d) + " ago";
    }

    private static String ms(Duration d) {
        long ms = Math.max(0, d.toMillis());
        return ms < 10_000 ? ms + " ms" : ms / 1000 + " s";
    }
}
