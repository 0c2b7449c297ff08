package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketLifecycleConfiguration;
import com.qcloud.cos.model.lifecycle.LifecycleFilter;
import com.qcloud.cos.model.lifecycle.LifecyclePrefixPredicate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lifecycle {@code Date} reads back as the day that was put (docs/lifecycle.md "Dates on the
 * wire"): COS dialect in Beijing time with millis, S3 dialect in UTC as AWS echoes it.
 */
@CosdServer
class LifecycleDateWireTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;

    /** The Python SDK's body for a rule whose Expiration Date is {@code get_date(2031, 4, 20)} (docs/spec/protocol.md §5.4, §6.1). */
    static final String PYTHON_DATE_RULE = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<LifecycleConfiguration><Rule>"
            + "<Expiration><Date>2031-04-20T00:00:00+08:00</Date></Expiration><ID>date</ID><Filter><Prefix></Prefix></Filter>"
            + "<Status>Enabled</Status></Rule></LifecycleConfiguration>";

    @Test
    void thePythonSdksBeijingMidnightDateReadsBackAsTheSameDayInBeijingTime() throws Exception {
        String b = E2e.bucket("lc-date-py");
        cos.createBucket(b);
        var put = LifecycleConfigApiTest.putRaw(env.port(), cos, b, PYTHON_DATE_RULE);
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        var get = RawHttp.send(env.port(), "GET", getTarget(b), Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com"), null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.text()).contains("<Expiration><Date>2031-04-20T00:00:00.000+08:00</Date></Expiration>")
                .doesNotContain("2031-04-19");
        // The Java SDK parses the echoed form to the instant the Python SDK meant.
        var rules = cos.getBucketLifecycleConfiguration(b).getRules();
        assertThat(rules.get(0).getExpirationDate()).isEqualTo(Date.from(Instant.parse("2031-04-19T16:00:00Z")));
    }

    @Test
    void theCosJavaSdkRoundTripsABeijingMidnightDate() {
        String b = E2e.bucket("lc-date-java");
        cos.createBucket(b);
        Date date = Date.from(Instant.parse("2031-04-19T16:00:00Z")); // 2031-04-20 00:00 Beijing
        var rule = new BucketLifecycleConfiguration.Rule().withId("date").withStatus(BucketLifecycleConfiguration.ENABLED);
        rule.setFilter(new LifecycleFilter(new LifecyclePrefixPredicate("")));
        rule.setExpirationDate(date);
        var t = new BucketLifecycleConfiguration.Transition().withDate(date).withStorageClass("Archive");
        var rule2 = new BucketLifecycleConfiguration.Rule().withId("move").withStatus(BucketLifecycleConfiguration.ENABLED);
        rule2.setFilter(new LifecycleFilter(new LifecyclePrefixPredicate("cold/")));
        rule2.addTransition(t);
        cos.setBucketLifecycleConfiguration(b, new BucketLifecycleConfiguration(List.of(rule, rule2)));

        var got = cos.getBucketLifecycleConfiguration(b).getRules();
        assertThat(got.get(0).getExpirationDate()).isEqualTo(date);
        assertThat(got.get(1).getTransitions().get(0).getDate()).isEqualTo(date);
        assertThat(got.get(1).getTransitions().get(0).getStorageClass()).isEqualTo("Archive");
    }

    @Test
    void theS3DialectEchoesAMidnightUtcDateInUtcAsAwsDoes() throws Exception {
        String b = E2e.bucket("lc-date-s3");
        s3.createBucket(x -> x.bucket(b));
        Instant date = Instant.parse("2031-04-20T00:00:00Z");
        LifecycleRule rule = LifecycleRule.builder().id("date").status("Enabled").filter(f -> f.prefix("tmp/"))
                .expiration(e -> e.date(date)).build();
        s3.putBucketLifecycleConfiguration(x -> x.bucket(b).lifecycleConfiguration(c -> c.rules(rule)));
        var got = s3.getBucketLifecycleConfiguration(x -> x.bucket(b)).rules();
        assertThat(got).containsExactly(rule);
        assertThat(got.get(0).expiration().date()).isEqualTo(date);
    }

    static String getTarget(String b) {
        var url = cos.generatePresignedUrl(b, "/", new Date(System.currentTimeMillis() + 600_000),
                com.qcloud.cos.http.HttpMethodName.GET, Map.of(), Map.of("lifecycle", ""));
        return url.getFile().replaceFirst("\\?lifecycle(&|$)", "?lifecycle=$1");
    }
}
