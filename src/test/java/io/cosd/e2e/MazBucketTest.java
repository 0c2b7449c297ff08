package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketLifecycleConfiguration;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.CreateBucketRequest;
import com.qcloud.cos.model.HeadBucketRequest;
import com.qcloud.cos.model.HeadBucketResult;
import com.qcloud.cos.model.SetBucketReplicationConfigurationRequest;
import com.qcloud.cos.model.lifecycle.LifecycleFilter;
import com.qcloud.cos.model.lifecycle.LifecyclePrefixPredicate;
import io.cosd.app.Config;
import io.cosd.domain.signing.OutboundSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.cosd.e2e.CosSdkBucketsAndErrorsTest.assertCode;
import static io.cosd.e2e.ReplicationEngineTest.versioning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Multi-AZ buckets (PUT/HEAD Bucket, docs/spec/protocol.md §5.2) and REP-V9 (a MAZ source replicates only to
 * a MAZ destination), locally and against a second in-process region reached three ways: as a peer
 * cosd (ap-shanghai), as plain COS (cos+, ap-chengdu) and as an S3 endpoint (s3+, ap-beijing).
 */
class MazBucketTest {
    static E2e dst, src;
    static COSClient cosSrc, cosDst;
    static final String REMOTE_MAZ = E2e.bucket("far-maz"), REMOTE_OAZ = E2e.bucket("far-oaz");
    static final String LOCAL_MAZ = E2e.bucket("near-maz"), LOCAL_OAZ = E2e.bucket("near-oaz");

    @BeforeAll
    static void start() throws Exception {
        // One cosd plays several destination regions; its S3 face is signed with those names (docs/signing.md AUTH-5).
        dst = new E2e(Files.createTempDirectory("cosd-maz-dst"), "ap-shanghai", null, 0, Config.Lifecycle.DEFAULT,
                new Config.Auth(false, Duration.ofDays(7), Set.of("ap-beijing")));
        String p = Integer.toString(dst.port());
        src = new E2e(Files.createTempDirectory("cosd-maz-src"), E2e.REGION,
                "ap-shanghai=http://127.0.0.1:" + p + ",ap-beijing=s3+http://127.0.0.1:" + p + ",ap-chengdu=cos+http://127.0.0.1:" + p, 0);
        cosSrc = src.cos();
        cosDst = dst.cos();
        cosDst.createMAZBucket(new CreateBucketRequest(REMOTE_MAZ));
        cosDst.createBucket(REMOTE_OAZ);
        cosSrc.createMAZBucket(new CreateBucketRequest(LOCAL_MAZ));
        cosSrc.createBucket(LOCAL_OAZ);
        for (String b : new String[] {REMOTE_MAZ, REMOTE_OAZ}) versioning(cosDst, b, BucketVersioningConfiguration.ENABLED);
        for (String b : new String[] {LOCAL_MAZ, LOCAL_OAZ}) versioning(cosSrc, b, BucketVersioningConfiguration.ENABLED);
    }

    @AfterAll
    static void stop() throws Exception {
        cosSrc.shutdown();
        cosDst.shutdown();
        src.close();
        dst.close();
    }

