package io.cosd.e2e;

import software.amazon.awssdk.services.s3.model.ObjectAttributes;

import java.util.List;
import java.util.Optional;

import static io.cosd.e2e.ModelCheck.call;
import static io.cosd.e2e.ModelCheck.equal;
import static io.cosd.e2e.ModelCheck.error;
import static io.cosd.e2e.ModelCheck.header;
import static io.cosd.e2e.ModelCheck.ok;

/**
 * GetObject (whole, Range, partNumber, versionId, If-Match/If-None-Match, SSE-C keys right, wrong and
 * missing), HeadObject and GetObjectAttributes in the model-based test. Each answer is checked in
 * the order the server decides (ObjectHandler.read): the version (VER-G1..G4), the SSE-C key (SSE-8),
 * the preconditions (412, 304), the bytes asked for (416), then status, headers and the body's SHA-256.
 */
final class ModelReads {
    private static final String OTHER_ETAG = "\"00000000000000000000000000000000\"";

    private final ModelRun run;
    private final ModelWrites writes;

    ModelReads(ModelRun run, ModelWrites writes) {
        this.run = run;
        this.writes = writes;
    }

    /** What a read addresses and sends. */
    private record Ask(String bucket, String key, String versionId, String sseKey, String ifMatch, String ifNoneMatch,
                       String range, Integer partNumber) {
        @Override
        public String toString() {
            return bucket + "/" + key + (versionId == null ? "" : "?versionId=" + versionId) + (range == null ? "" : " Range " + range)
                    + (partNumber == null ? "" : " partNumber " + partNumber) + (ifMatch == null ? "" : " If-Match " + ifMatch)
                    + (ifNoneMatch == null ? "" : " If-None-Match " + ifNoneMatch)
                    + (sseKey == null ? "" : " SSE-C key " + (ModelSse.KEY_1.equals(sseKey) ? "k1" : "k2"));
        }
    }

    private Ask ask() {
        String bucket = run.bucket(), key = run.key();
        String versionId = run.chance(30) ? writes.pickId(bucket, key) : null;
        Optional<ModelVersion> target = versionId != null ? run.model.byId(bucket, key, versionId) : run.model.current(bucket, key);
        ModelVersion data = target.filter(v -> !v.marker()).orElse(null);
        String sseKey = writes.readKey(data);
        String ifMatch = run.chance(10) ? (data != null && run.chance(60) ? data.etag() : OTHER_ETAG) : null;
        String ifNoneMatch = run.chance(10) ? (data != null && run.chance(60) ? data.etag() : OTHER_ETAG) : null;
        String range = null;
        Integer part = null;
        int r = run.rng.nextInt(100);
        if (r < 30) range = range(data == null ? 1 + run.rng.nextInt(100) : data.size());
        else if (r < 38 && data != null && data.size() > 0) range = ModelByteRanges.header(ModelByteRanges.pick(run.rng, data.size()));
        else if (r >= 80 && data != null) part = partNumber(data);
        return new Ask(bucket, key, versionId, sseKey, ifMatch, ifNoneMatch, range, part);
    }

    /** A Range header for an object of {@code n} bytes: valid (closed, open, suffix) or unsatisfiable. */
    private String range(long n) {
        int r = run.rng.nextInt(100);
        if (n == 0 || r >= 85) { // RFC 7233: a first byte at or past the end; an empty object has no byte (416)
            long s = n + run.rng.nextInt(3) * (1 + run.rng.nextInt(50));
            return run.chance(50) ? "bytes=" + s + "-" : "bytes=" + s + "-" + (s + run.rng.nextInt(10));
        }
        long a = (long) (run.rng.nextDouble() * n);
        if (r < 40) return "bytes=" + a + "-" + (a + (long) (run.rng.nextDouble() * (n - a + 5))); // may end past the end
        if (r < 60) return "bytes=" + a + "-";
        return "bytes=-" + (1 + (long) (run.rng.nextDouble() * (n + 5))); // a suffix longer than the object is all of it
    }

