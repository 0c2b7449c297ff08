package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.GetObjectMetadataRequest;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.SSECustomerKey;
import com.qcloud.cos.model.SetBucketReplicationConfigurationRequest;
import io.cosd.app.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSE-12 across two servers: an SSE-COS version arrives encrypted at rest on the destination (under the
 * destination's own master key) and reads back the same; an SSE-C version is not replicated and its
 * status says FAILED.
 */
class SseReplicationE2eTest {
    static E2e dst, src;
    static COSClient cosSrc, cosDst;
    static final String SRC = E2e.bucket("sse-rep-src"), DST = E2e.bucket("sse-rep-dst");

    @BeforeAll
    static void start() throws Exception {
        dst = new E2e(Files.createTempDirectory("cosd-sse-dst"), "ap-shanghai", null, 0);
        src = new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of(),
                "ap-shanghai=http://127.0.0.1:" + dst.port(), null, Config.Lifecycle.DEFAULT), Map.of("COSD_SSE_C_ALLOW_HTTP", "true"));
        cosSrc = src.cos();
        cosDst = dst.cos();
        cosSrc.createBucket(SRC);
        cosDst.createBucket(DST);
        ReplicationEngineTest.versioning(cosSrc, SRC, BucketVersioningConfiguration.ENABLED);
        ReplicationEngineTest.versioning(cosDst, DST, BucketVersioningConfiguration.ENABLED);
        cosSrc.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(SRC,
                ReplicationConfigApiTest.config("all", "", "qcs::cos:ap-shanghai::" + DST, null)));
    }

    @AfterAll
    static void stop() throws Exception {
        cosSrc.shutdown();
        cosDst.shutdown();
        src.close();
        dst.close();
    }

    @Test
    void aSameDeploymentReplicaGetsItsDestinationBucketsDefaultEncryption_SSE_12() throws Exception {
        String from = E2e.bucket("sse-rep-local-src"), to = E2e.bucket("sse-rep-local-dst");
        cosSrc.createBucket(from);
        cosSrc.createBucket(to);
        ReplicationEngineTest.versioning(cosSrc, from, BucketVersioningConfiguration.ENABLED);
        ReplicationEngineTest.versioning(cosSrc, to, BucketVersioningConfiguration.ENABLED);
        try (var s3 = src.s3()) {
            s3.putBucketEncryption(r -> r.bucket(to).serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
                    .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm("AES256")))));
            cosSrc.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(from,
                    ReplicationConfigApiTest.config("local", "", "qcs::cos:" + E2e.REGION + "::" + to, null)));
            cosSrc.putObject(from, "plain", "a plain source");
            ReplicationEngineTest.await(() -> cosSrc.doesObjectExist(to, "plain"));
            assertThat(s3.headObject(r -> r.bucket(to).key("plain")).serverSideEncryptionAsString()).isEqualTo("AES256");
            assertThat(s3.headObject(r -> r.bucket(from).key("plain")).serverSideEncryptionAsString()).isNull();
        }
    }

    static String status(String key, GetObjectMetadataRequest r) {
        return (String) cosSrc.getObjectMetadata(r).getRawMetadataValue("x-cos-replication-status");
    }

    @Test
    void anSseS3VersionIsReplicatedEncryptedAndAnSseCOneFailsSayingWhy_SSE_12() throws Exception {
        byte[] body = SseE2eTest.data(100_000, "REPLICATED-SSE");
        ObjectMetadata m = new ObjectMetadata();
        m.setServerSideEncryption("AES256");
        cosSrc.putObject(SseCosSdkE2eTest.put("s3", body, m).withBucketName(SRC));
        ReplicationEngineTest.await(() -> "COMPLETED".equals(status("s3", new GetObjectMetadataRequest(SRC, "s3"))));
        var head = cosDst.getObjectMetadata(DST, "s3");
        assertThat(head.getServerSideEncryption()).isEqualTo("AES256");
        try (var in = cosDst.getObject(DST, "s3").getObjectContent()) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
        assertThat(SseE2eTest.contains(dst.dir, "REPLICATED-SSE")).isFalse();

        SSECustomerKey key = new SSECustomerKey(SseE2eTest.key(51));
        cosSrc.putObject(SseCosSdkE2eTest.put("c", body, new ObjectMetadata()).withBucketName(SRC).withSSECustomerKey(key));
        GetObjectMetadataRequest headC = new GetObjectMetadataRequest(SRC, "c");
        headC.setSSECustomerKey(key);
        ReplicationEngineTest.await(() -> "FAILED".equals(status("c", headC)));
        assertThat(cosDst.doesObjectExist(DST, "c")).isFalse();
        GetObjectRequest get = new GetObjectRequest(SRC, "c");
        get.setSSECustomerKey(key);
        try (var in = cosSrc.getObject(get).getObjectContent()) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
    }

    /** SSE-12, SSE-14: a multipart SSE-S3 version is read part by part, each under its own part key, to be replicated. */
    @Test
    void aMultipartSseS3VersionIsReplicatedThroughItsPartKeys_SSE_12_SSE_14() throws Exception {
        byte[] one = SseE2eTest.data(SseE2eTest.PART, "REPLICATED-MP-1"), two = SseE2eTest.data(70_000, "REPLICATED-MP-2");
        ObjectMetadata m = new ObjectMetadata();
        m.setServerSideEncryption("AES256");
        String id = cosSrc.initiateMultipartUpload(new com.qcloud.cos.model.InitiateMultipartUploadRequest(SRC, "mp", m)).getUploadId();
        List<com.qcloud.cos.model.PartETag> etags = new java.util.ArrayList<>();
        int n = 0;
        for (byte[] part : List.of(one, two)) {
            var r = new com.qcloud.cos.model.UploadPartRequest();
            r.setBucketName(SRC);
            r.setKey("mp");
            r.setUploadId(id);
            r.setPartNumber(n += 2); // parts 2 and 4
            r.setInputStream(new java.io.ByteArrayInputStream(part));
            r.setPartSize(part.length);
            etags.add(cosSrc.uploadPart(r).getPartETag());
        }
        cosSrc.completeMultipartUpload(new com.qcloud.cos.model.CompleteMultipartUploadRequest(SRC, "mp", id, etags));
        ReplicationEngineTest.await(() -> "COMPLETED".equals(status("mp", new GetObjectMetadataRequest(SRC, "mp"))));
        byte[] whole = java.util.Arrays.copyOf(one, one.length + two.length);
        System.arraycopy(two, 0, whole, one.length, two.length);
        try (var in = cosDst.getObject(DST, "mp").getObjectContent()) {
            assertThat(in.readAllBytes()).isEqualTo(whole);
        }
    }
}
