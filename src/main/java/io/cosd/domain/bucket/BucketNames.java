package io.cosd.domain.bucket;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The one bucket-name rule set (docs/buckets.md "Bucket names"); CreateBucket, replication
 * destinations and virtual-host addressing all ask here. Pure: the caller supplies the facts.
 *
 * <p>COS form: {@code <name>-<APPID>}; the name part is lower-case letters, digits and '-', neither
 * starting nor ending with '-' and without "--", at most 50 characters, and the whole name at most 60
 * (COS "Bucket naming rules": BucketName-APPID is at most 60 characters with the default domain;
 * docs/spec/protocol.md §4.4 InvalidBucketName: "name not [a-z0-9-], bad -APPID suffix, too long").
 *
 * <p>S3 form (AWS "General purpose bucket naming rules"): 3-63 characters of lower-case letters,
 * digits, '.' and '-', starting and ending with a letter or digit, no "..", "-." or ".-", not an IPv4 address, not
 * starting with {@code xn--}, {@code sthree-} or {@code amzn-s3-demo-}, not ending with
 * {@code -s3alias}, {@code --ol-s3}, {@code .mrap}, {@code --x-s3} or {@code --table-s3}.
 */
public final class BucketNames {
    private static final Pattern COS_FORM = Pattern.compile("^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)-([0-9]{1,20})$");
    private static final Pattern S3_FORM = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    private static final Pattern IPV4 = Pattern.compile("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$");
    public static final int COS_MAX = 60, COS_NAME_MAX = 50;

    /** Why a name was refused (the api turns it into the InvalidBucketName message). */
    public enum Verdict {
        OK,
        /** Neither form this deployment accepts. */
        MALFORMED,
        /** COS form, and the APPID suffix is another account's. */
        FOREIGN_APPID
    }

    /** A refused name: raised by the bucket service, translated by the api. */
    public static final class InvalidName extends RuntimeException {
        private final Verdict verdict;
        private final String name;

        public InvalidName(String name, Verdict verdict) {
            super("invalid bucket name (" + verdict + "): " + name, null, false, false);
            this.name = name;
            this.verdict = verdict;
        }

        public Verdict verdict() { return verdict; }

        public String name() { return name; }
    }

    private BucketNames() {}

    /** The APPID suffix if {@code bucket} is a syntactically valid COS name. */
    public static Optional<String> appIdOf(String bucket) {
        if (bucket == null || bucket.length() > COS_MAX) return Optional.empty();
        var m = COS_FORM.matcher(bucket);
        if (!m.matches()) return Optional.empty();
        if (m.group(1).length() > COS_NAME_MAX || m.group(1).contains("--")) return Optional.empty();
        return Optional.of(m.group(2));
    }

    public static boolean isCosForm(String bucket) {
        return appIdOf(bucket).isPresent();
    }

    public static boolean isS3Form(String bucket) {
        if (bucket == null || !S3_FORM.matcher(bucket).matches()) return false;
        // No dash next to a dot: every dot-separated label is then a DNS label, so the name also works
        // as a virtual host (AWS's label rule, which it enforces; s3-tests dns_dash_dot / dns_dot_dash).
        if (bucket.contains("..") || bucket.contains("-.") || bucket.contains(".-") || IPV4.matcher(bucket).matches()) return false;
        for (String p : new String[] {"xn--", "sthree-", "amzn-s3-demo-"}) if (bucket.startsWith(p)) return false;
        for (String s : new String[] {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}) if (bucket.endsWith(s)) return false;
        return true;
    }

    /** The characters every bucket name cosd has ever created is made of (both forms, every rule it has had). */
    private static final Pattern MAY_EXIST = Pattern.compile("^[a-z0-9.-]{3,63}$");

    /**
     * ST-V5 (docs/buckets.md "Names no bucket can have"): whether {@code bucket} may name an existing bucket of this
     * server, judged from the name alone. Every name CreateBucket accepts, in either naming mode and under every rule
     * cosd has had, is 3 to 63 of {@code [a-z0-9.-]} (COS form at most 60), so one that is not (too long, too short,
     * upper case, any other character) names no bucket and a request naming it is refused before anything is looked up.
     * Deliberately looser than {@link #isWellFormed(String)}: a name that only breaks a rule added later or the other
     * mode's (a {@code -.}, a trailing {@code -}, a plain name after a switch to {@code cos}) may still be an existing
     * bucket's, and is looked up as before (S3 answers such names {@code NoSuchBucket} after a lookup too).
     */
    public static boolean mayExist(String bucket) {
        return bucket != null && bucket.length() <= 63 && MAY_EXIST.matcher(bucket).matches();
    }

    /** A name some deployment could hold (either form): what a reference to a bucket elsewhere may name. */
    public static boolean isWellFormed(String bucket) {
        return isCosForm(bucket) || isS3Form(bucket);
    }

    /** A name this deployment can hold, whoever owns it: what addressing may route to. */
    public static boolean isWellFormed(String bucket, BucketNaming naming) {
        return naming == BucketNaming.S3 ? isWellFormed(bucket) : isCosForm(bucket);
    }

    /**
     * Whether {@code bucket} may be created by the account with {@code appId}.
     *
     * @param otherAppIds whether an APPID is another account's: in S3 mode a COS-form name stays its
     *                    account's (no one else may take {@code photos-<their APPID>}), while a numeric
     *                    suffix no account has (e.g. {@code logs-2024}) is just part of a plain name
     */
    public static Verdict check(String bucket, BucketNaming naming, String appId, Predicate<String> otherAppIds) {
        Optional<String> suffix = appIdOf(bucket);
        if (suffix.isPresent() && suffix.get().equals(appId)) return Verdict.OK;
        if (suffix.isPresent() && otherAppIds.test(suffix.get())) return Verdict.FOREIGN_APPID;
        return naming == BucketNaming.S3 && isS3Form(bucket) ? Verdict.OK : Verdict.MALFORMED;
    }
}
