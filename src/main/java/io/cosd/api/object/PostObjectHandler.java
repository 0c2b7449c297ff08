package io.cosd.api.object;

import io.cosd.api.core.ChecksumHeaders;
import io.cosd.domain.object.ChecksumAlgorithm;

import io.cosd.api.acl.AclHeaders;
import io.cosd.api.auth.Authenticator;
import io.cosd.api.core.Limits;
import io.cosd.api.core.Request;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.lifecycle.LifecycleHandler;
import io.cosd.api.route.Operation;
import io.cosd.api.route.UnbuiltHeaders;
import io.cosd.api.lock.LockHeaders;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.Tags;
import io.cosd.domain.signing.UriCodec;
import io.cosd.service.LifecycleService;
import io.cosd.service.ObjectService;
import io.cosd.service.PutCommand;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * POST Object, the browser form upload (docs/post-object.md; COS 436/14690, S3 RESTObjectPOST).
 * The form fields before the file are read into memory within {@link PostForm}'s limits; then, before
 * a byte of the file is read, the signature is verified, the policy checked against the fields
 * (AUTH-P1) and the bucket policy asked as for PutObject on the resolved key, its conditions seeing the
 * form's stored values, not the POST's headers (AUTH-P2, {@link PostFacts});
 * only then is the file part streamed through the normal PutObject write path, its length held to
 * the policy's content-length-range as it streams (AUTH-P1). Fields after the file are ignored, as S3
 * does (they are not covered by the check that ran before them), and so is malformed trailing content:
 * nothing refuses the request once the object is stored.
 */
public final class PostObjectHandler {
    private final ObjectService objects;
    private final LifecycleService lifecycle;
    private final Authenticator authenticator;

    public PostObjectHandler(ObjectService objects, LifecycleService lifecycle, Authenticator authenticator) {
        this.objects = Objects.requireNonNull(objects);
        this.lifecycle = Objects.requireNonNull(lifecycle);
        this.authenticator = Objects.requireNonNull(authenticator);
    }

    /** The acl and grant fields (docs/acl.md); set once at wiring (Server). Without it a form's object has no ACL of its own. */
    private AclHeaders aclHeaders;

    public PostObjectHandler withAcls(AclHeaders headers) {
        this.aclHeaders = headers;
        return this;
    }

    /** SSE-15: the encryption fields' settings (HTTPS rule); set once at wiring (Server). */
    private SseHeaders sse = SseHeaders.DEFAULT;

    public PostObjectHandler withSse(SseHeaders headers) {
        this.sse = headers;
        return this;
    }

    /**
     * Whose default applies to a form without acl or grant fields (ACL-C2): S3's ({@code private}, owned by the
     * writer) for a form signed the S3 ways, else the request's dialect, as for a PutObject without ACL headers.
     */
    static Dialect formDialect(Map<String, String> f, Request rc) {
        return f.containsKey("x-amz-signature") || f.containsKey("awsaccesskeyid") ? Dialect.S3 : rc.dialect();
    }

    private LockHeaders lockHeaders;

    /** Wires object lock's fields in (docs/object-lock.md); without it a form asks for no lock. */
    public PostObjectHandler withLocks(LockHeaders headers) {
        this.lockHeaders = headers;
        return this;
    }

