package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import io.cosd.domain.object.ObjectVersion;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/storage.md ST-I10: the background copies that read a version's bytes through user space
 * (archive transition, restore) compare them with the metadata; damaged bytes are marked, not
 * archived or restored as if they were fine, and the lifecycle pass moves on.
 */
@CosdServer(lifecycleDaySeconds = 1)
class ArchiveIntegrityTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;

    @Test
    void aFlippedByteIsNotArchivedTheVersionIsMarkedAndThePassArchivesTheRest() throws Exception {
        String b = E2e.bucket("arch-integrity");
        cos.createBucket(b);
        rules(b);
        put(b, "flipped", data());
        put(b, "fine", data());
        flipByte(LifecycleExecutionTest.blobPath(env.dir, version(b, "flipped").blobId()), 500);

        env.server.runLifecyclePass();
        assertThat(cos.getObjectMetadata(b, "fine").getStorageClass()).isEqualTo("ARCHIVE");
        ObjectVersion flipped = version(b, "flipped");
        assertThat(flipped.storageClass().name()).as("left hot").isEqualTo("STANDARD");
        assertThat(flipped.damage()).startsWith("crc64:");
        assertDamaged(b, "flipped");
    }

    @Test
    void aRestoreOfATruncatedColdBlobMarksTheVersionAndItsGetAndHeadFail() throws Exception {
        String b = E2e.bucket("restore-integrity");
        cos.createBucket(b);
        rules(b);
        put(b, "obj", data());
        env.server.runLifecyclePass();
        String cold = version(b, "obj").blobId();
        assertThat(cold).startsWith("cold-");
        Path file = LifecycleExecutionTest.blobPath(env.dir.resolve("cold"), cold.substring("cold-".length()));
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        cos.restoreObject(LifecycleExecutionTest.restore(b, "obj", 600, com.qcloud.cos.model.Tier.Expedited)); // 600 test days: no expiry mid-test
        Thread.sleep(1100); // test mode: Expedited completes after 1 s
        env.server.runRestores();
        assertThat(version(b, "obj").damage()).startsWith("size: cannot be decompressed");
        assertDamaged(b, "obj");
    }

    private static void assertDamaged(String b, String key) {
        assertThatThrownBy(() -> cos.getObject(b, key).close())
                .isInstanceOfSatisfying(CosServiceException.class, e -> assertThat(e.getStatusCode()).isEqualTo(500));
        assertThatThrownBy(() -> cos.getObjectMetadata(b, key))
                .isInstanceOfSatisfying(CosServiceException.class, e -> assertThat(e.getStatusCode()).isEqualTo(500));
    }

    private static void rules(String b) throws Exception {
        var r = LifecycleConfigApiTest.putRaw(env.port(), cos, b, "<LifecycleConfiguration><Rule><ID>cold</ID><Filter/><Status>Enabled</Status>"
                + "<Transition><Days>0</Days><StorageClass>ARCHIVE</StorageClass></Transition></Rule></LifecycleConfiguration>");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static byte[] data() {
        byte[] data = new byte[100 * 1024];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31);
        return data;
    }

    private static void put(String b, String key, byte[] bytes) {
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(bytes.length);
        cos.putObject(new PutObjectRequest(b, key, new ByteArrayInputStream(bytes), md));
    }

    private static ObjectVersion version(String b, String key) {
        return env.server.metadata().objects().latest(b, key).orElseThrow();
    }

    private static void flipByte(Path p, long at) throws Exception {
        try (var f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(at);
            int x = f.read();
            f.seek(at);
            f.write(x ^ 0xff);
        }
    }
}
