package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lifecycle over inline objects (docs/storage.md "Small objects inline", ST-W3): expiration removes the
 * inline row with its version; a transition to ARCHIVE reads the inline bytes into a cold blob and drops
 * the row in the transaction that re-points the version; a restore serves the same bytes again.
 */
@CosdServer(lifecycleDaySeconds = 1)
class InlineLifecycleE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;

    static long inlineRows() {
        long[] n = {0};
        env.server.metadata().inlineBlobs().forEach(id -> n[0]++);
        return n[0];
    }

    static String bucket(String name) throws Exception {
        String b = E2e.bucket(name);
        cos.createBucket(b);
        return b;
    }

    static void rules(String b, String rulesXml) throws Exception {
        var r = LifecycleConfigApiTest.putRaw(env.port(), cos, b, "<LifecycleConfiguration>" + rulesXml + "</LifecycleConfiguration>");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    static void put(String b, String key, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        com.qcloud.cos.model.ObjectMetadata md = new com.qcloud.cos.model.ObjectMetadata();
        md.setContentLength(bytes.length);
        cos.putObject(new com.qcloud.cos.model.PutObjectRequest(b, key, new java.io.ByteArrayInputStream(bytes), md));
    }

    static String blobId(String b, String key) {
        return env.server.metadata().objects().latest(b, key).orElseThrow().blobId();
    }

    @Test
    void anExpiredInlineObjectTakesItsRowWithIt_ST_W3() throws Exception {
        String b = bucket("inl-exp");
        rules(b, "<Rule><ID>tmp</ID><Filter><Prefix>tmp/</Prefix></Filter><Status>Enabled</Status>"
                + "<Expiration><Days>1</Days></Expiration></Rule>");
        put(b, "tmp/a", "short-lived");
        put(b, "keep", "stays");
        assertThat(blobId(b, "tmp/a")).startsWith("inl-");
        long before = inlineRows();
        Thread.sleep(1150); // a lifecycle day in test mode, and a margin
        env.server.runLifecyclePass();
        assertThat(cos.doesObjectExist(b, "tmp/a")).isFalse();
        assertThat(inlineRows()).isEqualTo(before - 1);
        assertThat(E2e.text(cos, b, "keep")).isEqualTo("stays");
    }

    @Test
    void anInlineObjectArchivesToAColdBlobDropsItsRowAndRestoresToTheSameBytes_ST_W3() throws Exception {
        String b = bucket("inl-arch");
        rules(b, "<Rule><ID>cold</ID><Filter/><Status>Enabled</Status>"
                + "<Transition><Days>0</Days><StorageClass>ARCHIVE</StorageClass></Transition></Rule>");
        // 64 KiB: inline (at the threshold) and just large enough to transition (LifecycleEvaluator.MIN_TRANSITION_SIZE)
        String body = "archive me, 16B".repeat(4096 + 4096 / 15 + 1).substring(0, 64 * 1024);
        put(b, "obj", body);
        assertThat(blobId(b, "obj")).startsWith("inl-");
        long before = inlineRows();
        env.server.runLifecyclePass();
        assertThat(blobId(b, "obj")).startsWith("cold-");
        assertThat(inlineRows()).isEqualTo(before - 1);
        cos.restoreObject(LifecycleExecutionTest.restore(b, "obj", 600, com.qcloud.cos.model.Tier.Expedited)); // 600 test days: the copy cannot expire mid-test however slow the machine (with 1 s days, 1 day lapsed before the GET under load)
        Thread.sleep(1100); // test mode: Expedited completes after 1 s
        env.server.runRestores();
        try (var obj = cos.getObject(b, "obj")) {
            assertThat(new String(obj.getObjectContent().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(body);
        }
    }
}
