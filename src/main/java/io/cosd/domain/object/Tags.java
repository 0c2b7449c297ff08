package io.cosd.domain.object;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Object tag rules, shared by PUT ?tagging and the x-cos-tagging / x-amz-tagging header. COS and S3
 * agree: at most 10 tags, unique keys, key 1..128 and value 0..256 characters from letters, digits,
 * spaces and {@code + - = . _ : / @} (COS doc 436/42997, AWS "Categorizing your storage using tags";
 * ceph s3-tests test_put_excess_tags / test_put_excess_key_tags / test_put_excess_val_tags expect
 * InvalidTag). Lengths are counted in bytes of UTF-8 as COS documents them ("128 bytes"), which for
 * the ASCII sets the SDKs send is the same as characters.
 */
public final class Tags {
    public static final int MAX_TAGS = 10;
    public static final int MAX_KEY_BYTES = 128;
    public static final int MAX_VALUE_BYTES = 256;

    /** Either the validated tag map (insertion order kept) or the defect, as a sentence. */
    public record Checked(Map<String, String> tags, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private Tags() {}

    public static Checked check(List<Map.Entry<String, String>> pairs) {
        return check(pairs, MAX_TAGS, "Object tags cannot be greater than " + MAX_TAGS + ".");
    }

    /**
     * The per-tag rules above with another bound on the count: bucket tags (domain/bucket/BucketTags,
     * BT-2) share them and allow 50.
     *
     * @param tooMany the problem when there are more than {@code maxTags} pairs
     */
    public static Checked check(List<Map.Entry<String, String>> pairs, int maxTags, String tooMany) {
        if (pairs.size() > maxTags) return fail(tooMany);
        Map<String, String> out = new LinkedHashMap<>();
        for (var p : pairs) {
            String k = p.getKey(), v = p.getValue() == null ? "" : p.getValue();
            if (k == null || k.isEmpty()) return fail("The TagKey you have provided is invalid: it is empty.");
            if (utf8(k) > MAX_KEY_BYTES) return fail("The TagKey you have provided is too long, max " + MAX_KEY_BYTES + ".");
            if (utf8(v) > MAX_VALUE_BYTES) return fail("The TagValue you have provided is too long, max " + MAX_VALUE_BYTES + ".");
            if (!allowed(k)) return fail("The TagKey you have provided is invalid: " + k);
            if (!allowed(v)) return fail("The TagValue you have provided is invalid: " + v);
            if (out.putIfAbsent(k, v) != null) return fail("Cannot provide multiple Tags with the same key: " + k);
        }
        return new Checked(Collections.unmodifiableMap(out), null);
    }

    private static Checked fail(String problem) {
        return new Checked(null, problem);
    }

    static boolean allowed(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) || cp == ' ' || "+-=._:/@".indexOf(cp) >= 0) continue;
            return false;
        }
        return true;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
