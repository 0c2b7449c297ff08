package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import io.cosd.app.Config;
import io.cosd.app.Main;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.UploadedPart;
import io.cosd.service.ScrubService;
import io.cosd.store.blob.FreeSpaceReserve;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/storage.md "Read integrity and scrubbing": blobs damaged on disk behind cosd's back (a byte
 * flipped, a file truncated, a file deleted) are never served as if they were fine. A missing or
 * short blob fails GET and HEAD alike before any header goes out; a flipped byte (same size, sent
 * by sendfile) is found by the scrubber, which marks the version, after which GET and HEAD fail
 * too. Untouched objects stay readable, and a blob put back intact is unmarked by the next scrub.
 */
@CosdServer(factory = "server")
class ReadIntegrityTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;
    static final String BUCKET = E2e.bucket("integrity");
    static final byte[] DATA = random(300_000, 1);

    @BeforeAll
    static void fixtures() throws Exception {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    /** This class's server ({@link CosdServer#factory}): no free-space reserve and no background scrub, so the tests run every scrub themselves. */
    static E2e server() throws Exception {
        return new E2e(Files.createTempDirectory("cosd-e2e"), new Config.Integrity(FreeSpaceReserve.parse("0"), Duration.ZERO, 0));
    }

    @Test
    void truncatedDeletedAndFlippedBlobsFailGetAndHeadAlikeAndTheScrubberReportsAndMarksThem() throws Exception {
        for (String k : List.of("flipped", "truncated", "deleted", "fine")) put(k, DATA);
        flipByte(blob("flipped"), 1234);
        truncate(blob("truncated"), DATA.length - 1);
        Files.delete(blob("deleted"));

        // Size and presence are checked before the head: both dialects, GET and HEAD, agree.
        assertS3Damaged("truncated", "wrong size");
        assertS3Damaged("deleted", "missing");
        assertCosDamaged("truncated");
        assertCosDamaged("deleted");
        // A copy never propagates a damaged source.
        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("truncated").destinationBucket(BUCKET).destinationKey("copy")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(metrics()).containsPattern("cosd_read_integrity_failures_total\\{kind=\"size\"} [1-9]")
                .containsPattern("cosd_read_integrity_failures_total\\{kind=\"missing\"} [1-9]");
        assertFine("fine");

        // The scrubber reads every byte: it also finds the flipped one, and marks all three.
        ScrubService.Report r = env.server.runScrub(BUCKET);
        assertThat(r.damaged()).extracting(f -> f.key() + ":" + f.kind())
                .containsExactlyInAnyOrder("flipped:crc64", "truncated:size", "deleted:missing");
        for (String k : List.of("flipped", "truncated", "deleted")) {
            assertThat(version(k).damage()).as(k).isNotNull();
        }
        assertThat(version("fine").damage()).isNull();
        assertS3Damaged("flipped", "damaged (crc64");
        assertCosDamaged("flipped");
        assertFine("fine");
        assertThat(metrics()).containsPattern("cosd_scrub_damaged_total\\{kind=\"crc64\"} [1-9]")
                .containsPattern("cosd_read_integrity_failures_total\\{kind=\"marked\"} [1-9]")
                .containsPattern("(?m)^cosd_scrub_versions_total [1-9]");
        // Listing still shows them (it reports metadata; the damage is in GET/HEAD and the scrub report).
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(o -> o.key()).contains("flipped", "truncated", "deleted");

        // The operator puts the flipped blob back from a backup: the next scrub unmarks it.
        flipByte(blob("flipped"), 1234);
        ScrubService.Report again = env.server.runScrub(BUCKET);
        assertThat(again.cleared()).isEqualTo(1);
        assertThat(again.damaged()).extracting(f -> f.key()).containsExactlyInAnyOrder("truncated", "deleted");
        assertFine("flipped");
    }

    @Test
    void aMultipartObjectWithAShortPartFailsAndTheScrubberNamesThePart() throws Exception {
        String key = "mp";
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
        byte[] p1 = random(1 << 20, 2), p2 = random(5000, 3);
        CompletedPart c1 = part(key, id, 1, p1), c2 = part(key, id, 2, p2);
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(id).multipartUpload(m -> m.parts(c1, c2)));
        ObjectVersion v = version(key);
        List<UploadedPart> parts = env.server.metadata().uploads().objectParts(BUCKET, key, v.versionId(), v.seq()).orElseThrow();
        truncate(blobPath(parts.get(1).blobId()), 10);

        assertS3Damaged(key, "wrong size");
        // A range inside the intact first part is refused too: the object as a whole is not what was stored.
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key).range("bytes=0-99")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        ScrubService.Report r = env.server.runScrub(BUCKET);
        assertThat(r.damaged()).filteredOn(f -> f.key().equals(key)).singleElement()
                .satisfies(f -> assertThat(f.detail()).startsWith("part 2:"));
    }

    @Test
    void adminScrubBesideTheRunningServerPrintsTheDamagedVersionsAndExitsWith3() throws Exception {
        String b = E2e.bucket("integrity-cli");
        s3.createBucket(x -> x.bucket(b));
        s3.putObject(x -> x.bucket(b).key("ok"), RequestBody.fromBytes(DATA));
        s3.putObject(x -> x.bucket(b).key("bad"), RequestBody.fromBytes(DATA));
        ObjectVersion bad = env.server.metadata().objects().latest(b, "bad").orElseThrow();
        flipByte(blobPath(bad.blobId()), 7);

        PrintStream saved = System.out;
        var out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new CommandLine(new Main()).execute("admin", "--data-dir", env.dir.toString(), "scrub", b);
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isEqualTo(3);
        assertThat(text).contains("DAMAGED\t" + b + "\tbad\tversion=null\tcrc64").doesNotContain("\tok\t")
                .contains("scrubbed 2 versions").contains("damaged: 1");
        // The live server sees the mark the command wrote.
        assertThatThrownBy(() -> s3.headObject(x -> x.bucket(b).key("bad")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(s3.getObjectAsBytes(x -> x.bucket(b).key("ok")).asByteArray()).isEqualTo(DATA);
    }

    // --- helpers

    private static void put(String key, byte[] data) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(data));
    }

    private static CompletedPart part(String key, String id, int n, byte[] data) {
        String etag = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(id).partNumber(n), RequestBody.fromBytes(data)).eTag();
        return CompletedPart.builder().partNumber(n).eTag(etag).build();
    }

    private static ObjectVersion version(String key) {
        return env.server.metadata().objects().latest(BUCKET, key).orElseThrow();
    }

    private static Path blob(String key) {
        return blobPath(version(key).blobId());
    }

    /** DiskBlobStore's layout: blobs/ab/cd/<id>. */
    private static Path blobPath(String id) {
        return env.dir.resolve("blobs").resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id);
    }

    private static void flipByte(Path p, long at) throws Exception {
        try (var f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xff);
        }
    }

    private static void truncate(Path p, long size) throws Exception {
        try (var f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    private static void assertS3Damaged(String key, String message) {
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
                    assertThat(e.awsErrorDetails().errorMessage()).contains(key).contains(message);
                });
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key(key)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    }

    private static void assertCosDamaged(String key) {
        assertThatThrownBy(() -> cos.getObject(BUCKET, key).close())
                .isInstanceOfSatisfying(CosServiceException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(500);
                    assertThat(e.getErrorCode()).isEqualTo("InternalError");
                });
        assertThatThrownBy(() -> cos.getObjectMetadata(BUCKET, key))
                .isInstanceOfSatisfying(CosServiceException.class, e -> assertThat(e.getStatusCode()).isEqualTo(500));
    }

    private static void assertFine(String key) {
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(DATA);
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key(key)).contentLength()).isEqualTo(DATA.length);
    }

    private static String metrics() throws Exception {
        return MetricsText.withoutNode(RawHttp.send(env.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), new byte[0]).text());
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
