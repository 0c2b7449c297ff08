package io.cosd.api.replication;

import io.cosd.api.error.ApiException;
import io.cosd.domain.replication.ReplicationConfiguration;
import io.cosd.domain.replication.ReplicationRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ?replication documents: each rule reads back in the shape it was put in (REP-A1, docs/replication.md),
 * and every stateless check (REP-V4..V8, V10, V12) answers its exact code, as LifecycleXmlTest does for LC-V.
 */
class ReplicationXmlTest {
    static final String ROLE = "<Role>qcs::cam::uin/1:uin/1</Role>";
    static final String DEST = "<Destination><Bucket>arn:aws:s3:::dst-1250000000</Bucket></Destination>";

    static ReplicationConfiguration parse(String rules) {
        return ReplicationXml.parse(("<ReplicationConfiguration>" + ROLE + rules + "</ReplicationConfiguration>").getBytes(StandardCharsets.UTF_8), "src-1250000000");
    }

    @Test
    void aRulePutInTheS3V2ShapeReadsBackWithFilterPriorityAndDeleteMarkerReplication() {
        var c = parse("<Rule><ID>a</ID><Priority>3</Priority><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status>" + DEST
                + "<DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule>");
        assertThat(c.rules().get(0).schema()).isEqualTo(new ReplicationRule.Schema(true, true, 3));
        String echoed = ReplicationXml.encode(c);
        assertThat(echoed).contains("<Filter><Prefix>logs/</Prefix></Filter>").contains("<Priority>3</Priority>")
                .contains("<DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication>")
                .doesNotContain("<Rule><ID>a</ID><Status>Enabled</Status><Prefix>");
        assertThat(ReplicationXml.decode(echoed)).isEqualTo(c);
    }

    @Test
    void anEmptyFilterReadsBackEmpty() {
        var c = parse("<Rule><ID>a</ID><Priority>1</Priority><Filter/><Status>Enabled</Status>" + DEST
                + "<DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule>");
        assertThat(c.rules().get(0).prefix()).isEmpty();
        String echoed = ReplicationXml.encode(c);
        assertThat(echoed).contains("<Filter/>").doesNotContain("<Prefix>");
        assertThat(ReplicationXml.decode(echoed)).isEqualTo(c);
    }

    @Test
    void aRulePutInTheCosShapeReadsBackWithItsPrefixAndNoFilter() {
        var c = parse("<Rule><ID>a</ID><Status>Enabled</Status><Prefix>logs/</Prefix>" + DEST + "</Rule>");
        assertThat(c.rules().get(0).schema()).isEqualTo(ReplicationRule.Schema.V1);
        String echoed = ReplicationXml.encode(c);
        assertThat(echoed).contains("<Prefix>logs/</Prefix>").doesNotContain("<Filter").doesNotContain("<Priority>");
        assertThat(ReplicationXml.decode(echoed)).isEqualTo(c);
    }

