package io.cosd.api.replication;

import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.replication.ReplicationConfiguration;
import io.cosd.service.ReplicationService;

import java.nio.charset.StandardCharsets;

/**
 * PUT/GET/DELETE ?replication (https://cloud.tencent.com/document/product/436/19223, 19222, 19221;
 * docs/spec/protocol.md §5.6; docs/spec/semantics.md §4, REP-A*, REP-V*). Validation happens in full before the
 * store is touched, so a refused document changes nothing.
 */
public final class ReplicationHandler {
    private final ReplicationService replication;

    public ReplicationHandler(ReplicationService replication) { this.replication = replication; }

    /** REP-A1: replaces the configuration, 200 with no body. */
    public Response put(Request rc) {
        byte[] body = rc.readSmallBody(ReplicationXml.MAX_BODY, ErrorCode.XML_SIZE_LIMIT);
        ReplicationConfiguration config = ReplicationXml.parse(body, rc.bucket().name());
        replication.put(rc.bucket(), config);
        return Response.status(200).empty();
    }

    /** REP-A1: the stored document; none → 404 ReplicationConfigurationnotFoundError (COS spelling). */
    public Response get(Request rc) {
        ReplicationConfiguration c = replication.find(rc.bucket())
                .orElseThrow(ErrorCode.NO_SUCH_REPLICATION_CONFIGURATION::exception);
        return Response.status(200).bytes(ReplicationXml.encode(c).getBytes(StandardCharsets.UTF_8), "application/xml");
    }

    /** REP-A1: 204, also when nothing was configured. */
    public Response delete(Request rc) {
        rc.readSmallBody(64 * 1024, ErrorCode.INVALID_REQUEST);
        replication.delete(rc.bucket());
        return Response.status(204).empty();
    }
}
