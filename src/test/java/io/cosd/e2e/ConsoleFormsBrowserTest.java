package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import com.qcloud.cos.model.lifecycle.LifecycleAndOperator;
import com.qcloud.cos.model.lifecycle.LifecyclePrefixPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.Tag;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle and replication forms for the shapes beyond a prefix (docs/console.md "Editors"): a
 * lifecycle rule with prefix, tags and size bounds saved as {@code <Filter><And>} (LC-V15), and a
 * replication rule in the S3 V2 shape (Filter, Priority, DeleteMarkerReplication, REP-V12), each typed
 * into the form in headless Chromium, read back through the COS Java SDK for what its model holds and
 * the AWS SDK v2 for the rest (the COS SDK models neither lifecycle tags and sizes nor a replication
 * Filter or Priority), and opened again in the form rather than as raw XML.
 */
@CosdServer
class ConsoleFormsBrowserTest {
    static final Path SHOTS = ConsoleBrowserTest.SHOTS;
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;
    static Chromium chromium;

    @BeforeAll
    static void browser() throws Exception {
        chromium = new Chromium(Files.createTempDirectory("cosd-console-forms"));
        chromium.windowSize(1200, 800);
        chromium.open(console("#/"));
        chromium.type("#secret-id", E2e.SECRET_ID);
        chromium.type("#secret-key", E2e.SECRET_KEY);
        chromium.click("#sign-in");
        chromium.find("#buckets table, #buckets .empty");
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
    }

    static String console(String fragment) {
        return "http://127.0.0.1:" + env.port() + "/-/console/" + fragment;
    }

    static String value(String css) throws Exception {
        return chromium.execute("return document.querySelector(arguments[0]).value;", css).asText();
    }

    /** Chooses an option as a user does, with the change event the page listens to. */
    static void choose(String css, String value) throws Exception {
        chromium.execute("const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change'));", css, value);
    }

    static void save(String tab) throws Exception {
        chromium.click("#" + tab + "-save");
        chromium.waitFor("document.getElementById('" + tab + "-state')?.textContent === 'Saved.'");
    }

    static void putTagged(String bucket, String key, int size, String tagging) {
        ObjectMetadata m = new ObjectMetadata();
        m.setContentLength(size);
        if (tagging != null) m.setHeader("x-cos-tagging", tagging);
        cos.putObject(new PutObjectRequest(bucket, key, new ByteArrayInputStream(new byte[size]), m));
    }