    public Response post(Request rc) {
        PostFacts.refuseObjectHeaders(rc.headers().entries());
        String boundary = FormParts.boundary(rc.header("Content-Type"));
        if (boundary == null) {
            throw ErrorCode.MALFORMED_POST_REQUEST.exception("The body of your POST request is not well-formed multipart/form-data.");
        }
        CountingStream counted = new CountingStream(rc.body());
        FormParts parts = new FormParts(counted, boundary);
        try {
            PostForm form = PostForm.read(parts);
            Map<String, String> f = form.fields();
            String policyB64 = f.get("policy");
            PostPolicy policy = policyB64 == null ? null : PostPolicy.parse(policyB64);
            Principal signer = authenticator.verifyPostForm(f::get, policyB64, policy == null ? null : policy.json(),
                    policy == null ? null : policy.expiration());
            String rawKey = f.get("key");
            if (rawKey == null) throw ErrorCode.INVALID_ARGUMENT.exception("Bucket POST must contain a field named 'key'. If it is specified, please check the order of the fields.");
            String key = rawKey.replace("${filename}", form.file().filename() == null ? "" : form.file().filename());
            if (key.isEmpty()) throw ErrorCode.INVALID_ARGUMENT.exception("User key must have a length greater than 0.");
            Limits.checkNewKey(key); // ST-V2
            // A condition on the key holds for the key stored (${filename} replaced) or for the key field as sent
            // (a signer's {"key": "up/${filename}"}); the bucket policy below decides the resolved key.
            PostPolicy.LengthRange range = policy == null ? new PostPolicy.LengthRange(0, Long.MAX_VALUE, "")
                    : policy.check(rc.bucket().name(), f, key, rc.now());
            // Only the form's own signature counts: an Authorization header or presigned query on the POST
            // covers no form field, so it lends the form no authority (unsigned form: anonymous).
            Request as = rc.signedBy(signer == null ? Principal.ANONYMOUS : signer);
            // AUTH-P2: the bucket policy decides as for PutObject on the resolved key; anonymous only when it allows.
            // Its conditions see the object that will be stored (the form's fields), not the POST's headers.
            as.authorizeWithFacts(Operation.POST_OBJECT, rc.bucket(), key, PostFacts.of(f, rc::header));
            refuseUnbuilt(f, sse.kms());
            var cmd = new PutCommand(rc.bucket().name(), key, -1, Request.contentMd5(f.get("content-md5")), storageClass(f),
                    content(f), userMetadata(f), tags(f.get("tagging")));
            // The acl and grant fields, read as PutObject reads their header twins (ACL-C1..C3, ACL-H1..H3, POL-P6),
            // for the signer, after authorization and before a byte of the file is read: a bad ACL stores nothing.
            if (aclHeaders != null) {
                // ACL-C5: an acl or grant field granting beyond the owners is a PutObjectAcl too, with the same facts
                cmd = cmd.withAcl(aclHeaders.forPostForm(suffix -> PostFacts.aclField(f, suffix), formDialect(f, rc),
                        as.principal(), rc.bucket(),
                        () -> as.authorizeWithFacts(Operation.PUT_OBJECT_ACL, rc.bucket(), key, PostFacts.of(f, rc::header))).orElse(null));
            }
            if (lockHeaders != null) {
                // LOCK-2: the lock fields, read as PutObject reads their header twins, with their permissions for the signer
                cmd = cmd.withLock(lockHeaders.read(rc, suffix -> PostFacts.lockField(f, suffix),
                        op -> as.authorizeWithFacts(op, rc.bucket(), key, PostFacts.of(f, rc::header))));
            }
            // SSE-15: the encryption fields, read as PutObject reads their header twins, before the file is read.
            cmd = cmd.withSse(sse.forWrite(suffix -> PostFacts.field(f, suffix), () -> sse.secure(rc), rc.bucket(), key));
            long max = Math.min(range.max(), Limits.MAX_PUT_BYTES);
            InputStream fileBody = form.file().body();
            // AUTH-11, AUTH-12: a declared SHA-256 of the body is checked at the body's end, so that end is read
            // before the file commits (ReadsBodyToItsEnd), never after the answer or not at all.
            if (ReadsBodyToItsEnd.declared(rc.header("x-amz-content-sha256"))) fileBody = new ReadsBodyToItsEnd(fileBody, parts, counted);
            InputStream file = new LengthRangeStream(fileBody, range.min(), max, range.max() < Limits.MAX_PUT_BYTES);
            // OBJ-K10: a checksum field is verified against the file as its header twin is, and stored.
            Map.Entry<String, String> checksum = checksumField(f);
            if (checksum != null) {
                file = ChecksumHeaders.verifying(checksum.getKey(), checksum.getValue(), file);
                cmd = cmd.withChecksum(ChecksumAlgorithm.parse(checksum.getKey().substring(15)).orElseThrow());
            }
            ObjectVersion v = objects.put(rc.bucket(), cmd, file);
            drainRest(parts, counted);
            Response r = answer(rc, f, key, v);
            var more = SseHeaders.describe(Response.status(200), formDialect(f, rc)::header, v.encryption(),
                    PostFacts.field(f, "server-side-encryption-customer-key-MD5"));
            return r.withHeaders(more.empty().headers()); // SSE-10
        } catch (FormParts.Malformed e) {
            throw ErrorCode.MALFORMED_POST_REQUEST.exception("The body of your POST request is not well-formed multipart/form-data.");
        } catch (IOException e) {
            throw ErrorCode.INCOMPLETE_BODY.exception(e.getMessage());
        }
    }

