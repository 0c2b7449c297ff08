package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.COSVersionSummary;
import com.qcloud.cos.model.CopyObjectRequest;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.model.ListVersionsRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import com.qcloud.cos.model.VersionListing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static io.cosd.e2e.ModelCheck.equal;
import static io.cosd.e2e.ModelCheck.that;

/**
 * The model-based test's short run with the official COS Java SDK, for the subset the COS dialect
 * and that SDK share with it: PutObject, GetObject with a Range and a version id, CopyObject (from a
 * version too), DeleteObject and DeleteVersion, and ListVersions paged with small max-keys and
 * compared in full, versions and markers in one interleaved order (VER-L2, VER-L5: a never-versioned
 * bucket shows empty version ids in this dialect). The bucket starts unversioned and is versioned a
 * third of the way through. Plain objects only (SSE is the AWS run's).
 */
final class ModelCosRun {
    private final ModelRun run;
    private final COSClient cos;
    private final String bucket;

    ModelCosRun(long seed, COSClient cos, String bucket) {
        this.run = new ModelRun(seed, null, List.of(bucket));
        this.cos = cos;
        this.bucket = bucket;
        run.model.add(bucket);
    }

    void steps(int steps) {
        try {
            for (run.step = 0; run.step < steps; run.step++) {
                if (run.step == steps / 3) enable();
                int r = run.rng.nextInt(100);
                if (r < 35) put();
                else if (r < 60) get();
                else if (r < 72) copy();
                else if (r < 87) delete();
                else listVersions();
            }
            listVersions();
        } catch (Throwable t) {
            throw new AssertionError("COS SDK model mismatch with seed " + run.seed + " at step " + run.step + ": " + t.getMessage()
                    + "\nreplay: ./run-tests -Dtest=ObjectModelE2eTest -Dcosd.model.seed=" + run.seed
                    + "\nlast steps:\n" + run.recent(), t);
        }
    }

    /** A COS SDK call's answer: the result, or the service error. */
    private record Answer<T>(T result, CosServiceException error) {}

    private static <T> Answer<T> call(Supplier<T> s) {
        try {
            return new Answer<>(s.get(), null);
        } catch (CosServiceException e) {
            return new Answer<>(null, e);
        }
    }

    private static void refused(Answer<?> a, int status, String code, String what) {
        that(a.error() != null, "%s: expected %d %s but the server answered 200", what, status, code);
        equal(a.error().getStatusCode(), status, what + " status");
        equal(a.error().getErrorCode(), code, what + " error code");
    }

