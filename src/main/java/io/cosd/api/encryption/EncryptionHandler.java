package io.cosd.api.encryption;

import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.sse.BucketEncryption;
import io.cosd.service.EncryptionConfigService;

/**
 * PUT/GET/DELETE {@code /?encryption} (docs/encryption.md "Bucket default encryption"; S3
 * PutBucketEncryption/GetBucketEncryption/DeleteBucketEncryption, COS PUT/GET/DELETE Bucket
 * encryption). PUT {@code 200}, DELETE {@code 204}, GET {@code 200} or {@code 404
 * ServerSideEncryptionConfigurationNotFoundError}, in both dialects.
 */
public final class EncryptionHandler {
    private final EncryptionConfigService encryption;
    private final boolean dataPathApplies;

    /**
     * @param dataPathApplies whether the object write path applies bucket defaults (SseChoice); while
     *                        it does not, {@link #refuseUnapplied} keeps a default from being ignored
     */
    public EncryptionHandler(EncryptionConfigService encryption, boolean dataPathApplies) {
        this.encryption = encryption;
        this.dataPathApplies = dataPathApplies;
    }

    /**
     * SSE-D10: a default is never silently ignored. While the write path does not apply defaults, a
     * request that would create object data (PutObject, POST Object, CopyObject,
     * InitiateMultipartUpload) in a bucket that has one is 501 NotImplemented before any body byte is
     * read, rather than stored unencrypted under the bucket's promise of encryption (UB-1's rule).
     */
    public void refuseUnapplied(Request rc) {
        if (dataPathApplies || rc.bucket() == null) return;
        switch (rc.operation()) {
            case PUT_OBJECT, POST_OBJECT, COPY_OBJECT, INITIATE_MULTIPART_UPLOAD -> {
                if (encryption.defaultFor(rc.bucket()).isPresent()) {
                    throw ErrorCode.NOT_IMPLEMENTED.exception("The bucket has a default encryption (?encryption) that this server does not"
                            + " apply to new objects yet; delete it to write here (see docs/encryption.md).");
                }
            }
            default -> { }
        }
    }

    /** SSE-D1, SSE-D3: every check (document, then key) before anything is stored; the default is replaced whole. */
    public Response put(Request rc) {
        byte[] body = rc.readSmallBody(EncryptionXml.MAX_BODY, ErrorCode.XML_SIZE_LIMIT);
        BucketEncryption config = EncryptionXml.parse(rc.dialect(), body);
        if (!encryption.put(rc.bucket(), config)) throw ErrorCode.NO_SUCH_BUCKET.exception();
        return Response.status(200).empty();
    }

    /** SSE-D2. */
    public Response get(Request rc) {
        BucketEncryption e = encryption.defaultFor(rc.bucket()).orElseThrow(ErrorCode.NO_SUCH_ENCRYPTION_CONFIGURATION::exception);
        return Response.status(200).bytes(EncryptionXml.write(rc.dialect(), e), "application/xml");
    }

    /** SSE-D2: 204, also when there was none. */
    public Response delete(Request rc) {
        encryption.delete(rc.bucket());
        return Response.status(204).empty();
    }
}
