package io.cosd.api.object;

import io.cosd.domain.lock.ObjectLock;
import io.cosd.api.lock.LockHeaders;
import io.cosd.api.acl.AclHeaders;
import io.cosd.domain.acl.Acl;

import io.cosd.api.core.Formats;
import io.cosd.api.core.Limits;
import io.cosd.api.core.Request;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.DomainErrors;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.lifecycle.LifecycleHandler;
import io.cosd.api.replication.ReplicaHeaders;
import io.cosd.api.route.Operation;
import io.cosd.domain.Refusal;
import io.cosd.domain.crypto.Sealing;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.BlobLayout;
import io.cosd.domain.object.ObjectChecksum;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.WriteCondition;
import io.cosd.service.LifecycleService;
import io.cosd.service.ObjectService;
import io.cosd.service.PutCommand;
import io.cosd.service.RestoreService;
import io.cosd.store.meta.EventLoopReads;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * PUT, GET, HEAD and DELETE object.
 * https://cloud.tencent.com/document/product/436/7749 (PUT Object), 436/7753 (GET Object)
 */
public final class ObjectHandler {
    private final ObjectService objects;
    private final LifecycleService lifecycle;
    private final RestoreService restores;
    private final int maxRanges;

    /**
     * Every collaborator is required: lifecycle and restore rules apply to every object, so there is
     * no configuration in which they are off.
     *
     * @param lifecycle predicts x-cos-expiration (LC-H1)
     * @param restores  archived versions' restore state (LC-R1, LC-R5)
     * @param maxRanges range specs a GET may ask for; more are answered with the whole object (docs/edge.md EDGE-R1)
     */
    public ObjectHandler(ObjectService objects, LifecycleService lifecycle, RestoreService restores, int maxRanges) {
        this.maxRanges = maxRanges;
        this.objects = Objects.requireNonNull(objects, "objects");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.restores = Objects.requireNonNull(restores, "restores");
    }

    /** ACL-C1..C3: the ACL a write's headers ask for; set once at wiring (Server). */
    private LockHeaders lockHeaders;

    /** Wires object lock's headers in (docs/object-lock.md); without it a write asks for no lock. */
    public ObjectHandler withLocks(LockHeaders headers) {
        this.lockHeaders = headers;
        return this;
    }

    private ObjectLock askedLock(Request rc) {
        return lockHeaders == null ? ObjectLock.NONE : lockHeaders.read(rc);
    }

    private AclHeaders aclHeaders;

    /** Wires ACL headers in (docs/acl.md); without it a write's ACL is none of its own. */
    public ObjectHandler withAcls(AclHeaders headers) {
        this.aclHeaders = headers;
        return this;
    }

    /** SSE-9: encryption headers (docs/encryption.md); set once at wiring (Server). */
    private SseHeaders sse = SseHeaders.DEFAULT;

    /** Wires the encryption headers' settings in (HTTPS rule, KMS availability). */
    public ObjectHandler withSse(SseHeaders headers) {
        this.sse = headers;
        return this;
    }

    private Acl newObjectAcl(Request rc) {
        return aclHeaders == null ? null : aclHeaders.forNewObject(rc, rc.bucket()).orElse(null);
    }