    /** A part number: one of the version's parts or one past them (416 InvalidPartNumber); a simple object is one part (docs/storage.md). */
    private Integer partNumber(ModelVersion v) {
        int count = v.multipart() ? v.partSizes().size() : 1;
        return 1 + run.rng.nextInt(count + 1);
    }

    /** The bytes a read serves, or the refusal (status and code) that answers it, in the server's order. */
    private record Plan(int status, String code, ModelVersion version, long start, long end, String contentRange) {
        long length() {
            return end - start;
        }
    }

    private Plan plan(Ask q) {
        Optional<ModelVersion> found = q.versionId() != null ? run.model.byId(q.bucket(), q.key(), q.versionId())
                : run.model.current(q.bucket(), q.key());
        if (found.isEmpty()) return new Plan(404, q.versionId() != null ? "NoSuchVersion" : "NoSuchKey", null, 0, 0, null);
        ModelVersion v = found.get();
        if (v.marker()) return new Plan(q.versionId() != null ? 405 : 404, q.versionId() != null ? "MethodNotAllowed" : "NoSuchKey", v, 0, 0, null);
        String refusal = ModelWrites.keyRefusal(v, q.sseKey());
        if (refusal != null) return new Plan(Integer.parseInt(refusal.substring(0, 3)), refusal.substring(4), v, 0, 0, null);
        if (q.ifMatch() != null && !q.ifMatch().equals(v.etag())) return new Plan(412, "PreconditionFailed", v, 0, 0, null);
        if (q.ifNoneMatch() != null && q.ifNoneMatch().equals(v.etag())) return new Plan(304, null, v, 0, 0, null);
        long n = v.size();
        if (q.partNumber() != null) {
            int count = v.multipart() ? v.partSizes().size() : 1;
            if (q.partNumber() > count) return new Plan(416, "InvalidPartNumber", v, 0, 0, null);
            long start = 0;
            for (int i = 0; i < q.partNumber() - 1; i++) start += v.partSizes().get(i);
            long len = v.multipart() ? v.partSizes().get(q.partNumber() - 1) : n;
            // EDGE-R5: an empty object is served whole (200, as S3); an empty part of another selects nothing
            if (len == 0) return n == 0 ? new Plan(200, null, v, 0, 0, null) : new Plan(416, "InvalidRange", v, 0, 0, "bytes */" + n);
            return new Plan(206, null, v, start, start + len, "bytes " + start + "-" + (start + len - 1) + "/" + n);
        }
        if (q.range() == null) return new Plan(200, null, v, 0, n, null); // EDGE-R4: a HEAD answers its Range as the GET
        if (q.range().contains(",")) { // EDGE-R2: several ranges; one after merging is a plain 206
            List<ModelByteRanges.Range> merged = ModelByteRanges.planned(several(q.range()));
            if (merged.size() > 1) return new Plan(206, "multipart", v, 0, n, null);
            var m = merged.get(0);
            return new Plan(206, null, v, m.start(), m.end() + 1, "bytes " + m.start() + "-" + m.end() + "/" + n);
        }
        String spec = q.range().substring("bytes=".length());
        int dash = spec.indexOf('-');
        long start, end; // end exclusive
        if (dash == 0) {
            long k = Long.parseLong(spec.substring(1));
            start = Math.max(0, n - k);
            end = n;
        } else {
            start = Long.parseLong(spec.substring(0, dash));
            end = dash == spec.length() - 1 ? n : Math.min(n, Long.parseLong(spec.substring(dash + 1)) + 1);
        }
        if (start >= n || n == 0) return new Plan(416, "InvalidRange", v, 0, 0, "bytes */" + n);
        return new Plan(206, null, v, start, end, "bytes " + start + "-" + (end - 1) + "/" + n);
    }

    private static List<ModelByteRanges.Range> several(String header) {
        List<ModelByteRanges.Range> out = new java.util.ArrayList<>();
        for (String spec : header.substring("bytes=".length()).split(",")) {
            String[] se = spec.split("-");
            out.add(new ModelByteRanges.Range(Long.parseLong(se[0]), Long.parseLong(se[1])));
        }
        return out;
    }

