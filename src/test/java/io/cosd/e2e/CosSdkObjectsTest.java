package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.model.CopyObjectRequest;
import com.qcloud.cos.model.DeleteObjectsRequest;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.model.ListObjectsRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.region.Region;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Everyday object work through the official COS Java SDK against a started cosd. */
@CosdServer
class CosSdkObjectsTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String BUCKET = E2e.bucket("objects");

    @BeforeAll
    static void fixtures() throws Exception {
        cos.createBucket(BUCKET);
    }

    @Test
    void putThenGetReturnsTheBytesWithAnMd5Etag() throws Exception {
        var put = cos.putObject(BUCKET, "hello.txt", "hello world");
        assertThat(put.getETag()).isEqualTo("5eb63bbbe01eeed093cb22bb8f5acdc3");
        assertThat(put.getRequestId()).isNotBlank();
        try (var obj = cos.getObject(BUCKET, "hello.txt")) {
            assertThat(new String(obj.getObjectContent().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        }
    }

    @Test
    void userMetadataStandardHeadersAndStorageClassAreStored() {
        ObjectMetadata m = new ObjectMetadata();
        m.setContentType("text/csv");
        m.setCacheControl("max-age=60");
        m.setContentDisposition("attachment; filename=\"a.csv\"");
        m.setContentEncoding("identity");
        m.addUserMetadata("author", "alice b");
        m.setHeader("x-cos-storage-class", "Standard_IA");
        byte[] data = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        m.setContentLength(data.length);
        cos.putObject(new PutObjectRequest(BUCKET, "meta/data.csv", new ByteArrayInputStream(data), m));
        ObjectMetadata got = cos.getObjectMetadata(BUCKET, "meta/data.csv");
        assertThat(got.getContentType()).isEqualTo("text/csv");
        assertThat(got.getCacheControl()).isEqualTo("max-age=60");
        assertThat(got.getContentDisposition()).isEqualTo("attachment; filename=\"a.csv\"");
        assertThat(got.getContentEncoding()).isEqualTo("identity");
        assertThat(got.getUserMetadata()).containsEntry("author", "alice b");
        assertThat(got.getStorageClass()).isEqualTo("STANDARD_IA");
        assertThat(got.getContentLength()).isEqualTo(data.length);
    }

    @Test
    void keysWithSpacesPlusUnicodeAndSlashesRoundTrip() throws Exception {
        String key = "dir/a b+c(腾讯).txt";
        cos.putObject(BUCKET, key, "x");
        assertThat(cos.getObjectMetadata(BUCKET, key).getContentLength()).isEqualTo(1);
        var listing = cos.listObjects(new ListObjectsRequest(BUCKET, "dir/", null, null, 100));
        assertThat(listing.getObjectSummaries()).extracting(s -> s.getKey()).contains(key);
    }

    @Test
    void nonAsciiUserMetadataIsStoredAndReturnedAsUtf8Bytes() throws Exception {
        // Sent as raw UTF-8 header bytes, as both SDKs put them on the wire (docs/spec/protocol.md §2.3).
        var put = cos.generatePresignedUrl(BUCKET, "utf8-meta", new Date(System.currentTimeMillis() + 600_000), HttpMethodName.PUT);
        var w = RawHttp.send(env.port(), "PUT", put.getFile(), Map.of("Host", put.getHost(), "x-cos-meta-author", "张三 a"), new byte[]{'x'});
        assertThat(w.status()).isEqualTo(200);
        var url = cos.generatePresignedUrl(BUCKET, "utf8-meta", new Date(System.currentTimeMillis() + 600_000), HttpMethodName.HEAD);
        var r = RawHttp.send(env.port(), "HEAD", url.getFile(), Map.of("Host", url.getHost()), null);
        assertThat(new String(r.header("x-cos-meta-author").getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)).isEqualTo("张三 a");
    }

    @Test
    void rangeGetReturnsTheRequestedBytes() throws Exception {
        cos.putObject(BUCKET, "range.txt", "0123456789");
        var req = new GetObjectRequest(BUCKET, "range.txt");
        req.setRange(2, 5);
        try (var obj = cos.getObject(req)) {
            assertThat(new String(obj.getObjectContent().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("2345");
        }
    }

    @Test
    void getOfAMissingKeyIsNoSuchKeyWithRequestAndTraceIds() {
        assertThatThrownBy(() -> cos.getObject(BUCKET, "missing"))
                .isInstanceOfSatisfying(CosServiceException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getErrorCode()).isEqualTo("NoSuchKey");
                    assertThat(e.getRequestId()).isNotBlank();
                    assertThat(e.getTraceId()).isNotBlank();
                });
    }

    @Test
    void headOfAMissingKeyIs404WithoutBody() {
        assertThatThrownBy(() -> cos.getObjectMetadata(BUCKET, "missing"))
                .isInstanceOfSatisfying(CosServiceException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
        assertThat(cos.doesObjectExist(BUCKET, "missing")).isFalse();
    }

    @Test
    void deleteRemovesTheObjectAndIsIdempotent() {
        cos.putObject(BUCKET, "gone.txt", "bye");
        cos.deleteObject(BUCKET, "gone.txt");
        cos.deleteObject(BUCKET, "gone.txt");
        assertThat(cos.doesObjectExist(BUCKET, "gone.txt")).isFalse();
    }

    @Test
    void copyWithCopyDirectiveKeepsMetadataAndReplaceUsesNewMetadata() {
        ObjectMetadata m = new ObjectMetadata();
        m.addUserMetadata("k", "v1");
        m.setContentType("text/plain");
        byte[] data = "copy me".getBytes(StandardCharsets.UTF_8);
        m.setContentLength(data.length);
        cos.putObject(new PutObjectRequest(BUCKET, "src dir/源.txt", new ByteArrayInputStream(data), m));
        var copy = cos.copyObject(new CopyObjectRequest(new Region(E2e.REGION), BUCKET, "src dir/源.txt", BUCKET, "copy dst.txt"));
        assertThat(copy.getETag()).isNotBlank();
        assertThat(cos.getObjectMetadata(BUCKET, "copy dst.txt").getUserMetadata()).containsEntry("k", "v1");

        var replace = new CopyObjectRequest(new Region(E2e.REGION), BUCKET, "src dir/源.txt", BUCKET, "copy replaced.txt");
        ObjectMetadata nm = new ObjectMetadata();
        nm.addUserMetadata("k", "v2");
        replace.setNewObjectMetadata(nm);
        cos.copyObject(replace);
        assertThat(cos.getObjectMetadata(BUCKET, "copy replaced.txt").getUserMetadata()).containsEntry("k", "v2");
    }

    @Test
    void listingGroupsCommonPrefixesAndPagesWithMarkers() {
        for (String k : List.of("list/a/1", "list/a/2", "list/b/1", "list/c", "list/d", "list/e")) cos.putObject(BUCKET, k, "x");
        var req = new ListObjectsRequest(BUCKET, "list/", null, "/", 2);
        List<String> seen = new ArrayList<>();
        var page = cos.listObjects(req);
        while (true) {
            page.getCommonPrefixes().forEach(seen::add);
            page.getObjectSummaries().forEach(s -> seen.add(s.getKey()));
            if (!page.isTruncated()) break;
            page = cos.listNextBatchOfObjects(page);
        }
        assertThat(seen).containsExactly("list/a/", "list/b/", "list/c", "list/d", "list/e");
    }

    @Test
    void multiDeleteDeletesEveryKeyIncludingMissingOnes() {
        cos.putObject(BUCKET, "md/1", "1");
        cos.putObject(BUCKET, "md/2", "2");
        var req = new DeleteObjectsRequest(BUCKET);
        req.setKeys(List.of(new DeleteObjectsRequest.KeyVersion("md/1"), new DeleteObjectsRequest.KeyVersion("md/2"),
                new DeleteObjectsRequest.KeyVersion("md/never")));
        var res = cos.deleteObjects(req);
        assertThat(res.getDeletedObjects()).hasSize(3);
        assertThat(cos.doesObjectExist(BUCKET, "md/1")).isFalse();
    }

    @Test
    void presignedGetUrlWorksWithoutOtherCredentials() throws Exception {
        cos.putObject(BUCKET, "presigned file.txt", "signed");
        URL url = cos.generatePresignedUrl(BUCKET, "presigned file.txt", new Date(System.currentTimeMillis() + 600_000), HttpMethodName.GET);
        // Java presigned URLs carry the virtual-hosted host; send it to our port with that Host header.
        var reply = RawHttp.send(env.port(), "GET", url.getFile(), Map.of("Host", url.getHost()), null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo("signed");
    }

    @Test
    void aContentMd5MismatchIsBadDigestAndStoresNothing() throws Exception {
        ObjectMetadata m = new ObjectMetadata();
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        m.setContentLength(data.length);
        m.setContentMD5(Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest("other".getBytes())));
        assertThatThrownBy(() -> cos.putObject(new PutObjectRequest(BUCKET, "bad-md5", new ByteArrayInputStream(data), m)))
                .isInstanceOfSatisfying(CosServiceException.class, e -> assertThat(e.getErrorCode()).isEqualTo("BadDigest"));
        assertThat(cos.doesObjectExist(BUCKET, "bad-md5")).isFalse();
    }

    @Test
    void aLargeStreamedObjectRoundTripsByHash() throws Exception {
        byte[] chunk = new byte[1 << 20];
        new Random(7).nextBytes(chunk);
        int mib = 24;
        MessageDigest want = MessageDigest.getInstance("MD5");
        for (int i = 0; i < mib; i++) want.update(chunk);
        var in = new SequenceInputStream(Collections.enumeration(Collections.nCopies(mib, chunk).stream()
                .map(ByteArrayInputStream::new).toList()));
        ObjectMetadata m = new ObjectMetadata();
        m.setContentLength((long) mib << 20);
        cos.putObject(new PutObjectRequest(BUCKET, "big.bin", in, m));
        MessageDigest got = MessageDigest.getInstance("MD5");
        try (var obj = cos.getObject(BUCKET, "big.bin"); var s = obj.getObjectContent()) {
            byte[] buf = new byte[65536];
            for (int n; (n = s.read(buf)) > 0; ) got.update(buf, 0, n);
        }
        assertThat(HexFormat.of().formatHex(got.digest())).isEqualTo(HexFormat.of().formatHex(want.digest()));
    }
}
