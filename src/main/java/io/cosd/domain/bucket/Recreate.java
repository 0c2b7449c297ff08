package io.cosd.domain.bucket;

import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.ObjectOwnership;

import java.util.Map;
import java.util.Objects;

/**
 * CreateBucket on a bucket the caller's account already owns (docs/buckets.md "Creating a bucket you
 * own", ACC-6), pure. S3 answers 409 BucketAlreadyOwnedByYou in every region but us-east-1, where
 * it answers 200 for legacy reasons; COS always answers 409 BucketAlreadyOwnedByYou
 * (docs/spec/protocol.md §4.4). A 200 changes nothing: a re-create asking for anything other than
 * what the bucket has (its ACL, Object Ownership, AZ type, tags) is 409 BucketAlreadyExists, as RGW
 * answers, so a client never believes a setting was applied when it was not.
 */
public final class Recreate {
    /** The one region whose S3 CreateBucket answers 200 to the owner. */
    public static final String LEGACY_REGION = "us-east-1";

    public enum Answer {
        /** 200 and nothing changes. */
        UNCHANGED,
        /** 409 BucketAlreadyOwnedByYou. */
        ALREADY_OWNED_BY_YOU,
        /** 409 BucketAlreadyExists: the request asked for something the bucket does not have. */
        ALREADY_EXISTS
    }

    /**
     * What the re-create asks for, as a fresh create would make it, and what the bucket has.
     *
     * @param tags asked: the tags given at creation (BT-6; empty: none asked); has: the bucket's tags (empty: none)
     */
    public record Settings(Acl acl, ObjectOwnership ownership, AzType az, Map<String, String> tags) {
        public Settings {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }

        /** Settings that ask for (or have) no tags. */
        public Settings(Acl acl, ObjectOwnership ownership, AzType az) {
            this(acl, ownership, az, Map.of());
        }
    }

    private Recreate() {}

    /**
     * @param s3Dialect whether the request is in the S3 dialect
     * @param region    this deployment's region
     * @param asked     the ACL (none asked: the owner's FULL_CONTROL), ownership (null: none asked), AZ type and tags (empty: none asked)
     * @param has       the bucket's stored ACL, ownership controls (null: none), AZ type and tags
     */
    public static Answer decide(boolean s3Dialect, String region, Settings asked, Settings has) {
        if (!s3Dialect || !LEGACY_REGION.equals(region)) return Answer.ALREADY_OWNED_BY_YOU;
        boolean same = asked.acl().equals(has.acl()) && asked.az() == has.az()
                && (asked.ownership() == null || Objects.equals(asked.ownership(), has.ownership()))
                && (asked.tags().isEmpty() || asked.tags().equals(has.tags())); // tags asked must be exactly those held
        return same ? Answer.UNCHANGED : Answer.ALREADY_EXISTS;
    }
}
