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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** As a request for {@code op} on {@code key}, {@code versionId} in its query (or none), under an Allow of {@code s3Action} if team=blue. */
    private Decision ask(Operation op, String s3Action, String key, String versionId) {
        var policy = PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::100000000001:user/100000000011\"},"
                + "\"Action\":\"" + s3Action + "\",\"Resource\":\"arn:aws:s3:::tags-1250000000/*\",\"Condition\":{\"StringEquals\":{\"s3:ExistingObjectTag/team\":\"blue\"}}}]}", bucket);
        var req = PolicyRequests.build(sub, op, bucket, key, () -> new ClientAddress.Client("127.0.0.1", false),
                q -> q.equals("versionId") ? versionId : null, h -> null, new PolicyService(meta, PolicyParser::parse)::tags);
        return PolicyEvaluator.evaluate(policy, req, Instant.now());
    }

    @Test
    void theTagConditionCoversAclReadsAndWritesAndReadsTheVersionAddressed_POL_S5() {
        // v.txt: an older version tagged blue, the current one red.
        for (String[] kv : new String[][]{{"v-old", "blue"}, {"v-new", "red"}}) {
            meta.objects().put(ObjectVersion.builder(bucket.name(), "v.txt").versionId(kv[0]).size(1).etag("\"e\"")
                    .content(ContentHeaders.ofType("text/plain")).tags(Map.of("team", kv[1])).blobId("blob-" + kv[0])
                    .lastModified(Instant.now()).build(), VersioningState.ENABLED);
        }
        assertThat(ask(Operation.GET_OBJECT_ACL, "s3:GetObjectAcl", "blue.txt", null).allowed()).isTrue();
        assertThat(ask(Operation.GET_OBJECT_ACL, "s3:GetObjectAcl", "red.txt", null).allowed()).isFalse();
        assertThat(ask(Operation.PUT_OBJECT_ACL, "s3:PutObjectAcl", "blue.txt", null).allowed()).isTrue();
        assertThat(ask(Operation.PUT_OBJECT_ACL, "s3:PutObjectAcl", "red.txt", null).allowed()).isFalse();
        assertThat(ask(Operation.GET_OBJECT, "s3:GetObject", "v.txt", null).allowed()).as("the current version is red").isFalse();
        assertThat(ask(Operation.GET_OBJECT, "s3:GetObjectVersion", "v.txt", "v-old").allowed()).isTrue();
        assertThat(ask(Operation.GET_OBJECT, "s3:GetObjectVersion", "v.txt", "v-new").allowed()).isFalse();
        assertThat(ask(Operation.GET_OBJECT_ACL, "s3:GetObjectVersionAcl", "v.txt", "v-old").allowed()).isTrue();
        assertThat(ask(Operation.PUT_OBJECT_ACL, "s3:PutObjectVersionAcl", "v.txt", "v-old").allowed()).isTrue();
        assertThat(ask(Operation.PUT_OBJECT_ACL, "s3:PutObjectVersionAcl", "v.txt", "v-new").allowed()).isFalse();
        assertThat(ask(Operation.GET_OBJECT_TAGGING, "s3:GetObjectVersionTagging", "v.txt", "v-old").allowed()).isTrue();
    }

    /**
     * AUTH-15: a decision about the bucket row a request was authorized against reads tags and
     * existence in that row only. The bucket is deleted and created again by another account, which
     * stores a key of the same name tagged blue: the old row's tag condition and POL-S13's existence
     * check are NoSuchBucket, never the namesake's tags or keys.
     */
    @Test
    void aTagConditionOrExistenceCheckOfADeletedBucketsRowNeverReadsTheRecreatedNamesake_AUTH_15() {
        Bucket old = meta.buckets().find(bucket.name()).orElseThrow();
        meta.objects().deleteVersion(bucket.name(), "red.txt", "null");
        meta.objects().deleteVersion(bucket.name(), "blue.txt", "null");
        meta.buckets().delete(bucket.name());
        var other = meta.identity().createAccount("100000000002", "1250000001");
        meta.buckets().create(new Bucket(bucket.name(), other.rootUin(), "1250000000", "ap-guangzhou", Instant.now(), VersioningState.UNVERSIONED));
        Bucket namesake = meta.buckets().find(bucket.name()).orElseThrow();
        assertThat(namesake.incarnation()).isNotEqualTo(old.incarnation());
        meta.objects().put(ObjectVersion.builder(bucket.name(), "blue.txt").size(1).etag("\"e\"")
                .content(ContentHeaders.ofType("text/plain")).tags(Map.of("team", "blue")).blobId("blob-theirs")
                .lastModified(Instant.now()).build(), VersioningState.UNVERSIONED);
        PolicyService policies = new PolicyService(meta, PolicyParser::parse);

        assertThatThrownBy(() -> policies.tags(old, "blue.txt", null)).isInstanceOf(io.cosd.store.meta.NoSuchBucketException.class);
        assertThatThrownBy(() -> policies.tags(old, "blue.txt", "null")).isInstanceOf(io.cosd.store.meta.NoSuchBucketException.class);
        assertThatThrownBy(() -> policies.exists(old, "blue.txt")).isInstanceOf(io.cosd.store.meta.NoSuchBucketException.class);
        assertThatThrownBy(() -> policies.exists(old, "missing.txt")).isInstanceOf(io.cosd.store.meta.NoSuchBucketException.class);
        // the namesake's own row reads its own
        assertThat(policies.tags(namesake, "blue.txt", null)).containsEntry("team", "blue");
        assertThat(policies.exists(namesake, "blue.txt")).isTrue();
    }
}
