package io.cosd.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * EDGE-R5 (docs/edge.md): a {@code partNumber} read of a part that holds no bytes never answers a
 * malformed Content-Range. It was a 206 with {@code Content-Range: bytes 0--1/0} (found by
 * ObjectModelE2eTest); S3 answers partNumber=1 of an empty object with 200 and no Content-Range, and
 * the AWS SDKs' multipart downloads, which start with partNumber=1, expect exactly that.
 */
@CosdServer
class EmptyPartNumberE2eTest {
    static final String BUCKET = E2e.bucket("empty-part");

    @CosdServer.Inject static S3Client s3;

    @BeforeAll
    static void bucket() {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @Test
    void partNumberOneOfAnEmptyObjectIsTheWholeEmptyObjectWith200AndNoContentRange_EDGE_R5() {
        s3.putObject(b -> b.bucket(BUCKET).key("empty"), RequestBody.fromBytes(new byte[0]));
        var got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("empty").partNumber(1));
        assertThat(got.response().sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(got.asByteArray()).isEmpty();
        assertThat(got.response().contentRange()).isNull();
        var head = s3.headObject(b -> b.bucket(BUCKET).key("empty").partNumber(1));
        assertThat(head.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(head.contentLength()).isZero();
        assertThat(head.contentRange()).isNull();
        // the part after the last is still InvalidPartNumber
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("empty").partNumber(2)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPartNumber"));
    }

    @Test
    void anEmptyLastPartOfAMultipartObjectIs416WithTheObjectsSizeAndItsOtherPartsServeAsBefore_EDGE_R5() {
        byte[] first = new byte[(1 << 20) + 5]; // COS's 1 MiB minimum for every part but the last
        first[7] = 42;
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("mp")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket(BUCKET).key("mp").uploadId(id).partNumber(1), RequestBody.fromBytes(first)).eTag();
        String e2 = s3.uploadPart(b -> b.bucket(BUCKET).key("mp").uploadId(id).partNumber(2), RequestBody.fromBytes(new byte[0])).eTag();
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("mp").uploadId(id)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(e1), p -> p.partNumber(2).eTag(e2))));
        var one = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("mp").partNumber(1));
        assertThat(one.response().sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(one.response().contentRange()).isEqualTo("bytes 0-" + (first.length - 1) + "/" + first.length);
        assertThat(one.asByteArray()).isEqualTo(first);
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("mp").partNumber(2)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(416);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
                    assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Content-Range")).hasValue("bytes */" + first.length);
                });
    }
}
