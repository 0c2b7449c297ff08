package io.cosd.api.object;

import io.cosd.domain.lock.ObjectLock;
import io.cosd.api.lock.LockHeaders;
import io.cosd.api.core.ExpectedOwner;
import io.cosd.api.acl.AclHeaders;
import io.cosd.domain.crypto.EncryptionRequest;
import io.cosd.domain.crypto.Sealing;
import io.cosd.domain.acl.Acl;

import io.cosd.api.core.Formats;
import io.cosd.api.core.Limits;
import io.cosd.api.core.Request;
import io.cosd.api.dialect.Addressing;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.lifecycle.LifecycleHandler;
import io.cosd.api.route.Operation;
import io.cosd.api.route.QueryParams;
import io.cosd.api.xml.Xml;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.service.LifecycleService;
import io.cosd.service.ObjectService;
import io.cosd.service.PutCommand;
import io.cosd.service.RestoreService;
import io.cosd.store.meta.MetadataStore;

import java.util.Map;
import java.util.Objects;

/**
 * PUT Object - Copy. Accepts {@code x-cos-copy-source} in COS host form
 * ({@code bucket-appid.cos.region.myqcloud.com/encoded/key[?versionId=]}, {@link #cosHostBucket}) and
 * {@code x-amz-copy-source} as {@code [/]bucket/encoded-key[?versionId=]} (docs/spec/protocol.md §5.8, §8.16).
 * https://cloud.tencent.com/document/product/436/10881
 */
public final class CopyHandler {
    record Source(String bucket, String key, String versionId) {}

    private final ObjectService objects;
    private final MetadataStore meta;
    private final RestoreService restores;

    private final LifecycleService lifecycle;

