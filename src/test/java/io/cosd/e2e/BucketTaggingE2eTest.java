package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.BucketTaggingConfiguration;
import com.qcloud.cos.model.TagSet;
import io.cosd.domain.signing.OutboundSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bucket tagging end to end (docs/spec/semantics.md §5b) through the official COS Java SDK and the AWS
 * SDK v2, with raw requests only for what neither sends: an S3 PUT without an integrity header and
 * the COS {@code x-cos-tagging} header at creation (the COS SDK's createBucket has no tags, and its
 * custom headers are added after signing).
 */
@CosdServer
class BucketTaggingE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;

    private static String newBucket(String name) {
        String b = E2e.bucket(name);
        s3.createBucket(r -> r.bucket(b));
        return b;
    }

    private static Tagging tagging(String... kv) {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) tags.add(Tag.builder().key(kv[i]).value(kv[i + 1]).build());
        return Tagging.builder().tagSet(tags).build();
    }

    private static Map<String, String> s3Tags(String bucket) {
        Map<String, String> m = new LinkedHashMap<>();
        s3.getBucketTagging(r -> r.bucket(bucket)).tagSet().forEach(t -> m.put(t.key(), t.value()));
        return m;
    }

    private static void assertS3Error(Executable call, int status, String code) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.requestId()).isNotBlank();
        });
    }

    @Test
    void theAwsSdkPutsReadsAndDeletesTheTagSetAndItsAbsenceIsNoSuchTagSet_BT_1_BT_3_BT_4() {
        String b = newBucket("bt-s3-crud");
        assertS3Error(() -> s3.getBucketTagging(r -> r.bucket(b)), 404, "NoSuchTagSet");
        var put = s3.putBucketTagging(r -> r.bucket(b).tagging(tagging("team", "storage", "cost-center", "a b+c-d=e.f_g:h/i@j")));
        assertThat(put.sdkHttpResponse().statusCode()).isEqualTo(204);
        assertThat(s3Tags(b)).containsExactly(Map.entry("team", "storage"), Map.entry("cost-center", "a b+c-d=e.f_g:h/i@j"));
        // a PUT replaces the whole set
        s3.putBucketTagging(r -> r.bucket(b).tagging(tagging("only", "")));
        assertThat(s3Tags(b)).containsExactly(Map.entry("only", ""));
        assertThat(s3.deleteBucketTagging(r -> r.bucket(b)).sdkHttpResponse().statusCode()).isEqualTo(204);
        assertS3Error(() -> s3.getBucketTagging(r -> r.bucket(b)), 404, "NoSuchTagSet");
        assertThat(s3.deleteBucketTagging(r -> r.bucket(b)).sdkHttpResponse().statusCode()).isEqualTo(204); // idempotent
        // an empty TagSet leaves no tags, as a DELETE does
        s3.putBucketTagging(r -> r.bucket(b).tagging(tagging("a", "1")));
        s3.putBucketTagging(r -> r.bucket(b).tagging(Tagging.builder().tagSet(List.of()).build()));
        assertS3Error(() -> s3.getBucketTagging(r -> r.bucket(b)), 404, "NoSuchTagSet");
    }

    @Test
    void theCosSdkPutsReadsAndDeletesTheTagSetAndReadsNoneAsNull_BT_1_BT_3_BT_4() throws Exception {
        String b = E2e.bucket("bt-cos-crud");
        cos.createBucket(b);
        assertThat(cos.getBucketTaggingConfiguration(b)).isNull(); // the SDK maps any 404 to null
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("age", "18");
        tags.put("name", "xiaoming");
        cos.setBucketTaggingConfiguration(b, new BucketTaggingConfiguration(List.of(new TagSet(tags))));
        assertThat(cos.getBucketTaggingConfiguration(b).getTagSet().getAllTags()).containsExactlyEntriesOf(tags);
        cos.deleteBucketTaggingConfiguration(b);
        assertThat(cos.getBucketTaggingConfiguration(b)).isNull();
        // the COS envelope of the absence
        var r = SignedRaw.send(env.port(), "GET", b, "", Map.of("tagging", ""), Map.of(), null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).contains("<Code>NoSuchTagSet</Code>").contains("<RequestId>");
        assertThat(r.header("x-cos-request-id")).isNotBlank();
    }

    @Test
    void aBadTagIsInvalidTagAndChangesNothing_BT_2() throws Exception {
        String b = newBucket("bt-bad");
        s3.putBucketTagging(r -> r.bucket(b).tagging(tagging("keep", "me")));
        assertS3Error(() -> s3.putBucketTagging(r -> r.bucket(b).tagging(tagging("aws:createdBy", "x"))), 400, "InvalidTag");
        assertS3Error(() -> s3.putBucketTagging(r -> r.bucket(b).tagging(tagging("a", "1", "a", "2"))), 400, "InvalidTag");
        assertS3Error(() -> s3.putBucketTagging(r -> r.bucket(b).tagging(tagging("k".repeat(129), "v"))), 400, "InvalidTag");
        String[] many = new String[102];
        for (int i = 0; i < 51; i++) { many[2 * i] = "k" + i; many[2 * i + 1] = "v"; }
        assertS3Error(() -> s3.putBucketTagging(r -> r.bucket(b).tagging(tagging(many))), 400, "InvalidTag");
        String[] fifty = java.util.Arrays.copyOf(many, 100);
        s3.putBucketTagging(r -> r.bucket(b).tagging(tagging(fifty)));                       // 50 is the limit
        assertThat(s3Tags(b)).hasSize(50);
        s3.putBucketTagging(r -> r.bucket(b).tagging(tagging("keep", "me")));
        // COS: the same rules, in the COS envelope
        Map<String, String> bad = Map.of("bad*key", "v");
        assertThatThrownBy(() -> cos.setBucketTaggingConfiguration(b, new BucketTaggingConfiguration(List.of(new TagSet(bad)))))
                .isInstanceOfSatisfying(CosServiceException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo("InvalidTag");
                    assertThat(e.getRequestId()).isNotBlank();
                });
        var malformed = Raw.put(env.port(), b, "tagging", "<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text()).contains("<Code>MalformedXML</Code>");
        assertThat(s3Tags(b)).containsExactly(Map.entry("keep", "me"));
    }

    @Test
    void anS3PutWithoutContentMd5OrAChecksumIsInvalidRequestAndAWrongOneIsBadDigest_BT_5() throws Exception {
        String b = newBucket("bt-md5");
        String body = "<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>";
        var none = sigV4Put(b, body, Map.of());
        assertThat(none.status()).as(none.text()).isEqualTo(400);
        assertThat(none.text()).contains("<Code>InvalidRequest</Code>")
                .contains("Missing required header for this request: Content-MD5 OR x-amz-checksum-*");
        var wrong = sigV4Put(b, body, Map.of("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="));
        assertThat(wrong.status()).as(wrong.text()).isEqualTo(400);
        assertThat(wrong.text()).contains("<Code>BadDigest</Code>");
        var badCrc = sigV4Put(b, body, Map.of("x-amz-checksum-crc32", "AAAAAA=="));
        assertThat(badCrc.status()).as(badCrc.text()).isEqualTo(400);
        assertThat(badCrc.text()).contains("<Code>BadDigest</Code>");
        assertS3Error(() -> s3.getBucketTagging(r -> r.bucket(b)), 404, "NoSuchTagSet");
        String md5 = java.util.Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        var good = sigV4Put(b, body, Map.of("Content-MD5", md5));
        assertThat(good.status()).as(good.text()).isEqualTo(204);
        assertThat(s3Tags(b)).containsExactly(Map.entry("a", "1"));
        // the COS dialect does not require it (the COS API documents only the common headers)
        var cosPut = Raw.put(env.port(), b, "tagging", "<Tagging><TagSet><Tag><Key>b</Key><Value>2</Value></Tag></TagSet></Tagging>");
        assertThat(cosPut.status()).as(cosPut.text()).isEqualTo(204);
        assertThat(s3Tags(b)).containsExactly(Map.entry("b", "2"));
    }

    private static RawHttp.Reply sigV4Put(String bucket, String body, Map<String, String> extra) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + env.port());
        h.putAll(extra);
        Map<String, String> headers = new LinkedHashMap<>(h);
        headers.putAll(OutboundSigner.sigV4("PUT", "/" + bucket, Map.of("tagging", ""), h, E2e.REGION,
                E2e.SECRET_ID, E2e.SECRET_KEY, Instant.now()));
        return RawHttp.send(env.port(), "PUT", "/" + bucket + "?tagging", headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tagsGivenAtCreationAreTheBucketsTagsAndBadOnesCreateNothing_BT_6() throws Exception {
        String s3b = E2e.bucket("bt-create-s3");
        s3.createBucket(r -> r.bucket(s3b).overrideConfiguration(o -> o.putHeader("x-amz-tagging", "team=storage&env=prod%20eu")));
        assertThat(s3Tags(s3b)).containsExactly(Map.entry("team", "storage"), Map.entry("env", "prod eu"));

        String cosb = E2e.bucket("bt-create-cos");
        var r = SignedRaw.send(env.port(), "PUT", cosb, "", Map.of(), Map.of("x-cos-tagging", "age=18&name=xiaoming"), new byte[0]);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(cos.getBucketTaggingConfiguration(cosb).getTagSet().getAllTags())
                .containsExactly(Map.entry("age", "18"), Map.entry("name", "xiaoming"));

        // S3's CreateBucketConfiguration/Tags (AWS SDK v2 CreateBucketConfiguration.tags)
        String bodyb = E2e.bucket("bt-create-body");
        s3.createBucket(q -> q.bucket(bodyb).createBucketConfiguration(c -> c.tags(Tag.builder().key("k").value("v").build())));
        assertThat(s3Tags(bodyb)).containsExactly(Map.entry("k", "v"));

        String bad = E2e.bucket("bt-create-bad");
        assertS3Error(() -> s3.createBucket(q -> q.bucket(bad).createBucketConfiguration(c -> c.tags(
                Tag.builder().key("a").value("1").build(), Tag.builder().key("a").value("2").build()))), 400, "InvalidTag");
        assertS3Error(() -> s3.createBucket(q -> q.bucket(bad).createBucketConfiguration(c -> c.tags(Tag.builder().key("a").value("1").build()))
                .overrideConfiguration(o -> o.putHeader("x-amz-tagging", "b=2"))), 400, "InvalidRequest");
        assertS3Error(() -> s3.createBucket(q -> q.bucket(bad).overrideConfiguration(o -> o.putHeader("x-amz-tagging", "aws:x=1"))),
                400, "InvalidTag");
        var dup = SignedRaw.send(env.port(), "PUT", bad, "", Map.of(), Map.of("x-cos-tagging", "a=1&a=2"), new byte[0]);
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.text()).contains("<Code>InvalidTag</Code>");
        var empty = SignedRaw.send(env.port(), "PUT", bad, "", Map.of(), Map.of("x-cos-tagging", "a=1&&b=2"), new byte[0]);
        assertThat(empty.text()).contains("<Code>InvalidTag</Code>");
        assertThat(cos.doesBucketExist(bad)).isFalse();
    }

    @Test
    void theCosGetServiceTagFilterListsOnlyTheBucketsCarryingThatTag_BT_9() {
        String red = E2e.bucket("bt-list-red"), blue = E2e.bucket("bt-list-blue");
        s3.createBucket(r -> r.bucket(red).overrideConfiguration(o -> o.putHeader("x-amz-tagging", "colour=red&team=a")));
        s3.createBucket(r -> r.bucket(blue).overrideConfiguration(o -> o.putHeader("x-amz-tagging", "colour=blue&team=a")));
        assertThat(listTagged("colour", "red")).contains(red).doesNotContain(blue);
        assertThat(listTagged("team", "a")).contains(red, blue);
        assertThat(listTagged("team", "b")).isEmpty();
        assertThat(cos.listBuckets()).extracting(com.qcloud.cos.model.Bucket::getName).contains(red, blue);   // no filter
        assertThatThrownBy(() -> listTagged("colour", null)).isInstanceOfSatisfying(CosServiceException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(400);
            assertThat(e.getErrorCode()).isEqualTo("InvalidArgument");
        });
    }

    /** The Java SDK's ListBucketsRequest has no tag fields; its custom query parameters are sent (and signed). */
    private static List<String> listTagged(String key, String value) {
        var req = new com.qcloud.cos.model.ListBucketsRequest();
        req.putCustomQueryParameter("tagkey", key);
        if (value != null) req.putCustomQueryParameter("tagvalue", value);
        return cos.listBuckets(req).stream().map(com.qcloud.cos.model.Bucket::getName).toList();
    }

    /** docs/signing.md AUTH-3: the tagging header chooses an effect, so an unsigned one is refused and creates nothing. */
    @Test
    void anUnsignedTaggingHeaderOnCreateBucketIsRefusedAndCreatesNothing() {
        String b = E2e.bucket("bt-unsigned");
        var req = new com.qcloud.cos.model.CreateBucketRequest(b);
        req.putCustomRequestHeader("x-cos-tagging", "team=intruder");   // the COS SDK adds custom headers after signing
        assertThatThrownBy(() -> cos.createBucket(req)).isInstanceOfSatisfying(CosServiceException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThat(cos.doesBucketExist(b)).isFalse();
    }

    @Test
    void tagsGoWithTheBucketSoANewBucketOfTheSameNameHasNone_BT_8() {
        String b = E2e.bucket("bt-recreate");
        s3.createBucket(r -> r.bucket(b).overrideConfiguration(o -> o.putHeader("x-amz-tagging", "old=1")));
        assertThat(s3Tags(b)).containsExactly(Map.entry("old", "1"));
        s3.deleteBucket(r -> r.bucket(b));
        s3.createBucket(r -> r.bucket(b));
        assertS3Error(() -> s3.getBucketTagging(r -> r.bucket(b)), 404, "NoSuchTagSet");
    }

    @Test
    void aBucketPolicyDenyingPutBucketTaggingStopsPutAndDeleteButNotGet_BT_7() {
        String b = newBucket("bt-policy");
        s3.putBucketTagging(r -> r.bucket(b).tagging(tagging("keep", "me")));
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + E2e.UIN + ":root\"},"
                + "\"Action\":\"s3:PutBucketTagging\",\"Resource\":\"arn:aws:s3:::" + b + "\"}]}"));
        assertS3Error(() -> s3.putBucketTagging(r -> r.bucket(b).tagging(tagging("new", "1"))), 403, "AccessDenied");
        assertS3Error(() -> s3.deleteBucketTagging(r -> r.bucket(b)), 403, "AccessDenied");  // S3 deletes under PutBucketTagging
        assertThat(s3Tags(b)).containsExactly(Map.entry("keep", "me"));
        // a COS policy names each of the three COS actions on its own (a Deny binds the owner only when it names it: docs/policy.md)
        cos.setBucketPolicy(b, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"qcs::cam::uin/" + E2e.UIN + ":uin/" + E2e.UIN + "\"]},"
                + "\"effect\":\"deny\",\"action\":[\"name/cos:DeleteBucketTagging\"],"
                + "\"resource\":[\"qcs::cos:" + E2e.REGION + ":uid/" + E2e.APPID + ":" + b + "/*\"]}]}");
        assertThatThrownBy(() -> cos.deleteBucketTaggingConfiguration(b)).isInstanceOfSatisfying(CosServiceException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(403));
        cos.setBucketTaggingConfiguration(b, new BucketTaggingConfiguration(List.of(new TagSet(Map.of("put", "ok")))));
        assertThat(cos.getBucketTaggingConfiguration(b).getTagSet().getAllTags()).containsExactly(Map.entry("put", "ok"));
    }
}
