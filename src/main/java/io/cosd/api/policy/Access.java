package io.cosd.api.policy;

import io.cosd.api.core.Authorizer;
import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.policy.ClientAddress;
import io.cosd.api.policy.PolicyRequests;
import io.cosd.api.replication.ReplicaHeaders;
import io.cosd.api.route.Operation;
import io.cosd.domain.acl.Acl;
import io.cosd.domain.access.AccessDecision;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.policy.Decision;
import io.cosd.domain.policy.PolicyDocuments;
import io.cosd.domain.policy.PolicyEvaluator;
import io.cosd.service.AclService;
import io.cosd.service.PolicyService;
import io.cosd.service.PublicAccessService;
import io.cosd.service.UserPolicyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;


/**
 * Authorization, checked once before dispatch (docs/spec/design.md §2 step 4). Service-scope operations
 * (ListBuckets, CreateBucket) are for signed root accounts, and for sub-users whose identity policy
 * allows them (POL-I5). Everything else is decided by the one decision function that
 * {@code policy explain} also runs, {@link AccessDecision#decide} (docs/access-control.md, POL-X1): the
 * bucket's compiled policy and the calling sub-user's identity policy through {@link PolicyEvaluator#decide}
 * (docs/spec/semantics.md §5.3, §5.7; the owner's root is allowed unless a Deny names it, others only by
 * an Allow, an explicit Deny beats all); an implicit deny may then be lifted by an ACL grant on the
 * bucket or the object (docs/acl.md "How a request is decided", ACL-E1; under IgnorePublicAcls group
 * grants are left out, POL-P6); under RestrictPublicBuckets a public policy's Allows reach only the
 * owner's account (POL-P5).
 * Denied requests get 403 AccessDenied (POL-S8).
 */
public final class Access implements Authorizer {
    private static final Logger log = LoggerFactory.getLogger(Access.class);

    private final PolicyService policies;
    private final PublicAccessService publicAccess;
    private final UserPolicyService userPolicies;
    private final ClientAddress clients;
    private final AclService acls;

    public Access(PolicyService policies, PublicAccessService publicAccess, UserPolicyService userPolicies, ClientAddress clients,
                  AclService acls) {
        this.policies = policies;
        this.publicAccess = publicAccess;
        this.userPolicies = userPolicies;
        this.clients = clients;
        this.acls = acls;
    }

    /**
     * The request's own decision.
     *
     * @return true when it was deferred to the keys of a DeleteObjects (each checked by its handler), so
     *         nothing is known yet about the caller's access: the expected-owner check then waits for a key
     *         the caller may delete (docs/access-control.md "Expected bucket owner")
     */
    public boolean check(Request rc) {
        return authorizeOrDefer(rc, rc.operation(), rc.bucket(), rc.key(), null, rc::header);
    }

    /**
     * Also for secondary checks, e.g. the GetObject check on a copy source ({@link Request#authorize}).
     *
     * @param versionId a version named elsewhere than the query (a copy source's), or null for the request's own
     */
    @Override
    public void authorize(Request rc, Operation op, Bucket bucket, String key, String versionId) {
        authorize(rc, op, bucket, key, versionId, rc::header);
    }

    /** @param header the header-derived condition facts (the request's headers, or a POST form's stored values: AUTH-P2) */
    @Override
    public void authorize(Request rc, Operation op, Bucket bucket, String key, String versionId, Function<String, String> header) {
        authorizeOrDefer(rc, op, bucket, key, versionId, header);
    }

