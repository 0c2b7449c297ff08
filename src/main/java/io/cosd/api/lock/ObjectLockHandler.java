package io.cosd.api.lock;

import io.cosd.api.core.Limits;
import io.cosd.api.core.Request;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.lock.LockConfiguration;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.service.ObjectLockService;

/**
 * {@code PUT/GET ?object-lock} on a bucket (LOCK-1) and {@code PUT/GET ?retention}, {@code ?legal-hold}
 * on a version (LOCK-6..LOCK-8), both dialects (docs/object-lock.md).
 */
public final class ObjectLockHandler {
    private final ObjectLockService locks;

    public ObjectLockHandler(ObjectLockService locks) {
        this.locks = locks;
    }

    /** LOCK-1: 200 with no body; a bucket whose versioning is not Enabled is 409 InvalidBucketState. */
    public Response putConfiguration(Request rc) {
        byte[] body = rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.MALFORMED_XML);
        LockConfiguration c = ObjectLockXml.parseConfig(body, rc.dialect() == Dialect.COS);
        locks.put(rc.bucket(), c);
        return Response.status(200).empty();
    }

    /** LOCK-1: the stored configuration, or 404 ObjectLockConfigurationNotFoundError. */
    public Response getConfiguration(Request rc) {
        rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.INVALID_REQUEST);
        LockConfiguration c = locks.find(rc.bucket()).orElseThrow(ErrorCode.OBJECT_LOCK_CONFIGURATION_NOT_FOUND::exception);
        return Response.status(200).bytes(ObjectLockXml.encodeConfig(c).getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/xml");
    }

    /** LOCK-6: 200 with no body; a shorter, removed or weaker retention is 403 AccessDenied unless bypassable and bypassed. */
    public Response putRetention(Request rc) {
        byte[] body = rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.MALFORMED_XML);
        locks.requireEnabled(rc.bucket());
        var r = ObjectLockXml.parseRetention(body);
        String versionId = rc.query().get("versionId");
        boolean bypass = LockHeaders.bypass(rc, rc.key(), versionId);
        ObjectVersion v = locks.putRetention(rc.bucket(), rc.key(), versionId, r.mode(), r.until(), bypass);
        return versionHeader(Response.status(200), rc, v).empty();
    }

    /** LOCK-7: the version's retention, or 404 NoSuchObjectLockConfiguration when it has none. */
    public Response getRetention(Request rc) {
        rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.INVALID_REQUEST);
        ObjectVersion v = locks.get(rc.bucket(), rc.key(), rc.query().get("versionId"));
        if (!v.lock().hasRetention()) throw ErrorCode.NO_SUCH_OBJECT_LOCK_CONFIGURATION.exception();
        return Response.status(200).bytes(ObjectLockXml.retention(v.lock().mode(), v.lock().retainUntil()), "application/xml");
    }

    /** LOCK-8: 200 with no body. */
    public Response putLegalHold(Request rc) {
        byte[] body = rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.MALFORMED_XML);
        locks.requireEnabled(rc.bucket());
        boolean on = ObjectLockXml.parseLegalHold(body);
        ObjectVersion v = locks.putLegalHold(rc.bucket(), rc.key(), rc.query().get("versionId"), on);
        return versionHeader(Response.status(200), rc, v).empty();
    }

    /** LOCK-8: ON or OFF (a version whose hold was never set answers OFF). */
    public Response getLegalHold(Request rc) {
        rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.INVALID_REQUEST);
        ObjectVersion v = locks.get(rc.bucket(), rc.key(), rc.query().get("versionId"));
        return Response.status(200).bytes(ObjectLockXml.legalHold(v.lock().legalHold()), "application/xml");
    }

    private static Response.Builder versionHeader(Response.Builder b, Request rc, ObjectVersion v) {
        return b.header(rc.out("version-id"), v.versionId());
    }
}
