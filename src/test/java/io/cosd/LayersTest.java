package io.cosd;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cosd.store.meta.BucketRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layer rules of docs/design (app → api/worker → service → store ports → domain; arrows only
 * point down), checked on the compiled main classes: one {@code layeredArchitecture()} rule for the
 * whole picture, and one rule per edge that matters most, so a failure names it. Services never see
 * the HTTP layer: they raise domain reasons ({@code domain.Refusal}, {@code service.StorageFault})
 * that api translates in one place ({@code api/error}). Inside api the packages form no cycle: the
 * request model (api/core) and the infrastructure under it (error, xml, route, auth, dialect, http)
 * depend downwards only, features depend on those, and the api root (ApiHandler, Dispatcher) sits on
 * top, called by nothing below it.
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

    @Test
    void theApiPackagesDependOnEachOtherWithoutCycles() {
        slices().matching("io.cosd.api.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void nothingBelowTheApiRootCallsBackIntoIt() {
        // The root dispatches to every feature; a feature importing the root would close a cycle the
        // slice rule above cannot see (the root is no slice of "io.cosd.api.(*)..").
        noClasses().that().resideInAPackage("io.cosd.api.*..").should().dependOnClassesThat()
                .resideInAPackage("io.cosd.api").check(main);
    }

    @Test
    void whatAHandlerReadsAboutARequestCannotBeChangedUnderIt() {
        // One check must see what the next one sees: no public field in api is writable (docs/signing.md AUTH-1).
        fields().that().areDeclaredInClassesThat().resideInAPackage("io.cosd.api..").and().arePublic()
                .should().beFinal().check(main);
    }

    @Test
    void servicesNeverSeeTheHttpLayerTheyRaiseDomainReasonsThatApiTranslates() {
        noClasses().that().resideInAPackage("io.cosd.service..").should().dependOnClassesThat()
                .resideInAPackage("io.cosd.api..").check(main);
    }

    @Test
    void eachLayerIsUsedOnlyByTheLayersAboveIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("App").definedBy("io.cosd.app..")
                .layer("Api").definedBy("io.cosd.api..")
                .layer("Worker").definedBy("io.cosd.worker..")
                .layer("Service").definedBy("io.cosd.service..")
                .layer("StorePorts").definedBy("io.cosd.store", "io.cosd.store.meta", "io.cosd.store.blob..", "io.cosd.store.fs..")
                .layer("StoreJdbc").definedBy("io.cosd.store.meta.jdbc..")
                .layer("Domain").definedBy("io.cosd.domain..")
                .whereLayer("App").mayNotBeAccessedByAnyLayer()
                .whereLayer("Api").mayOnlyBeAccessedByLayers("App")
                .whereLayer("Worker").mayOnlyBeAccessedByLayers("App")
                .whereLayer("Service").mayOnlyBeAccessedByLayers("App", "Api", "Worker")
                .whereLayer("StoreJdbc").mayOnlyBeAccessedByLayers("App")
                .whereLayer("StorePorts").mayOnlyBeAccessedByLayers("App", "Api", "Worker", "Service", "StoreJdbc")
                .whereLayer("Domain").mayOnlyBeAccessedByLayers("App", "Api", "Worker", "Service", "StorePorts", "StoreJdbc")
                .check(main);
    }

    @Test
    void noApiClassWritesABucketConfigurationThePolicyServiceDoes() {
        DescribedPredicate<JavaMethodCall> configWrite = DescribedPredicate.describe("a BucketRepository configuration write",
                call -> call.getTargetOwner().isAssignableTo(BucketRepository.class)
                        && Set.of("putConfig", "deleteConfig").contains(call.getName()));
        noClasses().that().resideInAPackage("io.cosd.api..").should().callMethodWhere(configWrite).check(main);
    }
}
