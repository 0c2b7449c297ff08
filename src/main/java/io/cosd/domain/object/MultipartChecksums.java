package io.cosd.domain.object;

import io.cosd.domain.Refusal;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checksum rules of a multipart upload (docs/checksums.md, OBJ-K5..K8), pure: which type an algorithm
 * takes at initiation, what a part's checksum must be, and the object's checksum at completion, computed
 * from the parts' stored values alone (no byte is re-read).
 */
public final class MultipartChecksums {
    private MultipartChecksums() {}

    /**
     * OBJ-K5: the type an upload created with {@code algorithm} gets: the one asked for, or COMPOSITE by
     * default, except CRC64NVME which is only FULL_OBJECT. FULL_OBJECT is only for a CRC; a type without
     * an algorithm is refused. Messages are S3's.
     */
    public static ObjectChecksum.Type initiate(ChecksumAlgorithm algorithm, ObjectChecksum.Type asked) {
        if (algorithm == null) {
            if (asked != null) {
                throw new Refusal(Refusal.Reason.INVALID_REQUEST,
                        "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
            }
            return null;
        }
        ObjectChecksum.Type type = asked != null ? asked
                : algorithm == ChecksumAlgorithm.CRC64NVME ? ObjectChecksum.Type.FULL_OBJECT : ObjectChecksum.Type.COMPOSITE;
        boolean allowed = type == ObjectChecksum.Type.FULL_OBJECT ? algorithm.isCrc() : algorithm != ChecksumAlgorithm.CRC64NVME;
        if (!allowed) {
            throw new Refusal(Refusal.Reason.INVALID_REQUEST, "The " + type + " checksum type cannot be used with the "
                    + algorithm.lower() + " checksum algorithm.");
        }
        return type;
    }

    /** OBJ-K6: a part's checksum must be of its upload's algorithm (when the upload has one). */
    public static void checkPartAlgorithm(ChecksumAlgorithm upload, ChecksumAlgorithm part) {
        if (upload != null && part != null && upload != part) throw typeMismatch(upload, part);
    }

    static Refusal typeMismatch(ChecksumAlgorithm expected, ChecksumAlgorithm actual) {
        return new Refusal(Refusal.Reason.INVALID_REQUEST, "Checksum Type mismatch occurred, expected checksum Type: "
                + expected.lower() + ", actual checksum Type: " + actual.lower());
    }

    /** A completion's part as listed: its number and the checksum values it names, by algorithm (may be empty). */
    public record ListedPart(int partNumber, Map<ChecksumAlgorithm, String> checksums) {}

    /**
     * What a CompleteMultipartUpload says about checksums: the object's value header (algorithm and value,
     * or nulls), its {@code x-amz-checksum-type} (or null), and the listed parts' values.
     */
    public record Asked(ChecksumAlgorithm algorithm, String value, ObjectChecksum.Type type, List<ListedPart> listed) {
        public static final Asked NONE = new Asked(null, null, null, List.of());
    }

    /**
     * OBJ-K5..K8 at completion: the object's checksum from the chosen parts, after checking what the request
     * asks (value header and type first, then the listed parts' values). Null when the upload has none.
     */
    public static ObjectChecksum complete(MultipartUpload u, List<UploadedPart> chosen, Asked asked) {
        ObjectChecksum computed = object(u.checksumAlgorithm(), u.checksumType(), chosen);
        checkAsked(computed, u.checksumAlgorithm(), u.checksumType(), asked.algorithm(), asked.value(), asked.type());
        Map<Integer, UploadedPart> byNumber = new java.util.HashMap<>();
        for (UploadedPart p : chosen) byNumber.put(p.partNumber(), p);
        checkListed(u.checksumAlgorithm(), u.checksumType(), asked.listed(), byNumber);
        return computed;
    }

    /**
     * OBJ-K7: the listed parts' checksums against the chosen parts, in the order S3 checks them: a value
     * of another algorithm or another value is InvalidPart; with a COMPOSITE upload every part must name
     * its value (the object's value is made of them), and with any upload algorithm the part numbers must
     * be 1, 2, … without a gap (InvalidPartOrder).
     */
    public static void checkListed(ChecksumAlgorithm upload, ObjectChecksum.Type type, List<ListedPart> listed,
                                   Map<Integer, UploadedPart> chosen) {
        for (int i = 0; i < listed.size(); i++) {
            ListedPart l = listed.get(i);
            UploadedPart p = chosen.get(l.partNumber());
            for (var e : l.checksums().entrySet()) {
                ObjectChecksum stored = p == null ? null : p.checksum();
                if (stored == null || stored.algorithm() != e.getKey() || !stored.wire().equals(e.getValue().trim())) {
                    throw new Refusal(Refusal.Reason.PART_MISMATCH);
                }
            }
            if (upload == null) continue;
            if (type == ObjectChecksum.Type.COMPOSITE && !l.checksums().containsKey(upload)) {
                throw new Refusal(Refusal.Reason.INVALID_REQUEST, "The upload was created using a " + upload.lower()
                        + " checksum. The complete request must include the checksum for each part. It was missing for part "
                        + l.partNumber() + " in the request.");
            }
            if (l.partNumber() != i + 1) throw new Refusal(Refusal.Reason.PART_ORDER);
        }
    }

    /**
     * OBJ-K5/K6: the object's checksum from its parts' (in order): COMPOSITE is the algorithm over the
     * parts' raw values concatenated, FULL_OBJECT the parts' CRCs combined with their sizes. Null when the
     * upload has no algorithm or a part has no value of it (a part stored before V19).
     */
    public static ObjectChecksum object(ChecksumAlgorithm algorithm, ObjectChecksum.Type type, List<UploadedPart> parts) {
        if (algorithm == null || parts.isEmpty()) return null;
        for (UploadedPart p : parts) {
            if (p.checksum() == null || p.checksum().algorithm() != algorithm) return null;
        }
        if (type == ObjectChecksum.Type.COMPOSITE) {
            ByteArrayOutputStream all = new ByteArrayOutputStream(parts.size() * algorithm.size());
            for (UploadedPart p : parts) all.writeBytes(p.checksum().bytes());
            var full = ObjectChecksum.full(algorithm, algorithm.of(all.toByteArray()));
            return new ObjectChecksum(algorithm, type, full.base64(), parts.size());
        }
        byte[] crc = algorithm.of(new byte[0]);
        ChecksumAlgorithm.Combiner combiner = algorithm.combiner(); // one shift operator per part size, not per part
        for (UploadedPart p : parts) crc = combiner.combine(crc, p.checksum().bytes(), p.size());
        return ObjectChecksum.full(algorithm, crc);
    }

    /**
     * OBJ-K8: what a CompleteMultipartUpload asks of the object's checksum, against the one computed:
     * a value header of another algorithm is InvalidRequest, another value BadDigest, another type
     * (x-amz-checksum-type) BadDigest. Either may be null (not asked).
     */
    public static void checkAsked(ObjectChecksum computed, ChecksumAlgorithm uploadAlg, ObjectChecksum.Type uploadType,
                                  ChecksumAlgorithm askedAlg, String askedValue, ObjectChecksum.Type askedType) {
        if (askedAlg != null) {
            if (uploadAlg != null && askedAlg != uploadAlg) throw typeMismatch(uploadAlg, askedAlg);
            String v = askedValue == null ? null : askedValue.trim();
            // A COMPOSITE value is taken with its -N (as S3 shows it) or without (the bare checksum of checksums).
            boolean same = computed != null && (computed.wire().equals(v)
                    || computed.type() == ObjectChecksum.Type.COMPOSITE && computed.base64().equals(v));
            if (!same) {
                throw new Refusal(Refusal.Reason.DIGEST_MISMATCH,
                        "The " + askedAlg.header() + " you specified did not match the calculated checksum.");
            }
        }
        if (askedType != null && uploadType != null && askedType != uploadType) {
            throw new Refusal(Refusal.Reason.DIGEST_MISMATCH, "The upload was created using the " + uploadType
                    + " checksum mode. The complete request must use the same checksum mode.");
        }
    }

    /** The type named by an {@code x-amz-checksum-type} value; null for null; INVALID_REQUEST for any other word. */
    public static ObjectChecksum.Type parseType(String v) {
        if (v == null) return null;
        try {
            return ObjectChecksum.Type.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Refusal(Refusal.Reason.INVALID_REQUEST, "Value for x-amz-checksum-type header is invalid.");
        }
    }
}
