package io.cosd.e2e;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cosd.e2e.ModelCheck.call;
import static io.cosd.e2e.ModelCheck.equal;
import static io.cosd.e2e.ModelCheck.error;
import static io.cosd.e2e.ModelCheck.ok;

/**
 * The single-request writes of the model-based test, each sent with the AWS SDK v2 and its answer
 * compared with the model before the model takes the change: PutObject, CopyObject,
 * PutBucketVersioning. Multipart uploads and deletes are {@link ModelUploads} and {@link ModelDeletes}.
 */
final class ModelWrites {
    private final ModelRun run;

    ModelWrites(ModelRun run) {
        this.run = run;
    }

    void put() {
        String bucket = run.bucket(), key = run.key(), ct = run.contentType();
        ModelContent c = ModelContent.random(run.rng.nextLong(), run.size());
        ModelSse sse = run.sse();
        Map<String, String> meta = run.meta();
        String tagging = run.tagging();
        // OBJ-CW1, OBJ-CW2: sometimes create-only (If-None-Match: *) or If-Match the current ETag (or another)
        Optional<ModelVersion> current = run.model.current(bucket, key).filter(v -> !v.marker());
        int r = run.rng.nextInt(100);
        String ifNoneMatch = r < 5 ? "*" : null;
        String ifMatch = r >= 5 && r < 9 ? (current.isPresent() && run.chance(70) ? current.get().etag() : "\"0123456789abcdef0123456789abcdef\"") : null;
        // UB-7: a Content-MD5 the body does not hash to is 400 BadDigest, and nothing is stored
        String wrongMd5 = r >= 9 && r < 12 ? java.util.Base64.getEncoder().encodeToString(
                java.util.HexFormat.of().parseHex(ModelContent.random(run.rng.nextLong(), 8).md5Hex())) : null;
        run.note("PutObject " + bucket + "/" + key + " " + c + " " + sse + " " + ct + " " + meta
                + (ifNoneMatch == null ? "" : " If-None-Match *") + (ifMatch == null ? "" : " If-Match " + ifMatch)
                + (tagging == null ? "" : " tags " + tagging) + (wrongMd5 == null ? "" : " wrong Content-MD5"));
        var a = call(() -> run.s3.putObject(b -> {
            b.bucket(bucket).key(key).contentType(ct).metadata(meta).ifNoneMatch(ifNoneMatch).ifMatch(ifMatch).tagging(tagging)
                    .contentMD5(wrongMd5);
            sse(b, sse);
        }, RequestBody.fromBytes(c.bytes())));
        if (wrongMd5 != null) {
            error(a, 400, "BadDigest", "PutObject with a Content-MD5 of other bytes (UB-7)");
            return;
        }
        if (ifNoneMatch != null && current.isPresent()) {
            error(a, 412, "PreconditionFailed", "PutObject If-None-Match * over an object (OBJ-CW1)");
            return;
        }
        if (ifMatch != null && current.isEmpty()) {
            error(a, 404, "NoSuchKey", "PutObject If-Match without an object (OBJ-CW1, OBJ-CW2)");
            return;
        }
        if (ifMatch != null && !ifMatch.equals(current.get().etag())) {
            error(a, 412, "PreconditionFailed", "PutObject If-Match another ETag (OBJ-CW1)");
            return;
        }
        ok(a, 200, "PutObject");
        String etag = ModelCheck.etag(a.response().eTag(), c, sse.customerKeyed(), "PutObject");
        ModelCheck.sse(a, sse, true, "PutObject");
        String id = newVersion(bucket, a.response().versionId(), "PutObject");
        run.model.put(bucket, key, new ModelVersion(id, false, c, etag, meta, ct, sse, List.of(), ModelRun.tagCount(tagging)));
    }

    /**
     * The id of a version a write just made: VER-I1/I5, the server's new id in an Enabled bucket, else
     * none in the answer and the version is {@code null}.
     */
    String newVersion(String bucket, String answered, String what) {
        if (run.model.bucket(bucket).state == ObjectModel.Versioning.ENABLED) {
            run.newId(answered, what);
            return answered;
        }
        equal(answered, null, what + " x-amz-version-id outside Enabled (VER-I5)");
        return ModelVersion.NULL;
    }

