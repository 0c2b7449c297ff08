package io.cosd;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ObjectRepository;
import io.cosd.store.meta.UploadRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * docs/security.md AUTH-13: a write commits only into the bucket it was authorized against, which
 * holds only if request paths hand the store the incarnation of the bucket they read. The store
 * ports keep overloads without one ({@code Bucket.ANY_INCARNATION}, "any row of that name") for
 * tests, for a bucket's creation, and for workers that hold no request's bucket read; nothing in the
 * compiler stops a request path from calling them. This rule does: main code calls an unchecked
 * overload (a port method that has a sibling of the same name taking one more, trailing
 * {@code long incarnation}) only from the classes named here, each with its reason.
 */
class UncheckedIncarnationCallersTest {
    /** Main classes allowed the unchecked overloads, and why (keep short, keep true). */
    private static final Set<String> ALLOWED = Set.of();

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.cosd");
    }

    @Test
    void requestPathsCallOnlyTheStoreWritesThatNameTheBucketsIncarnation_AUTH_13() {
        DescribedPredicate<JavaMethodCall> unchecked = DescribedPredicate.describe(
                "a store write that names no bucket incarnation (AUTH-13)", UncheckedIncarnationCallersTest::isUnchecked);
        noClasses().that(DescribedPredicate.describe("not an allowed caller",
                        (JavaClass c) -> !ALLOWED.contains(c.getName()) && !c.getPackageName().startsWith("io.cosd.store.")))
                .should().callMethodWhere(unchecked).check(main);
    }

    /** A lifecycle pass's page names the bucket row it was planned from (its versions' seqs restart in a namesake). */
    @Test
    void lifecyclePagesNameTheBucketRowTheyWerePlannedFrom_AUTH_13() {
        DescribedPredicate<com.tngtech.archunit.core.domain.JavaConstructorCall> unchecked = DescribedPredicate.describe(
                "a lifecycle ref that names no bucket incarnation (AUTH-13)",
                call -> List.of(io.cosd.store.meta.LifecycleRepository.ExpireRef.class, io.cosd.store.meta.LifecycleRepository.VersionRef.class)
                        .stream().anyMatch(call.getTargetOwner()::isEquivalentTo)
                        && call.getTarget().getRawParameterTypes().size() == 4);
        noClasses().that(DescribedPredicate.describe("outside the store", (JavaClass c) -> !c.getPackageName().startsWith("io.cosd.store.")))
                .should().callConstructorWhere(unchecked).check(main);
    }

    private static boolean isUnchecked(JavaMethodCall call) {
        JavaClass owner = call.getTargetOwner();
        boolean port = List.of(BucketRepository.class, ObjectRepository.class, UploadRepository.class,
                io.cosd.store.meta.LifecycleRepository.class).stream().anyMatch(owner::isEquivalentTo);
        // a service's own delegation from its unchecked overload to the checked one is not a caller
        boolean service = owner.getPackageName().equals("io.cosd.service") && !call.getOriginOwner().equals(owner);
        if (!port && !service) return false;
        List<JavaClass> params = call.getTarget().getRawParameterTypes();
        for (JavaMethod m : owner.getMethods()) {
            if (!m.getName().equals(call.getName()) || m.getRawParameterTypes().equals(params)) continue;
            List<JavaClass> other = m.getRawParameterTypes();
            // a port's checked twin: the same parameters and a trailing long incarnation
            if (port && other.size() == params.size() + 1 && other.subList(0, params.size()).equals(params)
                    && other.get(params.size()).isEquivalentTo(long.class)) return true;
            // a service's checked twin: the Bucket read in place of its name
            if (service && !params.isEmpty() && params.get(0).isEquivalentTo(String.class) && other.size() == params.size()
                    && other.get(0).isEquivalentTo(io.cosd.domain.bucket.Bucket.class)
                    && other.subList(1, other.size()).equals(params.subList(1, params.size()))) return true;
        }
        return false;
    }
}
