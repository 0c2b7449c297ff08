package io.cosd.api.object;

import io.cosd.domain.lock.ObjectLock;
import io.cosd.api.lock.LockHeaders;
import io.cosd.api.core.ExpectedOwner;
import io.cosd.api.acl.AclHeaders;
import io.cosd.domain.acl.Acl;

import io.cosd.api.core.Formats;
import io.cosd.api.core.Limits;
import io.cosd.api.core.Request;
import io.cosd.api.dialect.Owners;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.lifecycle.LifecycleHandler;
import io.cosd.api.route.Operation;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.Refusal;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.crypto.Encryption;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.object.MultipartChecksums;
import io.cosd.domain.object.MultipartCompletion;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.UploadedPart;
import io.cosd.service.LifecycleService;
import io.cosd.service.MultipartService;
import io.cosd.service.ObjectService;
import io.cosd.store.meta.MetadataStore;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * Multipart upload: initiate, upload part (and part copy), complete, abort, list parts, list uploads.
 * https://cloud.tencent.com/document/product/436/7746 (Initiate), 436/7750 (Upload Part),
 * 436/8287 (Upload Part - Copy), 436/7742 (Complete), 436/7740 (Abort), 436/7747 (List Parts),
 * 436/7736 (List Multipart Uploads)
 */
public final class MultipartHandler {
    private final MultipartService uploads;
    private final ObjectService objects;
    private final MetadataStore meta;
    private final LifecycleService lifecycle;

