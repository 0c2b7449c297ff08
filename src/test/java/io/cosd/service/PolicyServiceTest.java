package io.cosd.service;

import io.cosd.api.policy.PolicyParser;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.policy.Policy;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bucket policies as a service over a real SQLite store (docs/policy.md "Speed"): compiled once per
 * change, written through, never carried over to a re-created bucket; and the only writer of the
 * policy row (LayersTest: no api class writes bucket configuration).
 */
class PolicyServiceTest {
    static final String ROOT = "100000000001", APPID = "1250000000", NAME = "p-" + APPID;
    static final String DOC = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},"
            + "\"Action\":[\"name/cos:GetObject\"],\"Resource\":[\"qcs::cos:ap-guangzhou:uid/" + APPID + ":" + NAME + "/*\"]}],\"version\":\"2.0\"}";

    @TempDir
    Path dir;
    MetadataStore meta;
    final AtomicInteger compiles = new AtomicInteger();
    PolicyService policies;
    Bucket bucket;

    @BeforeEach
    void open() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        var account = meta.identity().createAccount(ROOT, APPID);
        meta.identity().addUser(account, "100000000011", "alice");
        bucket = bucket(Instant.parse("2026-01-01T00:00:00Z"));
        meta.buckets().create(bucket);
        policies = new PolicyService(meta, (text, b) -> {
            compiles.incrementAndGet();
            return PolicyParser.parse(text, b);
        });
    }

    @AfterEach
    void close() { meta.close(); }

    static Bucket bucket(Instant created) {
        return new Bucket(NAME, ROOT, APPID, "ap-guangzhou", created, VersioningState.UNVERSIONED);
    }

    @Test
    void aStoredPolicyIsCompiledOnceNotPerRequest() {
        meta.buckets().putConfig(NAME, ConfigKind.POLICY, DOC);
        Policy first = policies.policy(bucket);
        assertThat(first).isNotNull();
        assertThat(policies.policy(bucket)).isSameAs(first);
        assertThat(compiles).hasValue(1);
    }

    @Test
    void putStoresTheDocumentVerbatimAndServesItsCompiledFormWithoutReadingItBack_POL_A2() {
        assertThat(policies.policy(bucket)).isNull();
        Policy compiled = PolicyParser.parse(DOC, bucket);
        policies.put(bucket, DOC, compiled);
        assertThat(meta.buckets().config(NAME, ConfigKind.POLICY)).contains(DOC);
        assertThat(policies.document(bucket)).contains(DOC);
        assertThat(policies.policy(bucket)).isSameAs(compiled);
        assertThat(compiles).hasValue(0);
    }

    @Test
    void deleteRemovesTheRowAndTheCachedPolicy_POL_A4() {
        policies.put(bucket, DOC, PolicyParser.parse(DOC, bucket));
        policies.delete(bucket);
        assertThat(meta.buckets().config(NAME, ConfigKind.POLICY)).isEmpty();
        assertThat(policies.policy(bucket)).isNull();
        policies.delete(bucket); // nothing to delete is not an error
    }

    @Test
    void aRecreatedBucketNeverSeesItsPredecessorsCachedPolicy() {
        policies.put(bucket, DOC, PolicyParser.parse(DOC, bucket));
        meta.buckets().deleteConfig(NAME, ConfigKind.POLICY); // what deleting and re-creating the bucket leaves in the store
        Bucket again = bucket(bucket.createdAt().plusSeconds(60));
        assertThat(policies.policy(again)).isNull();
    }

    @Test
    void aStoredPolicyThatNoLongerCompilesGrantsNothingInsteadOfFailingEveryRequest() {
        meta.buckets().putConfig(NAME, ConfigKind.POLICY, "{\"Statement\": broken");
        Policy p = policies.policy(bucket);
        assertThat(p).isNotNull();
        assertThat(p.statements()).isEmpty();
    }

    @Test
    void explainResolvesEverySpellingOfAPrincipalFromTheStore() {
        assertThat(policies.principal(bucket, "anonymous")).isEqualTo(Principal.ANONYMOUS);
        assertThat(policies.principal(bucket, ROOT)).isInstanceOf(Principal.Root.class);
        assertThat(policies.principal(bucket, "100000000011")).isInstanceOf(Principal.SubUser.class);
        assertThat(policies.principal(bucket, "qcs::cam::uin/" + ROOT + ":uin/100000000011")).isInstanceOf(Principal.SubUser.class);
        assertThatThrownBy(() -> policies.principal(bucket, "100000000099")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no user");
        assertThatThrownBy(() -> policies.principal(bucket, "bob")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad principal");
    }
}
