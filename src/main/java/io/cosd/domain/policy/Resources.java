package io.cosd.domain.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A statement's compiled resource element, matched against {@code <bucket>/<key>} for object
 * operations and the bucket itself for bucket operations.
 * <ul>
 *   <li>COS (POL-C5): {@code qcs::cos:<region>:uid/<APPID>:<bucket>/<key-pattern>}; {@code <bucket>/*}
 *       covers the bucket-level APIs too (every COS sample grants bucket APIs that way), a prefix such
 *       as {@code <bucket>/folder/*} covers objects only; {@code *} is everything.</li>
 *   <li>S3 (POL-S3, POL-S7): {@code arn:aws:s3:::<bucket>} is the bucket, {@code arn:aws:s3:::<bucket>/<key-pattern>}
 *       its objects ({@code bucket/*} does not cover bucket APIs); {@code ?} is a one-character wildcard.</li>
 * </ul>
 */
final class Resources {
    /**
     * @param glob     the whole {@code <bucket>[/<key-pattern>]}, used when the bucket part has wildcards
     * @param keyGlob  the key pattern alone when the bucket part is this bucket literally (the common case:
     *                 the bucket name is not re-compared per request); null when the resource has no key part
     * @param literal  the bucket part is this bucket's name
     */
    private record Entry(Glob glob, Glob keyGlob, boolean literal, boolean cos) {}

    private final List<Entry> entries;
    private final boolean not;
    final List<String> raw;

    private Resources(List<Entry> entries, boolean not, List<String> raw) {
        this.entries = entries;
        this.not = not;
        this.raw = raw;
    }

    /**
     * Compiles resources for {@code bucket} (full name), its APPID and region. On a defect returns
     * null and puts a message naming it in {@code bad[0]}: a malformed string, or one naming another
     * bucket, APPID or region. {@code bucket} null compiles an identity policy's resources (POL-I1):
     * any bucket (of the APPID, in COS resources), and {@code *} in both grammars, as IAM allows.
     */
    static Resources compile(List<String> resources, boolean not, String bucket, String appId, String region, boolean s3Grammar, String[] bad) {
        List<Entry> out = new ArrayList<>();
        for (String r : resources) {
            String path;
            boolean cos;
            if (r.equals("*")) {
                // AWS rejects a bare "*" resource (noobaa/noobaa-core#10058); COS documents it.
                if (s3Grammar && bucket != null) { bad[0] = "Policy has invalid resource: " + r; return null; }
                out.add(new Entry(new Glob("*", false, false), null, false, true));
                continue;
            } else if (r.startsWith("arn:aws:s3:::")) {
                path = r.substring("arn:aws:s3:::".length());
                cos = false;
            } else if (r.startsWith("qcs:")) {
                String[] seg = r.split(":", 6);
                if (seg.length != 6 || !seg[2].equals("cos") || !seg[4].startsWith("uid/") || seg[5].isEmpty()) {
                    bad[0] = "Policy has invalid resource: " + r;
                    return null;
                }
                if (!seg[4].substring(4).equals(appId)) { bad[0] = "Policy has invalid resource (another account's APPID): " + r; return null; }
                if (!seg[3].isEmpty() && !seg[3].equals("*") && !seg[3].equals(region)) {
                    bad[0] = "Policy has invalid resource (another region): " + r;
                    return null;
                }
                path = legacyHost(seg[5], region);
                cos = true;
            } else {
                bad[0] = "Policy has invalid resource: " + r;
                return null;
            }
            int slash = path.indexOf('/');
            String bucketPart = slash < 0 ? path : path.substring(0, slash);
            if (bucketPart.isEmpty() || bucket != null && !new Glob(bucketPart, !cos, false).matches(bucket)) {
                bad[0] = "Policy has invalid resource (not this bucket " + bucket + "): " + r;
                return null;
            }
            boolean literal = bucket != null && bucketPart.equals(bucket);
            Glob keyGlob = literal && slash >= 0 ? new Glob(path.substring(slash + 1), !cos, false) : null;
            out.add(new Entry(new Glob(path, !cos, false), keyGlob, literal, cos));
        }
        return new Resources(List.copyOf(out), not, List.copyOf(resources));
    }

    /** The legacy COS form names the bucket by its domain ({@code examplebucket-1250000000.ap-guangzhou.myqcloud.com/*}). */
    private static String legacyHost(String path, String region) {
        int slash = path.indexOf('/');
        String b = slash < 0 ? path : path.substring(0, slash);
        for (String suffix : new String[]{"." + region + ".myqcloud.com", ".cos." + region + ".myqcloud.com"}) {
            if (b.endsWith(suffix)) return b.substring(0, b.length() - suffix.length()) + (slash < 0 ? "" : path.substring(slash));
        }
        return path;
    }

    boolean matches(PolicyRequest r) {
        return not != listed(r);
    }

    private boolean listed(PolicyRequest r) {
        for (Entry e : entries) {
            if (e.literal) {
                if (r.key != null) {
                    if (e.keyGlob != null && e.keyGlob.matches(r.key)) return true;
                } else if (e.keyGlob == null || (e.cos && e.keyGlob.matches(""))) {
                    return true;   // the bucket itself; COS <bucket>/* covers bucket APIs too
                }
                continue;
            }
            if (r.objectPath != null) {
                if (e.glob.matches(r.objectPath)) return true;
            } else if (e.cos) {
                if (e.glob.matches(r.bucketSlash) || e.glob.matches(r.bucket)) return true;
            } else if (e.glob.matches(r.bucket)) {
                return true;
            }
        }
        return false;
    }
}
