package io.cosd.api.object;

import io.cosd.api.lock.LockHeaders;
import io.cosd.api.core.ExpectedOwner;
import io.cosd.api.core.Limits;
import io.cosd.api.core.Request;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.DomainErrors;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.route.Operation;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.Refusal;
import io.cosd.domain.object.DeleteCondition;
import io.cosd.service.ObjectService;

import java.util.ArrayList;
import java.util.List;

/**
 * POST ?delete (multi-delete): at most 1000 keys, quiet mode returns only errors, a missing key
 * counts as deleted, a key the bucket policy denies is an AccessDenied entry. https://cloud.tencent.com/document/product/436/8289
 */
public final class DeleteObjectsHandler {
    private final ObjectService objects;

    public DeleteObjectsHandler(ObjectService objects) { this.objects = objects; }

    public Response delete(Request rc) {
        byte[] body = rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.MALFORMED_XML);
        var req = ObjectWire.DeleteRequest.read(body);
        List<ObjectWire.ObjectId> ids = req.objects() == null ? List.of() : req.objects();
        if (ids.isEmpty()) throw XmlProblem.missing("Delete/Object");
        if (ids.size() > Limits.MAX_DELETE_KEYS) throw XmlProblem.malformed("Delete/Object", "at most " + Limits.MAX_DELETE_KEYS + " objects per request.");
        for (var id : ids) if (id.key() == null || id.key().isEmpty()) throw XmlProblem.missing("Delete/Object/Key");
        // OBJ-CD1: every entry's condition is read before anything is deleted, so a malformed one (a Size
        // that is no size) refuses the whole request with 400 InvalidArgument and changes nothing.
        List<DeleteCondition> conditions = new ArrayList<>(ids.size());
        for (var id : ids) conditions.add(WriteConditions.entry(id.etag(), id.lastModifiedTime(), id.size()));
        boolean quiet = "true".equalsIgnoreCase(req.quiet() == null ? null : req.quiet().trim());
        List<ObjectWire.Deleted> deleted = new ArrayList<>();
        List<ObjectWire.DeleteError> errors = new ArrayList<>();
        boolean ownerChecked = false;
        for (int i = 0; i < ids.size(); i++) {
            var id = ids.get(i);
            try {
                Limits.checkKey(id.key());
                // Each key is authorized like a DeleteObject of it (a Deny on a prefix must hold here too).
                rc.authorize(Operation.DELETE_OBJECTS, rc.bucket(), id.key(),
                        id.versionId() == null || id.versionId().isEmpty() ? null : id.versionId());
                if (!ownerChecked) {
                    // Once a key is allowed and before anything is deleted (docs/access-control.md "Expected bucket
                    // owner"): with no key allowed the answer is the one without the header. Thrown, not listed.
                    ownerChecked = true;
                    try {
                        ExpectedOwner.check(rc);
                    } catch (ApiException wrongOwner) {
                        throw new WrongOwner(wrongOwner);
                    }
                }
                var condition = conditions.get(i);
                if (condition.comparesAttributes()) { // OBJ-CD4
                    rc.authorize(Operation.GET_OBJECT, rc.bucket(), id.key(),
                            id.versionId() == null || id.versionId().isEmpty() ? null : id.versionId());
                }
                // LOCK-5: per key, as a DeleteObject of it; a locked version is this key's AccessDenied
                boolean bypass = id.versionId() != null && !id.versionId().isEmpty()
                        && LockHeaders.bypass(rc, id.key(), id.versionId());
                ObjectService.Deletion d = objects.delete(rc.bucket(), id.key(), id.versionId(), condition, bypass);
                if (!quiet) {
                    deleted.add(new ObjectWire.Deleted(id.key(), id.versionId(), d.deleteMarker() ? "true" : null,
                            d.deleteMarker() ? d.versionId() : null));
                }
            } catch (WrongOwner w) {
                throw w.refusal;
            } catch (ApiException e) {
                errors.add(new ObjectWire.DeleteError(id.key(), id.versionId(), e.code().code(), e.getMessage()));
            } catch (Refusal r) {
                var e = DomainErrors.toApi(r); // the per-key <Error> says what a single DeleteObject would
                errors.add(new ObjectWire.DeleteError(id.key(), id.versionId(), e.code().code(), e.getMessage()));
            }
        }
        return Response.status(200).bytes(Xml.write(new ObjectWire.DeleteResult(deleted, errors)), "application/xml");
    }

    /** Carries the expected-owner 403 past the per-key error handling: it answers the whole request. */
    private static final class WrongOwner extends RuntimeException {
        final ApiException refusal;

        WrongOwner(ApiException refusal) {
            super(null, null, false, false);
            this.refusal = refusal;
        }
    }
}