    /** A q-signed raw PUT Bucket with this body (no SDK sends a wrong BucketAZConfig). */
    static RawHttp.Reply putBucket(String bucket, String body) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + src.port());
        h.put("content-type", "application/xml");
        h.put("content-md5", Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(b)));
        String auth = OutboundSigner.cos("PUT", "/" + bucket + "/", Map.of(), h, E2e.SECRET_ID, E2e.SECRET_KEY, Instant.now(), 600);
        Map<String, String> headers = new LinkedHashMap<>(h);
        headers.put("Authorization", auth);
        return RawHttp.send(src.port(), "PUT", "/" + bucket + "/", headers, b);
    }

    static RawHttp.Reply headBucket(String bucket) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + src.port());
        String auth = OutboundSigner.cos("HEAD", "/" + bucket + "/", Map.of(), h, E2e.SECRET_ID, E2e.SECRET_KEY, Instant.now(), 600);
        Map<String, String> headers = new LinkedHashMap<>(h);
        headers.put("Authorization", auth);
        return RawHttp.send(src.port(), "HEAD", "/" + bucket + "/", headers, null);
    }

    static void replicate(String source, String region, String destination) {
        cosSrc.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(source,
                ReplicationConfigApiTest.config("r", "", "qcs::cos:" + region + "::" + destination, null)));
    }

    /** REP-V9 refused through the COS SDK, and nothing stored. */
    static void refused(String source, String region, String destination) {
        assertCode(() -> replicate(source, region, destination), 400, "MAZOperationNotSupportOnOAZBucket");
        assertCode(() -> cosSrc.getBucketReplicationConfiguration(source), 404, "ReplicationConfigurationnotFoundError");
    }

    static void allowed(String source, String region, String destination) {
        replicate(source, region, destination);
        assertThat(cosSrc.getBucketReplicationConfiguration(source).getRules().get(0).getDestinationConfig().getBucketQCS())
                .isEqualTo("qcs::cos:" + region + "::" + destination);
        cosSrc.deleteBucketReplicationConfiguration(source);
    }

    @Test
    void createMazBucketMakesHeadBucketSayMaz() throws Exception {
        HeadBucketResult maz = cosSrc.headBucket(new HeadBucketRequest(LOCAL_MAZ));
        assertThat(maz.isMazBucket()).isTrue();
        assertThat(maz.getBucketRegion()).isEqualTo(E2e.REGION);
        assertThat(headBucket(LOCAL_MAZ).header("x-cos-bucket-az-type")).isEqualTo("MAZ");
    }

    @Test
    void aBucketCreatedWithoutBodyIsSingleAzAndHeadSaysNothingAboutAz() throws Exception {
        assertThat(cosSrc.headBucket(new HeadBucketRequest(LOCAL_OAZ)).isMazBucket()).isFalse();
        // COS: "returned only for MAZ buckets"
        assertThat(headBucket(LOCAL_OAZ).header("x-cos-bucket-az-type")).isNull();
    }

    @Test
    void anUnknownBucketAzConfigIsInvalidArgumentAndCreatesNothing() throws Exception {
        String b = E2e.bucket("bad-az");
        var r = putBucket(b, "<CreateBucketConfiguration><BucketAZConfig>TRIPLE</BucketAZConfig></CreateBucketConfiguration>");
        assertThat(r.status()).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("<Code>InvalidArgument</Code>");
        assertThat(cosSrc.doesBucketExist(b)).isFalse();
    }

    @Test
    void aMalformedCreateBucketBodyIsMalformedXmlAndCreatesNothing() throws Exception {
        String b = E2e.bucket("bad-xml");
        var r = putBucket(b, "<CreateBucketConfiguration><BucketAZConfig>MAZ");
        assertThat(r.status()).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("<Code>MalformedXML</Code>");
        assertThat(cosSrc.doesBucketExist(b)).isFalse();
    }

    @Test
    void theOfsArchConfigIsNotImplementedRatherThanIgnoredAndCreatesNothing() throws Exception {
        String b = E2e.bucket("maz-ofs");
        var r = putBucket(b, "<CreateBucketConfiguration><BucketAZConfig>MAZ</BucketAZConfig>"
                + "<BucketArchConfig>OFS</BucketArchConfig></CreateBucketConfiguration>");
        assertThat(r.status()).isEqualTo(501);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("<Code>NotImplemented</Code>").contains("BucketArchConfig");
        assertThat(cosSrc.doesBucketExist(b)).isFalse();
    }

    @Test
    void anS3LocationConstraintNamingThisRegionCreatesASingleAzBucket() throws Exception {
        String b = E2e.bucket("s3-located");
        try (S3Client s3 = src.s3()) {
            s3.createBucket(x -> x.bucket(b).createBucketConfiguration(CreateBucketConfiguration.builder()
                    .locationConstraint(E2e.REGION).build()));
            s3.headBucket(x -> x.bucket(b));
        }
        assertThat(headBucket(b).header("x-cos-bucket-az-type")).isNull();
        cosSrc.deleteBucket(b);
    }

    @Test
    void anS3LocationConstraintNamingAnotherRegionIsRefusedAsS3DoesAndCreatesNothing() throws Exception {
        String b = E2e.bucket("s3-elsewhere");
        try (S3Client s3 = src.s3()) {
            assertThatThrownBy(() -> s3.createBucket(x -> x.bucket(b).createBucketConfiguration(CreateBucketConfiguration.builder()
                    .locationConstraint(BucketLocationConstraint.AP_SOUTHEAST_1).build())))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.s3.model.S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IllegalLocationConstraintException");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("ap-southeast-1");
                    });
        }
        assertThat(cosSrc.doesBucketExist(b)).isFalse();
    }

    @Test
    void aMazSourceCannotReplicateToASingleAzBucketInItsOwnRegion_REP_V9() {
        refused(LOCAL_MAZ, E2e.REGION, LOCAL_OAZ);
    }

    @Test
    void singleAzToMazAndMazToMazAreAllowedInItsOwnRegion_REP_V9() throws Exception {
        allowed(LOCAL_OAZ, E2e.REGION, LOCAL_MAZ);
        String other = E2e.bucket("near-maz2");
        cosSrc.createMAZBucket(new CreateBucketRequest(other));
        versioning(cosSrc, other, BucketVersioningConfiguration.ENABLED);
        allowed(LOCAL_MAZ, E2e.REGION, other);
    }

    @Test
    void aMazSourceCannotReplicateToASingleAzBucketOfAPeerCosdOrOfPlainCos_REP_V9() {
        refused(LOCAL_MAZ, "ap-shanghai", REMOTE_OAZ);
        refused(LOCAL_MAZ, "ap-chengdu", REMOTE_OAZ); // cos+: no header from a COS endpoint means OAZ
    }

    @Test
    void aMazSourceMayReplicateToAMazBucketInAnotherRegion_REP_V9() {
        allowed(LOCAL_MAZ, "ap-shanghai", REMOTE_MAZ);
        allowed(LOCAL_MAZ, "ap-chengdu", REMOTE_MAZ);
        allowed(LOCAL_MAZ, "ap-beijing", REMOTE_MAZ);
    }

    @Test
    void aSingleAzSourceMayReplicateToEitherKindInAnotherRegion_REP_V9() {
        allowed(LOCAL_OAZ, "ap-shanghai", REMOTE_OAZ);
        allowed(LOCAL_OAZ, "ap-shanghai", REMOTE_MAZ);
    }

    @Test
    void anS3EndpointThatDoesNotSayMazIsAllowedForAMazSource_REP_V9() {
        // s3+: S3 has no AZ types, so a missing header means "unknown", not OAZ (docs/replication.md)
        allowed(LOCAL_MAZ, "ap-beijing", REMOTE_OAZ);
    }

    @Test
    void aRefusedMazConfigurationLeavesThePreviousOneInPlace_REP_V9() {
        String keep = E2e.bucket("near-maz3");
        cosSrc.createMAZBucket(new CreateBucketRequest(keep));
        versioning(cosSrc, keep, BucketVersioningConfiguration.ENABLED);
        replicate(LOCAL_MAZ, "ap-shanghai", REMOTE_MAZ);
        assertCode(() -> replicate(LOCAL_MAZ, "ap-shanghai", REMOTE_OAZ), 400, "MAZOperationNotSupportOnOAZBucket");
        assertThat(cosSrc.getBucketReplicationConfiguration(LOCAL_MAZ).getRules().get(0).getDestinationConfig().getBucketQCS())
                .isEqualTo("qcs::cos:ap-shanghai::" + REMOTE_MAZ);
        cosSrc.deleteBucketReplicationConfiguration(LOCAL_MAZ);
    }

    static BucketLifecycleConfiguration transitionTo(String current, String noncurrent) {
        var r = new BucketLifecycleConfiguration.Rule().withId("t").withStatus(BucketLifecycleConfiguration.ENABLED);
        r.setFilter(new LifecycleFilter(new LifecyclePrefixPredicate("")));
        r.addTransition(new BucketLifecycleConfiguration.Transition().withDays(30).withStorageClass(current));
        if (noncurrent != null) {
            r.addNoncurrentVersionTransition(new BucketLifecycleConfiguration.NoncurrentVersionTransition().withDays(30)
                    .withStorageClass(noncurrent));
        }
        return new BucketLifecycleConfiguration(List.of(r));
    }

    @Test
    void aMazBucketTransitionsOnlyToMazClasses_LC_E3() {
        String b = E2e.bucket("maz-lc");
        cosSrc.createMAZBucket(new CreateBucketRequest(b));
        // The Java SDK sends its enum spelling (Maz_Standard_IA, Standard_IA), compared case-insensitively.
        cosSrc.setBucketLifecycleConfiguration(b, transitionTo("Maz_Standard_IA", "Maz_Archive"));
        assertThat(cosSrc.getBucketLifecycleConfiguration(b).getRules().get(0).getTransitions().get(0).getStorageClass())
                .isEqualTo("Maz_Standard_IA");
        assertCode(() -> cosSrc.setBucketLifecycleConfiguration(b, transitionTo("Standard_IA", null)), 400,
                "OAZOperationNotSupportOnMAZBucket");
        assertCode(() -> cosSrc.setBucketLifecycleConfiguration(b, transitionTo("Maz_Standard_IA", "Archive")), 400,
                "OAZOperationNotSupportOnMAZBucket");
        // nothing changed by the refusals
        assertThat(cosSrc.getBucketLifecycleConfiguration(b).getRules().get(0).getNoncurrentVersionTransitions().get(0).getStorageClassAsString())
                .isEqualTo("Maz_Archive");
        cosSrc.deleteBucketLifecycleConfiguration(b);
        cosSrc.deleteBucket(b);
    }

    @Test
    void aSingleAzBucketCannotTransitionToMazClasses_LC_E3() {
        String b = E2e.bucket("oaz-lc");
        cosSrc.createBucket(b);
        assertCode(() -> cosSrc.setBucketLifecycleConfiguration(b, transitionTo("Maz_Standard_IA", null)), 400,
                "MAZOperationNotSupportOnOAZBucket");
        assertCode(() -> cosSrc.setBucketLifecycleConfiguration(b, transitionTo("Archive", "Maz_Deep_Archive")), 400,
                "MAZOperationNotSupportOnOAZBucket");
        assertThat(cosSrc.getBucketLifecycleConfiguration(b)).isNull(); // nothing stored
        cosSrc.setBucketLifecycleConfiguration(b, transitionTo("Standard_IA", "Archive"));
        cosSrc.deleteBucketLifecycleConfiguration(b);
        cosSrc.deleteBucket(b);
    }
}
