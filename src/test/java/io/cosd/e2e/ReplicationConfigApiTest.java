package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketReplicationConfiguration;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.ReplicationDestinationConfig;
import com.qcloud.cos.model.ReplicationRule;
import com.qcloud.cos.model.ReplicationRuleStatus;
import com.qcloud.cos.model.SetBucketReplicationConfigurationRequest;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import io.cosd.domain.signing.OutboundSigner;
import io.cosd.api.route.Operation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.cosd.e2e.CosSdkBucketsAndErrorsTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PUT/GET/DELETE ?replication through the COS Java SDK and signed raw requests (docs/spec/semantics.md §4.1,
 * §4.2: REP-A*, REP-V*). The server is region ap-guangzhou and knows ap-shanghai (never contacted
 * here except where a test says so; an unreachable region refuses the configuration).
 */
@CosdServer(factory = "server")
class ReplicationConfigApiTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String SRC = E2e.bucket("repl-src"), DST = E2e.bucket("repl-dst"), PLAIN = E2e.bucket("repl-plain");
    static final String DEST_QCS = "qcs::cos:ap-guangzhou::" + DST;
    static final String ROLE = "qcs::cam::uin/100000000001:uin/100000000001";

    @BeforeAll
    static void fixtures() throws Exception {
        for (String b : new String[] {SRC, DST, PLAIN}) cos.createBucket(b);
        enable(SRC);
        enable(DST);
    }

    /** This class's server ({@link CosdServer#factory}): knows region ap-shanghai at an address nothing listens on. */
    static E2e server() throws Exception {
        return new E2e(Files.createTempDirectory("cosd-repl-api"), E2e.REGION, "ap-shanghai=http://127.0.0.1:1", 0);
    }

    static void enable(String b) {
        cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(b,
                new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED)));
    }

    static BucketReplicationConfiguration config(String id, String prefix, String dest, String storageClass) {
        ReplicationDestinationConfig d = new ReplicationDestinationConfig();
        d.setBucketQCS(dest);
        if (storageClass != null) d.setStorageClass(storageClass);
        ReplicationRule r = new ReplicationRule();
        r.setID(id);
        r.setPrefix(prefix);
        r.setStatus(ReplicationRuleStatus.Enabled);
        r.setDestinationConfig(d);
        BucketReplicationConfiguration c = new BucketReplicationConfiguration();
        c.setRoleName(ROLE);
        c.addRule(r);
        return c;
    }

    /** A q-signed raw request, path style, so tests can send documents no SDK would build. */
    static RawHttp.Reply raw(String method, String bucket, String subresource, String body) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + env.port());
        String auth = OutboundSigner.cos(method, "/" + bucket + "/", Map.of(subresource, ""), h, E2e.SECRET_ID, E2e.SECRET_KEY,
                Instant.now(), 600);
        Map<String, String> headers = new LinkedHashMap<>(h);
        headers.put("Authorization", auth);
        byte[] b = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return RawHttp.send(env.port(), method, "/" + bucket + "/?" + subresource, headers, b);
    }

    static String doc(String rules) {
        return "<ReplicationConfiguration><Role>" + ROLE + "</Role>" + rules + "</ReplicationConfiguration>";
    }

    static String rule(String id, String prefix, String dest) {
        return "<Rule><ID>" + id + "</ID><Status>Enabled</Status><Prefix>" + prefix + "</Prefix><Destination><Bucket>" + dest
                + "</Bucket></Destination></Rule>";
    }

    static String code(RawHttp.Reply r) {
        String s = new String(r.body(), StandardCharsets.UTF_8);
        int a = s.indexOf("<Code>"), b = s.indexOf("</Code>");
        return a < 0 ? "" : s.substring(a + 6, b);
    }

    @Test
    void theSdkSetsGetsAndDeletesTheSeedSample_REP_A1_A3() {
        cos.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(SRC, config("string", "", DEST_QCS, "Standard")));
        BucketReplicationConfiguration got = cos.getBucketReplicationConfiguration(SRC);
        assertThat(got.getRoleName()).isEqualTo(ROLE);
        assertThat(got.getRules()).hasSize(1);
        ReplicationRule r = got.getRules().get(0);
        assertThat(r.getID()).isEqualTo("string");
        assertThat(r.getStatus()).isEqualTo("Enabled");
        assertThat(r.getDestinationConfig().getBucketQCS()).isEqualTo(DEST_QCS);
        assertThat(r.getDestinationConfig().getStorageClass()).isEqualTo("Standard"); // REP-A3: verbatim
        cos.deleteBucketReplicationConfiguration(SRC);
        assertCode(() -> cos.getBucketReplicationConfiguration(SRC), 404, "ReplicationConfigurationnotFoundError");
        cos.deleteBucketReplicationConfiguration(SRC); // REP-A1: idempotent 204
    }

    /** REP-A1: what Terraform's AWS provider sends (S3 V2 shape) reads back equal, so a plan shows no drift. */
    @Test
    void anS3V2RuleWithFilterPriorityAndDeleteMarkerReplicationReadsBackEqual_REP_A1() {
        try (var s3 = env.s3()) {
            var rule = software.amazon.awssdk.services.s3.model.ReplicationRule.builder().id("tf").priority(1)
                    .filter(f -> f.prefix("logs/")).status("Enabled")
                    .deleteMarkerReplication(d -> d.status("Disabled"))
                    .destination(d -> d.bucket("arn:aws:s3:::" + DST)).build();
            var empty = rule.toBuilder().id("all").priority(2).filter(f -> f.prefix("")).build();
            s3.putBucketReplication(x -> x.bucket(SRC).replicationConfiguration(c -> c.role(ROLE).rules(rule)));
            var got = s3.getBucketReplication(x -> x.bucket(SRC)).replicationConfiguration();
            assertThat(got.role()).isEqualTo(ROLE);
            assertThat(got.rules()).containsExactly(rule);
            s3.putBucketReplication(x -> x.bucket(SRC).replicationConfiguration(c -> c.role(ROLE).rules(empty)));
            assertThat(s3.getBucketReplication(x -> x.bucket(SRC)).replicationConfiguration().rules()).containsExactly(empty);
        } finally {
            cos.deleteBucketReplicationConfiguration(SRC);
        }
    }

    /** REP-A1: the COS shape (Rule/Prefix) still reads back unchanged, with no Filter or Priority added. */
    @Test
    void aCosRuleReadsBackInTheCosShapeUnchanged_REP_A1() throws Exception {
        var put = config("cos", "docs/", DEST_QCS, "Standard_IA");
        cos.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(SRC, put));
        ReplicationRule r = cos.getBucketReplicationConfiguration(SRC).getRules().get(0);
        assertThat(r.getID()).isEqualTo("cos");
        assertThat(r.getPrefix()).isEqualTo("docs/");
        assertThat(r.getDestinationConfig().getStorageClass()).isEqualTo("Standard_IA");
        String body = new String(raw("GET", SRC, "replication", null).body(), StandardCharsets.UTF_8);
        assertThat(body).contains("<Prefix>docs/</Prefix>").doesNotContain("<Filter").doesNotContain("<Priority>");
        cos.deleteBucketReplicationConfiguration(SRC);
    }

    @Test
    void noConfigurationIs404WithTheCosSpelling_REP_A1() throws Exception {
        assertCode(() -> cos.getBucketReplicationConfiguration(DST), 404, "ReplicationConfigurationnotFoundError");
        var r = raw("DELETE", DST, "replication", null);
        assertThat(r.status()).isEqualTo(204);
    }

    @Test
    void getReturnsDeleteMarkerReplicationWithTheCosDefaultEnabled_REP_A1_REP_V12() throws Exception {
        assertThat(raw("PUT", SRC, "replication", doc(rule("a", "logs/", DEST_QCS))).status()).isEqualTo(200);
        String body = new String(raw("GET", SRC, "replication", null).body(), StandardCharsets.UTF_8);
        assertThat(body).contains("<Prefix>logs/</Prefix>").contains("<DeleteMarkerReplication><Status>Enabled</Status></DeleteMarkerReplication>");
        String disabled = "<Rule><ID>b</ID><Status>Enabled</Status><Prefix>x/</Prefix><Destination><Bucket>" + DEST_QCS
                + "</Bucket></Destination><DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule>";
        assertThat(raw("PUT", SRC, "replication", doc(disabled)).status()).isEqualTo(200);
        assertThat(new String(raw("GET", SRC, "replication", null).body(), StandardCharsets.UTF_8))
                .contains("<DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication>");
        cos.deleteBucketReplicationConfiguration(SRC);
    }

    @Test
    void camActionsAreNamedAsCosDocumentsThem_REP_A2() {
        assertThat(Operation.PUT_BUCKET_REPLICATION.cosAction()).isEqualTo("name/cos:PutBucketReplication");
        assertThat(Operation.GET_BUCKET_REPLICATION.cosAction()).isEqualTo("name/cos:GetBucketReplication");
        assertThat(Operation.DELETE_BUCKET_REPLICATION.cosAction()).isEqualTo("name/cos:DeleteBucketReplication");
    }

    /** Every refusal leaves the previous configuration in place ("validation changes nothing"). */
    private void refused(String document, int status, String code) throws Exception {
        cos.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(SRC, config("keep", "keep/", DEST_QCS, null)));
        var r = raw("PUT", SRC, "replication", document);
        assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(code(r)).isEqualTo(code);
        assertThat(cos.getBucketReplicationConfiguration(SRC).getRules().get(0).getID()).isEqualTo("keep");
        cos.deleteBucketReplicationConfiguration(SRC);
    }

    @Test
    void sourceVersioningMustBeEnabled_REP_V1() {
        assertCode(() -> cos.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(PLAIN,
                config("r", "", DEST_QCS, null))), 400, "InvalidRequest");
        assertCode(() -> cos.getBucketReplicationConfiguration(PLAIN), 404, "ReplicationConfigurationnotFoundError");
    }

    @Test
    void destinationVersioningMustBeEnabled_REP_V2() throws Exception {
        refused(doc(rule("r", "", "qcs::cos:ap-guangzhou::" + PLAIN)), 400, "InvalidRequest");
    }

    @Test
    void destinationMustExist_REP_V3() throws Exception {
        refused(doc(rule("r", "", "qcs::cos:ap-guangzhou::" + E2e.bucket("nope"))), 404, "NoSuchBucket");
    }

    @Test
    void oneDestinationBucketOnly_REP_V4_REP_S2() throws Exception {
        refused(doc(rule("a", "a/", DEST_QCS) + rule("b", "b/", "qcs::cos:ap-guangzhou::" + PLAIN)), 400, "MultiBucketNotSupport");
    }

    @Test
    void overlappingPrefixesAreRefused_REP_V5() throws Exception {
        refused(doc(rule("a", "logs/", DEST_QCS) + rule("b", "logs/2024/", DEST_QCS)), 400, "InvalidArgument");
        refused(doc(rule("a", "", DEST_QCS) + rule("b", "x/", DEST_QCS)), 400, "InvalidArgument"); // empty = whole bucket
    }

    @Test
    void malformedDocumentsAreMalformedXml_REP_V6() throws Exception {
        refused("<ReplicationConfiguration>" + rule("a", "", DEST_QCS) + "</ReplicationConfiguration>", 400, "MalformedXML"); // no Role
        refused(doc(""), 400, "MalformedXML"); // no Rule
        refused(doc("<Rule><ID>a</ID><Status>On</Status><Destination><Bucket>" + DEST_QCS + "</Bucket></Destination></Rule>"),
                400, "MalformedXML");
        refused(doc("<Rule><ID>a</ID><Status>Enabled</Status></Rule>"), 400, "MalformedXML"); // no Destination
        refused(doc(rule("x".repeat(256), "", DEST_QCS)), 400, "MalformedXML");
        refused("<ReplicationConfiguration", 400, "MalformedXML");
        refused(doc(rule("same", "a/", DEST_QCS) + rule("same", "b/", DEST_QCS)), 400, "InvalidArgument"); // duplicate ID
    }

    @Test
    void destinationMustBeAQcsNameInAKnownRegion_REP_V7() throws Exception {
        refused(doc(rule("a", "", "qcs:cos:ap-guangzhou:" + DST)), 400, "InvalidArgument");
        refused(doc(rule("a", "", DST)), 400, "InvalidArgument");
        refused(doc(rule("a", "", "qcs::cos:eu-nowhere::" + DST)), 400, "InvalidArgument");
    }

    @Test
    void theSourceCannotBeItsOwnDestination_REP_V8() throws Exception {
        refused(doc(rule("a", "", "qcs::cos:ap-guangzhou::" + SRC)), 400, "InvalidRequest");
    }

    @Test
    void unknownDestinationStorageClassIsRefused_REP_V10() throws Exception {
        refused(doc("<Rule><ID>a</ID><Status>Enabled</Status><Destination><Bucket>" + DEST_QCS
                + "</Bucket><StorageClass>GLACIER_X</StorageClass></Destination></Rule>"), 400, "NotSupportedStorageClass");
    }

    /**
     * REP-V11: COS answers 409 BucketLocked for replication of a bucket with object lock; cosd follows S3,
     * where a lock bucket replicates (docs/object-lock.md "Replication"): the source's versions stay locked
     * and replicas take the destination's own default retention. The test pins that decision down.
     */
    @Test
    void aBucketWithObjectLockMayReplicateAsOnS3_REP_V11() throws Exception {
        String locked = E2e.bucket("repl-locked");
        cos.createBucket(locked);
        enable(locked);
        RawHttp.Reply lock = raw("PUT", locked, "object-lock",
                "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>");
        assertThat(lock.status()).as(lock.text()).isEqualTo(200);
        RawHttp.Reply put = raw("PUT", locked, "replication", doc(rule("a", "", DEST_QCS)));
        assertThat(put.status()).as(put.text()).isEqualTo(200);
    }

    @Test
    void s3FilterNeedsDeleteMarkerReplicationAndNoTags_REP_V12() throws Exception {
        String filter = "<Rule><ID>a</ID><Status>Enabled</Status><Filter><Prefix>p/</Prefix></Filter><Destination><Bucket>"
                + DEST_QCS + "</Bucket></Destination></Rule>";
        refused(doc(filter), 400, "InvalidRequest");
        String tagged = "<Rule><ID>a</ID><Status>Enabled</Status><Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter>"
                + "<Destination><Bucket>" + DEST_QCS + "</Bucket></Destination><DeleteMarkerReplication><Status>Enabled</Status>"
                + "</DeleteMarkerReplication></Rule>";
        refused(doc(tagged), 400, "InvalidRequest");
        String ok = "<Rule><ID>a</ID><Status>Enabled</Status><Filter><Prefix>p/</Prefix></Filter><Destination><Bucket>arn:aws:s3:::"
                + DST + "</Bucket></Destination><DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule>";
        assertThat(raw("PUT", SRC, "replication", doc(ok)).status()).isEqualTo(200);
        assertThat(new String(raw("GET", SRC, "replication", null).body(), StandardCharsets.UTF_8)).contains("<Prefix>p/</Prefix>");
        cos.deleteBucketReplicationConfiguration(SRC);
    }

    @Test
    void anUnreachableDestinationRegionRefusesTheConfiguration_REP_V2_V3() throws Exception {
        refused(doc(rule("a", "", "qcs::cos:ap-shanghai::" + DST)), 503, "ServiceUnavailable");
    }

    @Test
    void versioningCannotBeSuspendedWhileReplicationExists_VER_S5_REP_S5() {
        cos.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(SRC, config("r", "", DEST_QCS, null)));
        assertCode(() -> cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(SRC,
                new BucketVersioningConfiguration(BucketVersioningConfiguration.SUSPENDED))), 409, "InvalidBucketState");
        cos.deleteBucketReplicationConfiguration(SRC);
    }
}
