package io.cosd.domain.replication;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** COSD_REGIONS and the regions file (docs/replication.md#regions), and the destination names they resolve (REP-V7). */
class RegionMapTest {
    @Test
    void inlineEntriesNameAPeerCosdAPlainCosAndAnS3EndpointWithCredentials() {
        RegionMap m = RegionMap.parse("ap-guangzhou",
                "ap-shanghai=http://127.0.0.1:9001, ap-beijing=cos+https://AKIDx:sekret@cos.ap-beijing.myqcloud.com,us-east-1=s3+https://id:key@s3.example:8443", null);
        Region sh = m.find("ap-shanghai").orElseThrow();
        assertThat(sh.endpoint()).hasToString("http://127.0.0.1:9001");
        assertThat(sh.cosd()).isTrue();
        assertThat(sh.signer()).isEqualTo(Region.Signer.COS);
        assertThat(sh.hasCredentials()).isFalse(); // same account: the bucket owner's root key
        Region bj = m.find("ap-beijing").orElseThrow();
        assertThat(bj.cosd()).isFalse();
        assertThat(bj.secretId()).isEqualTo("AKIDx");
        assertThat(bj.secretKey()).isEqualTo("sekret");
        assertThat(bj.endpoint()).hasToString("https://cos.ap-beijing.myqcloud.com"); // no credentials left in the URL
        Region us = m.find("us-east-1").orElseThrow();
        assertThat(us.signer()).isEqualTo(Region.Signer.S3);
        assertThat(us.endpoint()).hasToString("https://s3.example:8443");
        assertThat(m.knows("ap-guangzhou")).isTrue();
        assertThat(m.knows("eu-frankfurt")).isFalse();
    }

    @Test
    void theFileCarriesCredentialsAndInlineEntriesWin() {
        Properties p = new Properties();
        p.setProperty("ap-beijing.endpoint", "https://cos.ap-beijing.myqcloud.com");
        p.setProperty("ap-beijing.secret-id", "AKIDfile");
        p.setProperty("ap-beijing.secret-key", "filekey");
        p.setProperty("ap-beijing.cosd", "false");
        p.setProperty("eu-west-1.endpoint", "https://s3.eu-west-1.amazonaws.com");
        p.setProperty("eu-west-1.signer", "s3");
        RegionMap m = RegionMap.parse("ap-guangzhou", "eu-west-1=s3+http://127.0.0.1:9", p);
        assertThat(m.find("ap-beijing").orElseThrow().secretId()).isEqualTo("AKIDfile");
        assertThat(m.find("ap-beijing").orElseThrow().cosd()).isFalse();
        assertThat(m.find("eu-west-1").orElseThrow().endpoint()).hasToString("http://127.0.0.1:9");
    }

    @Test
    void theLocalRegionIsNeverARemoteOneAndBadEntriesAreRefused() {
        assertThat(RegionMap.parse("ap-guangzhou", "ap-guangzhou=http://x:1", null).others()).isEmpty();
        assertThatThrownBy(() -> RegionMap.parse("a", "nonsense", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegionMap.parse("a", "b=notaurl", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void destinationsAreQcsNamesWithAnEmptyFifthSegmentOrS3Arns_REP_V7() {
        Destination d = Destination.parse("qcs::cos:ap-shanghai::dst-1250000000").orElseThrow();
        assertThat(d.region()).isEqualTo("ap-shanghai");
        assertThat(d.bucket()).isEqualTo("dst-1250000000");
        assertThat(d.key("ap-guangzhou")).isEqualTo("ap-shanghai/dst-1250000000");
        assertThat(Destination.parse("arn:aws:s3:::dst-1250000000").orElseThrow().regionOr("ap-guangzhou")).isEqualTo("ap-guangzhou");
        for (String bad : new String[] {"qcs::cos:ap-shanghai:dst-1250000000", "qcs::cos:ap-shanghai:uid/1:dst-1250000000",
                "qcs::cos:ap-shanghai::ds", "qcs::cos:ap-shanghai::Dst-1250000000", "dst-1250000000", "", "arn:aws:s3:::"}) {
            assertThat(Destination.parse(bad)).as(bad).isEmpty();
        }
        // The bucket part follows BucketNames: a plain S3 name is a bucket a peer in S3 naming mode can hold.
        assertThat(Destination.parse("qcs::cos:ap-shanghai::dst").orElseThrow().bucket()).isEqualTo("dst");
    }

    @Test
    void theFirstEnabledRuleWhosePrefixMatchesDecides_REP_R1() {
        Destination d = Destination.parse("qcs::cos:ap-shanghai::dst-1250000000").orElseThrow();
        var c = new ReplicationConfiguration("role", List.of(
                new ReplicationRule("a", true, "logs/", d, null, true),
                new ReplicationRule("b", false, "tmp/", d, null, true)));
        assertThat(c.ruleFor("logs/x")).map(ReplicationRule::id).contains("a");
        assertThat(c.ruleFor("tmp/x")).isEmpty();
        assertThat(c.ruleFor("other")).isEmpty();
    }
}
