package io.cosd.e2e;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up orphan scan on a real data dir (docs/storage.md "Start-up cleanup", ST-G1..G2): after a
 * restart every orphan is gone (blob files on both sides of {@code cold-} in the id order, a cold-tier
 * file, an inline row), and every referenced blob is still there, read back through the API: file and
 * inline versions, two versions of one key, a copy, a blob two versions name, an in-progress upload's part.
 */
class OrphanScanE2eTest {
    static final int BIG = 200 * 1024; // above the inline threshold: a file

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
        return b;
    }

    @Test
    void aRestartReclaimsEveryOrphanAndKeepsEveryReferencedBlob_ST_G1_ST_G2() throws Exception {
        Path dir = Files.createTempDirectory("cosd-e2e");
        String b = E2e.bucket("orphans");
        Map<String, byte[]> latest = new LinkedHashMap<>();
        String firstBig, uploadId;
        byte[] part = bytes(1000, 9);
        E2e first = new E2e(dir);
        try (S3Client s3 = first.s3()) {
            s3.createBucket(r -> r.bucket(b));
            s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            firstBig = s3.putObject(r -> r.bucket(b).key("big"), RequestBody.fromBytes(bytes(BIG, 1))).versionId();
            latest.put("big", bytes(BIG, 2));
            s3.putObject(r -> r.bucket(b).key("big"), RequestBody.fromBytes(latest.get("big")));
            latest.put("small", "inline bytes".getBytes(StandardCharsets.UTF_8));
            s3.putObject(r -> r.bucket(b).key("small"), RequestBody.fromBytes(latest.get("small")));
            s3.copyObject(r -> r.sourceBucket(b).sourceKey("big").destinationBucket(b).destinationKey("big-copy"));
            latest.put("big-copy", latest.get("big"));
            s3.copyObject(r -> r.sourceBucket(b).sourceKey("small").destinationBucket(b).destinationKey("small-copy"));
            latest.put("small-copy", latest.get("small"));
            // One blob named by two versions, as a tool writing the store directly might record it.
            var meta = first.server.metadata();
            ObjectVersion big = meta.objects().latest(b, "big").orElseThrow();
            meta.objects().put(ObjectVersion.builder(b, "alias").versionId("alias-version").size(big.size()).etag(big.etag())
                    .content(big.content()).blobId(big.blobId()).crc64(big.crc64()).lastModified(big.lastModified()).build(), VersioningState.ENABLED);
            latest.put("alias", latest.get("big"));
            uploadId = s3.createMultipartUpload(r -> r.bucket(b).key("open")).uploadId();
            s3.uploadPart(r -> r.bucket(b).key("open").uploadId(uploadId).partNumber(1), RequestBody.fromBytes(part));
            assertThat(meta.objects().latest(b, "small").orElseThrow().blobId()).startsWith("inl-");
            assertThat(big.blobId()).hasSize(32);
        } finally {
            first.server.close(); // the data dir stays for the second start
        }
        List<String> referencedFiles = files(dir.resolve("blobs"));

        // What crashes leave: blob files whose rows never committed, on both sides of "cold-" in the
        // id order, a cold blob of a transition cut short, and an inline row nothing names.
        List<Path> orphans = new ArrayList<>();
        for (String id : List.of("0".repeat(32), "c" + "f".repeat(31), "d" + "0".repeat(31), "f".repeat(32))) {
            orphans.add(plant(dir.resolve("blobs"), id));
        }
        orphans.add(plant(dir.resolve("cold/blobs"), "7".repeat(32)));
        String strayInline = "inl-" + "a".repeat(32);
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("meta.db"));
             var ps = c.prepareStatement("INSERT INTO inline_blobs (blob_id, data) VALUES (?, ?)")) {
            ps.setString(1, strayInline);
            ps.setBytes(2, new byte[] {1});
            ps.executeUpdate();
        }

        try (E2e second = new E2e(dir); S3Client s3 = second.s3()) { // start-up cleanup runs before this returns
            for (Path p : orphans) assertThat(p).doesNotExist();
            List<String> inline = new ArrayList<>();
            second.server.metadata().inlineBlobs().forEach(inline::add);
            assertThat(inline).doesNotContain(strayInline).hasSize(2); // small and small-copy
            assertThat(files(dir.resolve("blobs"))).containsExactlyInAnyOrderElementsOf(referencedFiles);
            for (var e : latest.entrySet()) {
                assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key(e.getKey())).asByteArray()).as(e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("big").versionId(firstBig)).asByteArray()).isEqualTo(bytes(BIG, 1));
            assertThat(s3.listParts(r -> r.bucket(b).key("open").uploadId(uploadId)).parts()).hasSize(1);
            var done = s3.completeMultipartUpload(r -> r.bucket(b).key("open").uploadId(uploadId)
                    .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(s3.listParts(l -> l.bucket(b).key("open").uploadId(uploadId))
                            .parts().get(0).eTag()))));
            assertThat(done.eTag()).isNotBlank();
            assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("open")).asByteArray()).isEqualTo(part);
        } // E2e.close() removes the data dir
    }

    private static Path plant(Path root, String id) throws Exception {
        Path d = root.resolve(id.substring(0, 2)).resolve(id.substring(2, 4));
        Files.createDirectories(d);
        return Files.write(d.resolve(id), new byte[] {1, 2, 3});
    }

    /** The ids of the files in a blob tree, sorted (the tree may be a running server's). */
    private static List<String> files(Path root) throws Exception {
        return LiveDir.files(root).stream().map(p -> p.getFileName().toString()).sorted().toList();
    }
}