    static void sse(PutObjectRequest.Builder b, ModelSse sse) {
        switch (sse.mode()) {
            case SSE_S3 -> b.serverSideEncryption(ServerSideEncryption.AES256);
            case SSE_C -> b.sseCustomerAlgorithm("AES256").sseCustomerKey(sse.key()).sseCustomerKeyMD5(ModelSse.md5(sse.key()));
            case NONE -> { }
        }
    }

    /** The source of a copy: a random data version (current or older), or a random key of a random bucket. */
    record Source(String bucket, String key, String versionId) {}

    Source source() {
        List<ObjectModel.Located> data = run.model.dataVersions();
        if (data.isEmpty() || run.chance(15)) {
            String id = run.chance(30) ? pickId(run.bucket(), run.key()) : null;
            return new Source(run.bucket(), run.key(), id);
        }
        var l = run.pick(data);
        boolean current = run.model.current(l.bucket(), l.key()).map(v -> v == l.version()).orElse(false);
        return new Source(l.bucket(), l.key(), current && run.chance(60) ? null : l.version().id());
    }

    /** A version id to address: one of the key's (markers too), the literal {@code null}, or a dead one. */
    String pickId(String bucket, String key) {
        List<ModelVersion> stack = run.model.stack(bucket, key);
        int r = run.rng.nextInt(100);
        if (r < 70 && !stack.isEmpty()) return run.pick(stack).id();
        if (r < 85 || run.deadIds.isEmpty()) return ModelVersion.NULL;
        return run.pick(run.deadIds);
    }

    /**
     * The source version a copy or part copy reads (VER-C1, VER-C3, VER-C4), or the error that answers it.
     * Empty with {@code refusal} set when the source is refused.
     */
    static Optional<ModelVersion> resolve(ObjectModel model, Source s, String[] refusal) {
        if (s.versionId() != null) {
            Optional<ModelVersion> v = model.byId(s.bucket(), s.key(), s.versionId());
            if (v.isEmpty()) refusal[0] = "404 NoSuchVersion";
            else if (v.get().marker()) refusal[0] = "400 InvalidRequest"; // VER-C3: a marker named by id
            return v.filter(x -> !x.marker());
        }
        Optional<ModelVersion> cur = model.current(s.bucket(), s.key());
        if (cur.isEmpty() || cur.get().marker()) refusal[0] = "404 NoSuchKey"; // VER-C3: a current marker
        return cur.filter(x -> !x.marker());
    }

    /**
     * The SSE-C key a read of {@code v} sends: usually the right one, sometimes none or the other key,
     * and for a version that is not SSE-C sometimes one anyway. Null: none.
     */
    String readKey(ModelVersion v) {
        if (v != null && v.sse().customerKeyed()) {
            int r = run.rng.nextInt(100);
            if (r < 80) return v.sse().key();
            return r < 90 ? null : ModelSse.other(v.sse().key());
        }
        return run.chance(5) ? ModelSse.KEY_1 : null;
    }

    /** SSE-8: the answer to reading {@code v} with {@code key}; null when the key is right. */
    static String keyRefusal(ModelVersion v, String key) {
        if (!v.sse().customerKeyed()) return key == null ? null : "400 InvalidRequest"; // not applicable to this object
        if (key == null) return "400 InvalidRequest"; // stored with SSE-C: the key is needed
        return key.equals(v.sse().key()) ? null : "403 AccessDenied"; // another key, as AWS answers
    }

