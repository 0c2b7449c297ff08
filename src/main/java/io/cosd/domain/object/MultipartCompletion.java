package io.cosd.domain.object;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Checks a CompleteMultipartUpload part list against the uploaded parts and computes the object's
 * size and ETag. Pure: no I/O. The rules (S3/COS):
 * - the list is non-empty and its part numbers strictly ascend ({@link Problem#INVALID_PART_ORDER});
 * - every listed part was uploaded and its ETag matches, quotes ignored ({@link Problem#INVALID_PART});
 * - every part but the last has at least {@code minPartSize} bytes ({@link Problem#ENTITY_TOO_SMALL});
 * - the ETag is the hex MD5 of the concatenated binary part MD5s, a dash and the part count;
 * - the CRC64 is the parts' CRC64s combined in order ({@link Crc64#combine}, no byte is re-read), or
 *   none if any part has none (as COS: "if every part has a CRC64").
 */
public final class MultipartCompletion {
    public enum Problem { NO_PARTS, INVALID_PART_ORDER, INVALID_PART, ENTITY_TOO_SMALL }

    /** A part the client names: number and the ETag it was given (quoted or not). */
    public record Requested(int partNumber, String etag) {}

    /** Either a problem, or the chosen parts (in order) with the object's size, ETag and CRC64 (null: none). */
    public record Plan(Problem problem, List<UploadedPart> parts, long size, String etag, Long crc64) {
        public boolean ok() { return problem == null; }
    }

    private MultipartCompletion() {}

    public static Plan plan(List<Requested> requested, Map<Integer, UploadedPart> uploaded, long minPartSize) {
        if (requested.isEmpty()) return fail(Problem.NO_PARTS);
        // Order is checked over the whole list first, as S3 does, before any part lookup.
        for (int i = 1; i < requested.size(); i++) {
            if (requested.get(i).partNumber() <= requested.get(i - 1).partNumber()) return fail(Problem.INVALID_PART_ORDER);
        }
        List<UploadedPart> chosen = new ArrayList<>(requested.size());
        for (Requested r : requested) {
            UploadedPart p = uploaded.get(r.partNumber());
            if (p == null || r.etag() == null || !unquote(r.etag()).equalsIgnoreCase(unquote(p.etag()))) {
                return fail(Problem.INVALID_PART);
            }
            chosen.add(p);
        }
        long size = 0;
        for (int i = 0; i < chosen.size(); i++) {
            if (i < chosen.size() - 1 && chosen.get(i).size() < minPartSize) return fail(Problem.ENTITY_TOO_SMALL);
            size += chosen.get(i).size();
        }
        return new Plan(null, List.copyOf(chosen), size, etag(chosen), crc64(chosen));
    }

    /**
     * Whether a CompleteMultipartUpload retried after it succeeded names exactly the parts the object
     * was made of: same numbers in the same order, same ETags (quotes and case ignored). Only then is
     * the first result repeated (docs/storage.md "A completion retried after it succeeded").
     */
    public static boolean sameParts(List<Requested> requested, List<UploadedPart> made) {
        if (requested.size() != made.size()) return false;
        for (int i = 0; i < made.size(); i++) {
            Requested r = requested.get(i);
            UploadedPart p = made.get(i);
            if (r.partNumber() != p.partNumber() || r.etag() == null || !unquote(r.etag()).equalsIgnoreCase(unquote(p.etag()))) {
                return false;
            }
        }
        return true;
    }

    /** {@code "<hex md5 of the concatenated binary part MD5s>-N"}, quoted. */
    public static String etag(List<UploadedPart> parts) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        HexFormat hex = HexFormat.of();
        for (UploadedPart p : parts) md5.update(hex.parseHex(unquote(p.etag())));
        return "\"" + hex.formatHex(md5.digest()) + "-" + parts.size() + "\"";
    }

    /** The whole object's CRC64 from its parts' values in order; null if any part lacks one. */
    public static Long crc64(List<UploadedPart> parts) {
        long crc = 0; // the CRC64 of no bytes
        for (UploadedPart p : parts) {
            if (p.crc64() == null) return null;
            crc = Crc64.combine(crc, p.crc64(), p.size());
        }
        return crc;
    }

    static String unquote(String s) {
        String t = s.trim();
        if (t.startsWith("&quot;") && t.endsWith("&quot;") && t.length() >= 12) t = t.substring(6, t.length() - 6);
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static Plan fail(Problem p) {
        return new Plan(p, List.of(), 0, null, null);
    }
}
