package io.cosd.api.ops;

import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.bucket.Bucket;
import io.cosd.service.ReplicationAdmin;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ReplicationOutbox;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /-/admin/replication/status?bucket=[&problems=N]}: pending and failed versions, lag (age of
 * the oldest pending), throughput over the last minute, and the latest failed or retrying versions with
 * their last errors. {@code POST /-/admin/replication/resync?bucket=[&existing=true]}: FAILED versions
 * requeued, and with {@code existing} every version under an enabled rule never replicated. As
 * {@code cosd admin replication status|resync} (docs/replication.md#operations); the bucket owner's
 * root only, as lifecycle run (docs/security.md ADM-7).
 */
public final class ReplicationAdminEndpoint {
    static final int DEFAULT_PROBLEMS = 10, MAX_PROBLEMS = 1000;

    private final BucketRepository buckets;
    private final ReplicationAdmin admin;

    public ReplicationAdminEndpoint(BucketRepository buckets, ReplicationAdmin admin) {
        this.buckets = buckets;
        this.admin = admin;
    }

    record Problem(String state, String key, String versionId, String destination, int attempts, Instant nextAttemptAt, String lastError) {
        static Problem of(ReplicationOutbox.Entry e) {
            return new Problem(ReplicationOutbox.FAILED.equals(e.status()) ? "FAILED" : "RETRYING", e.key(), e.versionId(),
                    e.destination(), e.attempts(), e.nextAttemptAt(), e.lastError());
        }
    }

    record Status(String bucket, long pending, long failed, Instant oldestPending, double lagSeconds, long completedLastMinute,
                  double throughputPerSecond, List<Problem> problems) {}

    record Resync(String bucket, int requeuedFailed, int queuedExisting) {}

    public Response status(Request rc) {
        Bucket b = ownedBucket(rc);
        String name = b.name();
        int problems = DEFAULT_PROBLEMS;
        String p = rc.query().get("problems");
        if (p != null) {
            if (!p.matches("[0-9]{1,4}") || Integer.parseInt(p) > MAX_PROBLEMS) {
                throw ErrorCode.INVALID_ARGUMENT.exception("problems must be 0 to " + MAX_PROBLEMS + ".");
            }
            problems = Integer.parseInt(p);
        }
        ReplicationAdmin.Status s = admin.status(b, rc.now(), problems);
        return AdminJson.ok(new Status(name, s.pending(), s.failed(), s.oldestPending(), s.lagSeconds(), s.completedLastMinute(),
                s.throughput(), s.problems().stream().map(Problem::of).toList()));
    }

    public Response resync(Request rc) {
        Bucket b = ownedBucket(rc);
        String existing = rc.query().get("existing");
        if (existing != null && !existing.equals("true") && !existing.equals("false")) {
            throw ErrorCode.INVALID_ARGUMENT.exception("existing must be true or false.");
        }
        ReplicationAdmin.Resync r = admin.resync(b, "true".equals(existing), rc.now());
        if (!r.configured()) {
            throw ErrorCode.NO_SUCH_REPLICATION_CONFIGURATION.exception();
        }
        return AdminJson.ok(new Resync(b.name(), r.requeuedFailed(), r.queuedExisting()));
    }

    /**
     * The bucket row the caller is the owner's root of (ADM-7). The service acts on that row only
     * (ADM-13): a namesake another account creates after this check is NoSuchBucket, never its rows.
     */
    private Bucket ownedBucket(Request rc) {
        String name = rc.query().nonEmpty("bucket");
        if (name == null) throw ErrorCode.INVALID_ARGUMENT.exception("bucket is required");
        Bucket b = buckets.find(name).orElseThrow(ErrorCode.NO_SUCH_BUCKET::exception);
        AdminGate.bucketRoot(rc, b);
        return b;
    }
}
