package io.cosd.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code max-keys=0} (and max-uploads=0, max-parts=0) on a non-empty listing is an empty page that
 * is not truncated, as S3 answers it (ceph/s3-tests test_bucket_list_maxkeys_zero and
 * test_bucket_listv2_maxkeys_zero). ListObjectsV2 answered 500 (a truncated page without a next key).
 */
@CosdServer
class MaxKeysZeroTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static final String BUCKET = E2e.bucket("maxkeys");
    static String uploadId;

    @BeforeAll
    static void fixtures() throws Exception {
        s3.createBucket(b -> b.bucket(BUCKET));
        for (String k : new String[] {"bar", "baz", "foo", "quxx"}) s3.putObject(b -> b.bucket(BUCKET).key(k), RequestBody.fromString(k));
        uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("mp")).uploadId();
        s3.uploadPart(b -> b.bucket(BUCKET).key("mp").uploadId(uploadId).partNumber(1), RequestBody.fromString("part"));
    }

    @Test
    void listObjectsV2WithMaxKeysZeroIsAnEmptyPageThatIsNotTruncated() throws Exception {
        var raw = SignedRaw.send(env.port(), "GET", BUCKET, "", Map.of("list-type", "2", "max-keys", "0"), Map.of(), null);
        assertThat(raw.status()).isEqualTo(200);
        var r = s3.listObjectsV2(b -> b.bucket(BUCKET).maxKeys(0));
        assertThat(r.contents()).isEmpty();
        assertThat(r.isTruncated()).isFalse();
        assertThat(r.keyCount()).isZero();
        assertThat(r.maxKeys()).isZero();
        assertThat(r.nextContinuationToken()).isNull();
    }

    @Test
    void listObjectsV1WithMaxKeysZeroIsAnEmptyPageThatIsNotTruncated() {
        var r = s3.listObjects(b -> b.bucket(BUCKET).maxKeys(0));
        assertThat(r.contents()).isEmpty();
        assertThat(r.isTruncated()).isFalse();
        assertThat(r.nextMarker()).isNull();
    }

    @Test
    void listObjectVersionsWithMaxKeysZeroIsAnEmptyPageThatIsNotTruncated() {
        var r = s3.listObjectVersions(b -> b.bucket(BUCKET).maxKeys(0));
        assertThat(r.versions()).isEmpty();
        assertThat(r.isTruncated()).isFalse();
        assertThat(r.nextKeyMarker()).isNull();
    }

    @Test
    void listMultipartUploadsWithMaxUploadsZeroIsAnEmptyPageThatIsNotTruncated() {
        var r = s3.listMultipartUploads(b -> b.bucket(BUCKET).maxUploads(0));
        assertThat(r.uploads()).isEmpty();
        assertThat(r.isTruncated()).isFalse();
    }

    @Test
    void listPartsWithMaxPartsZeroIsAnEmptyPageThatIsNotTruncated() {
        var r = s3.listParts(b -> b.bucket(BUCKET).key("mp").uploadId(uploadId).maxParts(0));
        assertThat(r.parts()).isEmpty();
        assertThat(r.isTruncated()).isFalse();
    }
}
