package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.COSObjectSummary;
import com.qcloud.cos.model.CopyObjectRequest;
import com.qcloud.cos.model.DeleteObjectTaggingRequest;
import com.qcloud.cos.model.GetObjectTaggingRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.ObjectTagging;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.SetObjectTaggingRequest;
import com.qcloud.cos.model.StorageClass;
import com.qcloud.cos.model.Tag.Tag;
import io.cosd.domain.object.VersionIds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.cosd.e2e.CosSdkBucketsAndErrorsTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Object tagging and storage classes (docs/versioning.md#tagging and #storage-classes) through both official SDKs. */
@CosdServer
class TaggingAndStorageClassTest {
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;
    static final String BUCKET = E2e.bucket("tags");

    @BeforeAll
    static void fixtures() throws Exception {
        cos.createBucket(BUCKET);
    }

    static void put(String key, String body, ObjectMetadata md) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        md.setContentLength(b.length);
        cos.putObject(new PutObjectRequest(BUCKET, key, new ByteArrayInputStream(b), md));
    }

    static List<Tag> tags(String... kv) {
        List<Tag> l = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) l.add(new Tag(kv[i], kv[i + 1]));
        return l;
    }

    static List<Tag> tagsOf(String key) {
        return cos.getObjectTagging(new GetObjectTaggingRequest(BUCKET, key)).getTagSet();
    }

    @Test
    void tagsArePutReadAndDeletedWithTheCosSdk() {
        put("t/one", "x", new ObjectMetadata());
        assertThat(tagsOf("t/one")).isEmpty();
        cos.setObjectTagging(new SetObjectTaggingRequest(BUCKET, "t/one", new ObjectTagging(tags("project", "blue", "owner", "ops team"))));
        assertThat(tagsOf("t/one")).containsExactly(new Tag("project", "blue"), new Tag("owner", "ops team"));
        assertThat(cos.getObjectMetadata(BUCKET, "t/one").getRawMetadataValue("x-cos-tagging-count")).hasToString("2");
        cos.deleteObjectTagging(new DeleteObjectTaggingRequest(BUCKET, "t/one"));
        assertThat(tagsOf("t/one")).isEmpty();
        assertThat(cos.getObjectMetadata(BUCKET, "t/one").getRawMetadataValue("x-cos-tagging-count")).isNull();
    }

    @Test
    void theTaggingHeaderOnPutStoresUrlEncodedTags() {
        ObjectMetadata md = new ObjectMetadata();
        md.setHeader("x-cos-tagging", "team=data%20eng&tier=gold");
        put("t/header", "x", md);
        assertThat(tagsOf("t/header")).containsExactly(new Tag("team", "data eng"), new Tag("tier", "gold"));
    }

    @Test
    void invalidTagSetsAreInvalidTagAndChangeNothing() {
        put("t/limits", "x", new ObjectMetadata());
        cos.setObjectTagging(new SetObjectTaggingRequest(BUCKET, "t/limits", new ObjectTagging(tags("keep", "me"))));
        List<Tag> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) eleven.add(new Tag("k" + i, "v"));
        assertCode(() -> cos.setObjectTagging(new SetObjectTaggingRequest(BUCKET, "t/limits", new ObjectTagging(eleven))), 400, "InvalidTag");
        assertCode(() -> cos.setObjectTagging(new SetObjectTaggingRequest(BUCKET, "t/limits",
                new ObjectTagging(tags("k".repeat(129), "v")))), 400, "InvalidTag");
        assertCode(() -> cos.setObjectTagging(new SetObjectTaggingRequest(BUCKET, "t/limits",
                new ObjectTagging(tags("k", "v".repeat(257))))), 400, "InvalidTag");
        assertCode(() -> cos.setObjectTagging(new SetObjectTaggingRequest(BUCKET, "t/limits",
                new ObjectTagging(tags("bad*key", "v")))), 400, "InvalidTag");
        assertCode(() -> cos.setObjectTagging(new SetObjectTaggingRequest(BUCKET, "t/limits",
                new ObjectTagging(tags("dup", "1", "dup", "2")))), 400, "InvalidTag");
        assertThat(tagsOf("t/limits")).containsExactly(new Tag("keep", "me"));

        ObjectMetadata md = new ObjectMetadata();
        md.setHeader("x-cos-tagging", "a=1&a=2");
        assertCode(() -> put("t/limits", "changed", md), 400, "InvalidTag");
        assertThat(tagsOf("t/limits")).containsExactly(new Tag("keep", "me"));
    }

    @Test
    void taggingAMissingKeyOrVersionIsNoSuchKeyOrNoSuchVersion() {
        assertCode(() -> tagsOf("t/none"), 404, "NoSuchKey");
        put("t/v", "x", new ObjectMetadata());
        assertCode(() -> cos.getObjectTagging(new GetObjectTaggingRequest(BUCKET, "t/v", "no-such-version")), 400, "InvalidArgument");
        String unknown = VersionIds.format(1_700_000_000_000_000L);
        assertCode(() -> cos.getObjectTagging(new GetObjectTaggingRequest(BUCKET, "t/v", unknown)), 404, "NoSuchVersion");
        assertThat(cos.getObjectTagging(new GetObjectTaggingRequest(BUCKET, "t/v", "null")).getTagSet()).isEmpty();
    }

    @Test
    void copyKeepsTagsByDefaultAndReplacesThemWithTheReplacedDirective() {
        ObjectMetadata md = new ObjectMetadata();
        md.setHeader("x-cos-tagging", "src=1");
        put("t/copy-src", "x", md);
        cos.copyObject(BUCKET, "t/copy-src", BUCKET, "t/copy-kept");
        assertThat(tagsOf("t/copy-kept")).containsExactly(new Tag("src", "1"));

        CopyObjectRequest req = new CopyObjectRequest(BUCKET, "t/copy-src", BUCKET, "t/copy-replaced");
        // Through the new object's metadata, which the SDK signs: its putCustomRequestHeader adds
        // headers after signing, and cosd refuses unsigned effect-choosing headers (docs/signing.md AUTH-3).
        ObjectMetadata replaced = new ObjectMetadata();
        replaced.setHeader("x-cos-tagging-directive", "Replaced");
        replaced.setHeader("x-cos-tagging", "dst=2");
        req.setNewObjectMetadata(replaced);
        cos.copyObject(req);
        assertThat(tagsOf("t/copy-replaced")).containsExactly(new Tag("dst", "2"));
    }

    @Test
    void storageClassesAreAcceptedInAnyCaseAndStoredCanonically() {
        for (StorageClass sc : new StorageClass[]{StorageClass.Standard_IA, StorageClass.Intelligent_Tiering, StorageClass.Archive,
                StorageClass.Deep_Archive, StorageClass.Maz_Standard, StorageClass.Maz_Standard_IA, StorageClass.Maz_Archive,
                StorageClass.Maz_Deep_Archive, StorageClass.Maz_Intelligent_Tiering}) {
            String key = "sc/" + sc;
            byte[] b = "data".getBytes(StandardCharsets.UTF_8);
            ObjectMetadata md = new ObjectMetadata();
            md.setContentLength(b.length);
            cos.putObject(new PutObjectRequest(BUCKET, key, new ByteArrayInputStream(b), md).withStorageClass(sc));
            assertThat(cos.getObjectMetadata(BUCKET, key).getStorageClass()).isEqualTo(sc.toString().toUpperCase());
        }
        put("sc/plain", "data", new ObjectMetadata());
        // COS omits the header for STANDARD (LC-R2).
        assertThat(cos.getObjectMetadata(BUCKET, "sc/plain").getRawMetadataValue("x-cos-storage-class")).isNull();
        List<COSObjectSummary> listed = cos.listObjects(BUCKET, "sc/").getObjectSummaries();
        assertThat(listed).extracting(COSObjectSummary::getKey, COSObjectSummary::getStorageClass)
                .contains(org.assertj.core.groups.Tuple.tuple("sc/Standard_IA", "STANDARD_IA"),
                        org.assertj.core.groups.Tuple.tuple("sc/plain", "STANDARD"),
                        org.assertj.core.groups.Tuple.tuple("sc/Maz_Deep_Archive", "MAZ_DEEP_ARCHIVE"));
    }

    @Test
    void anUnknownStorageClassIsInvalidStorageClassAndStoresNothing() {
        byte[] b = "data".getBytes(StandardCharsets.UTF_8);
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(b.length);
        assertCode(() -> cos.putObject(new PutObjectRequest(BUCKET, "sc/bogus", new ByteArrayInputStream(b), md)
                .withStorageClass("FROZEN_SOLID")), 400, "InvalidStorageClass");
        assertThat(cos.doesObjectExist(BUCKET, "sc/bogus")).isFalse();
    }

    @Test
    void copyingAnObjectOntoItselfChangesItsStorageClass() {
        put("sc/self", "same bytes", new ObjectMetadata());
        CopyObjectRequest req = new CopyObjectRequest(BUCKET, "sc/self", BUCKET, "sc/self");
        req.setStorageClass(StorageClass.Standard_IA);
        cos.copyObject(req);
        assertThat(cos.getObjectMetadata(BUCKET, "sc/self").getStorageClass()).isEqualTo("STANDARD_IA");
        assertThat(new String(readAll("sc/self"), StandardCharsets.UTF_8)).isEqualTo("same bytes");
        // The same copy without a change is refused (S3/COS: copy to itself needs a change).
        CopyObjectRequest same = new CopyObjectRequest(BUCKET, "sc/self", BUCKET, "sc/self");
        same.setStorageClass(StorageClass.Standard_IA);
        assertCode(() -> cos.copyObject(same), 400, "InvalidRequest");
    }

    static byte[] readAll(String key) {
        try (var in = cos.getObject(BUCKET, key).getObjectContent()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theAwsSdkPutsReadsCopiesAndDeletesTags() {
        s3.putObject(b -> b.bucket(BUCKET).key("aws/t").tagging("a=1&b=two%20words").storageClass("STANDARD_IA"),
                RequestBody.fromString("hello"));
        var head = s3.headObject(b -> b.bucket(BUCKET).key("aws/t"));
        assertThat(head.storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(s3.getObject(b -> b.bucket(BUCKET).key("aws/t")).response().tagCount()).isEqualTo(2);
        assertThat(s3.getObjectTagging(b -> b.bucket(BUCKET).key("aws/t")).tagSet())
                .extracting(t -> t.key() + "=" + t.value()).containsExactly("a=1", "b=two words");

        s3.putObjectTagging(b -> b.bucket(BUCKET).key("aws/t").tagging(t -> t.tagSet(
                software.amazon.awssdk.services.s3.model.Tag.builder().key("x").value("y").build())));
        assertThat(s3.getObjectTagging(b -> b.bucket(BUCKET).key("aws/t")).tagSet()).extracting(t -> t.key()).containsExactly("x");

        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("aws/t").destinationBucket(BUCKET).destinationKey("aws/t2")
                .taggingDirective(TaggingDirective.REPLACE).tagging("z=9"));
        assertThat(s3.getObjectTagging(b -> b.bucket(BUCKET).key("aws/t2")).tagSet()).extracting(t -> t.key()).containsExactly("z");
        // The destination of a copy is STANDARD unless the request names a class.
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("aws/t2")).storageClassAsString()).isNull();

        s3.deleteObjectTagging(b -> b.bucket(BUCKET).key("aws/t"));
        assertThat(s3.getObjectTagging(b -> b.bucket(BUCKET).key("aws/t")).tagSet()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("aws/t")).contents())
                .extracting(o -> o.key() + ":" + o.storageClassAsString()).containsExactly("aws/t:STANDARD_IA", "aws/t2:STANDARD");
    }

    @Test
    void theAwsSdkGetsInvalidTagAndInvalidStorageClass() {
        s3.putObject(b -> b.bucket(BUCKET).key("aws/bad"), RequestBody.fromString("x"));
        assertThatThrownBy(() -> s3.putObjectTagging(b -> b.bucket(BUCKET).key("aws/bad").tagging(t -> t.tagSet(
                software.amazon.awssdk.services.s3.model.Tag.builder().key("k".repeat(129)).value("v").build()))))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidTag");
                });
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("aws/bad2").storageClass("GLACIER_DEEP_FREEZE"),
                RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidStorageClass"));
    }
}
