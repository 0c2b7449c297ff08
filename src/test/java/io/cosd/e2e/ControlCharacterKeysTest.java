package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ListObjectsRequest;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.UploadPartRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys holding characters XML 1.0 cannot carry (C0 controls) or that a parser would change (CR, DEL
 * and the C1 controls under XML 1.1). S3 writes them as numeric references ({@code &#x1;}); cosd
 * does too, under an XML 1.1 declaration when one is needed, so the JDK's parser and Woodstox (both
 * Java SDKs) read the exact key back (docs/storage.md "Keys with control characters"). Every one of
 * these answered 500 before: the XML writer refused the character.
 */
@CosdServer
class ControlCharacterKeysTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;
    static final String BUCKET = E2e.bucket("ctlkeys");
    static final String KEY = "ctl\u0001\u001f\r\u007f\u0085 \t\nkey";

    @BeforeAll
    static void fixtures() throws Exception {
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putObject(b -> b.bucket(BUCKET).key(KEY), RequestBody.fromString("x"));
        s3.createMultipartUpload(b -> b.bucket(BUCKET).key(KEY)); // left open for ListMultipartUploads
    }

    static Document parse(byte[] body) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(body));
    }

    static List<String> texts(Document d, String element) {
        NodeList n = d.getElementsByTagName(element);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) out.add(n.item(i).getTextContent());
        return out;
    }

    @Test
    void listingsWithoutEncodingTypeAnswer200WithTheKeyAsReferencesThatParseBackExactly() throws Exception {
        for (Map<String, String> q : List.of(Map.of("list-type", "2"), Map.<String, String>of(), Map.of("versions", ""),
                Map.of("uploads", ""))) {
            var r = SignedRaw.send(env.port(), "GET", BUCKET, "", q, Map.of(), null);
            assertThat(r.status()).as("%s", q).isEqualTo(200);
            assertThat(r.text()).as("%s", q).contains("ctl&#x1;&#x1f;&#13;&#127;&#133;");
            assertThat(texts(parse(r.body()), "Key")).as("%s", q).contains(KEY);
        }
    }

    @Test
    void bothSdksListSuchAKeyExactly() {
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(o -> o.key()).containsExactly(KEY);
        assertThat(s3.listObjects(b -> b.bucket(BUCKET)).contents()).extracting(o -> o.key()).containsExactly(KEY);
        assertThat(s3.listObjectVersions(b -> b.bucket(BUCKET)).versions()).extracting(o -> o.key()).containsExactly(KEY);
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).extracting(u -> u.key()).containsExactly(KEY);
        assertThat(cos.listObjects(new ListObjectsRequest().withBucketName(BUCKET)).getObjectSummaries())
                .extracting(o -> o.getKey()).containsExactly(KEY);
    }

    @Test
    void aMultipartUploadOfSuchAKeyWorksThroughTheAwsSdk() {
        String key = KEY + "-aws";
        var init = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key));
        assertThat(init.key()).isEqualTo(key);
        String etag = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(init.uploadId()).partNumber(1),
                RequestBody.fromString("hello")).eTag();
        assertThat(s3.listParts(b -> b.bucket(BUCKET).key(key).uploadId(init.uploadId())).parts()).hasSize(1);
        var done = s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(init.uploadId())
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertThat(done.key()).isEqualTo(key);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String()).isEqualTo("hello");
        s3.deleteObject(b -> b.bucket(BUCKET).key(key));
    }

    @Test
    void aMultipartUploadOfSuchAKeyWorksThroughTheCosSdk() {
        String key = KEY + "-cos";
        var init = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key));
        assertThat(init.getKey()).isEqualTo(key);
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        var part = cos.uploadPart(new UploadPartRequest().withBucketName(BUCKET).withKey(key).withUploadId(init.getUploadId())
                .withPartNumber(1).withInputStream(new ByteArrayInputStream(data)).withPartSize(data.length));
        List<PartETag> parts = List.of(part.getPartETag());
        var done = cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, init.getUploadId(), new ArrayList<>(parts)));
        assertThat(done.getKey()).isEqualTo(key);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String()).isEqualTo("hello");
        s3.deleteObject(b -> b.bucket(BUCKET).key(key));
    }

    @Test
    void aCopyOfSuchAKeyWorksAndItsResultIsWellFormed() {
        String target = KEY + "-copy";
        var r = s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(KEY).destinationBucket(BUCKET).destinationKey(target));
        assertThat(r.copyObjectResult().eTag()).isNotBlank();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(target)).asUtf8String()).isEqualTo("x");
        s3.deleteObject(b -> b.bucket(BUCKET).key(target));
    }

    /** A guard rather than a fix: Resource is the request path as sent, percent-encoded, so it never needed a reference. */
    @Test
    void anErrorAboutSuchAKeyNamesItPercentEncodedInAWellFormedDocument() throws Exception {
        var r = SignedRaw.send(env.port(), "GET", BUCKET, "missing\u0001", Map.of(), Map.of(), null);
        assertThat(r.status()).isEqualTo(404);
        Document d = parse(r.body());
        assertThat(texts(d, "Code")).containsExactly("NoSuchKey");
        assertThat(texts(d, "Resource")).containsExactly("/" + BUCKET + "/missing%01");
    }

    /**
     * DeleteObjects naming such a key as a reference ({@code &#x1;} under XML 1.0, as an XML writer
     * escapes it) deletes it, and the DeleteResult naming it is well-formed. (The AWS SDK v2 sends
     * the raw control byte, which no XML version allows: that stays MalformedXML.)
     */
    @Test
    void aMultiDeleteNamingSuchAKeyByReferenceDeletesItAndAnswersAWellFormedResult() throws Exception {
        String key = "del\u0001\u001fkey";
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("x"));
        byte[] body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete><Object><Key>del&#x1;&#x1f;key</Key></Object></Delete>"
                .getBytes(StandardCharsets.UTF_8);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        var r = SignedRaw.send(env.port(), "POST", BUCKET, "", Map.of("delete", ""), Map.of("Content-MD5", md5), body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(texts(parse(r.body()), "Key")).containsExactly(key);
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("del")).contents()).isEmpty();
    }
}