    @Test
    void aPriorityThatIsNotANonNegativeIntegerIsMalformedAndSaysSo() {
        assertThatThrownBy(() -> parse("<Rule><ID>a</ID><Priority>x</Priority><Filter/><Status>Enabled</Status>" + DEST
                + "<DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule>"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).isEqualTo("MalformedXML");
                    assertThat(e.getMessage()).contains("Priority");
                });
    }

    static final String V2 = "<DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication>";

    /** {@code DEST} and {@code V2} in a row stand for the constants above; the role is added unless a row starts with '!'. */
    @ParameterizedTest(name = "{2}: {1}")
    @CsvSource(delimiter = '|', value = {
            // REP-V6: document shape
            "!<ReplicationConfiguration><Rule><Status>Enabled</Status>DEST</Rule></ReplicationConfiguration> | MalformedXML | REP-V6",
            "!<ReplicationConfiguration>ROLE</ReplicationConfiguration>                                      | MalformedXML | REP-V6",
            "!<ReplicationConfiguration>ROLE<Rule>                                                           | MalformedXML | REP-V6",
            "<Rule><ID>a</ID>DEST</Rule>                                                                     | MalformedXML | REP-V6",
            "<Rule><ID>a</ID><Status>enabled</Status>DEST</Rule>                                             | MalformedXML | REP-V6",
            "<Rule><ID>a</ID><Status>Enabled</Status></Rule>                                                 | MalformedXML | REP-V6",
            "<Rule><ID>a</ID><Status>Enabled</Status><Destination><StorageClass>STANDARD</StorageClass></Destination></Rule> | MalformedXML | REP-V6",
            "<Rule><ID>a</ID><Status>Enabled</Status>DEST</Rule><Rule><ID>a</ID><Status>Enabled</Status><Prefix>b/</Prefix>DEST</Rule> | InvalidArgument | REP-V6",
            "<Rule><ID>a</ID><Priority>-1</Priority><Filter/><Status>Enabled</Status>DEST V2</Rule>          | MalformedXML | REP-V6",
            "<Rule><ID>a</ID><Priority>1</Priority><Filter/><Status>Enabled</Status>DEST<DeleteMarkerReplication><Status>on</Status></DeleteMarkerReplication></Rule> | MalformedXML | REP-V6",
            // REP-V4: one destination bucket
            "<Rule><ID>a</ID><Status>Enabled</Status><Prefix>a/</Prefix>DEST</Rule><Rule><ID>b</ID><Status>Enabled</Status><Prefix>b/</Prefix><Destination><Bucket>arn:aws:s3:::other-1250000000</Bucket></Destination></Rule> | MultiBucketNotSupport | REP-V4",
            // REP-V5: no overlapping prefixes
            "<Rule><ID>a</ID><Status>Enabled</Status><Prefix>logs/</Prefix>DEST</Rule><Rule><ID>b</ID><Status>Enabled</Status><Prefix>logs/2024/</Prefix>DEST</Rule> | InvalidArgument | REP-V5",
            "<Rule><ID>a</ID><Status>Enabled</Status>DEST</Rule><Rule><ID>b</ID><Status>Enabled</Status><Prefix>logs/</Prefix>DEST</Rule> | InvalidArgument | REP-V5",
            // REP-V7: the destination's form
            "<Rule><ID>a</ID><Status>Enabled</Status><Destination><Bucket>dst-1250000000</Bucket></Destination></Rule> | InvalidArgument | REP-V7",
            "<Rule><ID>a</ID><Status>Enabled</Status><Destination><Bucket>qcs::cos:ap-guangzhou:dst-1250000000</Bucket></Destination></Rule> | InvalidArgument | REP-V7",
            // REP-V8: not the source bucket
            "<Rule><ID>a</ID><Status>Enabled</Status><Destination><Bucket>arn:aws:s3:::src-1250000000</Bucket></Destination></Rule> | InvalidRequest | REP-V8",
            "<Rule><ID>a</ID><Status>Enabled</Status><Destination><Bucket>qcs::cos:ap-guangzhou::src-1250000000</Bucket></Destination></Rule> | InvalidRequest | REP-V8",
            // REP-V10: destination storage class
            "<Rule><ID>a</ID><Status>Enabled</Status><Destination><Bucket>arn:aws:s3:::dst-1250000000</Bucket><StorageClass>GLACIER</StorageClass></Destination></Rule> | NotSupportedStorageClass | REP-V10",
            // REP-V12: the S3 V2 schema
            "<Rule><ID>a</ID><Filter><Prefix>a/</Prefix></Filter><Status>Enabled</Status>DEST</Rule>          | InvalidRequest | REP-V12",
            "<Rule><ID>a</ID><Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Enabled</Status>DEST V2</Rule> | InvalidRequest | REP-V12",
            "<Rule><ID>a</ID><Filter><And><Prefix>a/</Prefix></And></Filter><Status>Enabled</Status>DEST V2</Rule> | InvalidRequest | REP-V12",
    })
    void badDocumentsGetTheirExactCode(String doc, String code, String ruleId) {
        String body = doc.replace("DEST", DEST).replace(" V2", V2).replace("ROLE", ROLE);
        String whole = body.startsWith("!") ? body.substring(1) : "<ReplicationConfiguration>" + ROLE + body + "</ReplicationConfiguration>";
        assertThatThrownBy(() -> ReplicationXml.parse(whole.getBytes(StandardCharsets.UTF_8), "src-1250000000"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo(code));
    }

    @Test
    void anIdLongerThan255IsMalformedAndMoreThan1000RulesAreMalformed_REP_V6() {
        assertThatThrownBy(() -> parse("<Rule><ID>" + "x".repeat(256) + "</ID><Status>Enabled</Status>" + DEST + "</Rule>"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo("Rule/ID: at most 255 characters."));
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 1001; i++) rules.append("<Rule><ID>r").append(i).append("</ID><Status>Enabled</Status><Prefix>p").append(i).append("/</Prefix>").append(DEST).append("</Rule>");
        assertThatThrownBy(() -> parse(rules.toString()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("MalformedXML"));
    }

    @Test
    void rulesSplitByTheRoleAreAllKeptInDocumentOrder() {
        String body = "<ReplicationConfiguration><Rule><ID>a</ID><Status>Enabled</Status><Prefix>a/</Prefix>" + DEST + "</Rule>" + ROLE
                + "<Rule><ID>b</ID><Status>Enabled</Status><Prefix>b/</Prefix>" + DEST + "</Rule><Unknown/>"
                + "<Rule><ID>c</ID><Status>Enabled</Status><Prefix>c/</Prefix>" + DEST + "</Rule></ReplicationConfiguration>";
        var c = ReplicationXml.parse(body.getBytes(StandardCharsets.UTF_8), "src-1250000000");
        assertThat(c.rules()).extracting(ReplicationRule::id).containsExactly("a", "b", "c");
    }

    @Test
    void aBodyWhoseRootIsNotReplicationConfigurationIsMalformedXmlNamingIt() {
        String body = "<LifecycleConfiguration>" + ROLE + "<Rule><ID>a</ID><Status>Enabled</Status>" + DEST + "</Rule></LifecycleConfiguration>";
        assertThatThrownBy(() -> ReplicationXml.parse(body.getBytes(StandardCharsets.UTF_8), "src-1250000000"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).isEqualTo("MalformedXML");
                    assertThat(e.getMessage()).contains("LifecycleConfiguration").contains("ReplicationConfiguration");
                });
    }
}
