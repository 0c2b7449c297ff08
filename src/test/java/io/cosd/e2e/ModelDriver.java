package io.cosd.e2e;

import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;

import static io.cosd.e2e.ModelCheck.call;
import static io.cosd.e2e.ModelCheck.equal;
import static io.cosd.e2e.ModelCheck.ok;

/**
 * The seeded random driver of ObjectModelE2eTest: picks one operation per step by weight, runs it
 * against the server and the model, and ends with a sweep that reads every version the model holds
 * by id and compares its bytes. Any mismatch or unexpected failure becomes an AssertionError naming
 * the seed, the step and the last operations, with the system properties that replay it.
 */
final class ModelDriver {
    private record Op(String name, int weight, Runnable run) {}

    private final ModelRun run;
    private final List<Op> ops;
    private final int total;

    /**
     * @param restart stops the server, starts it again on the same data dir and returns a client of the
     *                new one; null: no restart steps
     */
    ModelDriver(long seed, S3Client s3, List<String> buckets, java.util.function.Supplier<S3Client> restart) {
        this.run = new ModelRun(seed, s3, buckets);
        for (String b : buckets) run.model.add(b);
        ModelWrites writes = new ModelWrites(run);
        ModelUploads uploads = new ModelUploads(run, writes);
        ModelDeletes deletes = new ModelDeletes(run, writes);
        ModelReads reads = new ModelReads(run, writes);
        ModelLists lists = new ModelLists(run);
        Runnable restarting = () -> {
            // Everything acknowledged must be there after a restart on the same data dir (docs/storage.md):
            // the steps after it and the final sweep check it against the model.
            run.note("restart the server on its data dir");
            run.s3 = restart.get();
        };
        ops = List.of(
                new Op("Restart", restart == null ? 0 : 1, restarting),
                new Op("PutObject", 22, writes::put),
                new Op("CopyObject", 10, writes::copy),
                new Op("MultipartUpload", 4, uploads::upload),
                new Op("GetObject", 20, reads::get),
                new Op("HeadObject", 8, reads::head),
                new Op("GetObjectAttributes", 4, reads::attributes),
                new Op("DeleteObject", 8, deletes::deleteObject),
                new Op("DeleteObjects", 4, deletes::deleteObjects),
                new Op("PutBucketVersioning", 2, writes::versioning),
                new Op("ListObjectsV2", 8, lists::listV2),
                new Op("ListObjectVersions", 10, lists::listVersions));
        total = ops.stream().mapToInt(Op::weight).sum();
    }

    ModelRun run() {
        return run;
    }

    /** Sets a bucket's versioning before the run (the model and the server alike). */
    void versioning(String bucket, ObjectModel.Versioning state) {
        var a = call(() -> run.s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(
                state == ObjectModel.Versioning.ENABLED ? "Enabled" : "Suspended"))));
        ok(a, 200, "PutBucketVersioning");
        run.model.setVersioning(bucket, state);
    }

    /** Runs {@code steps} steps and the final sweep; throws an AssertionError that says how to replay a failure. */
    void steps(int steps) {
        try {
            for (run.step = 0; run.step < steps; run.step++) {
                int r = run.rng.nextInt(total);
                for (Op op : ops) {
                    if ((r -= op.weight()) < 0) {
                        run.count(op.name());
                        op.run().run();
                        break;
                    }
                }
            }
            sweep();
        } catch (Throwable t) {
            throw new AssertionError("model mismatch with seed " + run.seed + " at step " + run.step + ": " + t.getMessage()
                    + "\nreplay: ./run-tests -Dtest=<this class> -Dcosd.model.seed=" + run.seed + " -Dcosd.model.steps=" + (run.step + 1)
                    + "\nlast steps:\n" + run.recent(), t);
        }
    }

    /** Every version and marker the model holds, read back by id: bytes, ETag and marker answers. */
    private void sweep() {
        run.note("final sweep: every version by id");
        for (ObjectModel.Bucket b : run.model.buckets()) {
            for (var e : b.keys.entrySet()) {
                for (ModelVersion v : e.getValue()) {
                    String key = e.getKey();
                    String what = "sweep " + b.name + "/" + key + " " + v;
                    var a = call(() -> run.s3.getObjectAsBytes(x -> {
                        x.bucket(b.name).key(key).versionId(v.id());
                        if (v.sse().customerKeyed()) x.sseCustomerAlgorithm("AES256").sseCustomerKey(v.sse().key()).sseCustomerKeyMD5(ModelSse.md5(v.sse().key()));
                    }));
                    if (v.marker()) {
                        ModelCheck.error(a, 405, "MethodNotAllowed", what + " (VER-G3)");
                        continue;
                    }
                    ok(a, 200, what);
                    equal(a.response().response().eTag(), v.etag(), what + " ETag");
                    equal(ModelContent.hex("SHA-256", a.response().asByteArray()), v.content().sha256Hex(), what + " SHA-256");
                }
            }
        }
    }
}
