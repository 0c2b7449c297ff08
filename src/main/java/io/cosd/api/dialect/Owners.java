package io.cosd.api.dialect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one way an account is named as an {@code <Owner>} (and an upload's {@code <Initiator>}) in every
 * listing: ListBuckets, ListObjects v1/v2, ListObjectVersions, ListMultipartUploads and ListParts
 * (docs/buckets.md "Owner IDs"). A function of the account's root uin and the dialect only, so a
 * client comparing owners across listings (or, later, ACLs) sees one id.
 *
 * <p>COS: {@code qcs::cam::uin/<root>:uin/<root>}, the CAM name COS gives the owner in GET Service and
 * GET ACL (docs/spec/protocol.md §5.1) and the principal form bucket policies use (POL-C2); DisplayName is
 * the root uin. S3: a canonical user id, 64 lower-case hex digits as on AWS, derived from the root uin
 * (SHA-256 of {@code cosd-canonical-user:<root uin>}), so it is stable across restarts and servers;
 * DisplayName is the root uin.
 */
public final class Owners {
    /** An owner or initiator as written: {@code <ID>} and {@code <DisplayName>}. */
    public record Name(String id, String displayName) {}

    private Owners() {}

    public static Name owner(Dialect dialect, String rootUin) {
        return new Name(id(dialect, rootUin), rootUin);
    }

    /**
     * Who initiated an upload: the owner when the root account did; a sub-user in COS CAM form
     * ({@code qcs::cam::uin/<root>:uin/<sub>}), or as an IAM user ARN in the S3 dialect, as S3 names an
     * IAM user initiator; {@code anonymous} for an anonymous initiator (only a bucket policy allows that).
     */
    public static Name initiator(Dialect dialect, String rootUin, String initiatorUin) {
        if (initiatorUin == null) return new Name(dialect == Dialect.S3 ? "anonymous" : "qcs::cam::anonymous:anonymous", "anonymous");
        if (initiatorUin.equals(rootUin)) return owner(dialect, rootUin);
        return new Name(dialect == Dialect.S3 ? "arn:aws:iam::" + rootUin + ":user/" + initiatorUin
                : "qcs::cam::uin/" + rootUin + ":uin/" + initiatorUin, initiatorUin);
    }

    private static String id(Dialect dialect, String rootUin) {
        if (dialect == Dialect.COS) return "qcs::cam::uin/" + rootUin + ":uin/" + rootUin;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("cosd-canonical-user:" + rootUin).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
