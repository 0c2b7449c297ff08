package io.cosd.api.policy;

import io.cosd.api.route.Operation;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.policy.Decision;
import io.cosd.domain.policy.PolicyEvaluator;
import io.cosd.service.PolicyService;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * s3:ExistingObjectTag/&lt;k&gt; reads the stored object's tags through the same request builder
 * the server uses (tags cannot be set over the API until the tagging issue lands, so the version is
 * written to a real SQLite store directly). POL-S5.
 */
class ExistingObjectTagTest {
    @TempDir
    Path dir;
    MetadataStore meta;
    Bucket bucket;
    Principal.SubUser sub;

    @BeforeEach
    void open() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        var account = meta.identity().createAccount("100000000001", "1250000000");
        meta.identity().addUser(account, "100000000011", "alice");
        sub = new Principal.SubUser(account, "100000000011");
        bucket = new Bucket("tags-1250000000", "100000000001", "1250000000", "ap-guangzhou", Instant.parse("2026-01-01T00:00:00Z"), VersioningState.UNVERSIONED);
        meta.buckets().create(bucket);
        for (String[] kv : new String[][]{{"blue.txt", "blue"}, {"red.txt", "red"}}) {
            meta.objects().put(ObjectVersion.builder(bucket.name(), kv[0]).size(1).etag("\"e\"")
                    .content(ContentHeaders.ofType("text/plain")).tags(Map.of("team", kv[1])).blobId("blob-" + kv[1])
                    .lastModified(Instant.now()).build(),
                    VersioningState.UNVERSIONED);
        }
    }

    @AfterEach
    void close() { meta.close(); }

    private Decision get(String key) {
        var policy = PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::100000000001:user/100000000011\"},"
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::tags-1250000000/*\",\"Condition\":{\"StringEquals\":{\"s3:ExistingObjectTag/team\":\"blue\"}}}]}", bucket);
        var req = PolicyRequests.build(sub, Operation.GET_OBJECT, bucket, key, () -> new ClientAddress.Client("127.0.0.1", false),
                q -> null, h -> null, new PolicyService(meta, PolicyParser::parse)::tags);
        return PolicyEvaluator.evaluate(policy, req, Instant.now());
    }

    @Test
    void aTagConditionReadsTheStoredObjectsTags_POL_S5() {
        assertThat(get("blue.txt").allowed()).isTrue();
        assertThat(get("red.txt").allowed()).isFalse();
        assertThat(get("missing.txt").allowed()).isFalse();
    }
}
