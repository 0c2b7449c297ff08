package io.cosd.api;

import io.cosd.api.acl.AclHandler;
import io.cosd.api.bucket.BucketHandler;
import io.cosd.api.bucket.BucketTaggingHandler;
import io.cosd.api.bucket.VersioningHandler;
import io.cosd.api.cors.CorsHandler;
import io.cosd.api.encryption.EncryptionHandler;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.core.Request;
import io.cosd.api.http.Response;
import io.cosd.api.lifecycle.LifecycleHandler;
import io.cosd.api.lock.ObjectLockHandler;
import io.cosd.api.object.CopyHandler;
import io.cosd.api.object.DeleteObjectsHandler;
import io.cosd.api.object.ListHandler;
import io.cosd.api.object.MultipartHandler;
import io.cosd.api.object.ObjectHandler;
import io.cosd.api.object.PostObjectHandler;
import io.cosd.api.object.RestoreHandler;
import io.cosd.api.object.TaggingHandler;
import io.cosd.api.ops.AccountsAdminEndpoint;
import io.cosd.api.ops.ConsoleEndpoint;
import io.cosd.api.ops.ReplicationAdminEndpoint;
import io.cosd.api.ops.UsersAdminEndpoint;
import io.cosd.api.ops.LifecycleAdminEndpoint;
import io.cosd.api.ops.OpsEndpoints;
import io.cosd.api.policy.ExplainEndpoint;
import io.cosd.api.replication.ReplicationHandler;
import io.cosd.api.policy.PolicyHandler;

/**
 * The one exhaustive switch: no default, so a new {@link io.cosd.api.route.Operation} does not
 * compile until it has a handler or is listed among the unbuilt ones (501).
 */
public final class Dispatcher {
    private final BucketHandler buckets;
    private final ObjectHandler objects;
    private final ListHandler lists;
    private final CopyHandler copies;
    private final DeleteObjectsHandler multiDelete;
    private final TaggingHandler tagging;
    private final VersioningHandler versioning;
    private final CorsHandler cors;
    private final MultipartHandler multipart;
    private final PolicyHandler policies;
    private final LifecycleHandler lifecycle;
    private final RestoreHandler restore;
    private final ReplicationHandler replication;
    private final OpsEndpoints ops;
    private final LifecycleAdminEndpoint lifecycleAdmin;
    private final ExplainEndpoint explain;
    private final AclHandler acls;
    private final PostObjectHandler postObject;
    private BucketTaggingHandler bucketTagging;
    private EncryptionHandler encryption;

    public Dispatcher(BucketHandler buckets, ObjectHandler objects, ListHandler lists, CopyHandler copies, DeleteObjectsHandler multiDelete,
                      TaggingHandler tagging, VersioningHandler versioning, CorsHandler cors, MultipartHandler multipart,
                      PolicyHandler policies, ReplicationHandler replication, LifecycleHandler lifecycle, RestoreHandler restore,
                      OpsEndpoints ops, LifecycleAdminEndpoint lifecycleAdmin, ExplainEndpoint explain, PostObjectHandler postObject,
                      AclHandler acls) {
        this.acls = acls;
        this.postObject = postObject;
        this.ops = ops;
        this.lifecycleAdmin = lifecycleAdmin;
        this.explain = explain;
        this.policies = policies;
        this.replication = replication;
        this.buckets = buckets;
        this.objects = objects;
        this.lists = lists;
        this.copies = copies;
        this.multiDelete = multiDelete;
        this.tagging = tagging;
        this.versioning = versioning;
        this.cors = cors;
        this.multipart = multipart;
        this.lifecycle = lifecycle;
        this.restore = restore;
    }

    private ObjectLockHandler objectLock;
    /** The web console's files (docs/console.md); off until wired, like {@code --console=off}. */
    private ConsoleEndpoint console = ConsoleEndpoint.off();

    private UsersAdminEndpoint users;
    private AccountsAdminEndpoint accounts;
    private ReplicationAdminEndpoint replicationAdmin;

    /** Set once at wiring (Server): the users, keys, accounts and replication admin endpoints (docs/security.md ADM-1..ADM-8). */
    public Dispatcher withAdmin(UsersAdminEndpoint u, AccountsAdminEndpoint a, ReplicationAdminEndpoint r) {
        this.users = u;
        this.accounts = a;
        this.replicationAdmin = r;
        return this;
    }

    public Dispatcher withConsole(ConsoleEndpoint c) {
        this.console = c;
        return this;
    }

    /** Whether the console is served, so its host's answers are sandboxed (api/ops/ConsoleOrigin, CON-O2). */
    public boolean consoleOn() {
        return console.isOn();
    }

    /** Set once at wiring (Server), beside the constructor: object lock (docs/object-lock.md). */
    public Dispatcher withObjectLock(ObjectLockHandler handler) {
        this.objectLock = handler;
        return this;
    }

