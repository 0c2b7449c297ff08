package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.COSVersionSummary;
import com.qcloud.cos.model.CopyObjectRequest;
import com.qcloud.cos.model.DeleteObjectsRequest;
import com.qcloud.cos.model.GeneratePresignedUrlRequest;
import com.qcloud.cos.model.GetObjectMetadataRequest;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.model.ListVersionsRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.PutObjectResult;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import com.qcloud.cos.model.VersionListing;
import io.cosd.domain.object.VersionIds;
import io.cosd.store.meta.ConfigKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cosd.e2e.CosSdkBucketsAndErrorsTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

/** Bucket versioning through the official COS Java SDK and raw COS-dialect requests (docs/spec/semantics.md §2). */
@CosdServer
class VersioningCosTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;

    static String newBucket(String name, String status) {
        String b = E2e.bucket(name);
        cos.createBucket(b);
        if (status != null) setStatus(b, status);
        return b;
    }

    static void setStatus(String b, String status) {
        cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(b, new BucketVersioningConfiguration(status)));
    }

    static PutObjectResult put(String b, String key, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(bytes.length);
        return cos.putObject(new PutObjectRequest(b, key, new ByteArrayInputStream(bytes), md));
    }

    static String read(String b, String key, String versionId) {
        try (var in = cos.getObject(new GetObjectRequest(b, key, versionId)).getObjectContent()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> versions(String b, String key) {
        VersionListing l = cos.listVersions(new ListVersionsRequest(b, key, null, null, null, 1000));
        return l.getVersionSummaries().stream().filter(s -> s.getKey().equals(key))
                .map(s -> (s.isDeleteMarker() ? "DM:" : "") + s.getVersionId() + (s.isLatest() ? "*" : "")).toList();
    }

    /** A raw, presigned COS-dialect request, for exact status and header checks. */
    static RawHttp.Reply raw(String b, HttpMethodName m, String key, Map<String, String> params) throws IOException {
        var req = new GeneratePresignedUrlRequest(b, key.isEmpty() ? "/" : key, m);
        req.setExpiration(new Date(System.currentTimeMillis() + 600_000));
        params.forEach(req::addRequestParameter);
        var url = cos.generatePresignedUrl(req);
        return RawHttp.send(env.port(), m.name(), url.getFile(), Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com"), new byte[0]);
    }

    @Test
    void aNeverVersionedBucketAnswersAnEmptyConfigurationAndCanBeEnabledOrSuspended_VER_S1_S2_S3() throws Exception {
        String b = newBucket("ver-states", null);
        assertThat(cos.getBucketVersioningConfiguration(b).getStatus()).isEqualTo("Off");
        assertThat(raw(b, HttpMethodName.GET, "", Map.of("versioning", "")).text())
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VersioningConfiguration/>");
        setStatus(b, "Enabled");
        assertThat(cos.getBucketVersioningConfiguration(b).getStatus()).isEqualTo("Enabled");
        setStatus(b, "Suspended");
        assertThat(cos.getBucketVersioningConfiguration(b).getStatus()).isEqualTo("Suspended");
    }

    @Test
    void suspendingANeverVersionedBucketIsAllowedAndThereIsNoWayBack_VER_S4() {
        String b = newBucket("ver-suspend-first", "Suspended");
        assertThat(cos.getBucketVersioningConfiguration(b).getStatus()).isEqualTo("Suspended");
        // "Off" is not a status a bucket can be put into again: the document is malformed.
        assertCode(() -> setStatus(b, "Off"), 400, "MalformedXML");
        assertThat(cos.getBucketVersioningConfiguration(b).getStatus()).isEqualTo("Suspended");
    }

    @Test
    void anInvalidStatusIsMalformedXmlAndChangesNothing_VER_S3() {
        String b = newBucket("ver-invalid", "Enabled");
        for (String bad : new String[]{"Disabled", "enabled", ""}) {
            assertCode(() -> setStatus(b, bad), 400, "MalformedXML");
        }
        assertThat(cos.getBucketVersioningConfiguration(b).getStatus()).isEqualTo("Enabled");
    }

    @Test
    void suspendingIsRefusedWhileReplicationIsConfigured_VER_S5() {
        String b = newBucket("ver-repl", "Enabled");
        // Replication lands in its own issue; the guard reads the stored configuration.
        env.server.metadata().buckets().putConfig(b, ConfigKind.REPLICATION, "<ReplicationConfiguration/>");
        assertCode(() -> setStatus(b, "Suspended"), 409, "InvalidBucketState");
        assertThat(cos.getBucketVersioningConfiguration(b).getStatus()).isEqualTo("Enabled");
        env.server.metadata().buckets().deleteConfig(b, ConfigKind.REPLICATION);
        setStatus(b, "Suspended");
    }

    @Test
    void everyEnabledWriteGetsANewCosFormatVersionId_VER_I1_I2() {
        String b = newBucket("ver-ids", "Enabled");
        String v1 = put(b, "k", "one").getVersionId();
        String v2 = put(b, "k", "two").getVersionId();
        assertThat(v1).isNotEqualTo(v2);
        assertThat(VersionIds.micros(v1)).isPositive();
        assertThat(VersionIds.micros(v2)).isGreaterThan(VersionIds.micros(v1));
        assertThat(read(b, "k", v1)).isEqualTo("one");
        assertThat(read(b, "k", v2)).isEqualTo("two");
        assertThat(read(b, "k", null)).isEqualTo("two"); // VER-G1
    }

    @Test
    void objectsWrittenBeforeVersioningKeepTheNullVersion_VER_I3() {
        String b = newBucket("ver-null", null);
        put(b, "k", "before");
        setStatus(b, "Enabled");
        String v = put(b, "k", "after").getVersionId();
        assertThat(versions(b, "k")).containsExactly(v + "*", "null");
        assertThat(read(b, "k", "null")).isEqualTo("before");
    }

    @Test
    void suspendedWritesReplaceOnlyTheNullVersion_VER_I4_I5() throws Exception {
        String b = newBucket("ver-susp", "Enabled");
        String v1 = put(b, "k", "enabled").getVersionId();
        setStatus(b, "Suspended");
        PutObjectResult r = put(b, "k", "s1");
        assertThat(r.getVersionId()).isNull(); // VER-I5: no version header when Suspended
        put(b, "k", "s2");
        assertThat(versions(b, "k")).containsExactly("null*", v1);
        assertThat(read(b, "k", "null")).isEqualTo("s2");
        assertThat(read(b, "k", v1)).isEqualTo("enabled");
    }

    @Test
    void theVersionHeaderFollowsTheBucketState_VER_I5_I6() throws Exception {
        String b = newBucket("ver-headers", null);
        put(b, "plain", "x");
        assertThat(raw(b, HttpMethodName.HEAD, "plain", Map.of()).header("x-cos-version-id")).isNull();
        setStatus(b, "Enabled");
        assertThat(raw(b, HttpMethodName.HEAD, "plain", Map.of()).header("x-cos-version-id")).isEqualTo("null");
        String v = put(b, "new", "y").getVersionId();
        assertThat(v).isNotNull();
        assertThat(raw(b, HttpMethodName.GET, "new", Map.of()).header("x-cos-version-id")).isEqualTo(v);
    }

    @Test
    void theLiteralNullAddressesTheNullVersionInAnyStateAndAnEmptyIdIsAbsent_VER_I7() throws Exception {
        String b = newBucket("ver-literal-null", null);
        put(b, "k", "x");
        assertThat(read(b, "k", "null")).isEqualTo("x");
        assertThat(raw(b, HttpMethodName.GET, "k", Map.of("versionId", "")).status()).isEqualTo(200);
        cos.deleteVersion(b, "k", "null");
        assertThat(cos.doesObjectExist(b, "k")).isFalse();
    }

    @Test
    void malformedVersionIdsAreInvalidArgumentAndUnknownOnesNoSuchVersion_VER_I8() throws Exception {
        String b = newBucket("ver-bad-ids", "Enabled");
        put(b, "k", "x");
        assertCode(() -> read(b, "k", "garbage!"), 400, "InvalidArgument");
        String unknown = VersionIds.format(1_600_000_000_000_000L);
        assertCode(() -> read(b, "k", unknown), 404, "NoSuchVersion");
        var head = raw(b, HttpMethodName.HEAD, "k", Map.of("versionId", unknown));
        assertThat(head.status()).isEqualTo(404);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void readingACurrentDeleteMarkerIs404WithTheMarkerHeaders_VER_G2_G4() throws Exception {
        String b = newBucket("ver-g2", "Enabled");
        put(b, "k", "x");
        cos.deleteObject(b, "k");
        String marker = versions(b, "k").get(0).replace("DM:", "").replace("*", "");
        var get = raw(b, HttpMethodName.GET, "k", Map.of());
        assertThat(get.status()).isEqualTo(404);
        assertThat(get.text()).contains("<Code>NoSuchKey</Code>");
        assertThat(get.header("x-cos-delete-marker")).isEqualTo("true");
        assertThat(get.header("x-cos-version-id")).isEqualTo(marker);
        var miss = raw(b, HttpMethodName.HEAD, "never-existed", Map.of());
        assertThat(miss.status()).isEqualTo(404);
        assertThat(miss.header("x-cos-delete-marker")).isEqualTo("false");
    }

    @Test
    void readingADeleteMarkerByIdIs404OnCos_VER_G3() throws Exception {
        String b = newBucket("ver-g3", "Enabled");
        put(b, "k", "x");
        cos.deleteObject(b, "k");
        String marker = versions(b, "k").get(0).replace("DM:", "").replace("*", "");
        var head = raw(b, HttpMethodName.HEAD, "k", Map.of("versionId", marker));
        assertThat(head.status()).isEqualTo(404);
        assertThat(head.header("x-cos-delete-marker")).isEqualTo("true");
    }

    @Test
    void taggingADeleteMarkerByIdIsMethodNotAllowed_VER_G5() {
        String b = newBucket("ver-g5", "Enabled");
        String v = put(b, "k", "x").getVersionId();
        cos.setObjectTagging(new com.qcloud.cos.model.SetObjectTaggingRequest(b, "k", v,
                new com.qcloud.cos.model.ObjectTagging(List.of(new com.qcloud.cos.model.Tag.Tag("a", "1")))));
        cos.deleteObject(b, "k");
        String marker = versions(b, "k").get(0).replace("DM:", "").replace("*", "");
        assertCode(() -> cos.getObjectTagging(new com.qcloud.cos.model.GetObjectTaggingRequest(b, "k", marker)), 405, "MethodNotAllowed");
        // Tags belong to the version (docs/versioning.md#tagging).
        assertThat(cos.getObjectTagging(new com.qcloud.cos.model.GetObjectTaggingRequest(b, "k", v)).getTagSet()).hasSize(1);
    }

    @Test
    void deletesFollowTheBucketState_VER_D1_D2_D3() throws Exception {
        String b = newBucket("ver-d", null);
        put(b, "k", "x");
        var d1 = raw(b, HttpMethodName.DELETE, "k", Map.of());
        assertThat(d1.status()).isEqualTo(204);
        assertThat(d1.header("x-cos-version-id")).isNull();
        assertThat(raw(b, HttpMethodName.DELETE, "missing", Map.of()).status()).isEqualTo(204);

        setStatus(b, "Enabled");
        put(b, "k", "y");
        for (int i = 0; i < 3; i++) {
            var d2 = raw(b, HttpMethodName.DELETE, "k", Map.of());
            assertThat(d2.status()).isEqualTo(204);
            assertThat(d2.header("x-cos-delete-marker")).isEqualTo("true");
            assertThat(VersionIds.micros(d2.header("x-cos-version-id"))).isPositive();
        }
        assertThat(versions(b, "k")).hasSize(4).filteredOn(s -> s.startsWith("DM:")).hasSize(3); // markers stack

        setStatus(b, "Suspended");
        for (int i = 0; i < 2; i++) {
            var d3 = raw(b, HttpMethodName.DELETE, "k", Map.of());
            assertThat(d3.header("x-cos-version-id")).isEqualTo("null");
            assertThat(d3.header("x-cos-delete-marker")).isEqualTo("true");
        }
        assertThat(versions(b, "k")).hasSize(5).first().isEqualTo("DM:null*");
    }

    @Test
    void deletingAVersionByIdRemovesItAndPromotesTheNextNewest_VER_D4_D5() throws Exception {
        String b = newBucket("ver-d4", "Enabled");
        String v1 = put(b, "k", "one").getVersionId();
        String v2 = put(b, "k", "two").getVersionId();
        var d = raw(b, HttpMethodName.DELETE, "k", Map.of("versionId", v2));
        assertThat(d.status()).isEqualTo(204);
        assertThat(d.header("x-cos-version-id")).isEqualTo(v2);
        assertThat(d.header("x-cos-delete-marker")).isNull();
        assertThat(read(b, "k", null)).isEqualTo("one");
        cos.deleteObject(b, "k");
        String marker = versions(b, "k").get(0).replace("DM:", "").replace("*", "");
        var dm = raw(b, HttpMethodName.DELETE, "k", Map.of("versionId", marker));
        assertThat(dm.header("x-cos-delete-marker")).isEqualTo("true");
        assertThat(read(b, "k", null)).isEqualTo("one");
        // VER-D5: a well-formed unknown id is an idempotent 204 that echoes the id.
        String unknown = VersionIds.format(1_600_000_000_000_000L);
        var again = raw(b, HttpMethodName.DELETE, "k", Map.of("versionId", unknown));
        assertThat(again.status()).isEqualTo(204);
        assertThat(again.header("x-cos-version-id")).isEqualTo(unknown);
        assertThat(raw(b, HttpMethodName.DELETE, "k", Map.of("versionId", "bad!")).status()).isEqualTo(400);
        assertThat(versions(b, "k")).containsExactly(v1 + "*");
    }

    @Test
    void multiDeleteReportsDeleteMarkers_VER_D7() {
        String b = newBucket("ver-d7", "Enabled");
        String v1 = put(b, "a", "x").getVersionId();
        put(b, "b", "y");
        var req = new DeleteObjectsRequest(b);
        req.setKeys(List.of(new DeleteObjectsRequest.KeyVersion("a", v1), new DeleteObjectsRequest.KeyVersion("b")));
        var res = cos.deleteObjects(req).getDeletedObjects();
        assertThat(res).hasSize(2);
        var a = res.stream().filter(o -> o.getKey().equals("a")).findFirst().orElseThrow();
        var bb = res.stream().filter(o -> o.getKey().equals("b")).findFirst().orElseThrow();
        assertThat(a.getVersionId()).isEqualTo(v1);
        assertThat(a.isDeleteMarker()).isFalse();
        assertThat(bb.isDeleteMarker()).isTrue();
        assertThat(VersionIds.micros(bb.getDeleteMarkerVersionId())).isPositive();
    }

    @Test
    void listVersionsInterleavesVersionsAndMarkersNewestFirstWithOneLatestPerKey_VER_L1_L2_L3_L4() {
        String b = newBucket("ver-list", null);
        put(b, "a", "null-version");
        setStatus(b, "Enabled");
        String a1 = put(b, "a", "x").getVersionId();
        cos.deleteObject(b, "a");
        String a3 = put(b, "a", "z").getVersionId();
        put(b, "b", "b");
        put(b, "dir/c", "c");
        VersionListing l = cos.listVersions(new ListVersionsRequest(b, "", null, null, "/", 1000));
        List<COSVersionSummary> s = l.getVersionSummaries();
        assertThat(s).extracting(COSVersionSummary::getKey).containsExactly("a", "a", "a", "a", "b");
        assertThat(s.get(0).getVersionId()).isEqualTo(a3);
        assertThat(s.get(1).isDeleteMarker()).isTrue();
        assertThat(s.get(2).getVersionId()).isEqualTo(a1);
        assertThat(s.get(3).getVersionId()).isEqualTo("null");
        assertThat(s).filteredOn(COSVersionSummary::isLatest).extracting(COSVersionSummary::getKey).containsExactly("a", "b");
        assertThat(l.getCommonPrefixes()).containsExactly("dir/");
        assertThat(s.get(0).getETag()).isNotEmpty();
        assertThat(s.get(0).getSize()).isEqualTo(1);
        assertThat(s.get(0).getStorageClass()).isEqualTo("STANDARD");
    }

    @Test
    void aNeverVersionedBucketListsEmptyVersionIdsOnCos_VER_L5() throws Exception {
        String b = newBucket("ver-l5", null);
        put(b, "k", "x");
        String xml = raw(b, HttpMethodName.GET, "", Map.of("versions", "")).text();
        assertThat(xml).contains("<Key>k</Key><VersionId></VersionId><IsLatest>true</IsLatest>");
    }

    @Test
    void listVersionsPagesWithKeyAndVersionIdMarkers_VER_L6_L7_L9() {
        String b = newBucket("ver-pages", "Enabled");
        List<String> expected = new ArrayList<>();
        for (String k : new String[]{"a", "b", "c"}) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) ids.add(0, put(b, k, k + i).getVersionId());
            for (String id : ids) expected.add(k + "@" + id);
        }
        List<String> seen = new ArrayList<>();
        String km = null, vm = null;
        int pages = 0;
        while (true) {
            VersionListing l = cos.listVersions(new ListVersionsRequest(b, "", km, vm, null, 2));
            pages++;
            l.getVersionSummaries().forEach(s -> seen.add(s.getKey() + "@" + s.getVersionId()));
            if (!l.isTruncated()) {
                assertThat(l.getNextKeyMarker()).isNull();
                break;
            }
            km = l.getNextKeyMarker();
            vm = l.getNextVersionIdMarker();
            assertThat(l.getVersionSummaries().get(l.getVersionSummaries().size() - 1).getVersionId()).isEqualTo(vm);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(5);
        // key-marker alone skips every version of that key; an empty version-id-marker is the same.
        assertThat(cos.listVersions(new ListVersionsRequest(b, "", "a", null, null, 100)).getVersionSummaries())
                .extracting(COSVersionSummary::getKey).containsOnly("b", "c").hasSize(6);
        VersionListing echoed = cos.listVersions(new ListVersionsRequest(b, "", "a", "", null, 100));
        assertThat(echoed.getKeyMarker()).isEqualTo("a");
        assertThat(echoed.getVersionSummaries()).hasSize(6);
    }

    @Test
    void aVersionIdMarkerWithoutAKeyMarkerIsInvalidArgument_VER_L8() {
        String b = newBucket("ver-l8", "Enabled");
        String v = put(b, "a", "x").getVersionId();
        assertCode(() -> cos.listVersions(new ListVersionsRequest(b, "", null, v, null, 10)), 400, "InvalidArgument");
        assertCode(() -> cos.listVersions(new ListVersionsRequest(b, "", "a", "bad!", null, 10)), 400, "InvalidArgument");
    }

    @Test
    void copyReadsTheNamedSourceVersionAndWritesANewVersion_VER_C1_C2_C5() {
        String b = newBucket("ver-copy", "Enabled");
        String v1 = put(b, "k", "old").getVersionId();
        put(b, "k", "new");
        // VER-C5: restoring a previous version is a copy of it onto the same key.
        var req = new CopyObjectRequest(b, "k", b, "k").withSourceVersionId(v1);
        var res = cos.copyObject(req);
        assertThat(res.getVersionId()).isNotNull().isNotEqualTo(v1);
        assertThat(read(b, "k", null)).isEqualTo("old");
        assertThat(versions(b, "k")).hasSize(3);
    }

    @Test
    void copyFromADeleteMarkerOrAnUnknownVersionFails_VER_C3_C4() {
        String b = newBucket("ver-copy-bad", "Enabled");
        put(b, "k", "x");
        cos.deleteObject(b, "k");
        String marker = versions(b, "k").get(0).replace("DM:", "").replace("*", "");
        assertCode(() -> cos.copyObject(new CopyObjectRequest(b, "k", b, "dst")), 404, "NoSuchKey");
        assertCode(() -> cos.copyObject(new CopyObjectRequest(b, "k", b, "dst").withSourceVersionId(marker)), 400, "InvalidRequest");
        String unknown = VersionIds.format(1_600_000_000_000_000L);
        assertCode(() -> cos.copyObject(new CopyObjectRequest(b, "k", b, "dst").withSourceVersionId(unknown)), 404, "NoSuchVersion");
        assertCode(() -> cos.copyObject(new CopyObjectRequest(b, "k", b, "dst").withSourceVersionId("bad!")), 400, "InvalidArgument");
    }

    @Test
    void thirtyTwoParallelPutsOfOneKeyKeepAllVersionsWithExactlyOneLatest() throws Exception {
        String b = newBucket("ver-race", "Enabled");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int n = i;
                fs.add(pool.submit(() -> put(b, "hot", "body-" + n).getVersionId()));
            }
            List<String> ids = new ArrayList<>();
            for (var f : fs) ids.add(f.get());
            VersionListing l = cos.listVersions(new ListVersionsRequest(b, "hot", null, null, null, 1000));
            assertThat(l.getVersionSummaries()).hasSize(32);
            assertThat(l.getVersionSummaries()).extracting(COSVersionSummary::getVersionId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(l.getVersionSummaries()).filteredOn(COSVersionSummary::isLatest).hasSize(1);
            // The latest is the newest in the listing order, and GET returns its bytes.
            String latest = l.getVersionSummaries().get(0).getVersionId();
            assertThat(l.getVersionSummaries().get(0).isLatest()).isTrue();
            assertThat(read(b, "hot", null)).isEqualTo(read(b, "hot", latest));
        } finally {
            pool.shutdownNow();
        }
    }
}
