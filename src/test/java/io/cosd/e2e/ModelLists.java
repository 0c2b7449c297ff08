package io.cosd.e2e;

import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;

import static io.cosd.e2e.ModelCheck.call;
import static io.cosd.e2e.ModelCheck.equal;
import static io.cosd.e2e.ModelCheck.ok;

/**
 * ListObjectsV2 and ListObjectVersions in the model-based test, compared in full, page by page, with
 * {@link ModelListings}: prefix and delimiter, small {@code max-keys} so a listing takes several
 * pages, StartAfter, and for versions KeyMarker/VersionIdMarker (VER-L1..L7). Every page must hold
 * exactly the model's next {@code max-keys} entries, say IsTruncated exactly when entries remain, and
 * (versions) name its last entry as the next markers; the next page is asked for with the markers or
 * the continuation token the server gave, so a page that continues in the wrong place shows.
 */
final class ModelLists {
    /** Pages a listing is cut into at most, so a key with hundreds of versions does not make a step slow. */
    private static final int MAX_PAGES = 40;

    private final ModelRun run;

    ModelLists(ModelRun run) {
        this.run = run;
    }

    private int maxKeys() {
        return run.chance(75) ? 1 + run.rng.nextInt(4) : 1000;
    }

    /** {@code max}, or more when the listing would take more than {@link #MAX_PAGES} pages. */
    private static int bounded(int max, int entries) {
        return Math.max(max, (entries + MAX_PAGES - 1) / MAX_PAGES);
    }

    void listV2() {
        String bucket = run.bucket(), prefix = run.pick(ModelRun.PREFIXES), delimiter = run.chance(50) ? "/" : null;
        int asked = maxKeys();
        String startAfter = delimiter == null && run.chance(20) ? run.key() : null;
        List<ModelListings.Entry> all = ModelListings.objects(run.model.bucket(bucket), prefix, delimiter, startAfter);
        int max = bounded(asked, all.size());
        // encoding-type=url: keys with space, +, %, non-ASCII come percent-encoded, and the SDK decodes them
        EncodingType enc = run.chance(30) ? EncodingType.URL : null;
        run.note("ListObjectsV2 " + bucket + " prefix '" + prefix + "' delimiter " + delimiter + " max-keys " + max + (enc == null ? "" : " encoding-type url")
                + (startAfter == null ? "" : " start-after " + startAfter) + ": " + all);
        String token = null;
        for (int page = 0; ; page++) {

            String t = token;
            var a = call(() -> run.s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).delimiter(delimiter).maxKeys(max)
                    .startAfter(startAfter).continuationToken(t).encodingType(enc)));
            String what = "ListObjectsV2 page " + page;
            ok(a, 200, what);
            var r = a.response();
            List<ModelListings.Entry> want = ModelListings.page(all, max, page);
            List<String> keys = new ArrayList<>(), prefixes = new ArrayList<>();
            for (var e : want) (e.prefix() ? prefixes : keys).add(e.key());
            equal(r.contents().stream().map(S3Object::key).toList(), keys, what + " keys");
            equal(r.commonPrefixes().stream().map(CommonPrefix::prefix).toList(), prefixes, what + " common prefixes");
            int i = 0;
            for (var e : want) {
                if (e.prefix()) continue;
                S3Object o = r.contents().get(i++);
                equal(o.eTag(), e.version().etag(), what + " ETag of " + e.key());
                equal(o.size(), e.version().size(), what + " Size of " + e.key());
                equal(o.storageClassAsString(), "STANDARD", what + " StorageClass of " + e.key());
            }
            equal(r.keyCount(), want.size(), what + " KeyCount");
            boolean more = (long) (page + 1) * max < all.size();
            equal(r.isTruncated(), more, what + " IsTruncated");
            if (!more) return;
            token = r.nextContinuationToken();
            ModelCheck.that(token != null && !token.isEmpty(), "%s: a truncated page needs a NextContinuationToken", what);
        }
    }

    void listVersions() {
        String bucket = run.bucket(), prefix = run.pick(ModelRun.PREFIXES), delimiter = run.chance(50) ? "/" : null;
        int asked = maxKeys();
        ObjectModel.Bucket b = run.model.bucket(bucket);
        String keyMarker = null, idMarker = null;
        if (delimiter == null && run.chance(30)) { // VER-L7: start after a key, or after one of its versions
            List<ModelListings.Entry> whole = ModelListings.versions(b, prefix, null, null, null);
            if (!whole.isEmpty()) {
                var e = run.pick(whole);
                keyMarker = e.key();
                idMarker = run.chance(60) ? e.version().id() : null;
            }
        }
        List<ModelListings.Entry> all = ModelListings.versions(b, prefix, delimiter, keyMarker, idMarker);
        int max = bounded(asked, all.size());
        EncodingType enc = run.chance(30) ? EncodingType.URL : null;
        run.note("ListObjectVersions " + bucket + (enc == null ? "" : " encoding-type url") + " prefix '" + prefix + "' delimiter " + delimiter + " max-keys " + max
                + (keyMarker == null ? "" : " key-marker " + keyMarker + " version-id-marker " + idMarker) + ": " + all);
        for (int page = 0; ; page++) {
            String km = keyMarker, vm = idMarker;
            var a = call(() -> run.s3.listObjectVersions(x -> x.bucket(bucket).prefix(prefix).delimiter(delimiter).maxKeys(max)
                    .keyMarker(km).versionIdMarker(vm).encodingType(enc)));
            String what = "ListObjectVersions page " + page + (km == null ? "" : " after " + km + "/" + vm);
            ok(a, 200, what);
            var r = a.response();
            List<ModelListings.Entry> want = ModelListings.page(all, max, page);
            List<ModelListings.Entry> versions = new ArrayList<>(), markers = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            for (var e : want) {
                if (e.prefix()) prefixes.add(e.key());
                else (e.version().marker() ? markers : versions).add(e);
            }
            equal(r.versions().stream().map(v -> v.key() + " " + v.versionId() + (v.isLatest() ? " latest" : "")).toList(),
                    versions.stream().map(e -> e.key() + " " + e.version().id() + (e.latest() ? " latest" : "")).toList(), what + " versions (VER-L2, L3)");
            equal(r.deleteMarkers().stream().map(m -> m.key() + " " + m.versionId() + (m.isLatest() ? " latest" : "")).toList(),
                    markers.stream().map(e -> e.key() + " " + e.version().id() + (e.latest() ? " latest" : "")).toList(), what + " delete markers");
            equal(r.commonPrefixes().stream().map(CommonPrefix::prefix).toList(), prefixes, what + " common prefixes");
            for (int i = 0; i < versions.size(); i++) {
                ObjectVersion v = r.versions().get(i);
                equal(v.eTag(), versions.get(i).version().etag(), what + " ETag of " + v.key() + " " + v.versionId());
                equal(v.size(), versions.get(i).version().size(), what + " Size of " + v.key() + " " + v.versionId());
            }
            boolean more = (long) (page + 1) * max < all.size();
            equal(r.isTruncated(), more, what + " IsTruncated (VER-L6)");
            if (!more) return;
            var last = want.get(want.size() - 1);
            equal(r.nextKeyMarker(), last.key(), what + " NextKeyMarker (VER-L6)");
            String nextId = r.nextVersionIdMarker() == null ? "" : r.nextVersionIdMarker();
            equal(nextId, last.prefix() ? "" : last.version().id(), what + " NextVersionIdMarker (VER-L6)");
            keyMarker = r.nextKeyMarker();
            idMarker = nextId.isEmpty() ? null : nextId;
        }
    }
}
