package io.cosd.e2e;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.cosd.e2e.ModelCheck.call;
import static io.cosd.e2e.ModelCheck.equal;
import static io.cosd.e2e.ModelCheck.error;
import static io.cosd.e2e.ModelCheck.ok;

/**
 * A multipart upload as one step of the model-based test: initiate (with or without SSE), one to three
 * parts uploaded or copied from a range of an existing version (UploadPartCopy), sometimes a part too
 * small for a non-last part first (EntityTooSmall at completion, then uploaded again under the same
 * number), sometimes a completion naming a wrong ETag (InvalidPart; the upload stays), then
 * CompleteMultipartUpload or AbortMultipartUpload. Parts but the last are just over COS's 1 MiB
 * minimum, so a run stays cheap.
 */
final class ModelUploads {
    private final ModelRun run;
    private final ModelWrites writes;

    ModelUploads(ModelRun run, ModelWrites writes) {
        this.run = run;
        this.writes = writes;
    }

    private record Part(ModelContent content, String etag) {}

    void upload() {
        String bucket = run.bucket(), key = run.key(), ct = run.contentType();
        ModelSse sse = run.sse();
        Map<String, String> meta = run.meta();
        String tagging = run.tagging();
        int n = 1 + run.rng.nextInt(3);
        run.note("CreateMultipartUpload " + bucket + "/" + key + " " + sse + " " + n + " parts");
        var created = call(() -> run.s3.createMultipartUpload(b -> {
            b.bucket(bucket).key(key).contentType(ct).metadata(meta).tagging(tagging);
            switch (sse.mode()) {
                case SSE_S3 -> b.serverSideEncryption(ServerSideEncryption.AES256);
                case SSE_C -> b.sseCustomerAlgorithm("AES256").sseCustomerKey(sse.key()).sseCustomerKeyMD5(ModelSse.md5(sse.key()));
                case NONE -> { }
            }
        }));
        ok(created, 200, "CreateMultipartUpload");
        ModelCheck.sse(created, sse, true, "CreateMultipartUpload");
        String uploadId = created.response().uploadId();
        List<Part> parts = new ArrayList<>();
        boolean tooSmallFirst = n >= 2 && run.chance(20);
        for (int i = 1; i <= n; i++) {
            boolean last = i == n;
            long size = last ? lastPartSize() : ModelRun.MIN_PART + run.rng.nextInt(2048);
            if (i == 1 && tooSmallFirst) size = 1 + run.rng.nextInt(4096);
            parts.add(part(bucket, key, uploadId, sse, i, size, last));
        }
        if (tooSmallFirst) { // every part but the last must reach the minimum: refused, nothing changes
            run.note("CompleteMultipartUpload with a small first part");
            error(complete(bucket, key, uploadId, sse, etags(parts)), 400, "EntityTooSmall", "CompleteMultipartUpload of a small first part");
            parts.set(0, part(bucket, key, uploadId, sse, 1, ModelRun.MIN_PART + run.rng.nextInt(2048), false));
        }
        if (run.chance(10)) {
            List<String> wrong = etags(parts);
            wrong.set(wrong.size() - 1, "\"0123456789abcdef0123456789abcdef\"");
            run.note("CompleteMultipartUpload naming a wrong ETag");
            error(complete(bucket, key, uploadId, sse, wrong), 400, "InvalidPart", "CompleteMultipartUpload with a wrong part ETag");
        }
        if (run.chance(12)) {
            run.note("AbortMultipartUpload " + uploadId);
            ok(call(() -> run.s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId))), 204, "AbortMultipartUpload");
            error(complete(bucket, key, uploadId, sse, etags(parts)), 404, "NoSuchUpload", "CompleteMultipartUpload after an abort");
            run.count("AbortMultipartUpload");
            return;
        }
        run.note("CompleteMultipartUpload " + uploadId);
        var done = complete(bucket, key, uploadId, sse, etags(parts));
        ok(done, 200, "CompleteMultipartUpload");
        String etag = ModelCheck.multipartEtag(etags(parts));
        equal(done.response().eTag(), etag, "CompleteMultipartUpload ETag");
        String id = writes.newVersion(bucket, done.response().versionId(), "CompleteMultipartUpload");
        ModelContent all = ModelContent.EMPTY;
        List<Long> sizes = new ArrayList<>();
        for (Part p : parts) {
            all = all.concat(p.content());
            sizes.add(p.content().length);
        }
        run.model.put(bucket, key, new ModelVersion(id, false, all, etag, meta, ct, sse, sizes, ModelRun.tagCount(tagging)));
    }

    private long lastPartSize() {
        int r = run.rng.nextInt(100);
        if (r < 5) return 0;
        if (r < 70) return 1 + run.rng.nextInt(5000);
        return ModelRun.INLINE_MAX - 20 + run.rng.nextInt(40);
    }

    private static List<String> etags(List<Part> parts) {
        List<String> out = new ArrayList<>();
        for (Part p : parts) out.add(p.etag());
        return out;
    }

    /** Part {@code number}: copied from a range of a version big enough (sometimes), else uploaded. */
    private Part part(String bucket, String key, String uploadId, ModelSse sse, int number, long size, boolean last) {
        List<ObjectModel.Located> sources = run.model.dataVersions().stream().filter(l -> l.version().size() >= Math.max(1, size)).toList();
        if (size > 0 && !sources.isEmpty() && run.chance(35)) return copiedPart(bucket, key, uploadId, sse, number, size, run.pick(sources));
        ModelContent c = ModelContent.random(run.rng.nextLong(), size);
        run.note("UploadPart " + number + " " + c);
        var a = call(() -> run.s3.uploadPart(b -> {
            b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number);
            if (sse.customerKeyed()) b.sseCustomerAlgorithm("AES256").sseCustomerKey(sse.key()).sseCustomerKeyMD5(ModelSse.md5(sse.key()));
        }, RequestBody.fromBytes(c.bytes())));
        ok(a, 200, "UploadPart");
        ModelCheck.sse(a, sse, true, "UploadPart");
        return new Part(c, ModelCheck.etag(a.response().eTag(), c, sse.customerKeyed(), "UploadPart"));
    }

    /** UploadPartCopy of {@code size} bytes of {@code from}, at a random offset, named by version id or as the current one. */
    private Part copiedPart(String bucket, String key, String uploadId, ModelSse sse, int number, long size, ObjectModel.Located from) {
        ModelVersion v = from.version();
        long start = v.size() == size ? 0 : (long) (run.rng.nextDouble() * (v.size() - size));
        boolean current = run.model.current(from.bucket(), from.key()).map(c -> c == v).orElse(false);
        String versionId = current && run.chance(50) ? null : v.id();
        ModelContent c = v.content().slice(start, start + size);
        String range = "bytes=" + start + "-" + (start + size - 1);
        run.note("UploadPartCopy " + number + " from " + from.bucket() + "/" + from.key() + " " + v + " " + range);
        var a = call(() -> run.s3.uploadPartCopy(b -> {
            b.sourceBucket(from.bucket()).sourceKey(from.key()).sourceVersionId(versionId).destinationBucket(bucket).destinationKey(key)
                    .uploadId(uploadId).partNumber(number).copySourceRange(range);
            if (sse.customerKeyed()) b.sseCustomerAlgorithm("AES256").sseCustomerKey(sse.key()).sseCustomerKeyMD5(ModelSse.md5(sse.key()));
            if (v.sse().customerKeyed()) {
                b.copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(v.sse().key())
                        .copySourceSSECustomerKeyMD5(ModelSse.md5(v.sse().key()));
            }
        }));
        ok(a, 200, "UploadPartCopy");
        equal(a.response().copySourceVersionId(), versionId == null ? null : v.id(), "UploadPartCopy x-amz-copy-source-version-id");
        return new Part(c, ModelCheck.etag(a.response().copyPartResult().eTag(), c, sse.customerKeyed(), "UploadPartCopy"));
    }

    private ModelCheck.Answer<software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse> complete(
            String bucket, String key, String uploadId, ModelSse sse, List<String> etags) {
        List<CompletedPart> listed = new ArrayList<>();
        for (int i = 0; i < etags.size(); i++) listed.add(CompletedPart.builder().partNumber(i + 1).eTag(etags.get(i)).build());
        boolean sendKey = sse.customerKeyed() && run.chance(50); // a completion may send the upload's key (SSE-14)
        var a = call(() -> run.s3.completeMultipartUpload(b -> {
            b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(listed));
            if (sendKey) b.sseCustomerAlgorithm("AES256").sseCustomerKey(sse.key()).sseCustomerKeyMD5(ModelSse.md5(sse.key()));
        }));
        if (a.ok()) ModelCheck.sse(a, sse, sendKey, "CompleteMultipartUpload");
        return a;
    }
}
