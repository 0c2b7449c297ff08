package io.cosd.api.replication;

import io.cosd.api.error.ApiException;
import io.cosd.domain.replication.ReplicationConfiguration;
import io.cosd.domain.replication.ReplicationRule;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ?replication documents: each rule reads back in the shape it was put in (REP-A1, docs/replication.md). */
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
}
