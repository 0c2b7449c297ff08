package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bucket versioning through the AWS SDK for Java v2 (S3 dialect differences: VER-G3, VER-L5). */
@CosdServer
class VersioningAwsTest {
    @CosdServer.Inject static S3Client s3;

    static String bucket(String name, BucketVersioningStatus status) {
        String b = E2e.bucket(name);
        s3.createBucket(r -> r.bucket(b));
        if (status != null) s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(c -> c.status(status)));
        return b;
    }

    static S3Exception s3Error(Runnable r) {
        try {
            r.run();
        } catch (S3Exception e) {
            return e;
        }
        throw new AssertionError("expected an S3Exception");
    }

    @Test
    void versioningStatusRoundTripsThroughTheAwsSdk_VER_S2_S3() {
        String b = bucket("aws-ver-status", null);
        assertThat(s3.getBucketVersioning(r -> r.bucket(b)).status()).isNull();
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        assertThat(s3.getBucketVersioning(r -> r.bucket(b)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));
        assertThat(s3.getBucketVersioning(r -> r.bucket(b)).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
    }

    @Test
    void mfaDeleteCannotBeEnabled_VER_S7() {
        String b = bucket("aws-ver-mfa", null);
        S3Exception e = s3Error(() -> s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(c -> c
                .status(BucketVersioningStatus.ENABLED).mfaDelete(software.amazon.awssdk.services.s3.model.MFADelete.ENABLED))));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
        assertThat(s3.getBucketVersioning(r -> r.bucket(b)).status()).isNull();
    }

    @Test
    void putsReturnVersionIdsAndGetsReadEachVersion_VER_I1_G1() {
        String b = bucket("aws-ver-put", BucketVersioningStatus.ENABLED);
        String v1 = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("one")).versionId();
        String v2 = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("two")).versionId();
        assertThat(v1).isNotNull().isNotEqualTo(v2);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("k").versionId(v1)).asUtf8String()).isEqualTo("one");
        var cur = s3.getObjectAsBytes(r -> r.bucket(b).key("k"));
        assertThat(cur.asUtf8String()).isEqualTo("two");
        assertThat(cur.response().versionId()).isEqualTo(v2);
        assertThat(s3.headObject(r -> r.bucket(b).key("k").versionId(v1)).versionId()).isEqualTo(v1);
    }

    @Test
    void aDeleteMarkerByIdIsMethodNotAllowedOnS3_VER_G2_G3() {
        String b = bucket("aws-ver-dm", BucketVersioningStatus.ENABLED);
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("x"));
        var del = s3.deleteObject(r -> r.bucket(b).key("k"));
        assertThat(del.deleteMarker()).isTrue();
        String marker = del.versionId();
        S3Exception current = s3Error(() -> s3.getObject(r -> r.bucket(b).key("k")));
        assertThat(current.statusCode()).isEqualTo(404);
        assertThat(current.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-delete-marker")).contains("true");
        assertThat(current.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-version-id")).contains(marker);
        S3Exception byId = s3Error(() -> s3.getObject(r -> r.bucket(b).key("k").versionId(marker)));
        assertThat(byId.statusCode()).isEqualTo(405);
        assertThat(byId.awsErrorDetails().errorCode()).isEqualTo("MethodNotAllowed");
        assertThat(byId.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-delete-marker")).contains("true");
        assertThat(byId.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Last-Modified")).isPresent();
    }

    @Test
    void deleteObjectsReportsMarkersCreatedAndRemoved_VER_D7() {
        String b = bucket("aws-ver-multi", BucketVersioningStatus.ENABLED);
        s3.putObject(r -> r.bucket(b).key("a"), RequestBody.fromString("x"));
        var created = s3.deleteObjects(r -> r.bucket(b).delete(d -> d.objects(ObjectIdentifier.builder().key("a").build())));
        assertThat(created.deleted()).hasSize(1);
        assertThat(created.deleted().get(0).deleteMarker()).isTrue();
        String marker = created.deleted().get(0).deleteMarkerVersionId();
        assertThat(marker).isNotNull();
        var removed = s3.deleteObjects(r -> r.bucket(b).delete(d -> d.objects(ObjectIdentifier.builder().key("a").versionId(marker).build())));
        assertThat(removed.deleted().get(0).versionId()).isEqualTo(marker);
        assertThat(removed.deleted().get(0).deleteMarker()).isTrue();
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("a")).asUtf8String()).isEqualTo("x");
    }

    @Test
    void aMalformedVersionIdInDeleteObjectsIsThatKeysInvalidArgumentAndTheOtherKeysAreDeleted_VER_I8() {
        String b = bucket("aws-ver-multi-bad", BucketVersioningStatus.ENABLED);
        s3.putObject(r -> r.bucket(b).key("a"), RequestBody.fromString("x"));
        var out = s3.deleteObjects(r -> r.bucket(b).delete(d -> d.objects(
                ObjectIdentifier.builder().key("a").versionId("not a version id").build(),
                ObjectIdentifier.builder().key("a").build())));
        assertThat(out.errors()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("a");
            assertThat(e.code()).isEqualTo("InvalidArgument");
            assertThat(e.message()).isEqualTo("Invalid version id specified");
        });
        assertThat(out.deleted()).singleElement().satisfies(d -> assertThat(d.deleteMarker()).isTrue());
    }

    @Test
    void listObjectVersionsPaginatesAndShowsNullOnS3_VER_L5_L6_L7() {
        String b = bucket("aws-ver-list", null);
        s3.putObject(r -> r.bucket(b).key("p/a"), RequestBody.fromString("x"));
        ListObjectVersionsResponse never = s3.listObjectVersions(r -> r.bucket(b));
        assertThat(never.versions()).extracting(ObjectVersion::versionId).containsExactly("null");
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        for (int i = 0; i < 4; i++) {
            int n = i;
            s3.putObject(r -> r.bucket(b).key("p/a"), RequestBody.fromString("v" + n));
        }
        s3.deleteObject(r -> r.bucket(b).key("p/a"));
        List<String> all = new ArrayList<>();
        var pages = s3.listObjectVersionsPaginator(r -> r.bucket(b).prefix("p/").maxKeys(2));
        pages.forEach(p -> {
            p.deleteMarkers().forEach(m -> all.add("DM"));
            p.versions().forEach(v -> all.add(v.versionId()));
        });
        assertThat(all).hasSize(6).contains("DM", "null");
        ListObjectVersionsResponse full = s3.listObjectVersions(r -> r.bucket(b).prefix("p/"));
        assertThat(full.deleteMarkers()).hasSize(1);
        assertThat(full.deleteMarkers().get(0).isLatest()).isTrue();
        assertThat(full.versions()).noneMatch(ObjectVersion::isLatest);
    }

    @Test
    void copyFromAVersionReportsTheSourceVersion_VER_C1_C2() {
        String b = bucket("aws-ver-copy", BucketVersioningStatus.ENABLED);
        String v1 = s3.putObject(r -> r.bucket(b).key("src"), RequestBody.fromString("first")).versionId();
        s3.putObject(r -> r.bucket(b).key("src"), RequestBody.fromString("second"));
        var res = s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").sourceVersionId(v1).destinationBucket(b).destinationKey("dst"));
        assertThat(res.copySourceVersionId()).isEqualTo(v1);
        assertThat(res.versionId()).isNotNull();
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("dst")).asUtf8String()).isEqualTo("first");
        S3Exception bad = s3Error(() -> s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").sourceVersionId("bad!")
                .destinationBucket(b).destinationKey("dst2")));
        assertThat(bad.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket(b).key("dst2"))).isInstanceOf(S3Exception.class);
    }

    @Test
    void suspendedWritesAndDeletesUseTheNullVersion_VER_I4_D3() {
        String b = bucket("aws-ver-susp", BucketVersioningStatus.ENABLED);
        String v1 = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("keep")).versionId();
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));
        assertThat(s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("s")).versionId()).isNull();
        var del = s3.deleteObject(r -> r.bucket(b).key("k"));
        assertThat(del.versionId()).isEqualTo("null");
        assertThat(del.deleteMarker()).isTrue();
        var l = s3.listObjectVersions(r -> r.bucket(b));
        assertThat(l.versions()).extracting(ObjectVersion::versionId).containsExactly(v1);
        assertThat(l.deleteMarkers()).extracting(m -> m.versionId()).containsExactly("null");
    }
}