    public Response put(Request rc) {
        long declared = declaredLength(rc);
        var replica = ReplicaHeaders.of(rc); // docs/replication.md#the-private-replica-write-peer-cosd-only: another region's worker
        // Refused unread; a replica of a big multipart object may exceed the single-PUT limit (docs/replication.md).
        if (declared > Limits.MAX_PUT_BYTES && replica == null) throw ErrorCode.ENTITY_TOO_LARGE.exception();
        var cmd = new PutCommand(rc.bucket().name(), rc.key(), declared, rc.contentMd5(),
                ObjectHeaders.storageClass(rc), ObjectHeaders.content(rc), ObjectHeaders.userMetadata(rc), ObjectHeaders.tags(rc));
        // Read before the body: a bad ACL header stores nothing. A replica carries no ACL (REP-R2).
        // OBJ-K2 (a replica's too: the source's, verified on arrival); a header's value is checked in the storing pass
        cmd = cmd.withChecksum(ChecksumWire.requested(rc), ChecksumWire.headerValue(rc));
        if (replica == null) cmd = cmd.withAcl(newObjectAcl(rc)).withLock(askedLock(rc)); // LOCK-2, read before the body
        cmd = cmd.withSse(sse.forWrite(rc)); // SSE-9: before the body too; a replica is encrypted as its write asks (SSE-12)
        // OBJ-CW1: read before the body too; a replica (REP-R2) is never conditional.
        var condition = WriteConditions.write(rc.header("If-None-Match"), rc.header("If-Match")).since(rc.now());
        authorizeConditionRead(rc, condition);
        if (replica != null && !condition.isNone()) throw ErrorCode.INVALID_REQUEST.exception("A replica write takes no precondition.");
        ObjectVersion v = replica == null ? objects.put(rc.bucket(), cmd, rc.body(), condition)
                : objects.putReplica(rc.bucket(), cmd, rc.body(), replica.versionId(), replica.createdAt(), replica.etag());
        var b = newVersionHeader(Response.status(200).header("ETag", v.etag()), rc, v);
        SseHeaders.describe(b, rc, v.encryption(), rc.dialectHeader("server-side-encryption-customer-key-MD5"));
        ObjectHeaders.crc64(b, rc, v.crc64());
        ChecksumWire.headers(b, v.checksum()); // OBJ-K2: the value stored, as S3 answers a PutObject
        LifecycleHandler.expirationHeader(lifecycle, b, rc, v);
        return b.empty();
    }

    /** The request asked for {@code 100 Continue}: its client sends no body before the edge sends it (EDGE-K3). */
    static boolean expectsContinue(Request rc) {
        return rc.expectsContinue();
    }

