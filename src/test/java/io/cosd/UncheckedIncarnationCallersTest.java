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
 * docs/security.md AUTH-13 and AUTH-15: a write commits only into the bucket it was authorized
 * against, and a read returns only what is in that bucket row, which holds only if request paths hand
 * the store the incarnation of the bucket they read. The store ports keep overloads without one
 * ({@code Bucket.ANY_INCARNATION}, "any row of that name") for tests, for a bucket's creation, and for
 * workers that hold no request's bucket read; nothing in the compiler stops a request path from
 * calling them. These rules do: main code calls an unchecked overload (a port method that has a
 * sibling of the same name taking one more, trailing {@code long incarnation}) only from the methods
 * named here, each with its reason. Writes (AUTH-13) allow none; reads (AUTH-15) allow only the workers
 * (a policy decision's s3:ExistingObjectTag and POL-S13 reads name the decision's bucket row too).
 */
class UncheckedIncarnationCallersTest {
    /** The port reads that have a checked twin (AUTH-15); every other unchecked overload is a write (AUTH-13). */
    private static final Set<String> READS = Set.of("latest", "version", "listLatest", "listVersions", "find", "list", "objectParts");

    /**
     * The bucket configuration reads with a checked twin: the port's {@code config} and the config
     * services' lookups, whose Bucket form takes the cached entry of the request's bucket row only
     * (AUTH-15, ConfigCache); the name form takes whatever row has the name.
     */
    private static final Set<String> CONFIG_READS = Set.of("config", "find", "defaultFor", "choose");

    /** Main methods ("class.method") allowed an unchecked read, and why (keep short, keep true). */
    private static final Set<String> ALLOWED_READS = Set.of(
            // a worker's version (restore, lifecycle transition, SSE-13 restored copy): no request's
            // bucket read to carry; its own write (if any) is AUTH-13-checked and it sends no data to the reader
            "io.cosd.service.ObjectService.workerLayout",
            // "unchanged since read" for the scrubber and the restorer: compares write time and ETag, returns no data
            "io.cosd.service.ObjectService.changed",
            // the scrubber reads versions by name, holds no request's bucket read, returns no data
            "io.cosd.service.ScrubService.step",
            "io.cosd.service.ScrubService.check",
            // a restore job is keyed by bucket name; its commit re-checks the version it read (changed)
            "io.cosd.service.RestoreService.complete",
            // (none for the replication worker: it reads its source, version, parts, stream and rules in the bucket row
            // that wrote its outbox row, ReplicationOutbox.source, and DeleteBucket removes the rows: AUTH-15)
            // configuration by bucket name where no request's bucket read exists (AUTH-15: a request reads its row's):
            // CORS preflights are answered before authentication, and CORS headers decorate any answer, errors
            // included (CORS rules grant no access; they tell a browser what it may show)
            "io.cosd.api.cors.CorsHandler.preflight",
            "io.cosd.api.cors.CorsHandler.decorate");
            // (none for the admin CLI's replication status and resync either: it reads the bucket row once and
            // acts on that row's rules and outbox rows, ADM-13)

