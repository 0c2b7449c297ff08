package io.cosd;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layer rules of docs/design (app → api/worker → service → store ports → domain; arrows only
 * point down), checked on the compiled main classes. Two rules the design asks for do not hold yet
 * and are not listed here: service still throws api.error.ErrorCode (the one error translation point
 * belongs in api), which also makes api ↔ service a cycle, and some api feature packages form cycles
 * (auth → error → dialect → auth). Adding them is the codebase work that removes those dependencies.
 */
class LayersTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.cosd");
    }

    @Test
    void domainCodeDependsOnTheJdkAndOnDomainCodeOnly() {
        classes().that().resideInAPackage("io.cosd.domain..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.crypto..", "io.cosd.domain..").check(main);
    }

    @Test
    void storageNeverSeesTheHttpLayerServicesWorkersOrWiring() {
        noClasses().that().resideInAPackage("io.cosd.store..").should().dependOnClassesThat()
                .resideInAnyPackage("io.cosd.api..", "io.cosd.service..", "io.cosd.worker..", "io.cosd.app..").check(main);
    }

    @Test
    void servicesUseStoragePortsNeverTheJdbcImplementationWorkersOrWiring() {
        noClasses().that().resideInAPackage("io.cosd.service..").should().dependOnClassesThat()
                .resideInAnyPackage("io.cosd.worker..", "io.cosd.app..", "io.cosd.store.meta.jdbc..").check(main);
    }

    @Test
    void workersNeverReachIntoTheHttpLayerTheJdbcImplementationOrWiring() {
        noClasses().that().resideInAPackage("io.cosd.worker..").should().dependOnClassesThat()
                .resideInAnyPackage("io.cosd.api..", "io.cosd.app..", "io.cosd.store.meta.jdbc..").check(main);
    }

    @Test
    void theHttpLayerNeverReachesIntoWiringWorkersOrTheJdbcImplementation() {
        noClasses().that().resideInAPackage("io.cosd.api..").should().dependOnClassesThat()
                .resideInAnyPackage("io.cosd.app..", "io.cosd.worker..", "io.cosd.store.meta.jdbc..").check(main);
    }
}