    /** {@link #authorize}; true when a DeleteObjects as a whole was let through undecided (see {@link #check}). */
    private boolean authorizeOrDefer(Request rc, Operation op, Bucket bucket, String key, String versionId, Function<String, String> header) {
        // Settings given at creation (BT-7 tags, ACL-C5 a wider ACL, ACL-O2 Object Ownership, LOCK-1 object lock) are the actions
        // they stand for on the bucket being created (no bucket yet), decided as CreateBucket is, by the
        // identity policy with the new bucket's resource
        boolean creating = bucket == null && rc.operation() == Operation.CREATE_BUCKET && (op == Operation.PUT_BUCKET_TAGGING
                || op == Operation.PUT_BUCKET_ACL || op == Operation.PUT_OWNERSHIP_CONTROLS
                || op == Operation.PUT_OBJECT_LOCK_CONFIGURATION || op == Operation.PUT_BUCKET_VERSIONING); // LOCK-1
        if (op.scope() == Operation.Scope.SERVICE || op == Operation.CREATE_BUCKET || creating) {
            if (rc.principal() instanceof Principal.Root) return false;
            if (!(rc.principal() instanceof Principal.SubUser sub)) throw ErrorCode.ACCESS_DENIED.exception();
            Decision d = decideService(rc, op, sub);
            if (!d.allowed()) {
                log.debug("denied {} for {}: {}", op, sub.camName(), d.describe());
                throw ErrorCode.ACCESS_DENIED.exception();
            }
            return false;
        }
        if (isReplicaWrite(rc, op, bucket)) return false;
        Decision d = decide(rc, op, bucket, key, versionId, header);
        boolean undecided = d.reason() == Decision.Reason.IMPLICIT_DENY || d.reason() == Decision.Reason.CROSS_ACCOUNT_NEEDS_BOTH;
        if (op == Operation.DELETE_OBJECTS && key == null && undecided
                && (policies.policy(bucket) != null || userPolicies.policy(rc.principal()) != null)) {
            return true;   // the request as a whole: a policy may grant some keys; DeleteObjectsHandler checks each one
        }
        // Only an implicit deny of the ACL action: an explicit Deny of s3:PutObjectAcl beats every grant (ACL-E1).
        if (undecided && aclGrantAdmitsTheWritersAcl(rc, op, bucket, key, header)) return false;
        if (!d.allowed()) {
            log.debug("denied {} on {}/{} for {}: {}", op, bucket.name(), key, rc.principal().camName(), d.describe());
            if (undecided && MissingKey.asked(rc, op, key, versionId) && !policies.exists(bucket, key)
                    && decide(rc, Operation.LIST_OBJECTS, bucket, null, MissingKey.listing(key), header, null).allowed()) {
                throw ErrorCode.NO_SUCH_KEY.exception();   // POL-S13: the caller could learn as much by listing
            }
            throw ErrorCode.ACCESS_DENIED.exception();
        }
        return false;
    }

    /**
     * ACL-C5 on S3's ACL path: the ACL a write asks for is also a PutObjectAcl, but a writer admitted by an ACL
     * grant (bucket WRITE: the write's own decision was ACL_GRANT) chooses its new object's ACL with nothing
     * more, as S3 answers such a writer, unless a policy explicitly denies it the ACL action (ACL-E1: the
     * caller checks that the ACL action was only implicitly denied). A writer admitted by a policy needs the
     * policy's PutObjectAcl too.
     */
    private boolean aclGrantAdmitsTheWritersAcl(Request rc, Operation op, Bucket bucket, String key, Function<String, String> header) {
        if (op != Operation.PUT_OBJECT_ACL || key == null) return false;
        Operation write = rc.operation();
        if (write != Operation.PUT_OBJECT && write != Operation.COPY_OBJECT && write != Operation.INITIATE_MULTIPART_UPLOAD
                && write != Operation.POST_OBJECT) return false;
        return decide(rc, write, bucket, key, (String) null, header, null).reason() == Decision.Reason.ACL_GRANT;
    }

