package io.cosd.api.core;

import io.cosd.api.auth.AwsChunkedInputStream;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.route.Operation;

import java.util.Locale;

/**
 * A small body read before its request's access decision, where the decision or what it guards needs
 * it read first: a GET's or HEAD's (normally empty) body, so the caller cannot hold the request open
 * between the ACL check and the lookup of the version served (ACL-E4), and PutObjectTagging's, whose
 * tags are condition facts (POL-S11), and PutObjectRetention's and PutObjectLegalHold's,
 * whose lock is (LOCK-A1). Every check RequestGuard makes on a body before the handler reads
 * it is made here instead, before this read (docs/security.md UB-3, UB-7): an announced trailer on a
 * body that carries none, an {@code x-amz-sdk-checksum-algorithm} naming no checksum sent, each
 * {@code x-amz-checksum-*} header, and the {@code Content-MD5} (Request.readSmallBody). The caller keeps
 * the bytes read and hands them on; RequestGuard and the handler check the same bytes again, so a body
 * that matched its digests passes, never one emptied by the first read.
 */
public final class EarlyBody {
    private EarlyBody() {}

    /**
     * The cap on every body read here (LOCK-A1e): it is read before the access decision, so for any caller, an
     * anonymous one included, and with {@code Expect: 100-continue} the 100 goes out for it. Each of these bodies is
     * small when valid (a tag set of 10 tags, a retention or legal-hold document under 200 bytes, a GET's none), so
     * no more than this is read, and a declared length over it is refused before any 100 (Request.readSmallBody).
     */
    public static final int MAX_BYTES = 64 * 1024;

    /** Whether ApiHandler reads {@code op}'s body here, before the access decision. */
    public static boolean readEarly(Operation op) {
        return op == Operation.GET_OBJECT || op == Operation.HEAD_OBJECT || op == Operation.GET_OBJECT_ATTRIBUTES
                || op == Operation.PUT_OBJECT_TAGGING
                // LOCK-A1b (api/policy/LockBody): their trailer was checked when the body was read here; RequestGuard
                // sees the held bytes, which would look like a plain body announcing a trailer it cannot carry
                || op == Operation.PUT_OBJECT_RETENTION || op == Operation.PUT_OBJECT_LEGAL_HOLD;
    }

    /**
     * Before any body byte is read (here, and RequestGuard for every other body): an aws-chunked body computes a
     * declared crc64nvme/sha1 trailer and refuses one that does not come; a plain body carries no trailer, so a
     * checksum trailer announced for it is {@code 400 InvalidRequest} (BT-5, UB-3).
     */
    public static void checkTrailer(Request rc) {
        String trailer = rc.header("x-amz-trailer");
        if (rc.body() instanceof AwsChunkedInputStream chunked) {
            chunked.expectTrailer(trailer);
        } else if (trailer != null) {
            String name = trailer.trim().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-checksum-")) throw AwsChunkedInputStream.trailerWithoutTrailerBody(name);
        }
    }

    /** The body, at most {@code max} bytes (else {@code tooLarge}), checked against every digest its request sent. */
    public static byte[] read(Request rc, int max, ErrorCode tooLarge) {
        checkTrailer(rc);
        ChecksumHeaders.requireSdkAlgorithmSent(rc.headers());
        return rc.withBody(ChecksumHeaders.verifying(rc.headers(), rc.body())).readSmallBody(max, tooLarge);
    }
}