    /**
     * Main methods allowed to call {@code ObjectService.workerLayout} (the parts of a version in any
     * bucket row of its name), and why. A request reads a version's parts through
     * {@code layout(Bucket, ObjectVersion)}, which names the row it was authorized on (AUTH-15).
     */
    private static final Set<String> WORKER_LAYOUT_CALLERS = Set.of(
            // a restore job (keyed by bucket name) and SSE-13's restored copy of an archived version
            "io.cosd.service.RestoreService.decompress",
            "io.cosd.service.ObjectService.restoredCopy",
            // the overloads without a source bucket row (sourceBucket null), which only tests call;
            // CopyHandler and MultipartHandler pass the source bucket they authorized
            "io.cosd.service.ObjectService.copy",
            "io.cosd.service.MultipartService.uploadPartCopy");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.cosd");
    }

    @Test
    void requestPathsCallOnlyTheStoreWritesThatNameTheBucketsIncarnation_AUTH_13() {
        DescribedPredicate<JavaMethodCall> unchecked = DescribedPredicate.describe(
                "a store write that names no bucket incarnation (AUTH-13)", call -> isUnchecked(call) && !isRead(call));
        noClasses().that(outsideTheStore()).should().callMethodWhere(unchecked).check(main);
    }

    @Test
    void requestPathsCallOnlyTheStoreReadsThatNameTheBucketsIncarnation_AUTH_15() {
        DescribedPredicate<JavaMethodCall> unchecked = DescribedPredicate.describe(
                "a store read that names no bucket incarnation (AUTH-15), outside the allowed workers",
                call -> isUnchecked(call) && isRead(call)
                        && !ALLOWED_READS.contains(call.getOriginOwner().getName() + "." + call.getOrigin().getName()));
        noClasses().that(outsideTheStore()).should().callMethodWhere(unchecked).check(main);
    }

    /** Every allowed read still exists and still needs its entry, so the list cannot rot into a blanket pass. */
    @Test
    void everyAllowedReadIsStillAnUncheckedCaller_AUTH_15() {
        Set<String> used = new java.util.HashSet<>();
        for (JavaClass c : main) {
            if (c.getPackageName().startsWith("io.cosd.store.")) continue;
            for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                if (isUnchecked(call) && isRead(call)) used.add(c.getName() + "." + call.getOrigin().getName());
            }
        }
        org.assertj.core.api.Assertions.assertThat(used).containsAll(ALLOWED_READS);
    }

    /** The worker form of a version's layout is called only where no request's bucket read exists (AUTH-15). */
    @Test
    void onlyWorkersReadAVersionsLayoutWithoutTheBucketsIncarnation_AUTH_15() {
        DescribedPredicate<JavaMethodCall> workerLayout = DescribedPredicate.describe(
                "ObjectService.workerLayout outside the allowed workers (AUTH-15)",
                call -> call.getTargetOwner().isEquivalentTo(io.cosd.service.ObjectService.class) && call.getName().equals("workerLayout")
                        && !WORKER_LAYOUT_CALLERS.contains(call.getOriginOwner().getName() + "." + call.getOrigin().getName()));
        noClasses().should().callMethodWhere(workerLayout).check(main);
        Set<String> used = new java.util.HashSet<>();
        for (JavaClass c : main) {
            for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                if (call.getTargetOwner().isEquivalentTo(io.cosd.service.ObjectService.class) && call.getName().equals("workerLayout")) {
                    used.add(c.getName() + "." + call.getOrigin().getName());
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(used).containsExactlyInAnyOrderElementsOf(WORKER_LAYOUT_CALLERS);
    }

    /**
     * ADM-13 (docs/replication.md "Operations"): the replication admin's status and resync read and write the
     * outbox rows of the bucket row the caller was authorized on, never every row of the name: each call of
     * the outbox's per-bucket reads and requeues names an incarnation (a {@code long}). A name-only call
     * would show, requeue or queue a namesake's rows created after the check.
     */
    @Test
    void theReplicationAdminNamesTheBucketRowInEveryOutboxReadAndRequeue_ADM_13() {
        Set<String> perBucket = Set.of("stats", "problems", "requeueFailed", "enqueueExisting");
        DescribedPredicate<JavaMethodCall> byName = DescribedPredicate.describe(
                "a per-bucket outbox read or requeue that names no bucket incarnation (ADM-13)",
                call -> call.getTargetOwner().isEquivalentTo(io.cosd.store.meta.ReplicationOutbox.class)
                        && perBucket.contains(call.getName())
                        && call.getTarget().getRawParameterTypes().stream().noneMatch(t -> t.isEquivalentTo(long.class)));
        noClasses().that(outsideTheStore()).should().callMethodWhere(byName).check(main);
    }

    private static DescribedPredicate<JavaClass> outsideTheStore() {
        return DescribedPredicate.describe("outside the store", (JavaClass c) -> !c.getPackageName().startsWith("io.cosd.store."));
    }

    private static boolean isRead(JavaMethodCall call) {
        JavaClass owner = call.getTargetOwner();
        if (owner.isEquivalentTo(BucketRepository.class) || owner.getPackageName().equals("io.cosd.service")) {
            return CONFIG_READS.contains(call.getName());
        }
        return List.of(ObjectRepository.class, UploadRepository.class).stream().anyMatch(owner::isEquivalentTo)
                && READS.contains(call.getName());
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

    private static boolean isNameFormOfABucketTwin(JavaMethodCall call) {
        if (!(call.getOrigin() instanceof JavaMethod origin)) return false;
        List<JavaClass> params = origin.getRawParameterTypes();
        if (params.isEmpty() || !params.get(0).isEquivalentTo(String.class)) return false;
        return call.getOriginOwner().getMethods().stream().anyMatch(m -> m.getName().equals(origin.getName())
                && m.getRawParameterTypes().size() == params.size() && !m.getRawParameterTypes().isEmpty()
                && m.getRawParameterTypes().get(0).isEquivalentTo(io.cosd.domain.bucket.Bucket.class)
                && m.getRawParameterTypes().subList(1, params.size()).equals(params.subList(1, params.size())));
    }

    private static boolean isUnchecked(JavaMethodCall call) {
        JavaClass owner = call.getTargetOwner();
        boolean port = List.of(BucketRepository.class, ObjectRepository.class, UploadRepository.class,
                io.cosd.store.meta.LifecycleRepository.class).stream().anyMatch(owner::isEquivalentTo);
        // a service's own delegation from its unchecked overload to the checked one is not a caller, nor is a
        // service's name form (it has a Bucket twin) passing the name on: its callers are the ones checked
        boolean service = owner.getPackageName().equals("io.cosd.service") && !call.getOriginOwner().equals(owner)
                && !isNameFormOfABucketTwin(call);
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