    /**
     * @param restores  archived sources are read from their restored copy (LC-R6); required
     * @param lifecycle predicts x-cos-expiration for the new object (LC-H1); required
     */
    public CopyHandler(ObjectService objects, MetadataStore meta, RestoreService restores,
                       LifecycleService lifecycle) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.meta = Objects.requireNonNull(meta, "meta");
        this.restores = Objects.requireNonNull(restores, "restores");
    }

    /** ACL-C1..C3: the ACL a write's headers ask for; set once at wiring (Server). */
    private LockHeaders lockHeaders;

    /** Wires object lock's headers in (docs/object-lock.md); without it a write asks for no lock. */
    public CopyHandler withLocks(LockHeaders headers) {
        this.lockHeaders = headers;
        return this;
    }

    private ObjectLock askedLock(Request rc) {
        return lockHeaders == null ? ObjectLock.NONE : lockHeaders.read(rc);
    }

    private AclHeaders aclHeaders;

    /** Wires ACL headers in (docs/acl.md); without it a write's ACL is none of its own. */
    public CopyHandler withAcls(AclHeaders headers) {
        this.aclHeaders = headers;
        return this;
    }

    /** SSE-9: encryption headers (docs/encryption.md); set once at wiring (Server). */
    private SseHeaders sse = SseHeaders.DEFAULT;

    /** Wires the encryption headers' settings in (HTTPS rule, KMS availability). */
    public CopyHandler withSse(SseHeaders headers) {
        this.sse = headers;
        return this;
    }

    private Acl newObjectAcl(Request rc) {
        return aclHeaders == null ? null : aclHeaders.forNewObject(rc, rc.bucket()).orElse(null);
    }

    public Response copy(Request rc) {
        ObjectHandler.drainEmpty(rc);
        // OBJ-CW5: If-None-Match / If-Match are the destination's (the source's are x-*-copy-source-if-*).
        var condition = WriteConditions.write(rc.header("If-None-Match"), rc.header("If-Match")).since(rc.now());
        ObjectHandler.authorizeConditionRead(rc, condition); // OBJ-CW6: the destination's
        // SSE-11: the destination's mode and the source's SSE-C key, both checked before anything is read.
        EncryptionRequest ask = sse.forWrite(rc);
        byte[] sourceKey = sse.customerKey(rc, true);
        Source src = parseSource(rc.dialectHeader("copy-source"));
        Bucket srcBucket = meta.buckets().find(src.bucket()).orElseThrow(ErrorCode.NO_SUCH_BUCKET::exception);
        // Reading the source needs the same access as a GET on it.
        rc.authorize(Operation.GET_OBJECT, srcBucket, src.key(), src.versionId());
        ExpectedOwner.checkSource(rc, srcBucket);
        ObjectVersion source = source(objects, srcBucket, src);
        rc.authorizeServed(Operation.GET_OBJECT, srcBucket, src.key(), src.versionId(), source); // ACL-E4
        if (source.storageClass().isArchive()) {
            // LC-R6: an archived source is copied from its restored copy, and refused without one.
            ObjectVersion s = source;
            String copy = restores.readableCopy(s, rc.now()).orElseThrow(() -> ErrorCode.INVALID_OBJECT_STATE.exception()
                    .header(rc.out("storage-class"), s.storageClass().name()));
            source = s.withBlob(copy);
        }
        Sealing from = objects.sse().open(source.encryption(), sourceKey); // SSE-8: an SSE-C source needs its key
        if (Conditionals.copySourceFails(rc.dialectHeader("copy-source-if-match"),
                rc.dialectHeader("copy-source-if-none-match"), rc.dialectHeader("copy-source-if-modified-since"),
                rc.dialectHeader("copy-source-if-unmodified-since"), source.etag(), source.lastModified())) {
            throw ErrorCode.PRECONDITION_FAILED.exception();
        }

        boolean replace = ObjectHeaders.isReplace(rc.dialectHeader("metadata-directive"), "metadata");
        // Tags follow their own directive (default COPY); REPLACE takes the tagging header, or none.
        boolean replaceTags = ObjectHeaders.isReplace(rc.dialectHeader("tagging-directive"), "tagging");
        Map<String, String> tags = replaceTags ? ObjectHeaders.tags(rc) : source.tags();
        StorageClass sc = rc.dialectHeader("storage-class") == null ? StorageClass.STANDARD : ObjectHeaders.storageClass(rc);
        // Copying an older version onto its own key is a restore (VER-C5), not a copy to itself.
        boolean sameObject = src.bucket().equals(rc.bucket().name()) && src.key().equals(rc.key()) && source.latest();
        // The encryption attributes change only when the request names them: a bucket default alone does not make a
        // copy onto itself a change, as S3 still refuses such a copy in a bucket with default encryption (SSE-11).
        boolean namesEncryption = rc.dialectHeader("server-side-encryption") != null
                || rc.dialectHeader("server-side-encryption-customer-algorithm") != null;
        if (sameObject && !replace && !replaceTags && sc == source.storageClass() && !namesEncryption) {
            throw ErrorCode.INVALID_REQUEST.exception("This copy request is illegal because it is trying to copy an object to itself "
                    + "without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }
        var cmd = new PutCommand(rc.bucket().name(), rc.key(), source.size(), null, sc,
                replace ? ObjectHeaders.content(rc) : source.content(),
                replace ? ObjectHeaders.userMetadata(rc) : source.userMetadata(), tags)
                .withAcl(newObjectAcl(rc)) // a copy never takes the source's ACL, as on S3 and COS
                .withChecksum(ChecksumWire.algorithmHeader(rc)) // OBJ-K9: computed over the bytes copied when asked
                .withLock(askedLock(rc)) // LOCK-2: nor its lock; the headers or the bucket's default decide
                .withSse(ask); // SSE-11: the destination is encrypted as this request asks, never as the source was
        ObjectVersion v = objects.copy(rc.bucket(), srcBucket, source, from, cmd, condition); // AUTH-15: parts in srcBucket's row
        boolean enabled = rc.bucket().versioning() == VersioningState.ENABLED;
        // VER-C2: the VersionId element only for a versioned destination.
        // The source's CRC64 when it has one (COS: <CRC64> and the header), absent otherwise.
        var body = new ObjectWire.CopyObjectResult(v.etag(), ObjectHeaders.crc64Value(rc, v.crc64()),
                Formats.ISO.format(v.lastModified()), enabled ? v.versionId() : null, ChecksumWire.Values.of(v.checksum(), true));
        var b = ObjectHeaders.crc64(ObjectHandler.newVersionHeader(Response.status(200), rc, v), rc, v.crc64());
        SseHeaders.describe(b, rc, v.encryption(), rc.dialectHeader("server-side-encryption-customer-key-MD5"));
        LifecycleHandler.expirationHeader(lifecycle, b, rc, v);
        if (src.versionId() != null && !src.versionId().isEmpty()) b.header(rc.out("copy-source-version-id"), source.versionId()); // VER-C1
        return b.bytes(Xml.write(body), "application/xml");
    }

    /**
     * The copy source (VER-C1..C4): the current version, or the named one. A current delete marker
     * is NoSuchKey; naming a delete marker by id is InvalidRequest. UploadPartCopy shares it.
     */
    static ObjectVersion source(ObjectService objects, Bucket srcBucket, Source src) {
        String id = src.versionId();
        ObjectVersion v = objects.lookup(srcBucket, src.key(), id); // AUTH-15: the source bucket row authorized above
        if (!v.deleteMarker()) return v;
        if (id == null || id.isEmpty()) throw ErrorCode.NO_SUCH_KEY.exception();
        throw ErrorCode.INVALID_REQUEST.exception("The source of a copy request may not specifically refer to a delete marker by version id.");
    }

    /**
     * {@code s3:x-amz-copy-source} (POL-S9): the source {@link #parseSource} finds, as {@code <bucket>/<key>}
     * (decoded, without a leading slash or {@code ?versionId}), so the condition judges exactly what is
     * copied. Null when the header is absent or malformed (the copy then fails with InvalidCopySource).
     */
    public static String policySource(String header) {
        if (header == null) return null;
        try {
            Source s = parseSource(header);
            return s.bucket() + "/" + s.key();
        } catch (io.cosd.api.error.ApiException malformed) {
            return null;
        }
    }

    /**
     * {@code s3:x-amz-metadata-directive} (POL-S9, POL-C9: facts are the applied value): {@code REPLACE} or
     * {@code COPY} as the copy will act on {@code header}, by the parse the copy uses
     * ({@link ObjectHeaders#isReplace}: trimmed, any case, COS's {@code Replaced}). Null when absent; a value
     * that does not parse stays as sent (the copy refuses it, 400 InvalidArgument, and stores nothing).
     */
    public static String appliedDirective(String header) {
        if (header == null) return null;
        try {
            return ObjectHeaders.isReplace(header, "metadata") ? "REPLACE" : "COPY";
        } catch (io.cosd.api.error.ApiException unknown) {
            return header;
        }
    }

    /**
     * COS host form (docs/spec/protocol.md §8.16): {@code <bucket>.cos.<region>.myqcloud.com} (or
     * {@code .tencentcos.cn}, {@code cos-internal.}) gives the bucket of its first DNS label; the host is
     * never resolved or fetched. Any other first segment is not a host but the bucket itself, dots included:
     * an S3-form bucket may contain dots (--bucket-names s3), and reading {@code logs} for
     * {@code logs.example/k} would copy another bucket than the one named (POL-S9). A dotted bucket in the host
     * form keeps its dots ({@code logs.example.cos.<region>.myqcloud.com}: the region has none, so the split is
     * unique). Null when not a COS host.
     */
    static String cosHostBucket(String first) {
        var m = COS_HOST.matcher(first.toLowerCase(java.util.Locale.ROOT));
        return m.matches() ? m.group(1) : null;
    }

    private static final java.util.regex.Pattern COS_HOST = java.util.regex.Pattern.compile(
            "^([a-z0-9][a-z0-9.-]*)\\.(?:cos|cos-internal)\\.[a-z0-9-]+\\.(?:myqcloud\\.com|tencentcos\\.cn)$");

    static Source parseSource(String header) {
        if (header == null || header.isBlank()) throw ErrorCode.INVALID_COPY_SOURCE.exception();
        String h = header.trim();
        String version = null;
        int q = h.indexOf('?');
        if (q >= 0) {
            version = QueryParams.parse(h.substring(q + 1)).get("versionId");
            h = h.substring(0, q);
        }
        if (h.startsWith("/")) h = h.substring(1);
        int slash = h.indexOf('/');
        if (slash <= 0 || slash == h.length() - 1) throw ErrorCode.INVALID_COPY_SOURCE.exception();
        String first = h.substring(0, slash);
        String bucket = cosHostBucket(first);
        if (bucket == null) bucket = Addressing.decodePath(first);
        String key = Addressing.decodePath(h.substring(slash + 1));
        // ST-V4: the source bucket is looked up as named; PostgreSQL's text cannot hold U+0000 (a 500 before)
        if (bucket.indexOf('\0') >= 0) throw ErrorCode.INVALID_ARGUMENT.exception("The copy source bucket must not contain the character U+0000.");
        // ST-V5: a source bucket no bucket can be named is never looked up
        if (!io.cosd.domain.bucket.BucketNames.mayExist(bucket)) throw ErrorCode.INVALID_BUCKET_NAME.exception(SOURCE_BUCKET_NONE_CAN_HAVE);
        Limits.checkKey(key);
        return new Source(bucket, key, version);
    }

    static final String SOURCE_BUCKET_NONE_CAN_HAVE = "The specified bucket is not valid. The copy source names a bucket no bucket name allows.";

    /**
     * ST-V5, before authentication (ApiHandler): a copy source whose bucket no bucket can be named is
     * {@code 400 InvalidBucketName} without a lookup. Any other fault of the header (no key, a bad key, a U+0000) is
     * left to the handler, which judges it after authorization as before.
     */
    public static void refuseSourceBucketNoneCanHave(String header) {
        try {
            parseSource(header);
        } catch (io.cosd.api.error.ApiException e) {
            if (e.code() == ErrorCode.INVALID_BUCKET_NAME) throw e;
        }
    }
}
