package io.cosd.domain.policy;

import io.cosd.domain.identity.Principal;

import java.util.List;
import java.util.Locale;

/**
 * What is being asked: who calls, which operation (its COS names with aliases and its S3 action),
 * on which bucket (and its owner) and key (null for bucket operations), with which facts.
 */
public final class PolicyRequest {
    final Principal caller;
    final String bucket;
    final String ownerUin;
    final List<String> cosActions;
    final String s3Action;
    final String key;
    final Facts facts;
    /** {@code <bucket>/<key>} computed once, not per statement. */
    final String objectPath;
    final String bucketSlash;
    /** {@code <root uin>/<uin>} for a sub-user caller, as {@link Principals} keys them. */
    final String userKey;

    /**
     * @param cosActions COS action names without {@code name/cos:} (first is the canonical one)
     * @param s3Action   with or without the {@code s3:} prefix
     */
    public PolicyRequest(Principal caller, String bucket, String ownerUin, List<String> cosActions, String s3Action, String key, Facts facts) {
        this.caller = caller;
        this.bucket = bucket;
        this.ownerUin = ownerUin;
        this.cosActions = List.copyOf(cosActions);
        String s3 = s3Action.toLowerCase(Locale.ROOT);
        this.s3Action = s3.startsWith("s3:") ? s3.substring(3) : s3;
        this.key = key;
        this.facts = facts;
        this.objectPath = key == null ? null : bucket + "/" + key;
        this.bucketSlash = bucket + "/";
        this.userKey = caller instanceof Principal.SubUser s ? s.account().rootUin() + "/" + s.uin() : null;
    }

    public Principal caller() { return caller; }

    public String key() { return key; }

    /** The S3 action, lower case without {@code s3:} (what an ACL step asks for, ACL-E2). */
    public String s3Action() { return s3Action; }

    /** The bucket owner's root uin (RestrictPublicBuckets asks whether the caller is in its account, POL-P5). */
    public String ownerUin() { return ownerUin; }

    boolean callerIsOwnerRoot() {
        return caller instanceof Principal.Root r && r.account().rootUin().equals(ownerUin);
    }
}
