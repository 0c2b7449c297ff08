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

    public EncryptionHandler(EncryptionConfigService encryption) {
        this.encryption = encryption;
    }

    /** SSE-D1, SSE-D3: every check (document, then key) before anything is stored; the default is replaced whole. */
    public Response put(Request rc) {
        byte[] body = rc.readSmallBody(EncryptionXml.MAX_BODY, ErrorCode.XML_SIZE_LIMIT);
        rc.checkContentMd5(body);
        BucketEncryption config = EncryptionXml.parse(rc.dialect(), body);
        if (!encryption.put(rc.bucket().name(), config)) throw ErrorCode.NO_SUCH_BUCKET.exception();
        return Response.status(200).empty();
    }

    /** SSE-D2. */
    public Response get(Request rc) {
        BucketEncryption e = encryption.defaultFor(rc.bucket().name()).orElseThrow(ErrorCode.NO_SUCH_ENCRYPTION_CONFIGURATION::exception);
        return Response.status(200).bytes(EncryptionXml.write(rc.dialect(), e), "application/xml");
    }

    /** SSE-D2: 204, also when there was none. */
    public Response delete(Request rc) {
        encryption.delete(rc.bucket().name());
        return Response.status(204).empty();
    }
}
