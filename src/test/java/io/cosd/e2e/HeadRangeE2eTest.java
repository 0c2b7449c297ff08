package io.cosd.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * EDGE-R4 (docs/edge.md): a HEAD with one Range answers the head its GET would have, as S3's
 * HeadObject does: 206 with the range's Content-Length and Content-Range, 416 when nothing is
 * satisfiable; several ranges give the whole object's head. It used to answer every HEAD with the
 * whole object's length, so a client sizing a ranged read by HEAD was told the wrong length.
 */
@CosdServer
class HeadRangeE2eTest {
    static final String BUCKET = E2e.bucket("head-range");

    @CosdServer.Inject static S3Client s3;

    @BeforeAll
    static void object() {
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putObject(b -> b.bucket(BUCKET).key("k"), RequestBody.fromBytes(new byte[1000]));
    }

    static HeadObjectResponse head(String range) {
        return s3.headObject(b -> b.bucket(BUCKET).key("k").range(range));
    }

    @Test
    void aHeadWithOneRangeAnswers206WithThatRangesLengthAndContentRangeAsTheGetWould_EDGE_R4() {
        HeadObjectResponse closed = head("bytes=10-19");
        assertThat(closed.sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(closed.contentLength()).isEqualTo(10L);
        assertThat(closed.contentRange()).isEqualTo("bytes 10-19/1000");
        HeadObjectResponse suffix = head("bytes=-2000");
        assertThat(suffix.sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(suffix.contentLength()).isEqualTo(1000L);
        assertThat(suffix.contentRange()).isEqualTo("bytes 0-999/1000");
        assertThat(head("bytes=990-").contentRange()).isEqualTo("bytes 990-999/1000");
    }

    @Test
    void aHeadWhoseRangeIsUnsatisfiableIs416AndOneWithSeveralRangesGetsTheWholeObjectsHead_EDGE_R4() {
        assertThatThrownBy(() -> head("bytes=1000-"))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(416));
        HeadObjectResponse several = head("bytes=0-9,100-109");
        assertThat(several.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(several.contentLength()).isEqualTo(1000L);
        assertThat(several.contentRange()).isNull();
        HeadObjectResponse none = s3.headObject(b -> b.bucket(BUCKET).key("k"));
        assertThat(none.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(none.contentLength()).isEqualTo(1000L);
    }
}