    /** What is read after the file part before the answer is sent anyway (the edge then closes the connection). */
    static final long MAX_TRAILING_BYTES = 1024 * 1024;

    /**
     * Fields after the file are read and dropped (never applied), so a browser's usual trailing
     * submit button keeps the connection usable; more than {@link #MAX_TRAILING_BYTES} is not read.
     * The object is stored by now, so nothing here may refuse the request (docs/post-object.md
     * "How a form is processed"): malformed or cut-off trailing content ends the draining, as S3
     * ignores what follows the file, and the edge closes the connection on the unread rest.
     */
    static void drainRest(FormParts parts, CountingStream counted) {
        long start = counted.count;
        try {
            while (counted.count - start < MAX_TRAILING_BYTES && parts.next() != null) {
                // ignored, as S3 ignores fields after the file
            }
        } catch (IOException malformedOrCut) {
            // ignored: see above (FormParts.Malformed is an IOException)
        }
    }

    /** Counts the bytes read from the request body. */
    static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) { super(in); }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }

    /** OBJ-K10: the form's {@code x-amz-checksum-<alg>} field, or null; more than one is 400 InvalidRequest, as its header twins. */
    static Map.Entry<String, String> checksumField(Map<String, String> fields) {
        Map.Entry<String, String> found = null;
        for (var e : fields.entrySet()) {
            if (!verifiedChecksumField(e.getKey())) continue;
            if (found != null) {
                throw ErrorCode.INVALID_REQUEST.exception("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
            }
            found = e;
        }
        return found;
    }

    private static boolean verifiedChecksumField(String name) {
        return name.startsWith("x-amz-checksum-") && ChecksumAlgorithm.parse(name.substring(15)).isPresent();
    }

    /**
     * UB-1 for form fields: the same refusals as the PutObject headers they stand for (SSE, object lock,
     * website redirects), and every checksum field but an {@code x-amz-checksum-<alg>} value, which is verified
     * (OBJ-K10; docs/post-object.md "Fields"). The acl and the five grant fields pass here (POST_OBJECT applies them) and are read by {@link AclHeaders};
 * any other grant field is 400 InvalidArgument.
     */
    static void refuseUnbuilt(Map<String, String> fields) {
        refuseUnbuilt(fields, false);
    }

    /** As above; {@code kms}: a key service is wired, so SSE-KMS fields are built (SSE-16). */
    static void refuseUnbuilt(Map<String, String> fields, boolean kms) {
        AclHeaders.refuseUnknownGrants(fields.keySet(), "form field");   // a typo'd grant is refused, never ignored (UB-1, ACL-H4)
        List<Map.Entry<String, String>> asHeaders = new ArrayList<>();
        for (var e : fields.entrySet()) {
            String name = e.getKey().equals("acl") ? "x-cos-acl" : e.getKey();
            if ((name.startsWith("x-amz-checksum-") && !verifiedChecksumField(name)) || name.startsWith("x-cos-checksum-")) {
                throw ErrorCode.NOT_IMPLEMENTED.exception("A form field you provided implies functionality that is not implemented: "
                        + e.getKey() + " (checksums on POST Object; see docs/unbuilt.md).");
            }
            asHeaders.add(Map.entry(name, e.getValue()));
        }
        UnbuiltHeaders.refusal(Operation.POST_OBJECT, asHeaders, kms)
                .or(() -> UnbuiltHeaders.conditionRefusal(Operation.POST_OBJECT, "POST", asHeaders)) // If-* fields: no form condition is built
                .ifPresent(m -> {
                    throw ErrorCode.NOT_IMPLEMENTED.exception(m.replace("A header you provided", "A form field you provided"));
                });
    }

    static ContentHeaders content(Map<String, String> f) {
        String ct = f.get("content-type");
        return new ContentHeaders(ct == null || ct.isBlank() ? ContentHeaders.DEFAULT_CONTENT_TYPE : ct.trim(),
                f.get("cache-control"), f.get("content-disposition"), f.get("content-encoding"),
                f.get("content-language"), f.get("expires"));
    }

    static Map<String, String> userMetadata(Map<String, String> f) {
        Map<String, String> m = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (k.startsWith("x-cos-meta-") || k.startsWith("x-amz-meta-")) m.put(k.substring(11), v.trim());
        });
        return m;
    }

    static StorageClass storageClass(Map<String, String> f) {
        String v = f.get("x-cos-storage-class");
        if (v == null) v = f.get("x-amz-storage-class");
        if (v == null || v.isBlank()) return StorageClass.STANDARD;
        return StorageClass.parse(v.trim()).orElseThrow(ErrorCode.INVALID_STORAGE_CLASS::exception);
    }

    /** The {@code tagging} field: a Tagging XML document, as S3 defines it for POST. */
    static Map<String, String> tags(String xml) {
        if (xml == null || xml.isBlank()) return Map.of();
        var doc = TaggingHandler.Tagging.read(xml.getBytes(StandardCharsets.UTF_8));
        var pairs = new ArrayList<Map.Entry<String, String>>();
        if (doc.tagSet() != null && doc.tagSet().tags() != null) {
            for (var t : doc.tagSet().tags()) {
                if (t == null || t.key() == null) throw ErrorCode.MALFORMED_XML.exception();
                pairs.add(Map.entry(t.key(), t.value() == null ? "" : t.value()));
            }
        }
        Tags.Checked c = Tags.check(pairs);
        if (!c.ok()) throw ErrorCode.INVALID_TAG.exception(c.problem());
        return c.tags();
    }

    /** success_action_redirect (303), else success_action_status 200, 201 (with the PostResponse document) or 204. */
    private Response answer(Request rc, Map<String, String> f, String key, ObjectVersion v) {
        String location = location(rc, key);
        String redirect = f.get("success_action_redirect");
        if (redirect == null) redirect = f.get("redirect");
        Response.Builder b;
        if (redirect != null && !redirect.isBlank() && (redirect.startsWith("http://") || redirect.startsWith("https://"))) {
            String q = "bucket=" + form(rc.bucket().name()) + "&key=" + form(key) + "&etag=" + form(v.etag());
            b = Response.status(303).header("Location", redirect + (redirect.contains("?") ? "&" : "?") + q);
        } else {
            String status = f.getOrDefault("success_action_status", "204");
            int code = switch (status.trim()) {
                case "200" -> 200;
                case "201" -> 201;
                default -> 204; // S3: any other value is 204
            };
            b = Response.status(code).header("Location", location);
            if (code == 201) {
                ObjectHandler.newVersionHeader(b.header("ETag", v.etag()), rc, v);
                LifecycleHandler.expirationHeader(lifecycle, b, rc, v);
                return b.bytes(PostResponseXml.write(location, rc.bucket().name(), key, v.etag()), "application/xml");
            }
        }
        ObjectHandler.newVersionHeader(b.header("ETag", v.etag()), rc, v);
        ObjectHeaders.crc64(b, rc, v.crc64());
        ChecksumWire.headers(b, v.checksum());
        LifecycleHandler.expirationHeader(lifecycle, b, rc, v);
        return b.empty();
    }

    private static String location(Request rc, String key) {
        String host = rc.header("Host");
        String path = rc.target().virtualHosted() ? "/" + UriCodec.encode(key, true)
                : "/" + rc.bucket().name() + "/" + UriCodec.encode(key, true);
        return "http://" + host + path;
    }

    private static String form(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
