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
import static org.assertj.core.api.Assertions.catchThrowable;

/** docs/storage.md ST-I1 "HEAD and GET agree", also for an archived object read through its restored copy. */
@CosdServer(lifecycleDaySeconds = 1)
class RestoredCopyIntegrityTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;

    @Test
    void aTruncatedRestoredCopyFailsHeadAsItFailsGet() throws Exception {
        String b = E2e.bucket("review2-restored");
        cos.createBucket(b);
        var r = LifecycleConfigApiTest.putRaw(env.port(), cos, b, "<LifecycleConfiguration><Rule><ID>cold</ID><Filter/><Status>Enabled</Status>"
                + "<Transition><Days>0</Days><StorageClass>ARCHIVE</StorageClass></Transition></Rule></LifecycleConfiguration>");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        byte[] data = new byte[100 * 1024];
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(data.length);
        cos.putObject(new PutObjectRequest(b, "obj", new ByteArrayInputStream(data), md));
        env.server.runLifecyclePass();
        cos.restoreObject(LifecycleExecutionTest.restore(b, "obj", 600, com.qcloud.cos.model.Tier.Expedited)); // 600 test days: the copy cannot expire mid-test however slow the machine (with 1 s days, 1 day lapsed before the GET under load)
        Thread.sleep(1100);
        env.server.runRestores();
        ObjectVersion v = env.server.metadata().objects().latest(b, "obj").orElseThrow();
        String copy = env.server.metadata().lifecycle().restore(b, "obj", v.versionId()).orElseThrow().blobId();
        assertThat(copy).as("restored").isNotNull();
        cos.getObject(b, "obj").close(); // readable

        try (var f = new RandomAccessFile(LifecycleExecutionTest.blobPath(env.dir, copy).toFile(), "rw")) {
            f.setLength(10);
        }
        Throwable get = catchThrowable(() -> cos.getObject(b, "obj").close());
        Throwable head = catchThrowable(() -> cos.getObjectMetadata(b, "obj"));
        assertThat(get).isInstanceOfSatisfying(CosServiceException.class, e -> assertThat(e.getStatusCode()).isEqualTo(500));
        assertThat(head).as("HEAD answers as GET does (ST-I1)").isInstanceOfSatisfying(CosServiceException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(500));
    }
}
