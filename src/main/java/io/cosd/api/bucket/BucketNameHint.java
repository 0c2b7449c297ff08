package io.cosd.api.bucket;

import io.cosd.domain.bucket.BucketNames;
import io.cosd.domain.bucket.BucketNaming;

/**
 * The InvalidBucketName message (docs/buckets.md "Bucket names"). S3 tools create {@code mybucket}
 * and nothing else tells a new user the APPID, so the message names the rule and, for an
 * authenticated caller, the name that would work with their own APPID. The code and status stay
 * COS's and S3's ({@code 400 InvalidBucketName}); only the message is worded.
 */
final class BucketNameHint {
    private static final String BASE = "The specified bucket is not valid.";

    private BucketNameHint() {}

    /** @param appId the caller's APPID, or null for an anonymous caller (gets the generic hint) */
    static String message(String name, BucketNames.Verdict verdict, BucketNaming naming, String appId) {
        String cosRule = "Bucket names are <name>-<APPID>: the name part is lowercase letters, digits and hyphens, "
                + "starts and ends with a letter or digit, at most " + BucketNames.COS_NAME_MAX + " characters and "
                + BucketNames.COS_MAX + " in all";
        String rule = naming == BucketNaming.S3
                ? cosRule + "; or plain S3 names (3-63 lowercase letters, digits, hyphens and dots, unique on this server)"
                : cosRule;
        if (appId == null) return BASE + " " + rule + ", where APPID is the bucket owner's account APPID.";
        String yours = ", where APPID is your account's APPID " + appId;
        String example = BucketNames.appIdOf(name + "-" + appId).isPresent() ? name + "-" + appId : "mybucket-" + appId;
        if (verdict == BucketNames.Verdict.FOREIGN_APPID) {
            return BASE + " The name ends in another account's APPID. " + rule + yours + " (e.g. " + example(name, appId) + ").";
        }
        return BASE + " " + rule + yours + " (e.g. " + example + ").";
    }

    /** {@code photos-1250000000} from another account → {@code photos-<appId>}. */
    private static String example(String name, String appId) {
        int dash = name.lastIndexOf('-');
        String candidate = (dash > 0 ? name.substring(0, dash) : name) + "-" + appId;
        return BucketNames.appIdOf(candidate).isPresent() ? candidate : "mybucket-" + appId;
    }
}