    /**
     * EDGE-R2, EDGE-R4: several disjoint ranges. A GET is a multipart/byteranges body whose parts are the
     * merged ranges in order, each the right bytes; a HEAD gives the whole object's head.
     */
    private void severalRanges(ModelCheck.Answer<?> a, Plan p, Ask q, byte[] body, String what) {
        ModelVersion v = p.version();
        List<ModelByteRanges.Range> merged = ModelByteRanges.planned(several(q.range()));
        run.count(body == null ? "HeadObject several ranges" : "GetObject several ranges");
        String type = a.header("Content-Type").orElse("");
        if (body == null) { // HEAD
            ModelCheck.equal(a.status(), 200, what + " status of a HEAD with several ranges (EDGE-R4)");
            header(a, "Content-Length", Long.toString(v.size()), what);
            header(a, "Content-Range", null, what);
            return;
        }
        ModelCheck.that(type.startsWith("multipart/byteranges; boundary="), "%s: Content-Type %s for several ranges", what, type);
        List<ModelByteRanges.Part> parts = ModelByteRanges.parts(body, type.substring(type.indexOf('=') + 1));
        equal(parts.size(), merged.size(), what + " parts of the multipart/byteranges body (EDGE-R2)");
        for (int i = 0; i < parts.size(); i++) {
            var r = merged.get(i);
            equal(parts.get(i).contentRange(), "bytes " + r.start() + "-" + r.end() + "/" + v.size(), what + " part " + i + " Content-Range");
            equal(ModelContent.hex("SHA-256", parts.get(i).bytes()), v.content().slice(r.start(), r.end() + 1).sha256Hex(),
                    what + " part " + i + " SHA-256");
        }
        header(a, "ETag", v.etag(), what);
        ModelCheck.sse(a, v.sse(), true, what);
    }

    void get() {
        Ask q = ask();
        run.note("GetObject " + q);
        var a = call(() -> run.s3.getObjectAsBytes(b -> {
            b.bucket(q.bucket()).key(q.key()).versionId(q.versionId()).range(q.range()).partNumber(q.partNumber())
                    .ifMatch(q.ifMatch()).ifNoneMatch(q.ifNoneMatch());
            if (q.sseKey() != null) b.sseCustomerAlgorithm("AES256").sseCustomerKey(q.sseKey()).sseCustomerKeyMD5(ModelSse.md5(q.sseKey()));
        }));
        Plan p = plan(q);
        if (refused(a, p, q, "GetObject", true)) return;
        ok(a, p.status(), "GetObject " + q);
        var r = a.response().response();
        byte[] body = a.response().asByteArray();
        if ("multipart".equals(p.code())) {
            severalRanges(a, p, q, body, "GetObject " + q);
            return;
        }
        describes(a, p, q, "GetObject");
        equal((long) body.length, p.length(), "GetObject body length");
        equal(ModelContent.hex("SHA-256", body), p.version().content().slice(p.start(), p.end()).sha256Hex(), "GetObject body SHA-256");
        equal(r.metadata(), p.version().meta(), "GetObject user metadata");
    }

    void head() {
        Ask q = ask();
        run.note("HeadObject " + q);
        var a = call(() -> run.s3.headObject(b -> {
            b.bucket(q.bucket()).key(q.key()).versionId(q.versionId()).range(q.range()).partNumber(q.partNumber())
                    .ifMatch(q.ifMatch()).ifNoneMatch(q.ifNoneMatch());
            if (q.sseKey() != null) b.sseCustomerAlgorithm("AES256").sseCustomerKey(q.sseKey()).sseCustomerKeyMD5(ModelSse.md5(q.sseKey()));
        }));
        Plan p = plan(q);
        if (refused(a, p, q, "HeadObject", false)) return;
        if ("multipart".equals(p.code())) {
            severalRanges(a, p, q, null, "HeadObject " + q);
            return;
        }
        ok(a, p.status(), "HeadObject " + q);
        describes(a, p, q, "HeadObject");
        equal(a.response().metadata(), p.version().meta(), "HeadObject user metadata");
    }

