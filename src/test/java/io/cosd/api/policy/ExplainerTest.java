package io.cosd.api.policy;

import io.cosd.domain.access.AccessDecision;
import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.CannedAcl;
import io.cosd.domain.acl.ObjectOwnership;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.policy.Decision;
import io.cosd.domain.policy.PublicAccessBlock;
import io.cosd.service.AclService;
import io.cosd.service.PolicyService;
import io.cosd.service.PublicAccessService;
import io.cosd.service.UserPolicyService;
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
 * {@code policy explain} over a real SQLite store: it decides with the server's one function
 * (AccessDecision, POL-X1), so an ACL grant, IgnorePublicAcls and RestrictPublicBuckets show in its
 * answer with the ACL, version and grant that decided (docs/policy.md "Explain").
 */
class ExplainerTest {
    static final String ROOT = "100000000001", APPID = "1250000000";
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;
    MetadataStore meta;
    Explainer.Sources sources;
    PublicAccessService blocks;
    AclService acls;
    Bucket plain, versioned;

    @BeforeEach
    void open() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        meta.identity().createAccount(ROOT, APPID);
        plain = new Bucket("plain-" + APPID, ROOT, APPID, "ap-guangzhou", NOW, VersioningState.UNVERSIONED);
        versioned = new Bucket("versions-" + APPID, ROOT, APPID, "ap-guangzhou", NOW, VersioningState.ENABLED);
        meta.buckets().create(plain);
        meta.buckets().create(versioned);
        acls = new AclService(meta);
        blocks = new PublicAccessService(meta.buckets(), PublicAccessXml::decode, PublicAccessXml::encode);
        sources = new Explainer.Sources(new PolicyService(meta, PolicyParser::parse), blocks,
                new UserPolicyService(meta, (text, account) -> PolicyParser.parseIdentity(text, account.appId(), "ap-guangzhou")), acls);
        put(plain, "public.txt", "null", "public-read", VersioningState.UNVERSIONED);
        put(plain, "private.txt", "null", "private", VersioningState.UNVERSIONED);
        put(versioned, "k", "v1-public", "public-read", VersioningState.ENABLED);
        put(versioned, "k", "v2-private", "private", VersioningState.ENABLED);
    }

    @AfterEach
    void close() { meta.close(); }

    private void put(Bucket b, String key, String versionId, String canned, VersioningState mode) {
        Acl acl = CannedAcl.parse(canned).toAcl(ROOT, ROOT);
        meta.objects().put(ObjectVersion.builder(b.name(), key).versionId(versionId).size(1).etag("\"e\"")
                .content(ContentHeaders.ofType("text/plain")).blobId("blob-" + key + versionId).lastModified(NOW).acl(acl).build(), mode);
    }

    private Explainer.Result explain(Bucket b, String action, String key, String versionId) {
        return Explainer.explain(sources, new Explainer.Input(b.name(), "anonymous", action, key, null, false, null, null, versionId), NOW);
    }

    @Test
    void anAnonymousReadOfAPublicReadObjectIsExplainedAllowedByTheObjectAclNamingVersionAndGrant_POL_X1() {
        var r = explain(plain, "GetObject", "public.txt", null);
        assertThat(r.decision().allowed()).isTrue();
        assertThat(r.decision().reason()).isEqualTo(Decision.Reason.ACL_GRANT);
        assertThat(r.decision().source()).isEqualTo(Decision.Source.OBJECT_ACL);
        assertThat(Explainer.text(r)).startsWith("ALLOWED\n")
                .contains("document:  object ACL\n", "acl:       object ACL of version null (current): READ to AllUsers\n")
                .contains("  object ACL: grant READ to AllUsers allows it (ACL-E1)\n");
        Map<String, Object> json = Explainer.json(r);
        assertThat(json).containsEntry("document", "OBJECT_ACL").containsEntry("reason", "ACL_GRANT").containsEntry("publicAccessBlock", null);
        assertThat(json.get("acl")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("document", "OBJECT_ACL").containsEntry("versionId", "null").containsEntry("currentVersion", true)
                .containsEntry("grant", Map.of("grantee", "AllUsers", "permission", "READ")).containsEntry("ignoredPublicGrant", null);
        // the fields explain answered before ACLs are still there, in their order, and come first
        assertThat(json.keySet()).startsWith("allowed", "reason", "explanation", "document", "statement", "conditions",
                "operation", "cosAction", "s3Action", "principal", "trace");

        var denied = explain(plain, "GetObject", "private.txt", null);
        assertThat(denied.decision().reason()).isEqualTo(Decision.Reason.IMPLICIT_DENY);
        assertThat(Explainer.text(denied)).startsWith("DENIED\n").contains("acl:       object ACL of version null (current): no grant allows it\n");
    }

    @Test
    void underBucketOwnerEnforcedExplainSaysAclsAreDisabledAndAStoredPublicGrantDoesNotAllow_POL_X1_ACL_O3() {
        acls.ownership().put(plain.name(), ObjectOwnership.BUCKET_OWNER_ENFORCED);
        var r = explain(plain, "GetObject", "public.txt", null);
        assertThat(r.decision().allowed()).isFalse();
        assertThat(r.aclsDisabled()).isTrue();
        assertThat(Explainer.text(r)).contains("ownership: BucketOwnerEnforced: ACLs are disabled");
        assertThat(Explainer.json(r).get("objectOwnership")).asString().contains("ACL-O3");
        // a decision the policies made alone never reports it
        assertThat(explain(plain, "PutBucketPolicy", null, null).aclsDisabled()).isFalse();
    }

    @Test
    void aBucketAclGrantIsExplainedAsTheBucketAcl_POL_X1() {
        acls.putBucketAcl(plain, CannedAcl.parse("public-read").toAcl(ROOT, ROOT));
        var r = explain(plain, "GetBucket", null, null);
        assertThat(r.decision().allowed()).isTrue();
        assertThat(r.decision().source()).isEqualTo(Decision.Source.BUCKET_ACL);
        assertThat(Explainer.text(r)).contains("document:  bucket ACL\n", "acl:       bucket ACL: READ to AllUsers\n");
        assertThat(Explainer.json(r)).containsEntry("document", "BUCKET_ACL");
    }

    @Test
    void underIgnorePublicAclsThePublicGrantIsNamedAsLeftOutAndTheAnswerIsDenied_POL_X1_POL_P6() {
        blocks.put(plain.name(), new PublicAccessBlock(false, true, false, false));
        var r = explain(plain, "GetObject", "public.txt", null);
        assertThat(r.decision().allowed()).isFalse();
        assertThat(r.publicAccessBlock()).isEqualTo(AccessDecision.Switch.IGNORE_PUBLIC_ACLS);
        assertThat(Explainer.text(r)).startsWith("DENIED\n")
                .contains("ignored:   READ to AllUsers (IgnorePublicAcls)\n", "public access block: IgnorePublicAcls left out a public grant (POL-P6)\n");
        Map<String, Object> json = Explainer.json(r);
        assertThat(json).containsEntry("publicAccessBlock", "IGNORE_PUBLIC_ACLS").containsEntry("document", null);
        assertThat(json.get("acl")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("grant", null).containsEntry("ignoredPublicGrant", Map.of("grantee", "AllUsers", "permission", "READ"));
    }

    @Test
    void restrictPublicBucketsIsNamedWhenItWithholdsAPublicPolicysAllow_POL_X1_POL_P5() {
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::" + plain.name() + "/*\"}]}";
        sources.policies().put(plain, doc, PolicyParser.parse(doc, plain));
        assertThat(explain(plain, "GetObject", "private.txt", null).decision().reason()).isEqualTo(Decision.Reason.EXPLICIT_ALLOW);
        blocks.put(plain.name(), new PublicAccessBlock(false, false, false, true));
        var r = explain(plain, "GetObject", "private.txt", null);
        assertThat(r.decision().reason()).isEqualTo(Decision.Reason.PUBLIC_ACCESS_RESTRICTED);
        assertThat(r.acl()).isNull();
        assertThat(Explainer.json(r)).containsEntry("publicAccessBlock", "RESTRICT_PUBLIC_BUCKETS").containsEntry("acl", null);
    }

    @Test
    void theVersionIdNamesWhoseAclIsReadElseTheCurrentVersions_POL_X1_ACL_E4() {
        var old = explain(versioned, "GetObject", "k", "v1-public");
        assertThat(old.decision().allowed()).isTrue();
        assertThat(old.s3Action()).isEqualTo("s3:GetObjectVersion");
        assertThat(old.aclVersion()).isEqualTo(new Explainer.AclVersion("v1-public", false, false));
        assertThat(Explainer.text(old)).contains("acl:       object ACL of version v1-public: READ to AllUsers\n");

        var current = explain(versioned, "GetObject", "k", null);
        assertThat(current.decision().allowed()).isFalse();
        assertThat(current.aclVersion()).isEqualTo(new Explainer.AclVersion("v2-private", true, false));

        // --query versionId=… says the same as --version-id; two different ones are a bad input
        var viaQuery = Explainer.explain(sources, new Explainer.Input(versioned.name(), "anonymous", "GetObject", "k", null, false, null,
                Map.of("versionId", "v1-public")), NOW);
        assertThat(viaQuery.decision().allowed()).isTrue();
        assertThatThrownBy(() -> Explainer.explain(sources, new Explainer.Input(versioned.name(), "anonymous", "GetObject", "k", null, false,
                null, Map.of("versionId", "v1-public"), "v2-private"), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two versionIds");

        var missing = explain(versioned, "GetObject", "nothing-here", null);
        assertThat(missing.decision().allowed()).isFalse();
        assertThat(Explainer.text(missing)).contains("acl:       object ACL (no such object version): nothing to grant on\n");
    }

    /** Another account (B) with one sub-user whose identity policy allows reading the plain bucket (the S3 grammar names it). */
    private io.cosd.domain.identity.Account otherAccountWithReader() {
        var other = meta.identity().createAccount("100000000002", "1250000001");
        meta.identity().addUser(other, "100000000021", "reader");
        new UserPolicyService(meta, (text, account) -> PolicyParser.parseIdentity(text, account.appId(), "ap-guangzhou"))
                .put(other, "100000000021", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + plain.name() + "/*\"}]}");
        return other;
    }

    @Test
    void anotherAccountsSubUserLetInByItsIdentityPolicyAndAnAclGrantIsExplainedWithBothHalves_POL_I4_I6() {
        otherAccountWithReader();
        var in = new Explainer.Input(plain.name(), "qcs::cam::uin/100000000002:uin/100000000021", "GetObject", "public.txt", null, false,
                null, null);
        var r = Explainer.explain(sources, in, NOW);
        assertThat(r.decision().allowed()).isTrue();
        assertThat(r.decision().reason()).isEqualTo(Decision.Reason.IDENTITY_AND_ACL_GRANT);
        assertThat(Explainer.text(r)).contains("document:  identity policy\n").contains("statement: statement[0]")
                .contains("acl:       object ACL of version null (current): READ to AllUsers\n");
        assertThat(Explainer.json(r)).containsEntry("document", "IDENTITY_POLICY");
        // its identity Allow alone: the private object's resource side grants nothing, and explain says both are needed
        var denied = Explainer.explain(sources, new Explainer.Input(plain.name(), in.principal(), "GetObject", "private.txt", null, false,
                null, null), NOW);
        assertThat(denied.decision().reason()).isEqualTo(Decision.Reason.CROSS_ACCOUNT_NEEDS_BOTH);
        assertThat(denied.decision().describe()).contains("identity policy").contains("ACL grant");
    }

    @Test
    void theEndpointAnswersTheSameForAnExistingAndAMissingSubUserOfAnotherAccount_POL_I6() {
        otherAccountWithReader();
        for (String principal : new String[] {"qcs::cam::uin/100000000002:uin/100000000021", "qcs::cam::uin/100000000002:uin/100000000029",
                "qcs::cam::uin/100000000009:uin/100000000091"}) {
            var in = new Explainer.Input(plain.name(), principal, "GetObject", "public.txt", null, false, null, null);
            assertThatThrownBy(() -> Explainer.explain(sources, in, NOW, ROOT)).as(principal)
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(Explainer.FOREIGN_SUB_USER);
        }
        // the owner's own sub-users and another account's root are still explained
        var root = Explainer.explain(sources, new Explainer.Input(plain.name(), "qcs::cam::uin/100000000002:uin/100000000002", "GetObject",
                "public.txt", null, false, null, null), NOW, ROOT);
        assertThat(root.decision().allowed()).isTrue();
    }

    @Test
    void theEndpointAnswersTheSameForAnExistingAndAMissingRootOfAnotherAccount_POL_I8() {
        otherAccountWithReader();   // account 100000000002 exists; 100000000009 does not
        acls.putBucketAcl(plain, new Acl(ROOT, java.util.List.of(
                new io.cosd.domain.acl.Grant(new io.cosd.domain.acl.Grantee.Account(ROOT), io.cosd.domain.acl.Permission.FULL_CONTROL))));
        for (String action : new String[] {"GetObject", "GetBucket", "PutObject"}) {
            for (String key : new String[] {"public.txt", "private.txt"}) {
                String k = action.equals("GetBucket") ? null : key;
                var existing = Explainer.explain(sources, new Explainer.Input(plain.name(), "qcs::cam::uin/100000000002:uin/100000000002",
                        action, k, null, false, null, null), NOW, ROOT);
                for (String missing : new String[] {"qcs::cam::uin/100000000009:uin/100000000009", "100000000009"}) {
                    var other = Explainer.explain(sources, new Explainer.Input(plain.name(), missing, action, k, null, false, null, null), NOW, ROOT);
                    assertThat(other.decision().allowed()).as(action + " " + key + " " + missing).isEqualTo(existing.decision().allowed());
                    assertThat(other.decision().reason()).isEqualTo(existing.decision().reason());
                    assertThat(Explainer.text(other).replace("100000000009", "100000000002")).isEqualTo(Explainer.text(existing));
                }
            }
        }
        // the CLI (the operator) still says an account does not exist
        assertThatThrownBy(() -> Explainer.explain(sources, new Explainer.Input(plain.name(), "qcs::cam::uin/100000000009:uin/100000000009",
                "GetObject", "public.txt", null, false, null, null), NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * LOCK-A1, POL-S11, POL-X1: the server decides PutObjectRetention and PutObjectLegalHold on the lock their body asks
     * for (and PutObjectTagging on its body's tags), so explain takes that body and reads it with the same functions.
     * Before, it had no body: a COMPLIANCE retention the bucket policy denies was explained ALLOWED. A header standing
     * for a body fact, or a body on an action that reads none, is bad input, never ignored.
     */
    @Test
    void aRetentionLegalHoldOrTaggingIsExplainedOnTheBodyTheServerDecidesItOn_LOCK_A1_POL_S11_POL_X1() {
        String arn = "arn:aws:s3:::" + plain.name() + "/*";
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"s3:PutObjectRetention\",\"s3:PutObjectLegalHold\",\"s3:PutObjectTagging\"],\"Resource\":\"" + arn + "\"},"
                + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObjectRetention\",\"Resource\":\"" + arn + "\",\"Condition\":{\"StringEquals\":{\"s3:object-lock-mode\":\"COMPLIANCE\"}}},"
                + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObjectLegalHold\",\"Resource\":\"" + arn + "\",\"Condition\":{\"StringEquals\":{\"s3:object-lock-legal-hold\":\"ON\"}}},"
                + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObjectTagging\",\"Resource\":\"" + arn + "\",\"Condition\":{\"StringEquals\":{\"s3:RequestObjectTag/class\":\"secret\"}}}]}";
        sources.policies().put(plain, doc, PolicyParser.parse(doc, plain));
        java.util.function.BiFunction<String, String, Explainer.Result> ask = (action, body) -> Explainer.explain(sources,
                new Explainer.Input(plain.name(), "anonymous", action, "private.txt", null, false, null, null, null, body), NOW);
        String compliance = "<Retention><Mode>COMPLIANCE</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>";
        String governance = "<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>";
        assertThat(ask.apply("PutObjectRetention", compliance).decision().reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
        assertThat(ask.apply("PutObjectRetention", governance).decision().allowed()).isTrue();
        assertThat(ask.apply("PutObjectLegalHold", "<LegalHold><Status>ON</Status></LegalHold>").decision().reason())
                .isEqualTo(Decision.Reason.EXPLICIT_DENY);
        assertThat(ask.apply("PutObjectLegalHold", "<LegalHold><Status>OFF</Status></LegalHold>").decision().allowed()).isTrue();
        String secret = "<Tagging><TagSet><Tag><Key>class</Key><Value>secret</Value></Tag></TagSet></Tagging>";
        assertThat(ask.apply("PutObjectTagging", secret).decision().reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
        assertThat(ask.apply("PutObjectTagging", secret.replace("secret", "open")).decision().allowed()).isTrue();
        // a body that is no valid document gives no fact, as on the server (whose handler then refuses it)
        assertThat(ask.apply("PutObjectRetention", "<Retention><Mode>COMPLIANCE</Mode></Retention>").decision().allowed()).isTrue();

        assertThatThrownBy(() -> Explainer.explain(sources, new Explainer.Input(plain.name(), "anonymous", "PutObjectRetention", "private.txt",
                null, false, Map.of("x-amz-object-lock-mode", "COMPLIANCE"), null, null, null), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("body");
        assertThatThrownBy(() -> Explainer.explain(sources, new Explainer.Input(plain.name(), "anonymous", "PutObjectTagging", "private.txt",
                null, false, Map.of("x-amz-tagging", "class=secret"), null, null, null), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("body");
        assertThatThrownBy(() -> ask.apply("GetObject", compliance)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("body");
    }
}