    private static String unquoted(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private void enable() {
        run.note("PutBucketVersioning Enabled (COS SDK)");
        cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(bucket,
                new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED)));
        run.model.setVersioning(bucket, ObjectModel.Versioning.ENABLED);
    }

    private boolean enabled() {
        return run.model.bucket(bucket).state == ObjectModel.Versioning.ENABLED;
    }

    private void put() {
        String key = run.key(), ct = run.contentType();
        long size = run.chance(90) ? run.rng.nextInt(70_000) : 200_000 + run.rng.nextInt(1000);
        ModelContent c = ModelContent.random(run.rng.nextLong(), size);
        Map<String, String> meta = run.meta();
        run.note("COS PutObject " + key + " " + c);
        ObjectMetadata m = new ObjectMetadata();
        m.setContentLength(size);
        m.setContentType(ct);
        m.setUserMetadata(meta);
        var res = cos.putObject(bucket, key, new ByteArrayInputStream(c.bytes()), m);
        equal(unquoted(res.getETag()), c.md5Hex(), "COS PutObject ETag");
        String id = enabled() ? res.getVersionId() : ModelVersion.NULL;
        if (enabled()) run.newId(id, "COS PutObject");
        else equal(res.getVersionId(), null, "COS PutObject x-cos-version-id outside Enabled (VER-I5)");
        run.model.put(bucket, key, new ModelVersion(id, false, c, c.plainEtag(), meta, ct, ModelSse.NONE, List.of(), 0));
    }

    private void get() {
        String key = run.key();
        List<ModelVersion> stack = run.model.stack(bucket, key);
        String id = !stack.isEmpty() && run.chance(35) ? run.pick(stack).id() : null;
        Optional<ModelVersion> v = id == null ? run.model.current(bucket, key) : run.model.byId(bucket, key, id);
        long n = v.map(ModelVersion::size).orElse(0L);
        boolean ranged = n > 0 && run.chance(70);
        long start = ranged ? (long) (run.rng.nextDouble() * n) : 0;
        long end = ranged ? start + (long) (run.rng.nextDouble() * (n - start)) : n - 1; // inclusive
        run.note("COS GetObject " + key + (id == null ? "" : "?versionId=" + id) + (ranged ? " bytes=" + start + "-" + end : ""));
        GetObjectRequest g = new GetObjectRequest(bucket, key, id);
        if (ranged) g.setRange(start, end);
        var a = call(() -> cos.getObject(g));
        if (v.isEmpty() || v.get().marker()) {
            // VER-G2, VER-G3: a current marker is 404 NoSuchKey, a marker named by id 404 on COS too
            refused(a, 404, v.isEmpty() && id != null ? "NoSuchVersion" : "NoSuchKey", "COS GetObject");
            return;
        }
        that(a.error() == null, "COS GetObject of %s/%s: %s", key, v.get(), a.error());
        try (var o = a.result()) {
            byte[] body = o.getObjectContent().readAllBytes();
            ModelContent want = ranged ? v.get().content().slice(start, end + 1) : v.get().content();
            equal(ModelContent.hex("SHA-256", body), want.sha256Hex(), "COS GetObject body SHA-256");
            equal(unquoted(o.getObjectMetadata().getETag()), unquoted(v.get().etag()), "COS GetObject ETag");
            equal(o.getObjectMetadata().getUserMetadata(), v.get().meta(), "COS GetObject user metadata");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void copy() {
        List<ObjectModel.Located> data = run.model.dataVersions();
        if (data.isEmpty()) return;
        var from = run.pick(data);
        boolean current = run.model.current(bucket, from.key()).map(x -> x == from.version()).orElse(false);
        String id = current && run.chance(50) ? null : from.version().id();
        String dst = run.key();
        run.note("COS CopyObject " + from.key() + (id == null ? "" : "?versionId=" + id) + " -> " + dst);
        var req = new CopyObjectRequest(bucket, from.key(), bucket, dst);
        if (id != null) req.setSourceVersionId(id);
        var a = call(() -> cos.copyObject(req));
        if (dst.equals(from.key()) && current) { // a copy onto itself that changes nothing
            refused(a, 400, "InvalidRequest", "COS CopyObject onto itself");
            return;
        }
        that(a.error() == null, "COS CopyObject: %s", a.error());
        equal(unquoted(a.result().getETag()), unquoted(from.version().etag()), "COS CopyObject ETag");
        String newId = enabled() ? a.result().getVersionId() : ModelVersion.NULL;
        if (enabled()) run.newId(newId, "COS CopyObject");
        ModelVersion v = from.version();
        run.model.put(bucket, dst, new ModelVersion(newId, false, v.content(), v.etag(), v.meta(), v.contentType(), ModelSse.NONE, List.of(), v.tags()));
    }

    private void delete() {
        String key = run.key();
        List<ModelVersion> stack = run.model.stack(bucket, key);
        if (!stack.isEmpty() && run.chance(40)) {
            String id = run.pick(stack).id();
            run.note("COS DeleteVersion " + key + " " + id);
            cos.deleteVersion(bucket, key, id);
            run.model.deleteVersion(bucket, key, id);
            return;
        }
        run.note("COS DeleteObject " + key);
        cos.deleteObject(bucket, key);
        String marker = null;
        if (enabled()) { // the COS SDK's deleteObject returns nothing: the new marker's id is read back
            var latest = cos.listVersions(new ListVersionsRequest(bucket, key, null, null, null, 1000)).getVersionSummaries().stream()
                    .filter(s -> s.getKey().equals(key) && s.isLatest()).toList();
            that(latest.size() == 1 && latest.get(0).isDeleteMarker(), "COS DeleteObject of %s left no current marker: %s", key, latest);
            marker = latest.get(0).getVersionId();
            run.newId(marker, "COS DeleteObject");
        }
        run.model.deleteCurrent(bucket, key, marker);
    }

    private void listVersions() {
        List<ModelListings.Entry> all = ModelListings.versions(run.model.bucket(bucket), "", null, null, null);
        int max = Math.max(1 + run.rng.nextInt(4), (all.size() + 39) / 40);
        run.note("COS ListVersions max-keys " + max + ": " + all);
        String km = null, vm = null;
        List<String> got = new ArrayList<>();
        for (int page = 0; page <= all.size() / max + 1; page++) { // past the model's pages: the comparison below fails
            VersionListing l = cos.listVersions(new ListVersionsRequest(bucket, "", km, vm, null, max));
            for (COSVersionSummary s : l.getVersionSummaries()) {
                got.add(s.getKey() + " " + (s.getVersionId() == null ? "" : s.getVersionId()) + (s.isDeleteMarker() ? " marker" : " " + unquoted(s.getETag()) + " " + s.getSize())
                        + (s.isLatest() ? " latest" : ""));
            }
            if (!l.isTruncated()) break;
            km = l.getNextKeyMarker();
            vm = l.getNextVersionIdMarker();
        }
        boolean blankNull = !run.model.bucket(bucket).everVersioned(); // VER-L5
        List<String> want = all.stream().map(e -> e.key() + " " + (blankNull && ModelVersion.NULL.equals(e.version().id()) ? "" : e.version().id())
                + (e.version().marker() ? " marker" : " " + unquoted(e.version().etag()) + " " + e.version().size()) + (e.latest() ? " latest" : "")).toList();
        equal(got, want, "COS ListVersions in pages of " + max + " (VER-L2, VER-L5, VER-L6)");
    }
}