    /** Content-Length, or x-amz-decoded-content-length for aws-chunked; -1 for chunked; 411 if neither. */
    static long declaredLength(Request rc) {
        String decoded = rc.header("x-amz-decoded-content-length");
        try {
            if (decoded != null) return Long.parseLong(decoded.trim());
        } catch (NumberFormatException e) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Invalid x-amz-decoded-content-length");
        }
        long cl = rc.exchange().contentLength();
        if (cl >= 0) return cl;
        if (rc.exchange().chunked()) return -1;
        throw ErrorCode.MISSING_CONTENT_LENGTH.exception();
    }

    public Response get(Request rc) { return read(rc, false); }

    public Response head(Request rc) { return read(rc, true); }

    /** GetObjectAttributes (docs/object-attributes.md): the version's metadata, none of its bytes. */
    public Response attributes(Request rc) { return new ObjectAttributesHandler(objects, sse).get(rc); }

    /** Reads of a version replaced mid-request (its parts or blob released) start over, this often. */
    private static final int READ_ATTEMPTS = 3;

    /**
     * GET and HEAD: the version (or the error that answers it), its preconditions, the blobs that
     * serve it, the byte ranges, then the answer. A version replaced between reading its metadata
     * and opening its bytes is read again, up to {@link #READ_ATTEMPTS} times.
     */
    private Response read(Request rc, boolean head) {
        drainEmpty(rc);
        Integer partNumber = rc.query().nonEmpty("partNumber") == null ? null : MultipartHandler.partNumber(rc);
        if (partNumber != null && rc.header("Range") != null) {
            throw ErrorCode.INVALID_REQUEST.exception("Cannot specify both Range header and partNumber query parameter.");
        }
        // SSE-9: a read takes no encryption mode (S3: 400); an SSE-C read sends the customer key headers instead.
        if (rc.dialectHeader("server-side-encryption") != null || rc.dialectHeader("server-side-encryption-aws-kms-key-id") != null
                || rc.header("x-cos-server-side-encryption-cos-kms-key-id") != null || rc.dialectHeader("server-side-encryption-context") != null) {
            throw ErrorCode.INVALID_ARGUMENT.exception("The server-side encryption headers are not supported for this operation.");
        }
        byte[] customerKey = sse.customerKey(rc, false);
        for (int attempt = 1; ; attempt++) {
            ObjectVersion v = version(rc);
            // SSE-8: an SSE-C object needs its key, for HEAD too; the key of another object is refused.
            Sealing key = objects.sse().open(v.encryption(), customerKey);
            Response notModified = checkConditions(rc, v);
            if (notModified != null) return notModified;
            Map<String, String> restoreHeaders = v.storageClass().isArchive()
                    ? RestoreHandler.headers(rc, restores.state(v).orElse(null), rc.now()) : Map.of();
            BlobLayout layout = servedLayout(rc, v, head);
            if (layout != null) { // null: replaced (or its restored copy expired) since we read it
                Response answer = answer(rc, v, key, layout, ranges(rc, v, layout, partNumber, head), restoreHeaders, partNumber, head);
                if (answer != null) return answer;
            }
            if (attempt == READ_ATTEMPTS) throw new IllegalStateException("object keeps changing: " + v.bucket() + "/" + v.key());
            EventLoopReads.recheck(); // on an event loop: read the database again, not the rows remembered at the start
        }
    }

    /** RFC 7232 preconditions ({@link Conditionals}): 412 is thrown, 304 returned, null to go on. */
    private static Response checkConditions(Request rc, ObjectVersion v) {
        Integer cond = Conditionals.evaluate(rc.header("If-Match"), rc.header("If-None-Match"),
                rc.header("If-Modified-Since"), rc.header("If-Unmodified-Since"), v.etag(), v.lastModified());
        if (cond != null && cond == 412) throw ErrorCode.PRECONDITION_FAILED.exception();
        if (cond != null && cond == 304) {
            return Response.status(304).header("ETag", v.etag())
                    .header("Last-Modified", Formats.HTTP_DATE.format(v.lastModified())).empty();
        }
        return null;
    }

    /**
     * The bytes to answer: the part asked for by {@code ?partNumber=}, else the planned Range
     * ({@link Ranges#plan}); null: the whole object (200). 416 when no range is satisfiable. A HEAD
     * answers a single range as the GET would (206, its Content-Range and Content-Length, or 416), as
     * S3's HeadObject does; several ranges, whose GET body is multipart/byteranges, give a HEAD the
     * whole object's head (docs/edge.md EDGE-R4).
     */
    private List<Ranges.Range> ranges(Request rc, ObjectVersion v, BlobLayout layout, Integer partNumber, boolean head) {
        // A part is the version's own part, also when a restored copy (one blob of the whole object) serves the
        // bytes: its range is planned over the version's parts and read from the copy at those offsets.
        if (partNumber != null) {
            Ranges.Range part = partRange(v.storageClass().isArchive() ? objects.layout(rc.bucket(), v).orElse(layout) : layout, v, partNumber);
            if (part.length() > 0) return List.of(part);
            // EDGE-R5: a part of no bytes has no byte range to name (this was a 206 with "Content-Range: bytes 0--1/0"):
            // an empty object is answered whole (200, no Content-Range), as S3 answers partNumber=1 of an empty
            // object and SDK multipart downloads expect; an empty part of a non-empty object selects nothing (416).
            if (v.size() == 0) return null;
            throw ErrorCode.INVALID_RANGE.exception().header("Content-Range", "bytes */" + v.size());
        }
        List<Ranges.Range> ranges = Ranges.plan(rc.header("Range"), v.size(), maxRanges);
        if (ranges != null && ranges.isEmpty()) {
            throw ErrorCode.INVALID_RANGE.exception().header("Content-Range", "bytes */" + v.size());
        }
        return head && ranges != null && ranges.size() > 1 ? null : ranges;
    }

    /** The 200 or 206 answer with its headers and body; null: the blob went before it was opened, read again. */
    private Response answer(Request rc, ObjectVersion v, Sealing key, BlobLayout layout, List<Ranges.Range> ranges,
                            Map<String, String> restoreHeaders, Integer partNumber, boolean head) {
        boolean byPart = partNumber != null;
        var b = Response.status(ranges == null ? 200 : 206);
        ObjectHeaders.describe(b, rc, v);
        SseHeaders.describe(b, rc, key);
        if (ChecksumWire.modeEnabled(rc)) servedChecksum(b, rc.bucket(), v, partNumber, ranges == null);
        LifecycleHandler.expirationHeader(lifecycle, b, rc, v);
        restoreHeaders.forEach(b::header);
        if (byPart && v.partsCount() > 0) b.header(rc.out("mp-parts-count"), v.partsCount());
        if (head) {
            if (ranges == null) {
                b.header("Content-Length", v.size());
            } else {
                var r = ranges.get(0);
                b.header("Content-Length", r.length()).header("Content-Range", "bytes " + r.start() + "-" + r.end() + "/" + v.size());
            }
            return b.segments(List.of(), List.of());
        }
        try {
            // SSE-2: an encrypted object's ranges are decrypted from the chunks that cover them; plain ones keep sendfile.
            return Bodies.of(b, v, layout, ranges, objects::open,
                    key == null ? null : (ch, e, first) -> objects.openPlain(v, key.forPart(e.part()), ch, e.position(), e.length(), first)); // SSE-14
        } catch (NoSuchFileException e) {
            return null; // released by a replacing write between our metadata read and the open: read again
        } catch (IOException e) {
            throw new IllegalStateException("cannot open blob of " + v.bucket() + "/" + v.key(), e);
        }
    }

    /**
     * OBJ-K3: with {@code x-amz-checksum-mode: ENABLED}, the stored checksum of what is served: the whole
     * object's on a full read, a part's (with the object's type) on a {@code partNumber} read of a multipart
     * object, none on a Range read (its bytes have no stored checksum), as S3.
     */
    private void servedChecksum(Response.Builder b, io.cosd.domain.bucket.Bucket bucket, ObjectVersion v, Integer partNumber, boolean whole) {
        ObjectChecksum c = v.checksum();
        if (c == null) return;
        if (partNumber != null && v.partsCount() > 0) {
            objects.parts(bucket, v).orElse(List.of()).stream()
                    .filter(p -> p.partNumber() == partNumber && p.checksum() != null && p.checksum().algorithm() == c.algorithm())
                    .findFirst().ifPresent(p -> ChecksumWire.headers(b, c.algorithm(), p.checksum().wire(), c.type()));
            return;
        }
        if (whole || partNumber != null) ChecksumWire.headers(b, c);
    }

    /**
     * The blobs a GET or HEAD of {@code v} serves, checked before anything about the bytes is
     * answered (docs/storage.md ST-I1): the scrubber's mark and the version's own blobs, for HEAD too
     * so that HEAD fails exactly when GET would, then a GET's restored copy of an archived version
     * (LC-R1: readable only through an unexpired copy). Null: the version changed meanwhile, read again.
     */
    private BlobLayout servedLayout(Request rc, ObjectVersion v, boolean head) {
        Optional<BlobLayout> own = objects.layout(rc.bucket(), v); // AUTH-15
        if (own.isEmpty() || objects.verifyReadable(v, own.get()) == ObjectService.ReadCheck.CHANGED) return null;
        if (!v.storageClass().isArchive()) return own.get();
        Optional<String> readable = restores.readableCopy(v, rc.now());
        // HEAD of an archived version answers without a restored copy (LC-R1), but when there is one,
        // HEAD checks it as GET does, so the two agree (ST-I1).
        if (head && readable.isEmpty()) return own.get();
        String copyId = readable.orElseThrow(() -> ErrorCode.INVALID_OBJECT_STATE.exception()
                .header(rc.out("storage-class"), v.storageClass().name()));
        BlobLayout copy = BlobLayout.single(copyId, v.size());
        boolean expired = objects.verifyReadable(v, copy, () -> !restores.readableCopy(v, rc.now()).equals(Optional.of(copyId)))
                == ObjectService.ReadCheck.CHANGED;
        if (expired) return null;
        return head ? own.get() : copy;
    }

    /**
     * GET/HEAD {@code ?partNumber=N}: the bytes of the N-th part of a multipart object (in part
     * order, as S3 clients iterate 1..parts-count); a simple object has one part.
     */
    static Ranges.Range partRange(BlobLayout layout, ObjectVersion v, int n) {
        List<BlobLayout.Extent> parts = v.partsCount() == 0 ? List.of(new BlobLayout.Extent("", 0, v.size())) : layout.extents();
        if (n > parts.size()) throw ErrorCode.INVALID_PART_NUMBER.exception();
        long start = 0;
        for (int i = 0; i < n - 1; i++) start += parts.get(i).length();
        return new Ranges.Range(start, start + parts.get(n - 1).length() - 1);
    }

    public Response delete(Request rc) {
        drainEmpty(rc);
        // OBJ-CD1: the conditions decide whether anything is deleted; a replicated marker carries none.
        var condition = WriteConditions.delete(rc.header("If-Match"), rc.header("x-amz-if-match-last-modified-time"),
                rc.header("x-amz-if-match-size"));
        var replica = ReplicaHeaders.of(rc); // a replicated delete marker (REP-R3, docs/replication.md#the-private-replica-write-peer-cosd-only)
        if (replica != null && !condition.isNone()) throw ErrorCode.INVALID_REQUEST.exception("A replica write takes no precondition.");
        if (replica != null) {
            ObjectVersion m = objects.deleteMarkerReplica(rc.bucket(), rc.key(), replica.versionId(), replica.createdAt());
            return Response.status(204).header(rc.out("version-id"), m.versionId()).header(rc.out("delete-marker"), "true").empty();
        }
        String versionId = rc.query().get("versionId");
        // OBJ-CD4: comparing the object's ETag, time or size needs the right to read it, as on S3.
        if (condition.comparesAttributes()) {
            rc.authorize(Operation.GET_OBJECT, rc.bucket(), rc.key(), versionId == null || versionId.isEmpty() ? null : versionId);
        }
        // LOCK-5: a version is removed only if its lock allows it; GOVERNANCE yields to the bypass header with its permission
        boolean bypass = versionId != null && !versionId.isEmpty() && LockHeaders.bypass(rc, rc.key(), versionId);
        ObjectService.Deletion d = objects.delete(rc.bucket(), rc.key(), versionId, condition, bypass);
        var b = Response.status(204);
        if (d.versionId() != null) b.header(rc.out("version-id"), d.versionId());
        if (d.deleteMarker()) b.header(rc.out("delete-marker"), "true");
        return b.empty();
    }

    /**
     * The version a GET/HEAD reads, or the error that answers it (VER-G1..G4): a current delete
     * marker is 404 NoSuchKey with {@code delete-marker: true} and its version id; a delete marker
     * named by id is 404 on COS and 405 MethodNotAllowed on S3; a plain miss says
     * {@code delete-marker: false} (s3-tests check it on HEAD).
     */
    private ObjectVersion version(Request rc) {
        // ACL-E4: when an ACL grant decided access, only a version whose own ACL grants it is served
        // (each attempt of the retry loop resolves, and so checks, again).
        return served(objects, rc, rc.query().get("versionId"), v -> rc.authorizeServed(rc.operation(), rc.bucket(), rc.key(), null, v));
    }

    /**
     * The version of the request's key a read serves ({@code versionId} or the current one), shared by
     * GET/HEAD and GetObjectAttributes: a miss is NoSuchKey/NoSuchVersion with {@code delete-marker:
     * false}; a current delete marker 404 NoSuchKey, one named by id 405 on S3 (404 on COS), both with
     * {@code delete-marker: true} and its version id; a found version is passed to {@code authorizeServed}
     * (ACL-E4) before it is returned.
     */
    static ObjectVersion served(ObjectService objects, Request rc, String versionId, java.util.function.Consumer<ObjectVersion> authorizeServed) {
        boolean byId = versionId != null && !versionId.isEmpty();
        ObjectVersion v;
        try {
            v = objects.lookup(rc.bucket(), rc.key(), versionId);
        } catch (Refusal r) {
            ApiException e = DomainErrors.toApi(r);
            if (e.code() == ErrorCode.NO_SUCH_KEY || e.code() == ErrorCode.NO_SUCH_VERSION) e.header(rc.out("delete-marker"), "false");
            throw e;
        }
        if (!v.deleteMarker()) {
            authorizeServed.accept(v);
            return v;
        }
        ApiException e = byId && rc.dialect() == Dialect.S3
                ? ErrorCode.METHOD_NOT_ALLOWED.exception().header("Last-Modified", Formats.HTTP_DATE.format(v.lastModified()))
                : ErrorCode.NO_SUCH_KEY.exception();
        throw e.header(rc.out("delete-marker"), "true").header(rc.out("version-id"), v.versionId());
    }

    /** VER-I5: the new version's id only when the bucket is Enabled (Suspended writes say nothing). */
    static Response.Builder newVersionHeader(Response.Builder b, Request rc, ObjectVersion v) {
        if (rc.bucket().versioning() == VersioningState.ENABLED) b.header(rc.out("version-id"), v.versionId());
        return b;
    }

    /**
     * OBJ-CW6: a write whose condition compares the current object (If-Match) also needs the right to
     * read it, as on S3, checked before any body byte is read; so a write-only caller can neither
     * compare ETags nor tell a right guess from a wrong one (412 and a later failure alike are 403).
     */
    static void authorizeConditionRead(Request rc, WriteCondition condition) {
        if (condition.needsRead()) rc.authorize(Operation.GET_OBJECT, rc.bucket(), rc.key(), null);
    }

    /** Reads the (normally empty) body of a bodiless request so the connection can be reused. */
    static void drainEmpty(Request rc) {
        rc.readSmallBody(64 * 1024, ErrorCode.INVALID_REQUEST);
    }
}
