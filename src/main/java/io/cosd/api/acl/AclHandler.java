package io.cosd.api.acl;

import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.ObjectOwnership;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.service.AclService;
import io.cosd.service.ObjectService;

/**
 * PUT/GET {@code ?acl} on a bucket and on an object version (docs/acl.md; ACL-X1..X3). The new ACL
 * comes from the body or from the headers, never both (400 InvalidRequest); it replaces the old one
 * whole. An object ACL is changed in place on the addressed version, as tags are. Also
 * {@code ?ownershipControls}, the setting that can disable ACLs (ACL-O1..O5).
 */
public final class AclHandler {
    /** 100 grants with long ids and names stay far below this. */
    private static final int MAX_BODY = 64 * 1024;

    private final AclService acls;
    private final ObjectService objects;
    private final AclHeaders headers;

    public AclHandler(AclService acls, ObjectService objects, AclHeaders headers) {
        this.acls = acls;
        this.objects = objects;
        this.headers = headers;
    }

    public Response getBucket(Request rc) {
        return Response.status(200).bytes(AclWire.write(acls.bucketAcl(rc.bucket()), rc.dialect()), "application/xml");
    }

    public Response putBucket(Request rc) {
        // ACL-O6: the body first, then the setting: a caller holding its body open across the switch to
        // BucketOwnerEnforced is refused (ACL-O3) instead of storing an ACL that ACL-O5 would have forbidden
        byte[] body = rc.readSmallBody(MAX_BODY, ErrorCode.MALFORMED_XML);
        refuseIfDisabled(rc);
        String owner = rc.bucket().ownerUin();
        acls.putBucketAcl(rc.bucket(), asked(rc, owner, true, body));
        return Response.status(200).empty();
    }

    public Response getObject(Request rc) {
        ObjectVersion v = objects.resolve(rc.bucket(), rc.key(), rc.query().get("versionId"));
        rc.authorizeServed(rc.operation(), rc.bucket(), rc.key(), null, v); // ACL-E4
        return versioned(Response.status(200), rc, v).bytes(AclWire.write(acls.effective(rc.bucket(), v), rc.dialect()), "application/xml");
    }

    public Response putObject(Request rc) {
        // ACL-E4: the body is read before the version is found and checked, so a caller holding it open
        // cannot make the check and the write land on different versions (an overwrite in between);
        // ACL-O6: and before the setting is read, for the same reason.
        byte[] body = rc.readSmallBody(MAX_BODY, ErrorCode.MALFORMED_XML);
        refuseIfDisabled(rc);
        String versionId = rc.query().get("versionId");
        ObjectVersion v = objects.resolve(rc.bucket(), rc.key(), versionId);
        rc.authorizeServed(rc.operation(), rc.bucket(), rc.key(), null, v); // ACL-E4
        String owner = v.acl() != null ? v.acl().ownerUin() : rc.bucket().ownerUin();
        Acl acl = asked(rc, owner, false, body);
        ObjectVersion out = objects.setAcl(rc.bucket(), rc.key(), v.versionId(), acl);
        return versioned(Response.status(200), rc, out).empty();
    }

    /** ACL-O3: while ACLs are disabled, setting one is 400 AccessControlListNotSupported and changes nothing. */
    private void refuseIfDisabled(Request rc) {
        if (!ObjectOwnership.aclsEnabled(acls.ownership().effective(rc.bucket()))) {
            throw ErrorCode.ACCESS_CONTROL_LIST_NOT_SUPPORTED.exception();
        }
    }

    // ---- ?ownershipControls (docs/acl.md "Object Ownership", ACL-O2, ACL-O5) ----

    /**
     * ACL-O2, ACL-O5: one setting replaces the old; BucketOwnerEnforced only over a bucket ACL granting no one else.
     * The check and the write are not one transaction: a PUT ?acl racing it can leave a wider ACL stored under
     * BucketOwnerEnforced, where it grants nothing (ACL-O3) until the owner lifts the setting; nothing is exposed.
     */
    public Response putOwnership(Request rc) {
        byte[] body = rc.readSmallBody(OwnershipXml.MAX_BODY, ErrorCode.XML_SIZE_LIMIT);
        ObjectOwnership o = OwnershipXml.parse(body);
        Bucket b = rc.bucket();
        if (!ObjectOwnership.acceptsBucketAcl(o, acls.storedBucketAcl(b), b.ownerUin())) {
            throw ErrorCode.INVALID_BUCKET_ACL_WITH_OBJECT_OWNERSHIP.exception();
        }
        if (!acls.ownership().put(b, o)) throw ErrorCode.NO_SUCH_BUCKET.exception();
        return Response.status(200).empty();
    }

    /** ACL-O2: 404 OwnershipControlsNotFoundError without controls (ObjectWriter behaviour, ACL-O1). */
    public Response getOwnership(Request rc) {
        ObjectOwnership o = acls.ownership().find(rc.bucket()).orElseThrow(ErrorCode.OWNERSHIP_CONTROLS_NOT_FOUND::exception);
        return Response.status(200).bytes(OwnershipXml.write(o), "application/xml");
    }

    /** ACL-O2: 204, also when there were none; the stored ACLs are in force again (ACL-O3). */
    public Response deleteOwnership(Request rc) {
        acls.ownership().delete(rc.bucket());
        return Response.status(204).empty();
    }

    /**
     * The body's grants, or the headers' ACL (COS {@code default}: {@link Acl#cosDefault}).
     * BlockPublicAcls (POL-P6) refuses a public ACL here and in {@link AclHeaders#read}: every way an
     * ACL is asked for.
     */
    private Acl asked(Request rc, String owner, boolean forBucket, byte[] body) {
        AclHeaders.Asked h = headers.read(rc, owner, rc.bucket().ownerUin(), forBucket);
        if (body.length > 0) {
            if (h.present()) throw ErrorCode.INVALID_REQUEST.exception("Specifying both an ACL document and ACL headers is not allowed");
            Acl acl = new Acl(owner, AclWire.read(body, headers::resolve, headers::resolveEmail));
            headers.refuseIfPublicAndBlocked(rc.bucket(), acl);
            return acl;
        }
        if (!h.present()) throw ErrorCode.MALFORMED_XML.exception("An ACL document or an ACL header is required.");
        return h.acl();
    }

    private static Response.Builder versioned(Response.Builder b, Request rc, ObjectVersion v) {
        if (!ObjectVersion.NULL_VERSION.equals(v.versionId())) b.header(rc.out("version-id"), v.versionId());
        return b;
    }
}
