package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.GeneratePresignedUrlRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Second review of AUTH-1..6 / UB: attacks that replay a real signature against another request. */
class ReviewAttackTest {
    static E2e env;
    static COSClient cos;
    static final String V = E2e.bucket("rv-versions");
    static final String P = E2e.bucket("rv-plain");

    @BeforeAll
    static void start() throws Exception {
        env = new E2e();
        cos = env.cos();
        cos.createBucket(V);
        cos.createBucket(P);
        cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(V,
                new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED)));
    }

    @AfterAll
    static void stop() throws Exception {
        cos.shutdown();
        env.close();
    }

    static String host(String bucket) { return bucket + ".cos.ap-guangzhou.myqcloud.com"; }

    static URL presigned(String bucket, String key, HttpMethodName m, Map<String, String> params) {
        var req = new GeneratePresignedUrlRequest(bucket, key, m);
        req.setExpiration(new Date(System.currentTimeMillis() + 600_000));
        params.forEach(req::addRequestParameter);
        return cos.generatePresignedUrl(req);
    }

    static String text(String bucket, String key) throws Exception {
        try (var in = cos.getObject(bucket, key).getObjectContent()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** q-sign folds parameter names to lower case; the router does not. Renaming versionId must not drop it. */
    @Test
    void aCaseRenamedVersionIdDoesNotServeAnotherVersion() throws Exception {
        String old = cos.putObject(V, "doc", "old").getVersionId();
        cos.putObject(V, "doc", "new");
        String file = presigned(V, "doc", HttpMethodName.GET, Map.of("versionId", old)).getFile();
        assertThat(file).contains("versionId=");
        var r = RawHttp.send(env.port(), "GET", file.replace("versionId=", "VersionId="), Map.of("Host", host(V)), null);
        assertThat(r.text()).isNotEqualTo("new");
        assertThat(r.status()).isNotEqualTo(200);
    }

    /** A presigned DELETE of one old version must not become a delete of the current object. */
    @Test
    void aCaseRenamedVersionIdOnDeleteDoesNotDeleteTheCurrentObject() throws Exception {
        cos.putObject(V, "del", "v1");
        String v1 = cos.listVersions(V, "del").getVersionSummaries().get(0).getVersionId();
        cos.putObject(V, "del", "v2");
        String file = presigned(V, "del", HttpMethodName.DELETE, Map.of("versionId", v1)).getFile();
        var r = RawHttp.send(env.port(), "DELETE", file.replace("versionId=", "VERSIONID="), Map.of("Host", host(V)), null);
        assertThat(r.status()).isNotIn(200, 204);
        assertThat(text(V, "del")).isEqualTo("v2");
    }

    /** A presigned UploadPart must not become a PutObject that overwrites the key. */
    @Test
    void aCaseRenamedUploadIdDoesNotTurnAPartUploadIntoAnOverwrite() throws Exception {
        cos.putObject(P, "big", "original");
        String uploadId = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(P, "big")).getUploadId();
        String file = presigned(P, "big", HttpMethodName.PUT, Map.of("uploadId", uploadId, "partNumber", "1")).getFile();
        var r = RawHttp.send(env.port(), "PUT", file.replace("uploadId=", "UploadId="), Map.of("Host", host(P)),
                "part-bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(text(P, "big")).isEqualTo("original");
        assertThat(r.status()).isNotEqualTo(200);
    }
}
