package io.cosd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lifecycle, restore and replication act as the service, so bucket policies never bind them
 * (docs/spec/semantics.md §5.2 POL-C11, §6 INT-6). cosd gets that by construction: policies are
 * evaluated only in {@code api.Access}, per user request, and the code that runs those actions
 * cannot reach it or the policy evaluator. The replication side on a peer is proved end to end by
 * {@code ReplicationEngineTest#bucketPoliciesBindUsersButNotTheServicesReplicationReadsAndWrites_REP_S6}.
 * A source scan rather than ArchUnit, to stay in milliseconds: outside their own packages those
 * classes can only be named by an import or a qualified name, and both spell the package.
 */
class ServiceActsOutsidePolicyTest {
    static final Path MAIN = Path.of(System.getProperty("user.dir"), "src/main/java/io/cosd");
    static final Pattern POLICY = Pattern.compile("io\\.cosd\\.(?:domain\\.policy\\b|api\\.policy\\b|api\\.Access\\b|api\\.\\*)");

    @Test
    void lifecycleRestoreAndReplicationWorkNeverReachesTheBucketPolicy_POL_C11() throws IOException {
        List<Path> serviceCode = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                String rel = MAIN.relativize(p).toString(), name = p.getFileName().toString();
                return rel.startsWith("worker/") || rel.startsWith("service/")
                        && (name.startsWith("Lifecycle") || name.startsWith("Restore") || name.startsWith("Replication"));
            }).forEach(serviceCode::add);
        }
        assertThat(serviceCode).as("the classes this rule is about").hasSizeGreaterThan(10);
        List<String> reaching = new ArrayList<>();
        for (Path p : serviceCode) {
            var m = POLICY.matcher(Files.readString(p));
            if (m.find()) reaching.add(MAIN.relativize(p) + " names " + m.group());
        }
        assertThat(reaching).isEmpty();
    }
}
