package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.ListBucketsRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ListBuckets' parameters (docs/buckets.md "Listing buckets", BKT-L1..L3) through the official
 * SDKs: COS {@code marker}/{@code max-keys} and S3 {@code max-buckets}/{@code continuation-token}/
 * {@code prefix} page and filter for real; a bad value is 400 InvalidArgument, never ignored.
 */
@CosdServer
class ListBucketsPagesE2eTest {
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;
    static final List<String> NAMES = List.of(E2e.bucket("lbp-a"), E2e.bucket("lbp-b"), E2e.bucket("lbp-c"));

    @BeforeAll
    static void fixtures() {
        NAMES.forEach(cos::createBucket);
    }

    @Test
    void theCosSdkPagesWithMarkerAndMaxKeys_BKT_L1_L3() {
        List<String> seen = new ArrayList<>();
        String marker = null;
        for (int pages = 0; pages < 50; pages++) {
            var req = new ListBucketsRequest();
            req.setMaxKeys(2);
            if (marker != null) req.setMarker(marker);
            var result = cos.getService(req);
            assertThat(result.getBuckets().size()).isLessThanOrEqualTo(2);
            result.getBuckets().forEach(b -> seen.add(b.getName()));
            if (!result.isTruncated()) break;
            marker = result.getNextMarker();
            assertThat(marker).isEqualTo(seen.getLast());
        }
        assertThat(seen).containsAll(NAMES).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void theAwsSdkPagesWithMaxBucketsAndAContinuationTokenAndFiltersByPrefix_BKT_L1_L2_L3() {
        List<String> seen = new ArrayList<>();
        String token = null;
        for (int pages = 0; pages < 50; pages++) {
            String t = token;
            var r = s3.listBuckets(b -> b.maxBuckets(1).continuationToken(t));
            assertThat(r.buckets()).hasSizeLessThanOrEqualTo(1);
            r.buckets().forEach(b -> seen.add(b.name()));
            token = r.continuationToken();
            if (token == null) break;
        }
        assertThat(seen).containsAll(NAMES).isSorted().doesNotHaveDuplicates();
        var lbp = s3.listBuckets(b -> b.prefix("lbp-"));
        assertThat(lbp.buckets()).extracting(Bucket::name).containsExactlyElementsOf(NAMES);
        assertThat(lbp.prefix()).isEqualTo("lbp-");
    }

    @Test
    void aBadPageSizeIsInvalidArgumentNotIgnored_BKT_L2() {
        assertThatThrownBy(() -> s3.listBuckets(b -> b.maxBuckets(0))).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
        });
        assertThatThrownBy(() -> s3.listBuckets(b -> b.maxBuckets(10_001))).isInstanceOf(S3Exception.class);
    }
}
