package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ListMultipartUploadsRequest;
import com.qcloud.cos.model.ListObjectsRequest;
import com.qcloud.cos.model.ListPartsRequest;
import com.qcloud.cos.model.ListVersionsRequest;
import io.cosd.domain.signing.OutboundSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner id per account and dialect in every listing (docs/buckets.md "Owner IDs"): ListBuckets,
 * ListObjects v1 and v2 (with fetch-owner; without it v2 names no owner, as S3), ListObjectVersions, ListMultipartUploads (Owner and a root
 * Initiator) and ListParts. Before, ListBuckets named the CAM id and the others the APPID.
 */
@CosdServer
class OwnerIdsE2eTest {
    static final String COS_OWNER = "qcs::cam::uin/" + E2e.UIN + ":uin/" + E2e.UIN;
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;
    static final String B = E2e.bucket("owners");
    static String uploadId;

    @BeforeAll
    static void fixtures() throws Exception {
        s3.createBucket(r -> r.bucket(B));
        s3.putObject(r -> r.bucket(B).key("a.txt"), RequestBody.fromString("a"));
        uploadId = s3.createMultipartUpload(r -> r.bucket(B).key("big")).uploadId();
        s3.uploadPart(r -> r.bucket(B).key("big").uploadId(uploadId).partNumber(1), RequestBody.fromString("p"));
    }

    /** As S3: ListObjectsV2 names owners only with fetch-owner=true, and echoes an empty continuation token. */
    @Test
    void listObjectsV2NamesOwnersOnlyWhenAskedAndEchoesAnEmptyContinuationToken() {
        assertThat(s3.listObjectsV2(r -> r.bucket(B)).contents().getFirst().owner()).isNull();
        assertThat(s3.listObjectsV2(r -> r.bucket(B).fetchOwner(false)).contents().getFirst().owner()).isNull();
        assertThat(s3.listObjectsV2(r -> r.bucket(B).fetchOwner(true)).contents().getFirst().owner()).isNotNull();
        var empty = s3.listObjectsV2(r -> r.bucket(B).continuationToken(""));
        assertThat(empty.continuationToken()).isEmpty();
        assertThat(empty.contents()).extracting(o -> o.key()).contains("a.txt");
    }

    @Test
    void theAwsSdkSeesOneCanonicalOwnerIdInEveryListing() {
        List<String> ids = new ArrayList<>();
        var buckets = s3.listBuckets();
        ids.add(buckets.owner().id());
        ids.add(s3.listObjects(r -> r.bucket(B)).contents().getFirst().owner().id());
        ids.add(s3.listObjectsV2(r -> r.bucket(B).fetchOwner(true)).contents().getFirst().owner().id());
        ids.add(s3.listObjectVersions(r -> r.bucket(B)).versions().getFirst().owner().id());
        var upload = s3.listMultipartUploads(r -> r.bucket(B)).uploads().getFirst();
        ids.add(upload.owner().id());
        ids.add(upload.initiator().id());
        var parts = s3.listParts(r -> r.bucket(B).key("big").uploadId(uploadId));
        ids.add(parts.owner().id());
        ids.add(parts.initiator().id());

        assertThat(ids.getFirst()).matches("[0-9a-f]{64}");
        assertThat(ids).containsOnly(ids.getFirst());
        assertThat(buckets.owner().displayName()).isEqualTo(E2e.UIN);
        assertThat(upload.owner().displayName()).isEqualTo(E2e.UIN);
    }

    @Test
    void theCosSdkSeesTheOwnersCamNameInEveryListing() {
        List<String> ids = new ArrayList<>();
        // The COS Java SDK's listBuckets result exposes the buckets, not the document's Owner: read it raw.
        var h = new LinkedHashMap<String, String>();
        h.put("host", "127.0.0.1:" + env.port());
        var signed = new LinkedHashMap<>(h);
        signed.put("Authorization", OutboundSigner.cos("GET", "/", Map.of(), h, E2e.SECRET_ID,
                E2e.SECRET_KEY, Instant.now(), 600));
        String service;
        try {
            service = RawHttp.send(env.port(), "GET", "/", signed, new byte[0]).text();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var m = Pattern.compile("<Owner><ID>([^<]*)</ID><DisplayName>([^<]*)</DisplayName></Owner>").matcher(service);
        assertThat(m.find()).as(service).isTrue();
        ids.add(m.group(1));
        assertThat(m.group(2)).isEqualTo(E2e.UIN);
        ids.add(cos.listObjects(new ListObjectsRequest(B, "", "", null, 100)).getObjectSummaries().getFirst().getOwner().getId());
        ids.add(cos.listVersions(new ListVersionsRequest(B, "", null, null, null, 100)).getVersionSummaries().getFirst().getOwner().getId());
        var upload = cos.listMultipartUploads(new ListMultipartUploadsRequest(B)).getMultipartUploads().getFirst();
        ids.add(upload.getOwner().getId());
        ids.add(upload.getInitiator().getId());
        var parts = cos.listParts(new ListPartsRequest(B, "big", uploadId));
        ids.add(parts.getOwner().getId());
        ids.add(parts.getInitiator().getId());

        assertThat(ids).containsOnly(COS_OWNER);
        assertThat(upload.getOwner().getDisplayName()).isEqualTo(E2e.UIN);
    }
}
