package io.cosd.e2e;

import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.cosd.e2e.ModelCheck.call;
import static io.cosd.e2e.ModelCheck.equal;
import static io.cosd.e2e.ModelCheck.ok;

/**
 * DeleteObject (with and without a version id) and DeleteObjects (several keys, mixed, quiet or not)
 * in the model-based test, against VER-D1..D5 and VER-D7 (docs/versioning.md).
 */
final class ModelDeletes {
    private final ModelRun run;
    private final ModelWrites writes;

    ModelDeletes(ModelRun run, ModelWrites writes) {
        this.run = run;
        this.writes = writes;
    }

    /** What one delete must answer: the version id header and whether it says delete-marker. */
    private record Outcome(String versionId, boolean marker) {}

    void deleteObject() {
        String bucket = run.bucket(), key = run.key();
        String id = run.chance(45) ? writes.pickId(bucket, key) : null;
        run.note("DeleteObject " + bucket + "/" + key + (id == null ? "" : " versionId " + id));
        var a = call(() -> run.s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(id)));
        ok(a, 204, "DeleteObject");
        Outcome o = apply(bucket, key, id, a.response().versionId(), "DeleteObject");
        equal(a.response().versionId(), o.versionId(), "DeleteObject x-amz-version-id");
        equal(Boolean.TRUE.equals(a.response().deleteMarker()), o.marker(), "DeleteObject x-amz-delete-marker");
    }

    /**
     * The model's side of one delete: VER-D4/D5 by id (the id echoed; delete-marker when a marker went),
     * else VER-D1..D3 ({@code answeredId}: the server's id of an Enabled bucket's new marker).
     */
    private Outcome apply(String bucket, String key, String id, String answeredId, String what) {
        if (id != null) {
            Optional<ModelVersion> gone = run.model.deleteVersion(bucket, key, id);
            gone.ifPresent(v -> {
                if (!ModelVersion.NULL.equals(v.id())) run.deadIds.add(v.id());
            });
            return new Outcome(id, gone.map(ModelVersion::marker).orElse(false));
        }
        if (run.model.bucket(bucket).state == ObjectModel.Versioning.ENABLED) run.newId(answeredId, what);
        ObjectModel.Deletion d = run.model.deleteCurrent(bucket, key, answeredId);
        return new Outcome(d.versionId(), d.deleteMarker());
    }

    void deleteObjects() {
        String bucket = run.bucket();
        boolean quiet = run.chance(30);
        int n = 1 + run.rng.nextInt(4);
        List<ObjectIdentifier> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = run.key();
            // quiet: each key once, so the marker a key got can be read back from its versions (newestMarkerId)
            if (quiet && ids.stream().anyMatch(x -> x.key().equals(key))) continue;
            String id = run.chance(40) ? writes.pickId(bucket, key) : null;
            ids.add(ObjectIdentifier.builder().key(key).versionId(id).build());
        }
        run.note("DeleteObjects " + bucket + (quiet ? " quiet " : " ") + ids.stream().map(i -> i.key() + (i.versionId() == null ? "" : "?" + i.versionId())).toList());
        var a = call(() -> run.s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(quiet))));
        ok(a, 200, "DeleteObjects");
        equal(a.response().errors().size(), 0, "DeleteObjects errors " + a.response().errors());
        List<DeletedObject> deleted = a.response().deleted();
        equal(deleted.size(), quiet ? 0 : ids.size(), "DeleteObjects Deleted entries (quiet " + quiet + ")");
        for (int i = 0; i < ids.size(); i++) {
            ObjectIdentifier req = ids.get(i);
            // Entries are applied in request order; a non-quiet answer lists them in that order too.
            String answeredMarker = quiet ? null : deleted.get(i).deleteMarkerVersionId();
            if (quiet && req.versionId() == null && run.model.bucket(bucket).state == ObjectModel.Versioning.ENABLED) {
                answeredMarker = newestMarkerId(bucket, req.key()); // quiet: the id is read back below
            }
            Outcome o = apply(bucket, req.key(), req.versionId(), answeredMarker, "DeleteObjects");
            if (quiet) continue;
            DeletedObject d = deleted.get(i);
            String what = "DeleteObjects entry " + i + " (" + req.key() + ")";
            equal(d.key(), req.key(), what + " Key");
            equal(d.versionId(), req.versionId(), what + " VersionId");
            equal(Boolean.TRUE.equals(d.deleteMarker()), o.marker(), what + " DeleteMarker (VER-D7)");
            equal(d.deleteMarkerVersionId(), o.marker() ? o.versionId() : null, what + " DeleteMarkerVersionId (VER-D7)");
        }
    }

    /**
     * A quiet DeleteObjects names no marker it made in an Enabled bucket: the id is read back from the
     * key's versions (its newest entry must then be a marker the model has not seen).
     */
    private String newestMarkerId(String bucket, String key) {
        var a = call(() -> run.s3.listObjectVersions(b -> b.bucket(bucket).prefix(key).maxKeys(1000)));
        ok(a, 200, "ListObjectVersions after a quiet DeleteObjects");
        String known = run.model.current(bucket, key).map(ModelVersion::id).orElse(null);
        var markers = a.response().deleteMarkers().stream().filter(m -> m.key().equals(key) && Boolean.TRUE.equals(m.isLatest())).toList();
        ModelCheck.that(markers.size() == 1, "quiet DeleteObjects of %s/%s in an Enabled bucket left no current marker", bucket, key);
        String id = markers.get(0).versionId();
        ModelCheck.that(!id.equals(known), "quiet DeleteObjects of %s/%s made no new marker", bucket, key);
        return id;
    }
}
