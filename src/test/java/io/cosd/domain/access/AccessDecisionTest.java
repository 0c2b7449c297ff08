package io.cosd.domain.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.CannedAcl;
import io.cosd.domain.acl.Grant;
import io.cosd.domain.acl.Grantee;
import io.cosd.domain.acl.Permission;
import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.policy.Decision;
import io.cosd.domain.policy.Facts;
import io.cosd.domain.policy.Policy;
import io.cosd.domain.policy.PolicyCompiler;
import io.cosd.domain.policy.PolicyDocuments;
import io.cosd.domain.policy.PolicyRequest;
import io.cosd.domain.policy.PublicAccessBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one decision for a bucket or object request, step by step (docs/access-control.md): policies,
 * then the ACL the action needs on an implicit deny, then the public access block; and what each step
 * reads, when. Access and explain both call it (POL-X1).
 */
class AccessDecisionTest {
    private static final String BUCKET = "examplebucket-1250000000", APPID = "1250000000", OWNER = "100000000001";
    private static final Account ACCOUNT = new Account(OWNER, APPID);
    private static final Account OTHER = new Account("100000000002", "1250000001");
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Principal who(String name) {
        return switch (name) {
            case "anonymous" -> Principal.ANONYMOUS;
            case "owner" -> new Principal.Root(ACCOUNT);
            case "owner-sub" -> new Principal.SubUser(ACCOUNT, "100000000011");
            case "other-root" -> new Principal.Root(OTHER);
            case "other-sub" -> new Principal.SubUser(OTHER, "100000000099");
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** none; allow / deny: s3:GetObject for everyone (a public policy); allow-other: for the other account's root only. */
    private static Policy policy(String name) {
        String principal = switch (name) {
            case "none" -> null;
            case "allow", "deny" -> "\"*\"";
            case "allow-other" -> "{\"AWS\":\"arn:aws:iam::" + OTHER.rootUin() + ":root\"}";
            default -> throw new IllegalArgumentException(name);
        };
        if (principal == null) return null;
        String effect = name.equals("deny") ? "Deny" : "Allow";
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":" + principal
                + ",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + BUCKET + "/*\"}]}";
        try {
            return PolicyCompiler.compile(JSON.readValue(doc, Object.class), BUCKET, APPID, "ap-guangzhou");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Acl acl(String name) {
        return switch (name) {
            case "grant-other-read" -> new Acl(OWNER, List.of(new Grant(new Grantee.Account(OTHER.rootUin()), Permission.READ)));
            default -> CannedAcl.parse(name).toAcl(OWNER, OWNER);
        };
    }

    private static PublicAccessBlock block(String name) {
        return switch (name) {
            case "none" -> PublicAccessBlock.NONE;
            case "ignore" -> new PublicAccessBlock(false, true, false, false);
            case "restrict" -> new PublicAccessBlock(false, false, false, true);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static PolicyRequest request(Principal caller, String s3Action) {
        String cos = s3Action.substring(3);
        return new PolicyRequest(caller, BUCKET, OWNER, List.of(cos), s3Action,
                s3Action.equals("s3:ListBucket") || s3Action.equals("s3:DeleteBucket") ? null : "a.txt", Facts.NONE);
    }

    private static AccessDecision.Outcome decide(String policy, Supplier<Acl> bucketAcl, Supplier<Optional<Acl>> objectAcl,
                                                 Supplier<PublicAccessBlock> block, Principal caller, String action, boolean trace) {
        var docs = new AccessDecision.Documents(new PolicyDocuments(policy(policy), null), bucketAcl, objectAcl, block);
        return AccessDecision.decide(docs, request(caller, action), NOW, trace);
    }

    @ParameterizedTest(name = "[{index}] policy {0}, bucket {1}, object {2}, block {3}: {4} {5} -> {6} {7} {8} {9}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // step 1, the policies: a Deny wins over an ACL grant, an Allow decides, the owner's root is allowed
            "deny        | private           | public-read      | none     | anonymous  | s3:GetObject   | false | EXPLICIT_DENY            | BUCKET_POLICY | -",
            "allow       | private           | private          | none     | anonymous  | s3:GetObject   | true  | EXPLICIT_ALLOW           | BUCKET_POLICY | -",
            "none        | private           | private          | none     | owner      | s3:GetObject   | true  | OWNER                    | -             | -",
            "allow-other | private           | private          | restrict | other-root | s3:GetObject   | true  | EXPLICIT_ALLOW           | BUCKET_POLICY | -",
            // step 2, on an implicit deny: the ACL the action needs
            "none        | private           | public-read      | none     | anonymous  | s3:GetObject   | true  | ACL_GRANT                | OBJECT_ACL    | -",
            "none        | public-read       | private          | none     | anonymous  | s3:ListBucket  | true  | ACL_GRANT                | BUCKET_ACL    | -",
            "none        | public-read       | private          | none     | anonymous  | s3:GetObject   | false | IMPLICIT_DENY            | -             | -",
            "none        | private           | grant-other-read | none     | other-root | s3:GetObject   | true  | ACL_GRANT                | OBJECT_ACL    | -",
            "none        | private           | grant-other-read | none     | other-sub  | s3:GetObject   | false | IMPLICIT_DENY            | -             | -",
            "none        | public-read-write | private          | none     | anonymous  | s3:DeleteBucket | false | IMPLICIT_DENY           | -             | -",
            "none        | private           | authenticated-read | none   | owner-sub  | s3:GetObject   | true  | ACL_GRANT                | OBJECT_ACL    | -",
            // ...whose public grants IgnorePublicAcls leaves out (account grants stand)
            "none        | private           | public-read      | ignore   | anonymous  | s3:GetObject   | false | IMPLICIT_DENY            | -             | IGNORE_PUBLIC_ACLS",
            "none        | public-read       | private          | ignore   | anonymous  | s3:ListBucket  | false | IMPLICIT_DENY            | -             | IGNORE_PUBLIC_ACLS",
            "none        | private           | grant-other-read | ignore   | other-root | s3:GetObject   | true  | ACL_GRANT                | OBJECT_ACL    | -",
            // step 3, on an Allow: RestrictPublicBuckets withholds a public policy's grant from outside the account
            "allow       | private           | private          | restrict | anonymous  | s3:GetObject   | false | PUBLIC_ACCESS_RESTRICTED | BUCKET_POLICY | RESTRICT_PUBLIC_BUCKETS",
            "allow       | private           | private          | restrict | owner-sub  | s3:GetObject   | true  | EXPLICIT_ALLOW           | BUCKET_POLICY | -",
            "allow       | private           | public-read      | restrict | other-root | s3:GetObject   | false | PUBLIC_ACCESS_RESTRICTED | BUCKET_POLICY | RESTRICT_PUBLIC_BUCKETS",
    })
    void eachStepDecidesInItsTurnAndNamesWhatDecided_POL_X1_ACL_E1_POL_P5_POL_P6(String policy, String bucketAcl, String objectAcl, String block,
                                                                               String caller, String action, boolean allowed, Decision.Reason reason,
                                                                               Decision.Source document, AccessDecision.Switch applied) {
        var o = decide(policy, () -> acl(bucketAcl), () -> Optional.of(acl(objectAcl)), () -> block(block), who(caller), action, false);
        assertThat(o.decision().allowed()).isEqualTo(allowed);
        assertThat(o.decision().reason()).isEqualTo(reason);
        assertThat(o.decision().source()).isEqualTo(document);
        assertThat(o.publicAccessBlock()).isEqualTo(applied);
        if (reason == Decision.Reason.ACL_GRANT) {
            assertThat(o.acl().grant()).isPresent();
            assertThat(o.acl().document()).isEqualTo(document);
            assertThat(o.decision().describe()).contains("ACL grant").endsWith("of the " + document.label());
        }
        if (applied == AccessDecision.Switch.IGNORE_PUBLIC_ACLS) {
            assertThat(o.acl().ignoredPublicGrant()).map(Grant::grantee).contains(Grantee.Group.ALL_USERS);
        }
    }

    @Test
    void noAclIsReadWhenAPolicyOrOwnershipDecidesNorThePublicAccessBlockUnlessAnAllowDecided_POL_X1_ACL_E1() {
        AtomicInteger aclReads = new AtomicInteger(), blockReads = new AtomicInteger();
        Supplier<Acl> bucketAcl = () -> { aclReads.incrementAndGet(); return acl("public-read"); };
        Supplier<Optional<Acl>> objectAcl = () -> { aclReads.incrementAndGet(); return Optional.of(acl("public-read")); };
        Supplier<PublicAccessBlock> block = () -> { blockReads.incrementAndGet(); return PublicAccessBlock.NONE; };

        decide("deny", bucketAcl, objectAcl, block, Principal.ANONYMOUS, "s3:GetObject", true);
        decide("none", bucketAcl, objectAcl, block, who("owner"), "s3:GetObject", true);
        assertThat(aclReads).hasValue(0);
        assertThat(blockReads).hasValue(0);

        decide("allow", bucketAcl, objectAcl, block, Principal.ANONYMOUS, "s3:GetObject", true);
        assertThat(aclReads).hasValue(0);
        assertThat(blockReads).hasValue(1);   // RestrictPublicBuckets is asked only about an Allow
    }

    @Test
    void theAclStepReadsOnlyTheAclTheActionNeedsAndTheBlockOnlyWhenThereIsOne_POL_X1_ACL_E1() {
        AtomicInteger blockReads = new AtomicInteger();
        Supplier<PublicAccessBlock> block = () -> { blockReads.incrementAndGet(); return PublicAccessBlock.NONE; };
        Supplier<Optional<Acl>> noObjectRead = () -> { throw new AssertionError("object ACL read for a bucket action"); };
        Supplier<Acl> noBucketRead = () -> { throw new AssertionError("bucket ACL read for an object action"); };

        assertThat(decide("none", () -> acl("public-read"), noObjectRead, block, Principal.ANONYMOUS, "s3:ListBucket", false)
                .decision().allowed()).isTrue();
        assertThat(decide("none", noBucketRead, () -> Optional.of(acl("public-read")), block, Principal.ANONYMOUS, "s3:GetObject", false)
                .decision().allowed()).isTrue();
        assertThat(blockReads).hasValue(2);

        // no ACL grants DeleteBucket: nothing is read; a missing object has no ACL: the block is not asked
        var none = decide("none", noBucketRead, noObjectRead, block, Principal.ANONYMOUS, "s3:DeleteBucket", false);
        assertThat(none.acl()).isNull();
        var missing = decide("none", noBucketRead, Optional::empty, block, Principal.ANONYMOUS, "s3:GetObject", false);
        assertThat(missing.decision().reason()).isEqualTo(Decision.Reason.IMPLICIT_DENY);
        assertThat(missing.acl().aclRead()).isFalse();
        assertThat(blockReads).hasValue(2);
    }

    @Test
    void withATraceEachLaterStepSaysWhatItDidAndWithoutOneNothingIsAdded_POL_X1() {
        var granted = decide("none", () -> acl("private"), () -> Optional.of(acl("public-read")), () -> PublicAccessBlock.NONE,
                Principal.ANONYMOUS, "s3:GetObject", true);
        assertThat(granted.decision().trace()).contains("object ACL: grant READ to AllUsers allows it (ACL-E1)");
        var ignored = decide("none", () -> acl("private"), () -> Optional.of(acl("public-read")), () -> block("ignore"),
                Principal.ANONYMOUS, "s3:GetObject", true);
        assertThat(ignored.decision().trace()).contains("object ACL: no grant allows it",
                "IgnorePublicAcls: grant READ to AllUsers of the object ACL is left out (POL-P6)");
        var restricted = decide("allow", () -> acl("private"), () -> Optional.of(acl("private")), () -> block("restrict"),
                Principal.ANONYMOUS, "s3:GetObject", true);
        assertThat(restricted.decision().trace()).last().asString().startsWith("RestrictPublicBuckets:");
        assertThat(decide("none", () -> acl("private"), () -> Optional.of(acl("public-read")), () -> block("ignore"),
                Principal.ANONYMOUS, "s3:GetObject", false).decision().trace()).isEmpty();
    }

    /**
     * The other account's identity policy in the S3 grammar (its COS resources would carry its own APPID):
     * none; allow / deny s3:GetObject and s3:ListBucket on this bucket; allow-other: only another bucket.
     */
    private static Policy identity(String name) {
        String effect = switch (name) {
            case "none" -> null;
            case "allow", "allow-other" -> "Allow";
            case "deny" -> "Deny";
            default -> throw new IllegalArgumentException(name);
        };
        if (effect == null) return null;
        String b = name.equals("allow-other") ? "otherbucket-1250000001" : BUCKET;
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":[\"s3:GetObject\","
                + "\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::" + b + "\",\"arn:aws:s3:::" + b + "/*\"]}]}";
        try {
            return PolicyCompiler.compileIdentity(JSON.readValue(doc, Object.class), OTHER.appId(), "ap-guangzhou");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A bucket policy allowing or denying the other account's sub-user by name (POL-I4 needs it named, or *). */
    private static Policy bucketPolicyFor(String name, Principal.SubUser sub) {
        if (name.equals("none")) return null;
        if (!name.equals("allow-sub") && !name.equals("deny-sub")) return policy(name);
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + (name.equals("allow-sub") ? "Allow" : "Deny")
                + "\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + OTHER.rootUin() + ":user/" + sub.uin() + "\"},"
                + "\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::" + BUCKET + "\",\"arn:aws:s3:::" + BUCKET + "/*\"]}]}";
        try {
            return PolicyCompiler.compile(JSON.readValue(doc, Object.class), BUCKET, APPID, "ap-guangzhou");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * POL-I4 with ACLs (ACL-E3), as S3 and CAM decide it: a sub-user of another account needs an Allow in its own
     * identity policy AND the resource's side, a bucket-policy Allow or an ACL grant; a Deny anywhere wins; no
     * ACL is read for it without an identity Allow. Another account's root is decided by the resource side alone
     * and the owner's own sub-user as before.
     */
    @ParameterizedTest(name = "[{index}] {0}: identity {1}, bucket policy {2}, object ACL {3}, {4} -> {5} {6}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // neither side, or only one: refused, and an ACL grant alone never lets it in (no ACL read without the identity Allow)
            "other-sub  | none        | none      | public-read        | s3:GetObject  | false | IMPLICIT_DENY            | -",
            "other-sub  | none        | none      | authenticated-read | s3:GetObject  | false | IMPLICIT_DENY            | -",
            "other-sub  | allow-other | none      | public-read        | s3:GetObject  | false | IMPLICIT_DENY            | -",
            "other-sub  | none        | allow-sub | public-read        | s3:GetObject  | false | CROSS_ACCOUNT_NEEDS_BOTH | BUCKET_POLICY",
            "other-sub  | allow       | none      | private            | s3:GetObject  | false | CROSS_ACCOUNT_NEEDS_BOTH | IDENTITY_POLICY",
            // its identity Allow and a resource grant: the bucket policy's Allow, or an ACL grant
            "other-sub  | allow       | allow-sub | private            | s3:GetObject  | true  | EXPLICIT_ALLOW           | BUCKET_POLICY",
            "other-sub  | allow       | none      | public-read        | s3:GetObject  | true  | IDENTITY_AND_ACL_GRANT   | IDENTITY_POLICY",
            "other-sub  | allow       | none      | authenticated-read | s3:GetObject  | true  | IDENTITY_AND_ACL_GRANT   | IDENTITY_POLICY",
            "other-sub  | allow       | none      | public-read        | s3:ListBucket | true  | IDENTITY_AND_ACL_GRANT   | IDENTITY_POLICY",
            // an account grant matches the account's root only (ACL-E3)
            "other-sub  | allow       | none      | grant-other-read   | s3:GetObject  | false | CROSS_ACCOUNT_NEEDS_BOTH | IDENTITY_POLICY",
            // an explicit Deny anywhere wins over every grant
            "other-sub  | deny        | allow-sub | public-read        | s3:GetObject  | false | EXPLICIT_DENY            | IDENTITY_POLICY",
            "other-sub  | allow       | deny-sub  | public-read        | s3:GetObject  | false | EXPLICIT_DENY            | BUCKET_POLICY",
            "other-sub  | allow       | deny      | public-read        | s3:GetObject  | false | EXPLICIT_DENY            | BUCKET_POLICY",
            // another account's root: the resource side alone; the owner's sub-user: as before
            "other-root | none        | none      | grant-other-read   | s3:GetObject  | true  | ACL_GRANT                | OBJECT_ACL",
            "other-root | none        | none      | public-read        | s3:GetObject  | true  | ACL_GRANT                | OBJECT_ACL",
            "owner-sub  | none        | none      | authenticated-read | s3:GetObject  | true  | ACL_GRANT                | OBJECT_ACL",
    })
    void anotherAccountsSubUserNeedsItsIdentityAllowAndAResourceGrantFromThePolicyOrAnAcl_POL_I4_ACL_E3(
            String caller, String identity, String bucketPolicy, String objectAcl, String action, boolean allowed,
            Decision.Reason reason, Decision.Source document) {
        Principal who = who(caller);
        AtomicInteger aclReads = new AtomicInteger();
        Supplier<Acl> bucketAcl = () -> { aclReads.incrementAndGet(); return acl(objectAcl); };
        Supplier<Optional<Acl>> objAcl = () -> { aclReads.incrementAndGet(); return Optional.of(acl(objectAcl)); };
        Policy bp = bucketPolicyFor(bucketPolicy, who instanceof Principal.SubUser s ? s : new Principal.SubUser(OTHER, "100000000099"));
        var docs = new AccessDecision.Documents(new PolicyDocuments(bp, identity(identity)), bucketAcl, objAcl, () -> PublicAccessBlock.NONE);
        var o = AccessDecision.decide(docs, request(who, action), NOW, true);
        assertThat(o.decision().allowed()).as("%s", o.decision().trace()).isEqualTo(allowed);
        assertThat(o.decision().reason()).isEqualTo(reason);
        assertThat(o.decision().source()).isEqualTo(document);
        if (caller.equals("other-sub") && identity.equals("none") || identity.equals("allow-other")) {
            assertThat(aclReads).as("no ACL is read without the identity Allow").hasValue(0);
        }
        if (reason == Decision.Reason.IDENTITY_AND_ACL_GRANT) {
            // explain names both halves: the identity statement and the ACL grant
            assertThat(o.acl().grant()).isPresent();
            assertThat(o.decision().statement()).startsWith("statement[0]");
            assertThat(o.decision().describe()).contains("identity policy statement[0]").contains("ACL grant");
            assertThat(o.decision().trace()).last().asString().contains("identity policy statement[0]").contains("ACL grant")
                    .contains("POL-I4");
        }
    }
}
