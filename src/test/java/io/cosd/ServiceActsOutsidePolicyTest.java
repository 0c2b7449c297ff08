package io.cosd;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Lifecycle, restore and replication act as the service, so bucket policies never bind them
 * (docs/spec/semantics.md §5.2 POL-C11, §6 INT-6). cosd gets that by construction: policies are
 * evaluated only in {@code api.Access}, per user request, and the code that runs those actions
 * cannot reach it or the policy evaluator. The replication side on a peer is proved end to end by
 * {@code ReplicationEngineTest#bucketPoliciesBindUsersButNotTheServicesReplicationReadsAndWrites_REP_S6}.
 */
class ServiceActsOutsidePolicyTest {
    @Test
    void lifecycleRestoreAndReplicationWorkNeverReachesTheBucketPolicy_POL_C11() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.cosd.worker", "io.cosd.service", "io.cosd.domain.lifecycle", "io.cosd.domain.replication");
        noClasses().that().resideInAPackage("io.cosd.worker..")
                .or().haveSimpleNameStartingWith("Lifecycle").or().haveSimpleNameStartingWith("Restore")
                .or().haveSimpleNameStartingWith("Replication")
                .should().dependOnClassesThat(resideInAnyPackage("io.cosd.domain.policy..", "io.cosd.api.policy..")
                        .or(name("io.cosd.api.Access")))
                .check(main);
    }
}
