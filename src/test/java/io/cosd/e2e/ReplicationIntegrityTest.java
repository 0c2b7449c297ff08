package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.SetBucketReplicationConfigurationRequest;
import io.cosd.app.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.RandomAccessFile;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/storage.md ST-I1: the replication worker never sends a damaged source version; it is FAILED with the reason. */
class ReplicationIntegrityTest {
    static final String SRC = E2e.bucket("ri-src"), DST = E2e.bucket("ri-dst");

    @Test
    void aTruncatedSourceBlobIsNotReplicatedButFailedWithTheReasonWhileIntactVersionsArrive() throws Exception {
        try (E2e dst = new E2e(Files.createTempDirectory("cosd-repl-dst"), "ap-shanghai", null, 0);
             E2e src = new E2e(Files.createTempDirectory("cosd-repl-src"), E2e.REGION, "ap-shanghai=http://127.0.0.1:" + dst.port(), 0)) {
            COSClient cosSrc = src.cos(), cosDst = dst.cos();
            try {
                cosSrc.createBucket(SRC);
                cosDst.createBucket(DST);
                ReplicationEngineTest.versioning(cosSrc, SRC, BucketVersioningConfiguration.ENABLED);
                ReplicationEngineTest.versioning(cosDst, DST, BucketVersioningConfiguration.ENABLED);
                // Written before the rule (REP-R1: not queued), damaged, then queued by a resync.
                cosSrc.putObject(SRC, "data/bad", "bytes that will be cut short".repeat(3000)); // above the inline threshold: a blob file
                cosSrc.putObject(SRC, "data/ok", "bytes that stay whole");
                var bad = src.server.metadata().objects().latest(SRC, "data/bad").orElseThrow();
                String id = bad.blobId();
                try (var f = new RandomAccessFile(src.dir.resolve("blobs").resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id).toFile(), "rw")) {
                    f.setLength(5);
                }
                cosSrc.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(SRC,
                        ReplicationConfigApiTest.config("all", "data/", "qcs::cos:ap-shanghai::" + DST, null)));
                int code = new CommandLine(new Main()).execute("admin", "--data-dir", src.dir.toString(), "replication", "resync", SRC, "--existing");
                assertThat(code).isZero();
                ReplicationEngineTest.await(() -> "COMPLETED".equals(status(src, "data/ok")) && "FAILED".equals(status(src, "data/bad")));
                assertThat(cosDst.doesObjectExist(DST, "data/ok")).isTrue();
                assertThat(cosDst.doesObjectExist(DST, "data/bad")).isFalse();
            } finally {
                cosSrc.shutdown();
                cosDst.shutdown();
            }
        }
    }

    private static String status(E2e env, String key) {
        var s = env.server.metadata().objects().latest(SRC, key).orElseThrow().replicationStatus();
        return s == null ? null : s.name();
    }
}