    /** @param lifecycle predicts x-cos-expiration on CompleteMultipartUpload (LC-H1); required */
    public MultipartHandler(MultipartService uploads, ObjectService objects, MetadataStore meta, LifecycleService lifecycle) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.meta = Objects.requireNonNull(meta, "meta");
    }

    /** ACL-C1: the completed object's ACL from the initiation's headers; set once at wiring (Server). */
    private LockHeaders lockHeaders;

    /** Wires object lock's headers in (docs/object-lock.md); without it a write asks for no lock. */
    public MultipartHandler withLocks(LockHeaders headers) {
        this.lockHeaders = headers;
        return this;
    }

    private ObjectLock askedLock(Request rc) {
        return lockHeaders == null ? ObjectLock.NONE : lockHeaders.read(rc);
    }

    private AclHeaders aclHeaders;

    public MultipartHandler withAcls(AclHeaders headers) {
        this.aclHeaders = headers;
        return this;
    }

    /** SSE-9: encryption headers (docs/encryption.md); set once at wiring (Server). */
    private SseHeaders sse = SseHeaders.DEFAULT;

    public MultipartHandler withSse(SseHeaders headers) {
        this.sse = headers;
        return this;
    }

    /**
     * SSE-14: an UploadPart (or CompleteMultipartUpload) may repeat its upload's mode ({@code …-server-side-encryption}, with an
     * SSE-KMS key id), as RGW and boto clients send it; it must then be the upload's, else 400
     * InvalidArgument: checked, never ignored. The part is sealed under its part key (derived from the upload's data key) either way.
     */
    static void checkPartMode(Request rc, io.cosd.domain.crypto.Encryption e) {
        String mode = rc.dialectHeader("server-side-encryption");
        String keyId = rc.dialectHeader("server-side-encryption-aws-kms-key-id");
        if (keyId == null) keyId = rc.header("x-cos-server-side-encryption-cos-kms-key-id");
        if (mode == null && keyId == null && rc.dialectHeader("server-side-encryption-context") == null) return;
        String k = keyId;
        boolean same = mode != null && e != null && switch (mode.trim()) {
            case "AES256" -> e.mode() == io.cosd.domain.crypto.Encryption.Mode.SSE_S3 && k == null;
            case "aws:kms", "cos/kms" -> e.mode() == io.cosd.domain.crypto.Encryption.Mode.KMS && (k == null || k.trim().equals(e.kmsKeyId()));
            default -> false;
        };
        if (!same) throw ErrorCode.INVALID_ARGUMENT.exception("The server-side encryption headers of a part must name its upload's encryption.");
    }

    /** SSE-10: the encryption headers of an answer about upload {@code u}'s parts or object. */
    private static void describe(Response.Builder b, Request rc, io.cosd.domain.crypto.Encryption e) {
        SseHeaders.describe(b, rc, e, rc.dialectHeader("server-side-encryption-customer-key-MD5"));
    }

    public Response initiate(Request rc) {
        ObjectHandler.drainEmpty(rc);
        Acl acl = aclHeaders == null ? null : aclHeaders.forNewObject(rc, rc.bucket()).orElse(null);
        var ask = sse.forWrite(rc); // SSE-14: the upload's mode is chosen here, for every part and the object
        // Everything an object gets from PUT headers is kept on the upload and applied at completion.
        // OBJ-K5: the algorithm every part gets and the type of the object's checksum.
        MultipartUpload u = uploads.initiate(rc.bucket(), rc.key(), ObjectHeaders.storageClass(rc), ObjectHeaders.content(rc),
                ObjectHeaders.userMetadata(rc), ObjectHeaders.tags(rc), uin(rc.principal()), acl,
                ChecksumWire.algorithmHeader(rc), MultipartChecksums.parseType(rc.header("x-amz-checksum-type")), askedLock(rc), ask); // LOCK-2
        var b = Response.status(200);
        if (u.checksumAlgorithm() != null) {
            b.header("x-amz-checksum-algorithm", u.checksumAlgorithm().name()).header("x-amz-checksum-type", u.checksumType().name());
        }
        describe(b, rc, u.encryption());
        return b.bytes(Xml.write(new MultipartWire.InitiateResult(rc.bucket().name(), rc.key(), u.uploadId())), "application/xml");
    }

    public Response uploadPart(Request rc) {
        int partNumber = partNumber(rc);
        long declared = ObjectHandler.declaredLength(rc);
        if (declared > Limits.MAX_PUT_BYTES) throw ErrorCode.ENTITY_TOO_LARGE.exception(); // refused unread
        MultipartUpload u = liveUpload(rc, declared);
        byte[] customerKey = sse.customerKey(rc, false);
        checkPartMode(rc, u.encryption());
        UploadedPart p;
        try {
            p = uploads.uploadPart(rc.bucket(), rc.key(), uploadId(rc), partNumber, declared,
                    rc.contentMd5(), rc.body(), ChecksumWire.requested(rc), ChecksumWire.headerValue(rc), customerKey); // OBJ-K6
        } catch (io.cosd.store.meta.NoSuchBucketException gone) {
            drainSmall(rc, declared); // the race hit after liveUpload: what is left of a small body, as there (AUTH-15)
            throw gone;
        }
        var b = ObjectHeaders.crc64(Response.status(200).header("ETag", p.etag()), rc, p.crc64());
        if (p.checksum() != null) b.header(p.checksum().algorithm().header(), p.checksum().wire());
        describe(b, rc, u.encryption()); // the upload's mode, read before the body: it never changes
        return b.empty();
    }

    /** Part bytes from an existing object, optionally a byte range of it ({@code x-cos|amz-copy-source-range}). */
    public Response uploadPartCopy(Request rc) {
        ObjectHandler.drainEmpty(rc);
        int partNumber = partNumber(rc);
        String uploadId = uploadId(rc);
        byte[] customerKey = sse.customerKey(rc, false), sourceCustomerKey = sse.customerKey(rc, true);
        CopyHandler.Source src = CopyHandler.parseSource(rc.dialectHeader("copy-source"));
        Bucket srcBucket = meta.buckets().find(src.bucket()).orElseThrow(ErrorCode.NO_SUCH_BUCKET::exception);
        rc.authorize(Operation.GET_OBJECT, srcBucket, src.key(), src.versionId()); // reading the source is a GET on it
        ExpectedOwner.checkSource(rc, srcBucket);
        MultipartUpload upload = uploads.find(rc.bucket(), rc.key(), uploadId);
        ObjectVersion source = CopyHandler.source(objects, srcBucket, src); // ?versionId= honoured (VER-C4)
        rc.authorizeServed(Operation.GET_OBJECT, srcBucket, src.key(), src.versionId(), source); // ACL-E4, as CopyObject
        if (source.storageClass().isArchive()) {
            // LC-R6: archived bytes are not readable in place (the cold copy is compressed); restore and copy the object instead.
            throw ErrorCode.INVALID_OBJECT_STATE.exception().header(rc.out("storage-class"), source.storageClass().name());
        }
        // SSE-8: an SSE-C source needs its key, checked before the copy-source conditions, so no ETag or time
        // of it can be probed without the key (as CopyObject does).
        var sourceKey = objects.sse().open(source.encryption(), sourceCustomerKey);
        if (Conditionals.copySourceFails(rc.dialectHeader("copy-source-if-match"),
                rc.dialectHeader("copy-source-if-none-match"), rc.dialectHeader("copy-source-if-modified-since"),
                rc.dialectHeader("copy-source-if-unmodified-since"), source.etag(), source.lastModified())) {
            throw ErrorCode.PRECONDITION_FAILED.exception();
        }
        long[] range = copyRange(rc.dialectHeader("copy-source-range"), source.size());
        UploadedPart p = uploads.uploadPartCopy(rc.bucket(), rc.key(), uploadId, partNumber, srcBucket, source, sourceKey, range[0], range[1], customerKey);
        // The copied range's CRC64, computed while copying: header and <CRC64> (the COS Java SDK reads the element).
        var b = ObjectHeaders.crc64(Response.status(200), rc, p.crc64());
        describe(b, rc, upload.encryption());
        if (src.versionId() != null && !src.versionId().isEmpty()) b.header(rc.out("copy-source-version-id"), source.versionId());
        return b.bytes(Xml.write(new MultipartWire.CopyPartResult(p.etag(), ObjectHeaders.crc64Value(rc, p.crc64()),
                Formats.ISO.format(p.lastModified()), ChecksumWire.Values.of(p.checksum(), false))), "application/xml");
    }

    public Response complete(Request rc) {
        String uploadId = uploadId(rc);
        var condition = WriteConditions.write(rc.header("If-None-Match"), rc.header("If-Match")); // OBJ-CW1, before anything
        byte[] customerKey = sse.customerKey(rc, false); // SSE-14: optional; when sent it must be the upload's
        ObjectHandler.authorizeConditionRead(rc, condition); // OBJ-CW6
        // EDGE-K3: a client waiting for the 100 gets NoSuchUpload without uploading its parts list (up to
        // 2 MiB). One that did not ask is sending the list already: it is read first, as ever, so the
        // answer reaches it on a kept connection instead of a broken pipe (as liveUpload for a part).
        if (ObjectHandler.expectsContinue(rc) && !uploads.inProgress(rc.bucket(), rc.key(), uploadId)
                && !uploads.completedRecently(rc.bucket(), rc.key(), uploadId)) {
            throw ErrorCode.NO_SUCH_UPLOAD.exception();
        }
        byte[] body = rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.XML_SIZE_LIMIT);
        boolean live = uploads.inProgress(rc.bucket(), rc.key(), uploadId);
        // NoSuchUpload before MalformedXML, as S3 does; a recently completed upload may be a retry.
        if (!live && !uploads.completedRecently(rc.bucket(), rc.key(), uploadId)) throw ErrorCode.NO_SUCH_UPLOAD.exception();
        if (live) {
            try {
                MultipartUpload u = uploads.find(rc.bucket(), rc.key(), uploadId);
                checkPartMode(rc, u.encryption()); // SSE-14, as for a part
                // SSE-A2: an SSE-C upload created with a checksum algorithm is completed with its key, as S3 documents
                // the key headers of CompleteMultipartUpload ("needed only when the object was created using a
                // checksum algorithm"): without it 400 InvalidRequest, before anything is completed.
                if (customerKey == null && u.checksumAlgorithm() != null && Encryption.customerKeyed(u.encryption())) {
                    objects.sse().open(u.encryption(), null);
                }
            } catch (Refusal e) {
                if (e.reason() != Refusal.Reason.NO_SUCH_UPLOAD) throw e; // completed meanwhile: completeOrRepeat answers
            }
        }
        // ACL-E3: BlockPublicAcls turned on since initiation refuses the public ACL chosen then.
        if (live && aclHeaders != null) {
            try {
                aclHeaders.refuseIfBlocked(rc.bucket(), uploads.find(rc.bucket(), rc.key(), uploadId).acl());
            } catch (Refusal e) {
                if (e.reason() != Refusal.Reason.NO_SUCH_UPLOAD) throw e; // completed meanwhile: completeOrRepeat answers
            }
        }
        var req = MultipartWire.CompleteRequest.read(body);
        if (req.parts() == null || req.parts().isEmpty()) throw XmlProblem.missing("CompleteMultipartUpload/Part");
        List<MultipartCompletion.Requested> parts = req.parts().stream().map(p -> {
            if (p == null || p.partNumber() == null) throw XmlProblem.missing("CompleteMultipartUpload/Part/PartNumber");
            return new MultipartCompletion.Requested(p.partNumber(), p.etag());
        }).toList();
        // OBJ-K7, OBJ-K8: the parts' listed checksums and the object's value header and type, checked at completion.
        var value = ChecksumWire.valueHeader(rc);
        var checksums = new MultipartChecksums.Asked(value == null ? null : value.algorithm(), value == null ? null : value.value(),
                MultipartChecksums.parseType(rc.header("x-amz-checksum-type")),
                req.parts().stream().map(p -> new MultipartChecksums.ListedPart(p.partNumber(), p.checksums())).toList());
        ObjectVersion v = completeOrRepeat(rc, uploadId, live, parts, condition, checksums, customerKey);
        // SSE-A2: the object's checksums (CRC64 included) are of its plaintext, so an SSE-C object's are answered only
        // to a caller who proved its key: a key sent was checked against the upload before it completed, and is
        // checked here against the object a retry is answered about (a wrong one 403, nothing changed by a retry).
        boolean keyed = Encryption.customerKeyed(v.encryption());
        if (keyed && customerKey != null) objects.sse().open(v.encryption(), customerKey);
        boolean digests = !keyed || customerKey != null;
        String host = rc.target().host();
        String location = rc.target().virtualHosted() ? host + "/" + rc.key() : host + "/" + rc.bucket().name() + "/" + rc.key();
        // VER-I1: a completion in an Enabled bucket creates a version; its id comes back in the header.
        var b = ObjectHandler.newVersionHeader(Response.status(200), rc, v);
        if (digests) ObjectHeaders.crc64(b, rc, v.crc64()); // present only if every part had one (COS)
        describe(b, rc, v.encryption());
        LifecycleHandler.expirationHeader(lifecycle, b, rc, v);
        return b.bytes(Xml.write(new MultipartWire.CompleteResult(location, rc.bucket().name(), rc.key(), v.etag(),
                ChecksumWire.Values.of(digests ? v.checksum() : null, true))), "application/xml");
    }

    /**
     * Completes the upload, or repeats the result of its earlier completion: a client retrying after
     * a lost answer, or a twin request that committed first, gets the same 200 result (version id
     * included) if it names the same parts (docs/storage.md "A completion retried after it succeeded").
     */
    private ObjectVersion completeOrRepeat(Request rc, String uploadId, boolean live, List<MultipartCompletion.Requested> parts,
                                           io.cosd.domain.object.WriteCondition condition, MultipartChecksums.Asked checksums,
                                           byte[] customerKey) {
        if (live) {
            try {
                return uploads.complete(rc.bucket(), rc.key(), uploadId, parts, condition, checksums, customerKey);
            } catch (Refusal e) {
                if (e.reason() != Refusal.Reason.NO_SUCH_UPLOAD) throw e; // else completed meanwhile by a twin
            }
        }
        return uploads.completedEarlier(rc.bucket(), rc.key(), uploadId, parts).orElseThrow(ErrorCode.NO_SUCH_UPLOAD::exception);
    }

    public Response abort(Request rc) {
        ObjectHandler.drainEmpty(rc);
        uploads.abort(rc.bucket(), rc.key(), uploadId(rc));
        return Response.status(204).empty();
    }

    public Response listParts(Request rc) {
        ObjectHandler.drainEmpty(rc);
        boolean url = encodingType(rc);
        int marker = intParam(rc, "part-number-marker", 0, "part-number-marker");
        int max = Math.min(intParam(rc, "max-parts", 1000, "max-parts"), 1000);
        byte[] customerKey = sse.customerKey(rc, false);
        var page = uploads.listParts(rc.bucket(), rc.key(), uploadId(rc), marker, max);
        MultipartUpload u = page.upload();
        // SSE-A1: a part's checksum is its plaintext's, so an SSE-C upload's are shown only to a caller with its
        // key (as S3's ListParts asks for it "when the object was created using a checksum algorithm"); a key
        // sent is checked whatever the upload (a wrong one 403, one for an upload that is not SSE-C 400).
        if (customerKey != null || io.cosd.domain.crypto.Encryption.customerKeyed(u.encryption())
                && (u.checksumAlgorithm() != null || page.parts().stream().anyMatch(p -> p.checksum() != null))) {
            objects.sse().open(u.encryption(), customerKey);
        }
        var parts = page.parts().stream().map(p -> new MultipartWire.Part(p.partNumber(),
                Formats.ISO.format(p.lastModified()), p.etag(), p.size(), ChecksumWire.Values.of(p.checksum(), false))).toList();
        Integer next = page.parts().isEmpty() ? null : page.parts().get(page.parts().size() - 1).partNumber();
        var body = new MultipartWire.ListPartsResult(rc.bucket().name(), url ? "url" : null, ListHandler.enc(u.key(), url),
                u.uploadId(), initiator(rc, u), owner(rc, u), u.storageClass().name(), marker, next, max,
                Boolean.toString(page.truncated()), name(u.checksumAlgorithm()), name(u.checksumType()), parts);
        return xml(body);
    }

    public Response listUploads(Request rc) {
        ObjectHandler.drainEmpty(rc);
        boolean url = encodingType(rc);
        var q = rc.query();
        int max = Math.min(intParam(rc, "max-uploads", 1000, "max-uploads"), 1000);
        String prefix = q.get("prefix") == null ? "" : q.get("prefix");
        String delimiter = q.nonEmpty("delimiter"), keyMarker = q.get("key-marker"), idMarker = q.get("upload-id-marker");
        var page = uploads.listUploads(rc.bucket(), prefix, delimiter, keyMarker, idMarker, max);
        var list = page.uploads().stream().map(u -> new MultipartWire.Upload(ListHandler.enc(u.key(), url), u.uploadId(),
                u.storageClass().name(), initiator(rc, u), owner(rc, u), Formats.ISO.format(u.initiated()),
                name(u.checksumAlgorithm()), name(u.checksumType()))).toList();
        var prefixes = page.commonPrefixes().stream().map(p -> new ObjectWire.CommonPrefix(ListHandler.enc(p, url))).toList();
        var body = new MultipartWire.ListUploadsResult(rc.bucket().name(), url ? "url" : null,
                ListHandler.enc(keyMarker == null ? "" : keyMarker, url), idMarker == null ? "" : idMarker,
                page.truncated() ? ListHandler.enc(page.nextKey(), url) : null,
                page.truncated() && page.nextUploadId() != null ? page.nextUploadId() : null,
                max, Boolean.toString(page.truncated()), ListHandler.enc(prefix, url), ListHandler.enc(delimiter, url),
                list, prefixes);
        return xml(body);
    }

    /**
     * The upload a part goes to, or NoSuchUpload before the part is stored; NoSuchBucket when the bucket
     * was deleted and created again since the request was authorized (AUTH-15). A client that did not
     * ask for {@code 100-continue} is already sending the body; answering unread makes the edge close the
     * connection, and the client (mid-send) sees a broken pipe instead of the 404 (the COS Java SDK cannot
     * retry it either). So, for either answer, a body of at most {@link #DRAIN_LIMIT} bytes is read and
     * discarded first, as a PutObject refused in the same race has read its body (AUTH-13); larger ones
     * are refused unread and the edge closes the connection.
     */
    private MultipartUpload liveUpload(Request rc, long declared) {
        String uploadId = uploadId(rc);
        java.util.Optional<MultipartUpload> live;
        try {
            live = uploads.live(rc.bucket(), rc.key(), uploadId); // AUTH-15
        } catch (io.cosd.store.meta.NoSuchBucketException gone) {
            drainSmall(rc, declared);
            throw gone;
        }
        if (live.isPresent()) return live.get();
        drainSmall(rc, declared);
        throw ErrorCode.NO_SUCH_UPLOAD.exception();
    }

    /** Reads and discards a body of at most {@link #DRAIN_LIMIT} bytes that the client is already sending (no 100-continue). */
    private static void drainSmall(Request rc, long declared) {
        if (!ObjectHandler.expectsContinue(rc) && declared >= 0 && declared <= DRAIN_LIMIT) {
            try (var in = rc.body()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the answer is the same either way
            }
        }
    }

    static final long DRAIN_LIMIT = 64L << 20;

    // --- request parsing ---

    private static String uploadId(Request rc) {
        String id = rc.query().get("uploadId");
        if (id == null || id.isEmpty()) throw ErrorCode.NO_SUCH_UPLOAD.exception();
        return id;
    }

    /** partNumber must be an integer in 1..10000 (InvalidArgument otherwise). */
    static int partNumber(Request rc) {
        String v = rc.query().get("partNumber");
        try {
            int n = Integer.parseInt(v == null ? "" : v.trim());
            if (n >= 1 && n <= Limits.MAX_PART_NUMBER) return n;
        } catch (NumberFormatException ignored) {
            // falls through to the error
        }
        throw ErrorCode.INVALID_ARGUMENT.exception("Part number must be an integer between 1 and " + Limits.MAX_PART_NUMBER + ", inclusive");
    }

    /** {@code bytes=first-last} within the source; absent: the whole source. @return {start, length} */
    static long[] copyRange(String header, long size) {
        if (header == null || header.isBlank()) return new long[]{0, size};
        String h = header.trim();
        int dash = h.indexOf('-');
        if (!h.startsWith("bytes=") || dash < 0) throw ErrorCode.INVALID_ARGUMENT.exception("The x-amz-copy-source-range value must be of the form bytes=first-last");
        try {
            long first = Long.parseLong(h.substring(6, dash).trim()), last = Long.parseLong(h.substring(dash + 1).trim());
            if (first < 0 || last < first || last >= size) {
                throw ErrorCode.INVALID_ARGUMENT.exception("Range specified is not valid for source object of size: " + size);
            }
            return new long[]{first, last - first + 1};
        } catch (NumberFormatException e) {
            throw ErrorCode.INVALID_ARGUMENT.exception("The x-amz-copy-source-range value must be of the form bytes=first-last");
        }
    }

    private static int intParam(Request rc, String name, int dflt, String label) {
        String v = rc.query().nonEmpty(name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) throw ErrorCode.INVALID_ARGUMENT.exception(label + " must be non-negative");
            return n;
        } catch (NumberFormatException e) {
            throw ErrorCode.INVALID_ARGUMENT.exception(label + " must be an integer");
        }
    }

    private static boolean encodingType(Request rc) {
        String e = rc.query().nonEmpty("encoding-type");
        if (e == null) return false;
        if (!e.equalsIgnoreCase("url")) throw ErrorCode.INVALID_ARGUMENT.exception("Invalid Encoding Method specified in Request");
        return true;
    }

    private static String uin(Principal p) {
        return switch (p) {
            case Principal.Root r -> r.account().rootUin();
            case Principal.SubUser s -> s.uin();
            case Principal.Anonymous a -> null;
        };
    }

    /**
     * The owner the completed object will have, named as in every listing (Owners, docs/buckets.md
     * "Owner IDs"): its ACL's owner, chosen at initiation (ACL-M5, ACL-O3, ACL-O4); the bucket owner
     * when it has none (ACL-C2), and under BucketOwnerEnforced the bucket owner whoever initiated it, as
     * its completion will make it (ACL-O6).
     */
    private MultipartWire.Principal owner(Request rc, MultipartUpload u) {
        boolean enforced = aclHeaders != null && aclHeaders.aclsDisabled(rc.bucket());
        var o = Owners.owner(rc.dialect(), u.acl() != null && !enforced ? u.acl().ownerUin() : rc.bucket().ownerUin());
        return new MultipartWire.Principal(o.id(), o.displayName());
    }

    private static MultipartWire.Principal initiator(Request rc, MultipartUpload u) {
        var o = Owners.initiator(rc.dialect(), rc.bucket().ownerUin(), u.initiatorUin());
        return new MultipartWire.Principal(o.id(), o.displayName());
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    private static Response xml(Object body) {
        return Response.status(200).bytes(Xml.write(body), "application/xml");
    }
}
