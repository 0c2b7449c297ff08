package io.cosd.api.bucket;

import io.cosd.api.core.Limits;
import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.service.BucketService;

/**
 * PUT/GET {@code ?versioning} (docs/spec/protocol.md §5.5, VER-S1..S7). The Java SDK sends the PUT body
 * chunked and without an XML declaration; both are fine here.
 */
public final class VersioningHandler {
    private final BucketService buckets;

    public VersioningHandler(BucketService buckets) {
        this.buckets = buckets;
    }

    public Response put(Request rc) {
        VersioningState state = VersioningXml.parse(rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.MALFORMED_XML));
        buckets.setVersioning(rc.bucket(), state);
        return Response.status(200).empty();
    }

    public Response get(Request rc) {
        rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.INVALID_REQUEST);
        return Response.status(200).bytes(VersioningXml.encode(rc.bucket().versioning()), "application/xml");
    }
}