    /**
     * REP-S6: another region's replication worker writing a replica (cosd's private replica
     * headers) is the service acting, so bucket-policy statements and conditions do not apply to
     * it. Only the bucket owner's root key may send one (checked again, with the rest of the replica
     * rules, by ReplicaHeaders), and that key may rewrite the policy anyway (POL-A6): nothing is
     * granted that the caller does not already hold.
     */
    private static boolean isReplicaWrite(Request rc, Operation op, Bucket bucket) {
        // The request's own operation only (never a secondary check), and only replica headers the
        // owner's root signed in an Authorization header (ReplicaHeaders.trusted): a presigned URL
        // or an unsigned extra header gets no exemption.
        return op == rc.operation() && (op == Operation.PUT_OBJECT || op == Operation.DELETE_OBJECT)
                && bucket == rc.bucket() && rc.header(ReplicaHeaders.VERSION_ID) != null
                && ReplicaHeaders.trusted(rc);
    }

    /** ACL-E4: the request's decision again, the object ACL read from the version served. */
    @Override
    public void authorizeServed(Request rc, Operation op, Bucket bucket, String key, String versionId, ObjectVersion served) {
        if (op.scope() == Operation.Scope.SERVICE || isReplicaWrite(rc, op, bucket)) return;
        Supplier<Optional<Acl>> servedAcl = () -> served.deleteMarker() ? Optional.empty() : Optional.of(acls.effective(bucket, served));
        Decision d = decide(rc, op, bucket, key, versionId, rc::header, servedAcl);
        if (!d.allowed()) {
            log.debug("denied {} on served {}/{} {} for {}: {}", op, bucket.name(), key, served.versionId(), rc.principal().camName(), d.describe());
            throw ErrorCode.ACCESS_DENIED.exception();
        }
    }

    Decision decide(Request rc, Operation op, Bucket bucket, String key, String versionId, Function<String, String> header) {
        return decide(rc, op, bucket, key, versionId, header, null);
    }

    /**
     * The one decision (domain AccessDecision, POL-X1; explain calls the same): policies, then ACLs on an
     * implicit deny, then RestrictPublicBuckets on an Allow. ACLs and the public access block are read lazily.
     *
     * @param objectAcl the object ACL to decide with, or null: the addressed version's, looked up when needed
     */
    private Decision decide(Request rc, Operation op, Bucket bucket, String key, String versionId, Function<String, String> header,
                            Supplier<Optional<Acl>> objectAcl) {
        Function<String, String> query = versionId == null ? rc.query()::get
                : name -> name.equals("versionId") ? versionId : rc.query().get(name);
        return decide(rc, op, bucket, key, query, LockBody.facts(rc, TaggingBody.facts(rc, op, header)), objectAcl); // POL-S11, LOCK-A1
    }

    /** @param query the query parameters the decision reads (the request's, or a copy source's version, or POL-S13's listing) */
    private Decision decide(Request rc, Operation op, Bucket bucket, String key, Function<String, String> query, Function<String, String> header,
                            Supplier<Optional<Acl>> objectAcl) {
        var req = PolicyRequests.build(rc.principal(), op, bucket, key,
                () -> clients.resolve(rc),
                query, header, policies::tags);
        String version = query.apply("versionId");
        var docs = new AccessDecision.Documents(new PolicyDocuments(policies.policy(bucket), userPolicies.policy(rc.principal())),
                () -> acls.bucketAcl(bucket),
                objectAcl != null ? objectAcl : () -> key == null ? Optional.empty() : acls.effectiveObjectAcl(bucket, key, version),
                () -> publicAccess.effective(bucket));
        return AccessDecision.decide(docs, req, rc.now(), false).decision();
    }

    /** POL-I5: ListBuckets and CreateBucket by a sub-user, by its identity policy alone (there is no bucket policy yet, or none applies). */
    private Decision decideService(Request rc, Operation op, Principal.SubUser sub) {
        var req = PolicyRequests.service(sub, op, op.scope() == Operation.Scope.SERVICE ? null : rc.bucketName(),
                () -> clients.resolve(rc),
                rc.query()::get, rc::header);
        return PolicyEvaluator.decide(new PolicyDocuments(null, userPolicies.policy(sub)), req, rc.now(), false);
    }
}