    @Test
    void aLifecycleRuleWithPrefixTagsAndSizeBoundsIsSavedFromTheFormAsAndReadBackAndPreviewedOnlyForWhatMatchesAll_LC_V15() throws Exception {
        String b = E2e.bucket("console-lc-and");
        cos.createBucket(b);
        putTagged(b, "logs/big.log", 100, "team=blue&keep=no");
        putTagged(b, "logs/small.log", 5, "team=blue&keep=no");
        putTagged(b, "logs/untagged.log", 100, null);
        putTagged(b, "other/big.log", 100, "team=blue&keep=no");
        chromium.open(console("#/b/" + b + "/lifecycle"));
        chromium.waitFor("document.getElementById('lifecycle-state')?.textContent === 'No Lifecycle configuration yet.'");
        chromium.click("#lifecycle-add-rule");
        chromium.type(".rule [name=id]", "blue-logs");
        chromium.type(".rule [name=prefix]", "logs/");
        chromium.type(".rule [name=tags]", "team=blue\nkeep=no");
        chromium.type(".rule [name=gt]", "10");
        chromium.type(".rule [name=lt]", "1000");
        chromium.type(".rule [name=expirationDays]", "30");
        save("lifecycle");

        // the COS SDK: the rule, its expiration and the And's prefix (it has no model for tags or sizes)
        var rules = cos.getBucketLifecycleConfiguration(b).getRules();
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).getId()).isEqualTo("blue-logs");
        assertThat(rules.get(0).getExpirationInDays()).isEqualTo(30);
        assertThat(rules.get(0).getFilter().getPredicate()).isInstanceOf(LifecycleAndOperator.class);
        assertThat(((LifecycleAndOperator) rules.get(0).getFilter().getPredicate()).getOperands())
                .anySatisfy(p -> assertThat(((LifecyclePrefixPredicate) p).getPrefix()).isEqualTo("logs/"));
        // the AWS SDK v2: every condition of the And
        var and = s3.getBucketLifecycleConfiguration(r -> r.bucket(b)).rules().getFirst().filter().and();
        assertThat(and.prefix()).isEqualTo("logs/");
        assertThat(and.tags()).containsExactlyInAnyOrder(Tag.builder().key("team").value("blue").build(), Tag.builder().key("keep").value("no").build());
        assertThat(and.objectSizeGreaterThan()).isEqualTo(10L);
        assertThat(and.objectSizeLessThan()).isEqualTo(1000L);

        // opened again: the form shows the rule whole, and a save without a change keeps it equal
        var before = s3.getBucketLifecycleConfiguration(r -> r.bucket(b)).rules();
        chromium.open(console("#/"));
        chromium.open(console("#/b/" + b + "/lifecycle"));
        chromium.waitFor("document.getElementById('lifecycle-state')?.textContent === 'Saved configuration loaded.'");
        assertThat(chromium.execute("return document.getElementById('lifecycle-mode-form').getAttribute('aria-selected');").asText()).isEqualTo("true");
        assertThat(value(".rule [name=tags]")).isEqualTo("team=blue\nkeep=no");
        assertThat(value(".rule [name=gt]")).isEqualTo("10");
        save("lifecycle");
        assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket(b)).rules()).isEqualTo(before);

        // the dry run expires only the object that matches prefix, both tags and both bounds
        chromium.execute("document.getElementById('preview-at').value = '+31d';");
        chromium.click("#preview-run");
        chromium.waitFor("document.querySelector('#preview-result ul')");
        assertThat(chromium.execute("return document.querySelector('#preview-result ul').textContent;").asText()).isEqualTo("expire: logs/big.log");
        chromium.screenshot(SHOTS.resolve("lifecycle-and.png"));
    }

    @Test
    void anS3V2ReplicationRuleWithFilterPriorityAndDeleteMarkerReplicationIsSavedFromTheFormAndReadBack_REP_V12() throws Exception {
        String src = E2e.bucket("console-v2-src"), dst = E2e.bucket("console-v2-dst");
        for (String b : new String[] {src, dst}) {
            cos.createBucket(b);
            cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(b,
                    new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED)));
        }
        chromium.open(console("#/b/" + src + "/replication"));
        chromium.waitFor("document.getElementById('replication-state')?.textContent === 'No Replication configuration yet.'");
        chromium.waitFor("document.getElementById('replication-role')?.value");
        chromium.click("#replication-add-rule");
        chromium.type(".rule [name=id]", "v2-docs");
        choose(".rule [name=shape]", "s3v2");
        chromium.type(".rule [name=prefix]", "docs/");
        chromium.type(".rule [name=priority]", "3");
        chromium.type(".rule [name=bucket]", "qcs::cos:" + E2e.REGION + "::" + dst);
        // a Filter without DeleteMarkerReplication: the server's REP-V12 refusal, the field it names marked
        chromium.click("#replication-save");
        chromium.waitFor("document.getElementById('replication-state')?.textContent === 'Not saved.'");
        assertThat(chromium.execute("return document.querySelector('#status').textContent;").asText()).contains("InvalidRequest");
        assertThat(chromium.execute("return document.querySelector('.rule [name=markers]').getAttribute('aria-invalid');").asText()).isEqualTo("true");
        choose(".rule [name=markers]", "Disabled");
        save("replication");

        // the COS SDK reads the rule's id, status and destination; the AWS SDK v2 the V2 elements
        var cosRule = cos.getBucketReplicationConfiguration(src).getRules().getFirst();
        assertThat(cosRule.getID()).isEqualTo("v2-docs");
        assertThat(cosRule.getStatus()).isEqualTo("Enabled");
        assertThat(cosRule.getDestinationConfig().getBucketQCS()).isEqualTo("qcs::cos:" + E2e.REGION + "::" + dst);
        var rule = s3.getBucketReplication(r -> r.bucket(src)).replicationConfiguration().rules().getFirst();
        assertThat(rule.filter().prefix()).isEqualTo("docs/");
        assertThat(rule.priority()).isEqualTo(3);
        assertThat(rule.deleteMarkerReplication().status()).isEqualTo(DeleteMarkerReplicationStatus.DISABLED);
        assertThat(rule.prefix()).isNull(); // the V2 shape, not the COS one

        // opened again in the form, in the V2 shape
        chromium.open(console("#/"));
        chromium.open(console("#/b/" + src + "/replication"));
        chromium.waitFor("document.getElementById('replication-state')?.textContent === 'Saved configuration loaded.'");
        assertThat(value(".rule [name=shape]")).isEqualTo("s3v2");
        assertThat(value(".rule [name=priority]")).isEqualTo("3");
        chromium.screenshot(SHOTS.resolve("replication-v2.png"));
    }

    /** Clicks Explain and waits for this question's answer or refusal (the last one is removed first). */
    static String explain() throws Exception {
        chromium.execute("document.getElementById('explain-result').replaceChildren();");
        chromium.click("#explain-run");
        return chromium.waitFor("document.querySelector('#explain-verdict, #explain-refused')?.textContent").asText();
    }

    @Test
    void policyExplainSendsTheRetentionBodySoAComplianceRetentionThePolicyDeniesIsExplainedDenied_LOCK_A1f() throws Exception {
        // The server decides PutObjectRetention on the lock its body asks for (LOCK-A1): explained without the
        // body, the COMPLIANCE retention this Deny stops was answered as if no lock were asked.
        String b = E2e.bucket("console-explain-body");
        s3.createBucket(r -> r.bucket(b).objectLockEnabledForBucket(true));
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"no-compliance\","
                + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObjectRetention\",\"Resource\":\"arn:aws:s3:::" + b + "/*\","
                + "\"Condition\":{\"StringEquals\":{\"s3:object-lock-mode\":\"COMPLIANCE\"}}}]}"));
        s3.putObject(r -> r.bucket(b).key("doc"), software.amazon.awssdk.core.sync.RequestBody.fromString("worm"));
        chromium.open(console("#/b/" + b + "/policy"));
        chromium.waitFor("document.getElementById('policy-state')?.textContent === 'Saved configuration loaded.'");
        // the body field is offered only for the actions the server reads a body for
        assertThat(chromium.execute("return document.getElementById('explain-body-field').hidden;").asBoolean()).isTrue();
        chromium.clear("#explain-action");
        chromium.type("#explain-action", "s3:PutObjectRetention");
        assertThat(chromium.execute("return document.getElementById('explain-body-field').hidden;").asBoolean()).isFalse();
        chromium.type("#explain-key", "doc");
        String until = java.time.Instant.now().plus(java.time.Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        chromium.type("#explain-body", "<Retention><Mode>COMPLIANCE</Mode><RetainUntilDate>" + until + "</RetainUntilDate></Retention>");
        assertThat(explain()).startsWith("DENIED").containsIgnoringCase("explicit_deny");
        assertThat(chromium.execute("return document.querySelector('#explain-statement').textContent;").asText()).contains("no-compliance");
        // a GOVERNANCE retention is not what the Deny names
        chromium.clear("#explain-body");
        chromium.type("#explain-body", "<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>" + until + "</RetainUntilDate></Retention>");
        assertThat(explain()).doesNotContainIgnoringCase("explicit_deny");
        // a question the server refuses (an object action without a key) shows the refusal, and no earlier answer
        chromium.clear("#explain-key");
        assertThat(explain()).startsWith("InvalidArgument").contains("key");
        assertThat(chromium.execute("return document.getElementById('explain-verdict');").isNull()).isTrue();
    }
}
