package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.UploadPartRequest;
import io.cosd.app.Config;
import io.cosd.store.meta.SecretSealer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two cosd processes, two data dirs, one blob root (docs/scale-out.md "Shared blob root"). Until
 * metadata is shared, B's SQLite database is a copy of A's taken before A's uploads began, so B's
 * metadata references none of A's work in flight: only the age rule (ST-R2) keeps B's start-up
 * cleanup off it. A node with a database of its own is refused (ST-R4).
 */
class SharedBlobRootE2eTest {
    private static final String KEY = Base64.getEncoder().encodeToString(SecretSealer.newKey());

    @TempDir
    Path dir;

    private static Map<String, String> env(String masterKey) {
        Map<String, String> env = new HashMap<>(Map.of("COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID,
                "COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY));
        if (masterKey != null) env.put("COSD_MASTER_KEY", masterKey);
        return env;
    }

    private E2e nodeA(Path root) throws Exception {
        return new E2e(d -> new Config("127.0.0.1", 0, d, E2e.REGION, Set.of(), 120_000)
                .withBlobs(new Config.Blobs(root, Duration.ofHours(1))), Map.of("COSD_MASTER_KEY", KEY));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(COSClient cos, String bucket, String key) throws IOException {
        try (InputStream in = cos.getObject(bucket, key).getObjectContent()) {
            return in.readAllBytes();
        }
    }

    /** Sends {@code body} up to {@code pauseAt}, then waits for {@code go} before the rest: an upload in flight. */
    private static InputStream pausing(byte[] body, int pauseAt, CountDownLatch paused, CountDownLatch go) {
        return new InputStream() {
            int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos == body.length) return -1;
                if (pos == pauseAt) {
                    paused.countDown();
                    try {
                        if (!go.await(60, TimeUnit.SECONDS)) throw new IOException("never resumed");
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                int n = Math.min(len, (pos < pauseAt ? pauseAt : body.length) - pos);
                System.arraycopy(body, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    /** The files under {@code d}, which running nodes may be changing. */
    private static List<Path> files(Path d) throws IOException {
        return LiveDir.files(d);
    }

    /** {@code cosd serve} on {@code data} over the shared {@code root}, as a process; its port from the listening line. */
    private record Node(CosdProcess.Running process, int port, String listening) implements AutoCloseable {
        static Node start(Path data, Path root) throws Exception {
            CosdProcess.Running p = CosdProcess.start(env(KEY), "serve", "--port", "0", "--bind", "127.0.0.1",
                    "--data-dir", data.toString(), "--blob-dir", root.toString());
            return new Node(p, p.port(), p.awaitLine("listening")); // printed after start-up cleanup
        }

        COSClient cos() { return E2e.cosClient(port, E2e.SECRET_ID, E2e.SECRET_KEY); }

        @Override
        public void close() throws Exception { process.close(); }
    }

    /**
     * Node B's metadata is a copy of A's taken before A's uploads began: what B's metadata knows of A's
     * work in flight is exactly what a shared database knows a moment before A's commits, nothing.
     */
    @Test
    void nodeBStartingWhileNodeAUploadsDeletesNoneOfAsWorkAndAsUploadsCompleteAndReadBackIntact_ST_R2() throws Exception {
        Path root = dir.resolve("blobs"), dataA = dir.resolve("node-a"), dataB = dir.resolve("node-b");
        String bucket = E2e.bucket("shared-root");
        byte[] before = random(200_000, 1); // above --inline-max: a blob file in the shared root
        try (Node a = Node.start(dataA, root)) {
            COSClient cos = a.cos();
            cos.createBucket(bucket);
            cos.putObject(bucket, "before", new ByteArrayInputStream(before), meta(before.length));
            cos.shutdown();
        }
        copyDataDir(dataA, dataB);

        try (Node a = Node.start(dataA, root)) {
            COSClient cos = a.cos();
            // A multipart upload with one part stored: a committed blob B's metadata knows nothing of.
            String uploadId = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, "multi")).getUploadId();
            byte[] part1 = random(5 << 20, 2), part2 = random(100_000, 3);
            PartETag p1 = cos.uploadPart(new UploadPartRequest().withBucketName(bucket).withKey("multi").withUploadId(uploadId)
                    .withPartNumber(1).withInputStream(new ByteArrayInputStream(part1)).withPartSize(part1.length)).getPartETag();
            byte[] fresh = random(300_000, 7); // committed just now: unknown to B's metadata
            cos.putObject(bucket, "fresh", new ByteArrayInputStream(fresh), meta(fresh.length));

            // A PUT in flight: half its body is in a temporary file in the shared root when B starts.
            byte[] slow = random(1 << 20, 4);
            CountDownLatch paused = new CountDownLatch(1), go = new CountDownLatch(1);
            CompletableFuture<String> put = CompletableFuture.supplyAsync(() -> cos.putObject(
                    new PutObjectRequest(bucket, "in-flight", pausing(slow, slow.length / 2, paused, go), meta(slow.length))).getETag());
            assertThat(paused.await(30, TimeUnit.SECONDS)).isTrue();
            awaitTemporaryFile(root.resolve("tmp"));
            List<Path> filesBefore = files(root);

            try (Node b = Node.start(dataB, root)) {
                assertThat(b.listening()).contains(" blobs=" + root.toAbsolutePath() + " (shared)");
                assertThat(files(root)).as("B's cleanup removed nothing of A's").containsAll(filesBefore);

                go.countDown();
                assertThat(put.get(60, TimeUnit.SECONDS)).isNotBlank();
                PartETag p2 = cos.uploadPart(new UploadPartRequest().withBucketName(bucket).withKey("multi").withUploadId(uploadId)
                        .withPartNumber(2).withInputStream(new ByteArrayInputStream(part2)).withPartSize(part2.length)).getPartETag();
                cos.completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, "multi", uploadId, new java.util.ArrayList<>(List.of(p1, p2))));

                assertThat(read(cos, bucket, "in-flight")).isEqualTo(slow);
                assertThat(read(cos, bucket, "fresh")).isEqualTo(fresh);
                assertThat(read(cos, bucket, "before")).isEqualTo(before);
                byte[] whole = new byte[part1.length + part2.length];
                System.arraycopy(part1, 0, whole, 0, part1.length);
                System.arraycopy(part2, 0, whole, part1.length, part2.length);
                assertThat(read(cos, bucket, "multi")).isEqualTo(whole);

                // B serves the same root: what its metadata knows, from A's blobs, and its own writes.
                COSClient cosB = b.cos();
                assertThat(read(cosB, bucket, "before")).isEqualTo(before);
                byte[] viaB = random(300_000, 5);
                cosB.putObject(bucket, "via-b", new ByteArrayInputStream(viaB), meta(viaB.length));
                assertThat(read(cosB, bucket, "via-b")).isEqualTo(viaB);
                cosB.shutdown();
            }
            cos.shutdown();
        }
        assertThat(Files.readString(dataB.resolve("node-id")).strip()).matches("[0-9a-f]{16}")
                .isNotEqualTo(Files.readString(dataA.resolve("node-id")).strip());
    }

    @Test
    void aNodeKilledMidUploadEmptiesItsOwnTemporaryDirectoryAtItsNextStartWithoutWaitingForTheGrace_ST_R2() throws Exception {
        Path root = dir.resolve("blobs"), data = dir.resolve("node-a");
        String bucket = E2e.bucket("shared-crash");
        byte[] slow = random(1 << 20, 8);
        CountDownLatch paused = new CountDownLatch(1), never = new CountDownLatch(1);
        Path ownTmp;
        try (Node a = Node.start(data, root)) {
            COSClient cos = a.cos();
            cos.createBucket(bucket);
            CompletableFuture.runAsync(() -> cos.putObject(new PutObjectRequest(bucket, "cut", pausing(slow, slow.length / 2, paused, never),
                    meta(slow.length))));
            assertThat(paused.await(30, TimeUnit.SECONDS)).isTrue();
            awaitTemporaryFile(root.resolve("tmp"));
            ownTmp = root.resolve("tmp").resolve(Files.readString(data.resolve("node-id")).strip());
            assertThat(files(ownTmp)).hasSize(1);
            a.process().process.destroyForcibly().waitFor(); // SIGKILL: the temp file stays behind
            never.countDown();
            cos.shutdown();
        }
        assertThat(files(ownTmp)).hasSize(1);
        try (Node again = Node.start(data, root)) {
            assertThat(files(ownTmp)).as("its own leftovers go at once, though younger than the grace").isEmpty();
            COSClient cos = again.cos();
            assertThat(cos.doesObjectExist(bucket, "cut")).isFalse();
            cos.shutdown();
        }
    }

    /** A stopped node's data dir, without its lock and node id (a copy must get its own id: docs/scale-out.md). */
    private static void copyDataDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.toList()) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && !name.equals("node-id") && !name.equals("cosd.lock")) Files.copy(f, to.resolve(name));
            }
        }
    }

    @Test
    void adminScrubGivenTheSameBlobDirFindsEveryBlobOfTheSharedRootIntact_ST_R1() throws Exception {
        Path root = dir.resolve("blobs");
        try (E2e a = nodeA(root)) {
            COSClient cos = a.cos();
            String bucket = E2e.bucket("shared-scrub");
            cos.createBucket(bucket);
            for (int i = 0; i < 3; i++) {
                byte[] body = random(150_000, 10 + i);
                cos.putObject(bucket, "k" + i, new ByteArrayInputStream(body), meta(body.length));
            }
            assertThat(a.dir.resolve("blobs")).doesNotExist(); // nothing in the data dir's default place
            CosdProcess.Result scrub = CosdProcess.run(env(KEY), "admin", "--data-dir", a.dir.toString(), "--blob-dir", root.toString(), "scrub");
            assertThat(scrub.exit()).as(scrub.out() + scrub.err()).isZero();
            assertThat(scrub.out()).contains("scrubbed 3 versions (450000 bytes)").contains("damaged: 0");
            cos.shutdown();
        }
    }

    @Test
    void theColdTierAndRestoredCopiesLiveInTheSharedRootNotTheDataDir_ST_R1() throws Exception {
        Path root = dir.resolve("blobs");
        try (E2e a = new E2e(d -> new Config("127.0.0.1", 0, d, E2e.REGION, Set.of(), 120_000, List.of(), null, null,
                Config.Lifecycle.testMode(1)).withBlobs(new Config.Blobs(root, Duration.ofHours(1))), Map.of("COSD_MASTER_KEY", KEY))) {
            COSClient cos = a.cos();
            String bucket = E2e.bucket("shared-cold");
            cos.createBucket(bucket);
            byte[] data = new byte[200_000];
            for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31);
            cos.putObject(bucket, "obj", new ByteArrayInputStream(data), meta(data.length));
            var r = LifecycleConfigApiTest.putRaw(a.port(), cos, bucket, "<LifecycleConfiguration><Rule><ID>cold</ID><Filter/><Status>Enabled</Status>"
                    + "<Transition><Days>0</Days><StorageClass>ARCHIVE</StorageClass></Transition></Rule></LifecycleConfiguration>");
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            a.server.runLifecyclePass();
            assertThat(cos.getObjectMetadata(bucket, "obj").getStorageClass()).isEqualTo("ARCHIVE");
            assertThat(files(root.resolve("cold/blobs"))).hasSize(1);

            cos.restoreObject(LifecycleExecutionTest.restore(bucket, "obj", 600, com.qcloud.cos.model.Tier.Expedited)); // 600 test days: the copy cannot expire mid-test however slow the machine (with 1 s days, 1 day lapsed before the GET under load)
            Thread.sleep(1100); // test mode: Expedited completes after 1 s
            a.server.runRestores();
            assertThat(read(cos, bucket, "obj")).isEqualTo(data);
            assertThat(a.dir.resolve("blobs")).doesNotExist();
            assertThat(a.dir.resolve("cold")).doesNotExist();
            assertThat(a.dir.resolve("tmp")).doesNotExist();
            cos.shutdown();
        }
    }

    @Test
    void aNodeWhoseMasterKeyOrMetadataDiffersFromTheSharedRootsIsRefusedInOneLineAndDeletesNothing_ST_R3_ST_R4() throws Exception {
        Path root = dir.resolve("blobs");
        try (E2e a = nodeA(root)) {
            COSClient cos = a.cos();
            String bucket = E2e.bucket("shared-key");
            cos.createBucket(bucket);
            byte[] body = random(200_000, 6);
            cos.putObject(bucket, "k", new ByteArrayInputStream(body), meta(body.length));
            List<Path> filesBefore = files(root);

            String other = Base64.getEncoder().encodeToString(SecretSealer.newKey());
            CosdProcess.Result wrong = CosdProcess.run(env(other), "serve", "--port", "0", "--bind", "127.0.0.1",
                    "--data-dir", dir.resolve("node-b").toString(), "--blob-dir", root.toString());
            assertThat(wrong.exit()).isEqualTo(1);
            assertThat(wrong.errLines()).singleElement().satisfies(l -> assertThat(l)
                    .matches("cosd: the blob root .* is in use with master key id [0-9a-f]+ but this node's master key has id [0-9a-f]+: "
                            + "give every node the same key \\(COSD_MASTER_KEY_FILE or COSD_MASTER_KEY\\)"));
            // Without any key setting a new node would generate its own: refused instead, and nothing created.
            CosdProcess.Result none = CosdProcess.run(env(null), "serve", "--port", "0", "--bind", "127.0.0.1",
                    "--data-dir", dir.resolve("node-c").toString(), "--blob-dir", root.toString());
            assertThat(none.exit()).isEqualTo(1);
            assertThat(none.errLines()).singleElement().satisfies(l -> assertThat(l).contains("this node has no master key"));
            assertThat(dir.resolve("node-c")).doesNotExist();

            // The right key but a metadata database of its own: its orphan scan would take A's blobs (ST-R4).
            CosdProcess.Result ownDb = CosdProcess.run(env(KEY), "serve", "--port", "0", "--bind", "127.0.0.1",
                    "--data-dir", dir.resolve("node-d").toString(), "--blob-dir", root.toString());
            assertThat(ownDb.exit()).isEqualTo(1);
            assertThat(ownDb.errLines()).singleElement().satisfies(l -> assertThat(l)
                    .matches("cosd: the blob root .* belongs to another metadata database \\(deployment [0-9a-f]{32}, this node's is [0-9a-f]{32}\\): .*"));

            assertThat(files(root)).containsExactlyInAnyOrderElementsOf(filesBefore);
            assertThat(read(cos, bucket, "k")).isEqualTo(body);
            cos.shutdown();
        }
    }

    /** The server writes what it has received of the body into its temporary file in its node's directory: wait until that file exists. */
    private static void awaitTemporaryFile(Path tmp) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            // tmp/<node-id>/<id>.tmp; the node's own temporary files come and go while this looks
            if (LiveDir.files(tmp).stream().anyMatch(p -> p.getFileName().toString().endsWith(".tmp"))) return;
            Thread.sleep(20);
        }
        throw new AssertionError("no temporary file of the upload in flight in " + tmp);
    }

    private static ObjectMetadata meta(long length) {
        ObjectMetadata m = new ObjectMetadata();
        m.setContentLength(length);
        return m;
    }
}
