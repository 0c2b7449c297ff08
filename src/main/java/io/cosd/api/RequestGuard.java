package io.cosd.api;

import io.cosd.api.auth.HeaderView;
import io.cosd.api.core.ChecksumHeaders;
import io.cosd.api.core.EarlyBody;
import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.HeaderValues;
import io.cosd.api.route.Operation;
import io.cosd.api.route.UnbuiltHeaders;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * The checks every routed, authenticated and authorized request passes before dispatch, before any
 * body byte is read (docs/unbuilt.md): an unbuilt header is 501 NotImplemented (UB-1); a response-*
 * override that could not be sent as a header is 400 InvalidArgument (HV-1); a checksum header is
 * verified against the body the handler reads, and a declared crc64nvme/sha1 trailer is computed (UB-3).
 * Kept out of ApiHandler so that it stays one line there.
 */
final class RequestGuard {
    private RequestGuard() {}

    /**
     * AUTH-4c: a {@code response-*} override chooses how the bytes are served (Content-Type, Content-Disposition, …),
     * so it needs a signature, as COS and S3 both refuse it on an anonymous request (400 InvalidRequest). Else any
     * reader of a public object could have it served as {@code text/html} in the bucket's own origin. Checked before
     * anything is looked up, so the answer is the same whether or not the object exists or is readable.
     */
    static void refuseAnonymousOverrides(Request rc) {
        if (!(rc.principal() instanceof io.cosd.domain.identity.Principal.Anonymous)) return;
        for (String k : rc.query().keys()) {
            if (k.regionMatches(true, 0, "response-", 0, 9)) {
                throw ErrorCode.INVALID_REQUEST.exception("Request specific response headers cannot be used for anonymous GET requests.");
            }
        }
    }

    /** UB-1 for /-/admin/*: a header asking for a check those endpoints do not make is 501, before they act. */
    static void admin(HeaderView headers) {
        UnbuiltHeaders.adminRefusal(headers.entries()).ifPresent(m -> {
            throw ErrorCode.NOT_IMPLEMENTED.exception(m);
        });
    }

    /** @return the body the handler must read: the request's own behind any checksum verification */
    static InputStream apply(Request rc) {
        return apply(rc, false);
    }

    /** As {@link #apply(Request)}; {@code kms}: a key service is wired, so SSE-KMS headers are built (SSE-16). */
    static InputStream apply(Request rc, boolean kms) {
        UnbuiltHeaders.refusal(rc.operation(), rc.headers().entries(), kms).ifPresent(m -> {
            throw ErrorCode.NOT_IMPLEMENTED.exception(m);
        });
        UnbuiltHeaders.conditionRefusal(rc.operation(), rc.method(), rc.headers().entries()).ifPresent(m -> {
            throw ErrorCode.NOT_IMPLEMENTED.exception(m);
        });
        UnbuiltHeaders.queryRefusal(rc.query().keys()).ifPresent(m -> {
            throw ErrorCode.NOT_IMPLEMENTED.exception(m);
        });
        for (String k : rc.query().keys()) {
            if (k.startsWith("response-") && !HeaderValues.sendable(rc.query().get(k))) {
                throw ErrorCode.INVALID_ARGUMENT.exception("The value of " + k + " cannot be sent as an HTTP header value.");
            }
        }
        // EarlyBody checked an early-read body's trailer before reading it; what reaches here is its held bytes.
        if (!EarlyBody.readEarly(rc.operation())) EarlyBody.checkTrailer(rc);
        ChecksumHeaders.requireSdkAlgorithmSent(rc.headers()); // UB-3: never alone, never naming another
        // An early-read body was checked against every digest header as EarlyBody read it; its held bytes are handed on
        // as they are (the handler's readSmallBody checks Content-MD5 again), so a decision the handler makes later still
        // sees them: PutObjectRetention's governance bypass is decided on the retention its body asks for (LOCK-A1d),
        // which a checksum wrapper here would hide whenever a checksum header was sent.
        if (EarlyBody.readEarly(rc.operation())) return rc.body();
        // A CompleteMultipartUpload's checksum header is the object's, not its XML body's: checked against the
        // value computed from the parts (OBJ-K8), never against the document. PutObject and UploadPart check
        // theirs in the pass that stores the body and computes the checksum kept (OBJ-K2, service/BlobStreams).
        if (rc.operation() == Operation.COMPLETE_MULTIPART_UPLOAD || rc.operation() == Operation.PUT_OBJECT
                || rc.operation() == Operation.UPLOAD_PART) {
            return rc.body();
        }
        InputStream verifying = ChecksumHeaders.verifying(rc.headers(), rc.body());
        return readsNoBody(rc) && digestSent(rc) ? new ByteArrayInputStream(rc.withBody(verifying).readSmallBody(UNREAD_MAX,
                ErrorCode.INVALID_REQUEST)) : verifying;
    }

    /** What a request that reads no body may send and still get its digest checked: a drain's cap (ObjectHandler.drainEmpty). */
    static final int UNREAD_MAX = 64 * 1024;

    /**
     * UB-7, UB-3: a GET, HEAD or DELETE (DeleteObjects is a POST) reads no body, and some of their handlers never
     * drain one; a {@code Content-MD5} or checksum header sent with one still describes the body sent (minio-java
     * sends the empty body's MD5), so it is checked before the handler acts, never ignored. The
     * bytes read are handed on, so a handler that drains its body checks the same ones again. A GET's object read
     * checked its body before the decision (EarlyBody).
     */
    private static boolean readsNoBody(Request rc) {
        String m = rc.method();
        return (m.equals("GET") || m.equals("HEAD") || m.equals("DELETE")) && !EarlyBody.readEarly(rc.operation());
    }

    /** A {@code Content-MD5} or an {@code x-amz-checksum-<alg>} value header (one cosd cannot verify was refused above). */
    private static boolean digestSent(Request rc) {
        return rc.header("Content-MD5") != null || !ChecksumHeaders.valuesSent(rc.headers()).isEmpty();
    }
}
