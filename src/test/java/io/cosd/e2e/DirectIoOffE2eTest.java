package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import io.cosd.app.Config;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --direct-io off} (COSD_DIRECT_IO=off, ST-W6, docs/storage.md "Write order of an object"): a
 * server told to write every blob through the page cache stores large bodies from the COS and AWS
 * SDKs exactly, each blob file the body's size.
 */
class DirectIoOffE2eTest {
    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aServerWithDirectIoOffStoresLargeBodiesFromBothSdksExactly_ST_W6() throws Exception {
        try (E2e e2e = new E2e(d -> new Config("127.0.0.1", 0, d, E2e.REGION, Set.of(), 120_000)
                .withBlobs(new Config.Blobs(null, Config.Blobs.DEFAULT.grace(), false)))) {
            COSClient cos = e2e.cos();
            S3Client s3 = e2e.s3();
            String bucket = E2e.bucket("directoff");
            cos.createBucket(bucket);
            byte[] viaCos = random(3 * 1024 * 1024 + 17, 1), viaS3 = random(1024 * 1024 - 5, 2);
            ObjectMetadata m = new ObjectMetadata();
            m.setContentLength(viaCos.length);
            cos.putObject(new PutObjectRequest(bucket, "cos.bin", new ByteArrayInputStream(viaCos), m));
            s3.putObject(b -> b.bucket(bucket).key("s3.bin"), RequestBody.fromBytes(viaS3));
            try (InputStream in = cos.getObject(bucket, "cos.bin").getObjectContent()) {
                assertThat(in.readAllBytes()).isEqualTo(viaCos);
            }
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("s3.bin")).asByteArray()).isEqualTo(viaS3);
            List<Long> sizes = LiveDir.files(e2e.dir.resolve("blobs")).stream()
                    .filter(p -> !p.getFileName().toString().startsWith(".")).map(p -> p.toFile().length()).toList();
            assertThat(sizes).contains((long) viaCos.length, (long) viaS3.length);
        }
    }
}