    void copy() {
        Source src = source();
        boolean sameKey = run.chance(35);
        String dstBucket = sameKey ? src.bucket() : run.bucket(), dstKey = sameKey ? src.key() : run.key();
        boolean replace = run.chance(40);
        Map<String, String> meta = run.meta();
        String ct = run.contentType();
        ModelSse dst = run.chance(50) ? ModelSse.NONE : run.sse();
        String tagging = run.chance(15) ? run.tagging() : "-"; // "-": the COPY tagging directive (the default)
        String[] refusal = new String[1];
        Optional<ModelVersion> source = resolve(run.model, src, refusal);
        String srcKey = readKey(source.orElse(null));
        // x-amz-copy-source-if-match: the source's ETag or another (412)
        String ifMatch = run.chance(10) ? (source.isPresent() && run.chance(60) ? source.get().etag() : "\"ffffffffffffffffffffffffffffffff\"") : null;
        run.note("CopyObject " + src + " -> " + dstBucket + "/" + dstKey + (replace ? " REPLACE " + ct + " " + meta : " COPY")
                + " to " + dst + (srcKey == null ? "" : " source key " + (ModelSse.KEY_1.equals(srcKey) ? "k1" : "k2"))
                + ("-".equals(tagging) ? "" : " REPLACE tags " + tagging) + (ifMatch == null ? "" : " copy-source-if-match " + ifMatch));
        var a = call(() -> run.s3.copyObject(b -> {
            copyRequest(b, src, dstBucket, dstKey, replace, meta, ct, dst, srcKey);
            if (!"-".equals(tagging)) b.taggingDirective(TaggingDirective.REPLACE).tagging(tagging);
            b.copySourceIfMatch(ifMatch);
        }));
        if (refusal[0] == null) refusal[0] = keyRefusal(source.get(), srcKey);
        if (refusal[0] == null && ifMatch != null && !ifMatch.equals(source.get().etag())) refusal[0] = "412 PreconditionFailed";
        if (refusal[0] == null && src.bucket().equals(dstBucket) && src.key().equals(dstKey) && !replace && "-".equals(tagging)
                && dst.mode() == ModelSse.Mode.NONE && run.model.current(src.bucket(), src.key()).get() == source.get()) {
            refusal[0] = "400 InvalidRequest"; // a copy onto itself that changes nothing
        }
        if (refusal[0] != null) {
            String[] sc = refusal[0].split(" ");
            error(a, Integer.parseInt(sc[0]), sc[1], "CopyObject");
            return;
        }
        ok(a, 200, "CopyObject");
        ModelVersion from = source.get();
        // SSE-6: a copy into or out of SSE-C gets the ETag of the bytes copied; any other copy keeps the source's.
        String etag = dst.customerKeyed() ? ModelCheck.etag(a.response().copyObjectResult().eTag(), from.content(), true, "CopyObject")
                : from.sse().customerKeyed() ? from.content().plainEtag() : from.etag();
        equal(a.response().copyObjectResult().eTag(), etag, "CopyObject ETag");
        ModelCheck.sse(a, dst, true, "CopyObject");
        equal(a.response().copySourceVersionId(), src.versionId() == null ? null : from.id(), "CopyObject x-amz-copy-source-version-id (VER-C1)");
        String id = newVersion(dstBucket, a.response().versionId(), "CopyObject");
        run.model.put(dstBucket, dstKey, new ModelVersion(id, false, from.content(), etag, replace ? meta : from.meta(),
                replace ? ct : from.contentType(), dst, List.of(), "-".equals(tagging) ? from.tags() : ModelRun.tagCount(tagging)));
    }

    private static void copyRequest(CopyObjectRequest.Builder b, Source src, String dstBucket, String dstKey, boolean replace,
                                    Map<String, String> meta, String ct, ModelSse dst, String srcKey) {
        b.sourceBucket(src.bucket()).sourceKey(src.key()).sourceVersionId(src.versionId())
                .destinationBucket(dstBucket).destinationKey(dstKey);
        if (replace) b.metadataDirective(MetadataDirective.REPLACE).metadata(meta).contentType(ct);
        switch (dst.mode()) {
            case SSE_S3 -> b.serverSideEncryption(ServerSideEncryption.AES256);
            case SSE_C -> b.sseCustomerAlgorithm("AES256").sseCustomerKey(dst.key()).sseCustomerKeyMD5(ModelSse.md5(dst.key()));
            case NONE -> { }
        }
        if (srcKey != null) {
            b.copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(srcKey).copySourceSSECustomerKeyMD5(ModelSse.md5(srcKey));
        }
    }

    /** PutBucketVersioning Enabled or Suspended; never back to unversioned (VER-S4). */
    void versioning() {
        String bucket = run.bucket();
        boolean enable = run.chance(60);
        run.note("PutBucketVersioning " + bucket + (enable ? " Enabled" : " Suspended"));
        var a = call(() -> run.s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(
                enable ? BucketVersioningStatus.ENABLED : BucketVersioningStatus.SUSPENDED))));
        ok(a, 200, "PutBucketVersioning");
        run.model.setVersioning(bucket, enable ? ObjectModel.Versioning.ENABLED : ObjectModel.Versioning.SUSPENDED);
        var got = call(() -> run.s3.getBucketVersioning(b -> b.bucket(bucket)));
        ok(got, 200, "GetBucketVersioning");
        equal(got.response().status(), enable ? BucketVersioningStatus.ENABLED : BucketVersioningStatus.SUSPENDED, "GetBucketVersioning Status");
    }
}