    /** The headers of a served read: length, range, ETag, type, version id (VER-I6), encryption (SSE-10), parts count. */
    private void describes(ModelCheck.Answer<?> a, Plan p, Ask q, String what) {
        ModelVersion v = p.version();
        header(a, "Content-Length", Long.toString(p.length()), what);
        header(a, "Content-Range", p.contentRange(), what);
        header(a, "ETag", v.etag(), what);
        header(a, "Content-Type", v.contentType(), what);
        header(a, "x-amz-version-id", run.model.bucket(q.bucket()).everVersioned() ? v.id() : null, what + " (VER-I6)");
        header(a, "x-amz-delete-marker", null, what);
        header(a, "x-amz-tagging-count", v.tags() == 0 ? null : Integer.toString(v.tags()), what);
        header(a, "x-amz-mp-parts-count", q.partNumber() != null && v.multipart() ? Integer.toString(v.partSizes().size()) : null, what);
        ModelCheck.sse(a, v.sse(), true, what);
    }

    /**
     * Whether the plan is a refusal, checked: status, code (not on HEAD, which has no body), and the
     * delete-marker and version headers VER-G2..G4 put on a 404 or 405; a 304 carries the ETag.
     */
    private boolean refused(ModelCheck.Answer<?> a, Plan p, Ask q, String what, boolean hasCode) {
        if (p.status() < 300) return false;
        error(a, p.status(), hasCode ? p.code() : null, what + " " + q);
        if (p.status() == 404 || p.status() == 405) {
            boolean marker = p.version() != null;
            header(a, "x-amz-delete-marker", Boolean.toString(marker), what + " (VER-G2..G4)");
            header(a, "x-amz-version-id", marker ? p.version().id() : null, what + " (VER-G2)");
        }
        if (p.status() == 304) header(a, "ETag", p.version().etag(), what + " 304");
        if (p.status() == 416 && p.contentRange() != null) header(a, "Content-Range", p.contentRange(), what + " 416");
        return true;
    }

    /** GetObjectAttributes (docs/object-attributes.md, OBJ-A2, A3, A6): unquoted ETag, size, parts count. */
    void attributes() {
        String bucket = run.bucket(), key = run.key();
        String versionId = run.chance(30) ? writes.pickId(bucket, key) : null;
        Optional<ModelVersion> target = versionId != null ? run.model.byId(bucket, key, versionId) : run.model.current(bucket, key);
        String sseKey = writes.readKey(target.filter(v -> !v.marker()).orElse(null));
        Ask q = new Ask(bucket, key, versionId, sseKey, null, null, null, null);
        run.note("GetObjectAttributes " + q);
        var a = call(() -> run.s3.getObjectAttributes(b -> {
            b.bucket(bucket).key(key).versionId(versionId)
                    .objectAttributes(ObjectAttributes.E_TAG, ObjectAttributes.OBJECT_SIZE, ObjectAttributes.OBJECT_PARTS, ObjectAttributes.STORAGE_CLASS);
            if (sseKey != null) b.sseCustomerAlgorithm("AES256").sseCustomerKey(sseKey).sseCustomerKeyMD5(ModelSse.md5(sseKey));
        }));
        Plan p = plan(q);
        if (refused(a, p, q, "GetObjectAttributes", true)) return;
        ok(a, 200, "GetObjectAttributes " + q);
        ModelVersion v = p.version();
        var r = a.response();
        equal(r.eTag(), v.etag().replace("\"", ""), "GetObjectAttributes ETag (OBJ-A2: unquoted)");
        equal(r.objectSize(), v.size(), "GetObjectAttributes ObjectSize");
        equal(r.objectParts() == null ? null : r.objectParts().totalPartsCount(), v.multipart() ? v.partSizes().size() : null,
                "GetObjectAttributes ObjectParts/PartsCount (OBJ-A3)");
        equal(r.storageClassAsString(), "STANDARD", "GetObjectAttributes StorageClass");
        header(a, "x-amz-version-id", ModelVersion.NULL.equals(v.id()) ? null : v.id(), "GetObjectAttributes (OBJ-A2)");
    }
}
