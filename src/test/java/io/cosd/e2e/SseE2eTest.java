package io.cosd.e2e;

import io.cosd.app.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server-side encryption at rest end to end with the AWS SDK v2 (docs/encryption.md): SSE-S3 objects are
 * ciphertext on disk and come back whole and by every range; SSE-C needs its key on every read. SSE-C keys
 * travel over plain HTTP here only because the server is started with COSD_SSE_C_ALLOW_HTTP=true (SSE-9).
 */
@CosdServer(factory = "server")
class SseE2eTest {
    static final String BUCKET = E2e.bucket("sse");
    static final int CHUNK = 64 * 1024;

    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    static E2e server() throws Exception {
        return new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of()),
                Map.of("COSD_SSE_C_ALLOW_HTTP", "true"));
    }

    @BeforeAll
    static void bucket() {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    /** Random bytes with a recognisable marker every 4 KiB, to look for on disk. */
    static byte[] data(int n, String marker) {
        byte[] d = new byte[n];
        new Random(n).nextBytes(d);
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + m.length <= n; i += 4096) System.arraycopy(m, 0, d, i, m.length);
        return d;
    }

    /** Whether any blob file under the data dir holds {@code marker}. */
    static boolean onDisk(String marker) throws IOException {
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(env.dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("meta.db"))::iterator) {
                byte[] b = Files.readAllBytes(p);
                for (int i = 0; i + m.length <= b.length; i++) {
                    if (b[i] == m[0] && Arrays.equals(b, i, i + m.length, m, 0, m.length)) return true;
                }
            }
        }
        return false;
    }

    @Test
    void anSseS3ObjectIsCiphertextOnDiskAndComesBackWholeWithItsHeader_SSE_1_SSE_5() throws Exception {
        byte[] body = data(3 * CHUNK + 17, "PLAINTEXT-MARKER-S3");
        var put = s3.putObject(b -> b.bucket(BUCKET).key("s3.bin").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(body));
        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(put.eTag()).isEqualTo("\"" + java.util.HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"");

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("s3.bin"));
        assertThat(got.asByteArray()).isEqualTo(body);
        assertThat(got.response().serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("s3.bin")).serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(onDisk("PLAINTEXT-MARKER-S3")).isFalse();

        // A plain object is stored as it is: the marker search itself works.
        s3.putObject(b -> b.bucket(BUCKET).key("plain.bin"), RequestBody.fromBytes(data(5000, "PLAINTEXT-MARKER-PLAIN")));
        assertThat(onDisk("PLAINTEXT-MARKER-PLAIN")).isTrue();
    }

    @Test
    void everyRangeOfAnSseS3ObjectAcrossChunkBoundariesIsTheRightBytes_SSE_2() {
        byte[] body = data(2 * CHUNK + 5, "RANGE");
        s3.putObject(b -> b.bucket(BUCKET).key("ranges.bin").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(body));
        int[][] ranges = {{0, 0}, {0, CHUNK - 1}, {CHUNK - 1, CHUNK}, {CHUNK, CHUNK}, {CHUNK - 3, 2 * CHUNK + 2},
                {2 * CHUNK, 2 * CHUNK + 4}, {2 * CHUNK + 4, 2 * CHUNK + 4}, {5, 2 * CHUNK + 4}};
        for (int[] r : ranges) {
            byte[] got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ranges.bin").range("bytes=" + r[0] + "-" + r[1])).asByteArray();
            assertThat(got).as("bytes=%d-%d", r[0], r[1]).isEqualTo(Arrays.copyOfRange(body, r[0], r[1] + 1));
        }
        byte[] suffix = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ranges.bin").range("bytes=-7")).asByteArray();
        assertThat(suffix).isEqualTo(Arrays.copyOfRange(body, body.length - 7, body.length));
    }

    @Test
    void emptyAndOneByteSseS3ObjectsRoundTrip_SSE_2() {
        s3.putObject(b -> b.bucket(BUCKET).key("empty").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(new byte[0]));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("empty")).asByteArray()).isEmpty();
        s3.putObject(b -> b.bucket(BUCKET).key("one").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(new byte[] {42}));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("one")).asByteArray()).containsExactly(42);
    }

    @Test
    void anUnknownEncryptionMethodIsRefusedAndStoresNothing_SSE_9() {
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("bogus").serverSideEncryption("AES512"), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
                });
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("bogus"))).isInstanceOf(S3Exception.class);
    }

    static String key(int seed) {
        byte[] k = new byte[32];
        new Random(seed).nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    static String md5(String b64key) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(Base64.getDecoder().decode(b64key)));
    }
}
