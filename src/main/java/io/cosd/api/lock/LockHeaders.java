package io.cosd.api.lock;

import io.cosd.api.error.ApiException;
import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.route.Operation;
import io.cosd.domain.lock.LockMode;
import io.cosd.domain.lock.ObjectLock;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.service.ObjectLockService;

import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The object lock headers (docs/object-lock.md): what a write asks for (LOCK-2), what GET and HEAD
 * answer (LOCK-9), and the governance bypass (LOCK-5). Either dialect's prefix is read.
 */
public final class LockHeaders {
    private final ObjectLockService locks;

    public LockHeaders(ObjectLockService locks) {
        this.locks = locks;
    }

    /**
     * LOCK-2: the retention and legal hold a PutObject, CopyObject or InitiateMultipartUpload asks for,
     * read before any body byte. Mode and date go together and the date must lie ahead
     * (400 InvalidArgument); a legal hold is ON or OFF; any of them in a bucket without lock is
     * 400 InvalidRequest. Asking for a retention needs s3:PutObjectRetention, a legal hold
     * s3:PutObjectLegalHold, besides the write's own action (as S3).
     */
    public ObjectLock read(Request rc) {
        return read(rc, rc::dialectHeader, op -> rc.authorize(op, rc.bucket(), rc.key()));
    }

    /**
     * As {@link #read(Request)}, the values read by suffix ({@code object-lock-mode}, either prefix) from
     * {@code value} (a POST Object form's fields) and the extra permissions checked by {@code authorize}.
     */
    public ObjectLock read(Request rc, Function<String, String> value, Consumer<Operation> authorize) {
        String mode = value.apply("object-lock-mode");
        String until = value.apply("object-lock-retain-until-date");
        String hold = value.apply("object-lock-legal-hold");
        if (mode == null && until == null && hold == null) return ObjectLock.NONE;
        if (!locks.enabled(rc.bucket())) {
            throw ErrorCode.INVALID_REQUEST.exception("Bucket is missing Object Lock Configuration");
        }
        ObjectLock asked = ObjectLock.NONE;
        if (mode != null || until != null) {
            if (mode == null || until == null) {
                throw ErrorCode.INVALID_ARGUMENT.exception("x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied");
            }
            LockMode m = LockMode.parse(mode.trim()).orElseThrow(() -> ErrorCode.INVALID_ARGUMENT.exception("Unknown wormMode directive."));
            Instant t = ObjectLockXml.date(until);
            if (t == null) throw ErrorCode.INVALID_ARGUMENT.exception("The retain until date must be an ISO 8601 date and time.");
            if (!t.isAfter(rc.now())) throw ErrorCode.INVALID_ARGUMENT.exception("The retain until date must be in the future!");
            authorize.accept(Operation.PUT_OBJECT_RETENTION);
            asked = asked.withRetention(m, t);
        }
        if (hold != null) {
            String h = hold.trim();
            if (!h.equals("ON") && !h.equals("OFF")) throw ErrorCode.INVALID_ARGUMENT.exception("Legal Hold must be either of 'ON' or 'OFF'");
            authorize.accept(Operation.PUT_OBJECT_LEGAL_HOLD);
            asked = asked.withLegalHold(h.equals("ON"));
        }
        return asked;
    }

    /**
     * LOCK-5: whether this request may bypass GOVERNANCE retention: it asks with
     * {@code x-amz-bypass-governance-retention: true} AND the caller holds s3:BypassGovernanceRetention on
     * the version (the bucket owner's root does unless a Deny names it, POL-E1). Asking without the
     * permission is not an error by itself: the lock then holds as if not asked.
     */
    public static boolean bypass(Request rc, String key, String versionId) {
        String v = rc.dialectHeader("bypass-governance-retention");
        if (v == null || !v.trim().equalsIgnoreCase("true")) return false;
        try {
            rc.authorize(Operation.BYPASS_GOVERNANCE_RETENTION, rc.bucket(), key, versionId == null || versionId.isEmpty() ? null : versionId);
            return true;
        } catch (ApiException denied) {
            return false;
        }
    }

    /**
     * LOCK-9: a version's lock on GET and HEAD, as S3 sends it: only what is set, and each part only to a
     * caller who may read it (s3:GetObjectRetention, s3:GetObjectLegalHold), so a reader of the bytes
     * does not learn the lock otherwise. Decided only for a locked version: an unlocked one costs nothing.
     */
    public static void write(Response.Builder b, Request rc, ObjectVersion v) {
        ObjectLock l = v.lock();
        if (l.hasRetention() && allowed(rc, Operation.GET_OBJECT_RETENTION, v)) {
            b.header(rc.out("object-lock-mode"), l.mode().name());
            b.header(rc.out("object-lock-retain-until-date"), ObjectLockXml.isoMillis(l.retainUntil()));
        }
        if (l.legalHold() && allowed(rc, Operation.GET_OBJECT_LEGAL_HOLD, v)) b.header(rc.out("object-lock-legal-hold"), "ON");
    }

    private static boolean allowed(Request rc, Operation op, ObjectVersion v) {
        try {
            rc.authorize(op, rc.bucket(), v.key(), v.versionId());
            return true;
        } catch (ApiException denied) {
            return false;
        }
    }
}
