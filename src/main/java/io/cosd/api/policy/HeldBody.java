package io.cosd.api.policy;

import io.cosd.api.core.EarlyBody;
import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;

import java.io.ByteArrayInputStream;

/**
 * A body whose content is a condition fact, read before the access decision and held for both the decision and the
 * handler (PutObjectTagging's tags, POL-S11; PutObjectRetention's and PutObjectLegalHold's lock, LOCK-A1): read once,
 * capped at {@link EarlyBody#MAX_BYTES} (more is MalformedXML, as the handlers answer) and checked against every
 * digest its request sent (EarlyBody: UB-3, UB-7), then handed on unchanged, so the condition judges exactly what is
 * stored.
 */
final class HeldBody extends ByteArrayInputStream {
    private HeldBody(byte[] body) {
        super(body);
    }

    /** The request with its body read, checked and held. */
    static Request hold(Request rc) {
        return rc.withBody(new HeldBody(EarlyBody.read(rc, EarlyBody.MAX_BYTES, ErrorCode.MALFORMED_XML)));
    }

    /** A copy of the held bytes (reading the stream, as the handler does, does not change them); null when not held. */
    static byte[] of(Request rc) {
        return rc.body() instanceof HeldBody h ? h.buf.clone() : null;
    }
}
