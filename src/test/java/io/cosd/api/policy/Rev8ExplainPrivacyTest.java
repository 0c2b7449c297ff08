package io.cosd.api.policy;

import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.Grant;
import io.cosd.domain.acl.Grantee;
import io.cosd.domain.acl.ObjectOwnership;
import io.cosd.domain.acl.Permission;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review probes (second reviewer, access control) of the HTTP explain endpoint's privacy (docs/policy.md
 * "Explain", POL-I6, POL-I8): every spelling of another account's root, or of a uin that is another account's
 * sub-user, answers the same whether it exists or not, on a bucket whose ACLs and policy grant things to
 * groups, to the owner's sub-user, and under BucketOwnerEnforced. These pass: they record what was tried.
 */
class Rev8ExplainPrivacyTest {
    static final String ROOT = "100000000001", APPID = "1250000000";
    static final String OTHER = "100000000002", OTHER_SUB = "100000000021", MISSING = "100000000009";
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @TempDir
    Path dir;
    MetadataStore meta;
    Explainer.Sources sources;
    AclService acls;
    Bucket bucket;

    @BeforeEach
    void open() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        Account owner = meta.identity().createAccount(ROOT, APPID);
        meta.identity().addUser(owner, "100000000011", "own");
        Account other = meta.identity().createAccount(OTHER, "1250000002");
        meta.identity().addUser(other, OTHER_SUB, "theirs");
        bucket = new Bucket("probe-" + APPID, ROOT, APPID, "ap-guangzhou", NOW, VersioningState.UNVERSIONED);
        meta.buckets().create(bucket);
        acls = new AclService(meta);
        var blocks = new PublicAccessService(meta.buckets(), PublicAccessXml::decode, PublicAccessXml::encode);
        sources = new Explainer.Sources(new PolicyService(meta, PolicyParser::parse), blocks,
                new UserPolicyService(meta, (text, account) -> PolicyParser.parseIdentity(text, account.appId(), "ap-guangzhou")), acls);
        // grants to a group, the owner's sub-user and LogDelivery; none to OTHER, so OTHER and MISSING must look alike
        acls.putBucketAcl(bucket, new Acl(ROOT, List.of(new Grant(new Grantee.Account(ROOT), Permission.FULL_CONTROL),
                new Grant(Grantee.Group.AUTHENTICATED_USERS, Permission.READ),
                new Grant(new Grantee.SubUser(ROOT, "100000000011"), Permission.WRITE),
                new Grant(Grantee.LogDelivery.LOG_DELIVERY, Permission.WRITE))));
        meta.objects().put(ObjectVersion.builder(bucket.name(), "k").versionId("null").size(1).etag("\"e\"")
                .content(ContentHeaders.ofType("text/plain")).blobId("blob-k").lastModified(NOW)
                .acl(new Acl(ROOT, List.of(new Grant(new Grantee.Account(ROOT), Permission.FULL_CONTROL),
                        new Grant(Grantee.Group.AUTHENTICATED_USERS, Permission.READ)))).build(), VersioningState.UNVERSIONED);
    }

    @AfterEach
    void close() { meta.close(); }

    private String explain(String principal, String action, String key) {
        try {
            var r = Explainer.explain(sources, new Explainer.Input(bucket.name(), principal, action, key, null, false, null, null), NOW, ROOT);
            return Explainer.text(r) + Explainer.json(r);
        } catch (IllegalArgumentException e) {
            return "400 " + e.getMessage();
        }
    }

    private void allSpellingsAnswerAlike() {
        for (String[] a : new String[][] {{"GetObject", "k"}, {"GetBucket", null}, {"PutObject", "n"}, {"GetBucketAcl", null}, {"PutObjectAcl", "k"}}) {
            String existing = explain("qcs::cam::uin/" + OTHER + ":uin/" + OTHER, a[0], a[1]);
            for (String[] probe : new String[][] {
                    {OTHER, OTHER},                                                        // bare uin of an existing root
                    {"qcs::cam::uin/" + MISSING + ":uin/" + MISSING, MISSING},              // a missing root
                    {MISSING, MISSING},
                    {" " + MISSING + " ", MISSING},
                    {"qcs::cam::uin/" + OTHER_SUB + ":uin/" + OTHER_SUB, OTHER_SUB},       // another account's sub-user's uin as a root
                    {OTHER_SUB, OTHER_SUB}}) {
                assertThat(explain(probe[0], a[0], a[1]).replace(probe[1], OTHER)).as("%s as %s", a[0], probe[0]).isEqualTo(existing);
            }
            // sub-users of another account: one refusal, existing or not (POL-I6)
            assertThat(explain("qcs::cam::uin/" + OTHER + ":uin/" + OTHER_SUB, a[0], a[1]))
                    .isEqualTo(explain("qcs::cam::uin/" + MISSING + ":uin/100000000099", a[0], a[1]));
        }
    }

    @Test
    void everySpellingOfAnotherAccountOrItsSubUsersUinAnswersAsAMissingOneDoes_POL_I6_POL_I8() {
        allSpellingsAnswerAlike();
    }

    @Test
    void underBucketOwnerEnforcedEverySpellingStillAnswersAlike_POL_I8_ACL_O3() {
        acls.ownership().put(bucket.name(), ObjectOwnership.BUCKET_OWNER_ENFORCED);
        allSpellingsAnswerAlike();
    }
}
