package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesResponse;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.ObjectPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** GetObjectAttributes with the AWS SDK v2 (docs/object-attributes.md). */
@CosdServer
class ObjectAttributesE2eTest {
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static E2e env;

    private static final List<ObjectAttributes> ALL = List.of(ObjectAttributes.E_TAG, ObjectAttributes.CHECKSUM,
            ObjectAttributes.OBJECT_PARTS, ObjectAttributes.STORAGE_CLASS, ObjectAttributes.OBJECT_SIZE);

    static String bucket(String name, boolean versioned) {
        String b = E2e.bucket(name);
        s3.createBucket(r -> r.bucket(b));
        if (versioned) s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        return b;
    }

    @Test
    void aSimpleObjectAnswersItsUnquotedETagSizeAndClassWithoutParts_OBJ_A2_OBJ_A3() {
        String b = bucket("attr-simple", false);
        String etag = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("foo")).eTag();
        GetObjectAttributesResponse a = s3.getObjectAttributes(r -> r.bucket(b).key("k").objectAttributes(ALL));
        assertThat(a.eTag()).isEqualTo(etag.replace("\"", ""));
        assertThat(a.objectSize()).isEqualTo(3L);
        assertThat(a.storageClassAsString()).isEqualTo("STANDARD");
        assertThat(a.objectParts()).isNull();
        // the AWS SDK v2 sends a CRC32 trailer by default: stored and given back (OBJ-K4)
        assertThat(a.checksum().checksumCRC32()).isNotNull();
        assertThat(a.checksum().checksumTypeAsString()).isEqualTo("FULL_OBJECT");
        assertThat(a.versionId()).isNull();
        assertThat(a.deleteMarker()).isNull();
        assertThat(a.lastModified()).isNotNull();
        // only what is asked for
        GetObjectAttributesResponse one = s3.getObjectAttributes(r -> r.bucket(b).key("k").objectAttributes(ObjectAttributes.OBJECT_SIZE));
        assertThat(one.objectSize()).isEqualTo(3L);
        assertThat(one.eTag()).isNull();
        assertThat(one.storageClass()).isNull();
    }

    @Test
    void aMultipartObjectCountsItsPartsAndPagesThem_OBJ_A3_OBJ_A4() {
        String b = bucket("attr-mpu", false);
        String id = s3.createMultipartUpload(r -> r.bucket(b).key("m")).uploadId();
        List<CompletedPart> done = new ArrayList<>();
        int[] sizes = {5 << 20, 5 << 20, 1024};
        for (int n = 1; n <= sizes.length; n++) {
            int pn = n;
            byte[] data = new byte[sizes[n - 1]];
            Arrays.fill(data, (byte) ('a' + n));
            String e = s3.uploadPart(r -> r.bucket(b).key("m").uploadId(id).partNumber(pn), RequestBody.fromBytes(data)).eTag();
            done.add(CompletedPart.builder().partNumber(pn).eTag(e).build());
        }
        String etag = s3.completeMultipartUpload(r -> r.bucket(b).key("m").uploadId(id).multipartUpload(u -> u.parts(done))).eTag();

        GetObjectAttributesResponse a = s3.getObjectAttributes(r -> r.bucket(b).key("m").objectAttributes(ALL));
        assertThat(a.eTag()).isEqualTo(etag.replace("\"", "")).endsWith("-3");
        assertThat(a.objectSize()).isEqualTo((10L << 20) + 1024);
        assertThat(a.objectParts().totalPartsCount()).isEqualTo(3);
        assertThat(a.objectParts().isTruncated()).isFalse();
        assertThat(a.objectParts().parts()).extracting(ObjectPart::partNumber, ObjectPart::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 5L << 20), org.assertj.core.groups.Tuple.tuple(2, 5L << 20),
                        org.assertj.core.groups.Tuple.tuple(3, 1024L));

        GetObjectAttributesResponse page = s3.getObjectAttributes(r -> r.bucket(b).key("m").objectAttributes(ObjectAttributes.OBJECT_PARTS)
                .maxParts(1).partNumberMarker(1));
        assertThat(page.objectParts().totalPartsCount()).isEqualTo(3);
        assertThat(page.objectParts().isTruncated()).isTrue();
        assertThat(page.objectParts().nextPartNumberMarker()).isEqualTo(2);
        assertThat(page.objectParts().parts()).extracting(ObjectPart::partNumber).containsExactly(2);
    }

    @Test
    void aVersionIsAnsweredByIdAndADeleteMarkerIsNoSuchKeyOr405ById_OBJ_A6() {
        String b = bucket("attr-versions", true);
        String v1 = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("one")).versionId();
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("second"));
        GetObjectAttributesResponse old = s3.getObjectAttributes(r -> r.bucket(b).key("k").versionId(v1).objectAttributes(ALL));
        assertThat(old.versionId()).isEqualTo(v1);
        assertThat(old.objectSize()).isEqualTo(3L);
        assertThat(s3.getObjectAttributes(r -> r.bucket(b).key("k").objectAttributes(ALL)).objectSize()).isEqualTo(6L);

        String marker = s3.deleteObject(r -> r.bucket(b).key("k")).versionId();
        S3Exception current = catchThrowableOfType(S3Exception.class,
                () -> s3.getObjectAttributes(r -> r.bucket(b).key("k").objectAttributes(ALL)));
        assertThat(current.statusCode()).isEqualTo(404);
        assertThat(current.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
        assertThat(current.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-delete-marker")).hasValue("true");
        S3Exception byId = catchThrowableOfType(S3Exception.class,
                () -> s3.getObjectAttributes(r -> r.bucket(b).key("k").versionId(marker).objectAttributes(ALL)));
        assertThat(byId.statusCode()).isEqualTo(405);
        assertThat(s3.getObjectAttributes(r -> r.bucket(b).key("k").versionId(v1).objectAttributes(ALL)).objectSize()).isEqualTo(3L);
    }

    @Test
    void aMissingKeyIs404NoSuchKeyAndAMissingAttributeListIsInvalidArgument_OBJ_A1() throws Exception {
        String b = bucket("attr-missing", false);
        S3Exception e = catchThrowableOfType(S3Exception.class,
                () -> s3.getObjectAttributes(r -> r.bucket(b).key("nope").objectAttributes(ALL)));
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
        assertThat(e.requestId()).isNotBlank();

        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("foo"));
        S3Exception bad = catchThrowableOfType(S3Exception.class,
                () -> s3.getObjectAttributes(r -> r.bucket(b).key("k").objectAttributesWithStrings("ETag", "Bogus")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
    }

    @Test
    void aCallerAllowedGetObjectButNotGetObjectAttributesIsDenied_OBJ_A5() throws Exception {
        String b = bucket("attr-policy", false);
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("foo"));
        s3.putObject(r -> r.bucket(b).key("both"), RequestBody.fromString("foo"));
        s3.putObject(r -> r.bucket(b).key("attrs-only"), RequestBody.fromString("foo"));
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"s3:GetObject\"],\"Resource\":[\"arn:aws:s3:::" + b + "/k\"]},"
                + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"s3:GetObject\",\"s3:GetObjectAttributes\"],"
                + "\"Resource\":[\"arn:aws:s3:::" + b + "/both\"]},"
                + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"s3:GetObjectAttributes\"],"
                + "\"Resource\":[\"arn:aws:s3:::" + b + "/attrs-only\"]}]}"));
        Map<String, String> h = Map.of("Host", "127.0.0.1:" + env.port(), "x-amz-object-attributes", "ObjectSize");
        assertThat(RawHttp.send(env.port(), "GET", "/" + b + "/k", Map.of("Host", h.get("Host")), null).status()).isEqualTo(200);
        var denied = RawHttp.send(env.port(), "GET", "/" + b + "/k?attributes", h, null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.text()).contains("<Code>AccessDenied</Code>");
        var attrsOnly = RawHttp.send(env.port(), "GET", "/" + b + "/attrs-only?attributes", h, null);
        assertThat(attrsOnly.status()).isEqualTo(403);
        var both = RawHttp.send(env.port(), "GET", "/" + b + "/both?attributes", h, null);
        assertThat(both.status()).isEqualTo(200);
        assertThat(both.text()).contains("<ObjectSize>3</ObjectSize>");
    }

    @Test
    void theCosDialectAnswersASignedRequestDecidedAsGetObject_OBJ_A5() throws Exception {
        String b = bucket("attr-cos", false);
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("foo"));
        String host = E2e.cosHost(b);
        // The COS SDK has no GetObjectAttributes call: a q-sign request signed by the SDK's own signer.
        String auth = new com.qcloud.cos.auth.COSSigner().buildAuthorizationStr(com.qcloud.cos.http.HttpMethodName.GET, "/k",
                Map.of("Host", host, "x-cos-object-attributes", "ETag,ObjectSize"), Map.of("attributes", ""),
                new com.qcloud.cos.auth.BasicCOSCredentials(E2e.SECRET_ID, E2e.SECRET_KEY), new java.util.Date(System.currentTimeMillis() + 600_000));
        var r = RawHttp.send(env.port(), "GET", "/k?attributes",
                Map.of("Host", host, "x-cos-object-attributes", "ETag,ObjectSize", "Authorization", auth), null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.text()).contains("<ObjectSize>3</ObjectSize>").contains("<ETag>acbd18db4cc2f85cedef654fccc4a4d8</ETag>");
        assertThat(r.headers()).containsKey("x-cos-request-id");
    }
}
