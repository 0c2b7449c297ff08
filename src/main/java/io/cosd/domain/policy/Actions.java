package io.cosd.domain.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A statement's compiled action element. COS names ({@code name/cos:GetObject}, user-policy style
 * {@code cos:Get*}) compare case-sensitively (POL-C4); S3 names ({@code s3:GetObject}) compare
 * case-insensitively with {@code *} and {@code ?} (POL-S7). A bare {@code *} is every action.
 */
final class Actions {
    /** COS action names of docs/spec/semantics.md §5.2 (plus aliases the docs and SDKs disagree on). */
    static final Set<String> COS = Set.of(
            "GetService",
            "PutBucket", "HeadBucket", "GetBucket", "GetBucketObjectVersions", "DeleteBucket", "GetBucketLocation",
            "PutBucketACL", "GetBucketACL", "PutBucketCORS", "GetBucketCORS", "DeleteBucketCORS",
            "PutBucketLifecycle", "GetBucketLifecycle", "DeleteBucketLifecycle", "PutBucketVersioning", "GetBucketVersioning",
            "PutBucketReplication", "GetBucketReplication", "DeleteBucketReplication",
            "PutBucketPolicy", "GetBucketPolicy", "DeleteBucketPolicy",
            "PutBucketTagging", "GetBucketTagging", "DeleteBucketTagging", "PutBucketReferer", "GetBucketReferer",
            "PutBucketWebsite", "GetBucketWebsite", "DeleteBucketWebsite", "PutBucketLogging", "GetBucketLogging",
            "PutBucketInventory", "GetBucketInventory", "DeleteBucketInventory", "ListBucketInventory",
            "PutBucketEncryption", "GetBucketEncryption", "DeleteBucketEncryption",
            "PutBucketDomain", "GetBucketDomain", "DeleteBucketDomain", "PutBucketOrigin", "GetBucketOrigin", "DeleteBucketOrigin",
            "PutBucketAccelerate", "GetBucketAccelerate", "ListMultipartUploads",
            // cosd's names for S3-only operations COS lacks (docs/policy.md#public-access-block)
            "GetBucketPublicAccessBlock", "PutBucketPublicAccessBlock", "GetBucketPolicyStatus",
            "PutObject", "PostObject", "GetObject", "HeadObject", "DeleteObject", "DeleteMultipleObject", "OptionsObject",
            "AppendObject", "PostObjectRestore", "RestoreObject", "PutObjectACL", "GetObjectACL",
            "PutObjectTagging", "GetObjectTagging", "DeleteObjectTagging",
            "InitiateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "AbortMultipartUpload", "ListParts");

    /** S3 actions cosd knows (lower case; S3 action names are case-insensitive). */
    static final Set<String> S3 = lower(
            "ListAllMyBuckets", "CreateBucket", "DeleteBucket", "ListBucket", "ListBucketVersions", "GetBucketLocation",
            "ListBucketMultipartUploads", "GetBucketCORS", "PutBucketCORS", "GetLifecycleConfiguration", "PutLifecycleConfiguration",
            "GetBucketVersioning", "PutBucketVersioning", "GetReplicationConfiguration", "PutReplicationConfiguration",
            "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy", "GetBucketPolicyStatus", "GetBucketTagging", "PutBucketTagging",
            "GetBucketAcl", "PutBucketAcl", "GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite", "GetBucketLogging",
            "PutBucketLogging", "GetEncryptionConfiguration", "PutEncryptionConfiguration", "GetBucketObjectLockConfiguration",
            "PutBucketObjectLockConfiguration", "GetBucketNotification", "PutBucketNotification", "GetBucketOwnershipControls",
            "PutBucketOwnershipControls", "GetBucketPublicAccessBlock", "PutBucketPublicAccessBlock", "GetAccelerateConfiguration",
            "PutAccelerateConfiguration", "GetBucketRequestPayment", "PutBucketRequestPayment",
            "GetObject", "GetObjectVersion", "PutObject", "DeleteObject", "DeleteObjectVersion", "GetObjectAcl", "PutObjectAcl",
            "GetObjectVersionAcl", "PutObjectVersionAcl", "GetObjectTagging", "PutObjectTagging", "DeleteObjectTagging",
            "GetObjectVersionTagging", "PutObjectVersionTagging", "DeleteObjectVersionTagging", "RestoreObject",
            "AbortMultipartUpload", "ListMultipartUploadParts", "GetObjectAttributes", "GetObjectVersionAttributes",
            "GetObjectRetention", "PutObjectRetention", "GetObjectLegalHold", "PutObjectLegalHold", "BypassGovernanceRetention",
            "ReplicateObject", "ReplicateDelete", "ReplicateTags", "GetObjectVersionForReplication");

    private final boolean all;
    private final Set<String> cosExact;
    private final List<Glob> cosGlobs;
    private final Set<String> s3Exact;
    private final List<Glob> s3Globs;
    private final boolean not;
    final List<String> raw;

    private Actions(boolean all, Set<String> cosExact, List<Glob> cosGlobs, Set<String> s3Exact, List<Glob> s3Globs, boolean not, List<String> raw) {
        this.all = all;
        this.cosExact = cosExact;
        this.cosGlobs = cosGlobs;
        this.s3Exact = s3Exact;
        this.s3Globs = s3Globs;
        this.not = not;
        this.raw = raw;
    }

    /**
     * Compiles action strings; returns the first invalid one through {@code bad} (null when all are valid).
     * Valid: {@code *}, {@code name/cos:<Known|wildcard>}, {@code cos:<Known|wildcard>}, {@code s3:<known|wildcard>}.
     */
    static Actions compile(List<String> actions, boolean not, String[] bad) {
        boolean all = false;
        Set<String> cosExact = new HashSet<>(), s3Exact = new HashSet<>();
        List<Glob> cosGlobs = new ArrayList<>(), s3Globs = new ArrayList<>();
        for (String a : actions) {
            String name;
            if (a.equals("*")) {
                all = true;
            } else if ((name = strip(a, "name/cos:")) != null || (name = strip(a, "cos:")) != null) {
                if (name.isEmpty() || (!Glob.hasWildcard(name, false) && !COS.contains(name))) { bad[0] = a; return null; }
                if (Glob.hasWildcard(name, false)) cosGlobs.add(new Glob(name, false, false)); else cosExact.add(name);
            } else if (a.regionMatches(true, 0, "s3:", 0, 3)) {
                name = a.substring(3).toLowerCase(Locale.ROOT);
                if (name.isEmpty() || (!Glob.hasWildcard(name, true) && !S3.contains(name))) { bad[0] = a; return null; }
                if (Glob.hasWildcard(name, true)) s3Globs.add(new Glob(name, true, true)); else s3Exact.add(name);
            } else {
                bad[0] = a;
                return null;
            }
        }
        return new Actions(all, Set.copyOf(cosExact), List.copyOf(cosGlobs), Set.copyOf(s3Exact), List.copyOf(s3Globs), not, List.copyOf(actions));
    }

    private static String strip(String a, String prefix) {
        return a.startsWith(prefix) ? a.substring(prefix.length()) : null;
    }

    /** @param cosNames the operation's COS names (without {@code name/cos:}), aliases included; @param s3Name lower case, without {@code s3:} */
    boolean matches(List<String> cosNames, String s3Name) {
        return not != listed(cosNames, s3Name);
    }

    private boolean listed(List<String> cosNames, String s3Name) {
        if (all) return true;
        for (String n : cosNames) {
            if (cosExact.contains(n)) return true;
            for (Glob g : cosGlobs) if (g.matches(n)) return true;
        }
        if (s3Exact.contains(s3Name)) return true;
        for (Glob g : s3Globs) if (g.matches(s3Name)) return true;
        return false;
    }

    private static Set<String> lower(String... names) {
        Set<String> s = new HashSet<>();
        for (String n : names) s.add(n.toLowerCase(Locale.ROOT));
        return Set.copyOf(s);
    }
}