    /** Set once at wiring (Server), beside the constructor so the long parameter list stays as it is. */
    public Dispatcher withBucketTagging(BucketTaggingHandler handler) {
        this.bucketTagging = handler;
        return this;
    }

    /** Set once at wiring (Server), like {@link #withBucketTagging}. */
    public Dispatcher withEncryption(EncryptionHandler handler) {
        this.encryption = handler;
        return this;
    }

    Response dispatch(Request rc) {
        if (encryption != null) encryption.refuseUnapplied(rc); // SSE-D10: no default is silently ignored
        return switch (rc.operation()) {
            case LIST_BUCKETS -> buckets.listBuckets(rc);
            case CREATE_BUCKET -> buckets.create(rc);
            case HEAD_BUCKET -> buckets.head(rc);
            case DELETE_BUCKET -> buckets.delete(rc);
            case GET_BUCKET_LOCATION -> buckets.location(rc);
            case LIST_OBJECTS -> lists.listV1(rc);
            case LIST_OBJECTS_V2 -> lists.listV2(rc);
            case LIST_OBJECT_VERSIONS -> lists.listVersions(rc);
            case GET_BUCKET_VERSIONING -> versioning.get(rc);
            case PUT_BUCKET_VERSIONING -> versioning.put(rc);
            case DELETE_OBJECTS -> multiDelete.delete(rc);
            case PUT_OBJECT -> objects.put(rc);
            case POST_OBJECT -> postObject.post(rc);
            case COPY_OBJECT -> copies.copy(rc);
            case GET_OBJECT -> objects.get(rc);
            case HEAD_OBJECT -> objects.head(rc);
            case GET_OBJECT_ATTRIBUTES -> objects.attributes(rc);
            case DELETE_OBJECT -> objects.delete(rc);
            case GET_OBJECT_TAGGING -> tagging.get(rc);
            case PUT_OBJECT_TAGGING -> tagging.put(rc);
            case DELETE_OBJECT_TAGGING -> tagging.delete(rc);
            case GET_BUCKET_CORS -> cors.get(rc);
            case PUT_BUCKET_CORS -> cors.put(rc);
            case DELETE_BUCKET_CORS -> cors.delete(rc);
            // Answered by ApiHandler before authentication; listed here for exhaustiveness.
            case OPTIONS_OBJECT -> cors.preflight(rc);
            case LIST_MULTIPART_UPLOADS -> multipart.listUploads(rc);
            case INITIATE_MULTIPART_UPLOAD -> multipart.initiate(rc);
            case UPLOAD_PART -> multipart.uploadPart(rc);
            case UPLOAD_PART_COPY -> multipart.uploadPartCopy(rc);
            case COMPLETE_MULTIPART_UPLOAD -> multipart.complete(rc);
            case ABORT_MULTIPART_UPLOAD -> multipart.abort(rc);
            case LIST_PARTS -> multipart.listParts(rc);
            case GET_BUCKET_POLICY -> policies.get(rc);
            case PUT_BUCKET_POLICY -> policies.put(rc);
            case DELETE_BUCKET_POLICY -> policies.delete(rc);
            case GET_PUBLIC_ACCESS_BLOCK -> policies.getPublicAccessBlock(rc);
            case PUT_PUBLIC_ACCESS_BLOCK -> policies.putPublicAccessBlock(rc);
            case DELETE_PUBLIC_ACCESS_BLOCK -> policies.deletePublicAccessBlock(rc);
            case GET_BUCKET_POLICY_STATUS -> policies.policyStatus(rc);
            case GET_BUCKET_LIFECYCLE -> lifecycle.get(rc);
            case PUT_BUCKET_LIFECYCLE -> lifecycle.put(rc);
            case DELETE_BUCKET_LIFECYCLE -> lifecycle.delete(rc);
            case RESTORE_OBJECT -> restore.restore(rc);
            case GET_BUCKET_REPLICATION -> replication.get(rc);
            case PUT_BUCKET_REPLICATION -> replication.put(rc);
            case DELETE_BUCKET_REPLICATION -> replication.delete(rc);
            case GET_BUCKET_ACL -> acls.getBucket(rc);
            case PUT_BUCKET_ACL -> acls.putBucket(rc);
            case GET_OBJECT_ACL -> acls.getObject(rc);
            case PUT_OBJECT_ACL -> acls.putObject(rc);
            case GET_OWNERSHIP_CONTROLS -> acls.getOwnership(rc);
            case PUT_OWNERSHIP_CONTROLS -> acls.putOwnership(rc);
            case DELETE_OWNERSHIP_CONTROLS -> acls.deleteOwnership(rc);
            case GET_BUCKET_TAGGING -> bucketTagging.get(rc);
            case PUT_BUCKET_TAGGING -> bucketTagging.put(rc);
            case DELETE_BUCKET_TAGGING -> bucketTagging.delete(rc);
            case GET_OBJECT_LOCK_CONFIGURATION -> objectLock.getConfiguration(rc);
            case PUT_OBJECT_LOCK_CONFIGURATION -> objectLock.putConfiguration(rc);
            case GET_OBJECT_RETENTION -> objectLock.getRetention(rc);
            case PUT_OBJECT_RETENTION -> objectLock.putRetention(rc);
            case GET_OBJECT_LEGAL_HOLD -> objectLock.getLegalHold(rc);
            case PUT_OBJECT_LEGAL_HOLD -> objectLock.putLegalHold(rc);
            // a permission checked inside deletes and retention changes (LOCK-5), never a request of its own
            case BYPASS_GOVERNANCE_RETENTION -> throw new IllegalStateException("not routable: " + rc.operation());
            case GET_BUCKET_ENCRYPTION -> encryption.get(rc);
            case PUT_BUCKET_ENCRYPTION -> encryption.put(rc);
            case DELETE_BUCKET_ENCRYPTION -> encryption.delete(rc);
            // Recognised but not built (docs/unbuilt.md): 501, after authorization like every operation.
            case UNSUPPORTED_WEBSITE, UNSUPPORTED_LOGGING, UNSUPPORTED_INVENTORY,
                 UNSUPPORTED_ACCELERATE, UNSUPPORTED_NOTIFICATION, UNSUPPORTED_SELECT,
                 UNSUPPORTED_TORRENT, UNSUPPORTED_ANALYTICS, UNSUPPORTED_METRICS,
                 UNSUPPORTED_REQUEST_PAYMENT,
                 UNSUPPORTED_INTELLIGENT_TIERING, UNSUPPORTED_METADATA_TABLE, UNSUPPORTED_METADATA_CONFIGURATION,
                 UNSUPPORTED_METADATA_INVENTORY_TABLE, UNSUPPORTED_METADATA_JOURNAL_TABLE, UNSUPPORTED_SESSION,
                 UNSUPPORTED_RENAME_OBJECT, UNSUPPORTED_ABAC, UNSUPPORTED_OBJECT_LAMBDA, UNSUPPORTED_REFERER,
                 UNSUPPORTED_DOMAIN, UNSUPPORTED_DOMAINCERTIFICATE, UNSUPPORTED_ORIGIN, UNSUPPORTED_INTELLIGENTTIERING,
                 UNSUPPORTED_APPEND, UNSUPPORTED_RENAME, UNSUPPORTED_SYMLINK, UNSUPPORTED_INVENTORY_CONFIGURATIONS,
                 UNSUPPORTED_MIRROR, UNSUPPORTED_TAGGING_COUNT, UNSUPPORTED_REPLICATION_HISTORY, UNSUPPORTED_CORS_PREFLIGHT,
                 UNSUPPORTED_PREFLIGHT, UNSUPPORTED_GUETZLI, UNSUPPORTED_CI_PROCESS -> throw ErrorCode.NOT_IMPLEMENTED.exception();
            // cosd's own endpoints (ApiHandler: OPS before authentication, ADMIN after it, neither policy-checked)
            case HEALTH -> ops.health();
            case METRICS -> ops.metrics();
            case ADMIN_LIFECYCLE_PREVIEW -> lifecycleAdmin.preview(rc);
            case ADMIN_LIFECYCLE_RUN -> lifecycleAdmin.run(rc);
            case ADMIN_POLICY_EXPLAIN -> explain.explain(rc);
            case ADMIN_LIST_USERS -> users.listUsers(rc);
            case ADMIN_ADD_USER -> users.addUser(rc);
            case ADMIN_REMOVE_USER -> users.removeUser(rc);
            case ADMIN_GET_USER_POLICY -> users.getPolicy(rc);
            case ADMIN_PUT_USER_POLICY -> users.putPolicy(rc);
            case ADMIN_DELETE_USER_POLICY -> users.deletePolicy(rc);
            case ADMIN_LIST_KEYS -> users.listKeys(rc);
            case ADMIN_CREATE_KEY -> users.createKey(rc);
            case ADMIN_REVOKE_KEY -> users.revokeKey(rc);
            case ADMIN_LIST_ACCOUNTS -> accounts.list(rc);
            case ADMIN_ADD_ACCOUNT -> accounts.add(rc);
            case ADMIN_REMOVE_ACCOUNT -> accounts.remove(rc);
            case ADMIN_SET_ACCOUNT_EMAIL -> accounts.setEmail(rc, false);
            case ADMIN_CLEAR_ACCOUNT_EMAIL -> accounts.setEmail(rc, true);
            case ADMIN_REPLICATION_STATUS -> replicationAdmin.status(rc);
            case ADMIN_REPLICATION_RESYNC -> replicationAdmin.resync(rc);
            case CONSOLE -> console.serve(rc);
        };
    }
}
