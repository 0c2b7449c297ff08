package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review finding (SSE-13, SSE-14): GET {@code ?partNumber=} of a restored archived multipart object is planned
 * over the restored copy's single blob (ObjectHandler.partRange gets the served layout), so part 1 is answered
 * with the whole object and part 2 is refused, while HEAD (planned over the parts) answers part 1's size.
 */
@CosdServer(factory = "server")
class Rev12RestoredPartNumberE2eTest {
    static final String BUCKET = E2e.bucket("rev12-rpn");

    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;

    static E2e server() throws Exception {
        return SseServers.plainHttpWithLifecycle();
    }

    @BeforeAll
    static void bucket() throws Exception {
        cos.createBucket(BUCKET);
        SseServers.archiveAtOnce(env, cos, BUCKET);
    }

    @Test
    void aRestoredEncryptedMultipartObjectServesEachPartByPartNumberNotTheWholeObject_SSE_13_SSE_14() throws Exception {
        int part = SseE2eTest.PART;
        byte[] multi = SseE2eTest.data(part + 4000, "REV12-RPN");
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("multi").serverSideEncryption(ServerSideEncryption.AES256)).uploadId();
        var p1 = s3.uploadPart(b -> b.bucket(BUCKET).key("multi").uploadId(id).partNumber(1), RequestBody.fromBytes(Arrays.copyOf(multi, part)));
        var p2 = s3.uploadPart(b -> b.bucket(BUCKET).key("multi").uploadId(id).partNumber(2),
                RequestBody.fromBytes(Arrays.copyOfRange(multi, part, multi.length)));
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("multi").uploadId(id).multipartUpload(m -> m.parts(
                c -> c.partNumber(1).eTag(p1.eTag()), c -> c.partNumber(2).eTag(p2.eTag()))));
        env.server.runLifecyclePass();
        cos.restoreObject(LifecycleExecutionTest.restore(BUCKET, "multi", 600, com.qcloud.cos.model.Tier.Expedited));
        Thread.sleep(1100);
        env.server.runRestores();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("multi")).asByteArray()).isEqualTo(multi); // restored and readable

        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("multi").partNumber(1)).contentLength()).isEqualTo(part);
        var got1 = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("multi").partNumber(1));
        assertThat(got1.asByteArray().length).as("part 1's length, not the whole object's").isEqualTo(part);
        assertThat(got1.asByteArray()).isEqualTo(Arrays.copyOf(multi, part));
        var got2 = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("multi").partNumber(2));
        assertThat(got2.asByteArray()).isEqualTo(Arrays.copyOfRange(multi, part, multi.length));
    }
}
