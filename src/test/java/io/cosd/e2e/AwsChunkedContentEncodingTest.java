package io.cosd.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aws-chunked} in Content-Encoding describes the request body's framing, not the object: it
 * is dropped before the object's Content-Encoding is stored, as S3 does ({@code aws-chunked,gzip}
 * → {@code gzip}; {@code aws-chunked} alone → none). Before, GET answered {@code Content-Encoding: aws-chunked,gzip}.
 */
@CosdServer
class AwsChunkedContentEncodingTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static final String BUCKET = E2e.bucket("chunked-enc");

    @BeforeAll
    static void fixtures() throws Exception {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    static String storedEncoding(String key) {
        return s3.headObject(b -> b.bucket(BUCKET).key(key)).contentEncoding();
    }

    @Test
    void aPutWithContentEncodingAwsChunkedAndGzipStoresGzip() throws Exception {
        var r = SignedRaw.send(env.port(), "PUT", BUCKET, "both", Map.of(), Map.of("Content-Encoding", "aws-chunked,gzip"), new byte[3]);
        assertThat(r.status()).isEqualTo(200);
        assertThat(storedEncoding("both")).isEqualTo("gzip");
        var r2 = SignedRaw.send(env.port(), "PUT", BUCKET, "spaced", Map.of(), Map.of("Content-Encoding", "gzip, AWS-Chunked"), new byte[3]);
        assertThat(r2.status()).isEqualTo(200);
        assertThat(storedEncoding("spaced")).isEqualTo("gzip");
    }

    @Test
    void aPutWithContentEncodingAwsChunkedAloneStoresNoContentEncoding() throws Exception {
        var r = SignedRaw.send(env.port(), "PUT", BUCKET, "alone", Map.of(), Map.of("Content-Encoding", "aws-chunked"), new byte[3]);
        assertThat(r.status()).isEqualTo(200);
        assertThat(storedEncoding("alone")).isNull();
    }

    @Test
    void aContentEncodingWithoutAwsChunkedIsStoredExactlyAsSent() throws Exception {
        var r = SignedRaw.send(env.port(), "PUT", BUCKET, "plain", Map.of(), Map.of("Content-Encoding", "gzip, br"), new byte[3]);
        assertThat(r.status()).isEqualTo(200);
        assertThat(storedEncoding("plain")).isEqualTo("gzip, br");
    }

    @Test
    void anUploadInitiatedWithAwsChunkedAndGzipMakesAGzipObject() throws Exception {
        var r = SignedRaw.send(env.port(), "POST", BUCKET, "mp", Map.of("uploads", ""), Map.of("Content-Encoding", "aws-chunked,gzip"), null);
        assertThat(r.status()).isEqualTo(200);
        Matcher m = Pattern.compile("<UploadId>([^<]+)</UploadId>").matcher(r.text());
        assertThat(m.find()).isTrue();
        String id = m.group(1);
        String etag = s3.uploadPart(b -> b.bucket(BUCKET).key("mp").uploadId(id).partNumber(1), RequestBody.fromBytes(new byte[4])).eTag();
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("mp").uploadId(id)
                .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertThat(storedEncoding("mp")).isEqualTo("gzip");
    }
}
