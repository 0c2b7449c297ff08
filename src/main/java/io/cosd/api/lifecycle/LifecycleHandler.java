package io.cosd.api.lifecycle;

import io.cosd.api.core.Formats;
import io.cosd.api.core.Request;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.HeaderValues;
import io.cosd.api.http.Response;
import io.cosd.domain.lifecycle.LifecycleConfiguration;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.service.LifecycleService;

import java.nio.charset.StandardCharsets;

/**
 * Bucket lifecycle: PUT/GET/DELETE ?lifecycle (https://cloud.tencent.com/document/product/436/8280,
 * 8278, 8284) and the x-cos-expiration header on object responses. Rules: docs/spec/semantics.md §3 (LC-A*,
 * LC-V*, LC-H*).
 */
public final class LifecycleHandler {
    private final LifecycleService lifecycle;
    private final LifecycleXml xml;

    public LifecycleHandler(LifecycleService lifecycle, LifecycleXml xml) {
        this.lifecycle = lifecycle;
        this.xml = xml;
    }

    /** LC-A1, LC-V1..V20, LC-E3: validate the whole document, then replace; nothing changes on failure. */
    public Response put(Request rc) {
        byte[] body = rc.readSmallBody(LifecycleXml.MAX_BODY, ErrorCode.XML_SIZE_LIMIT); // LC-V20: its Content-MD5 checked when sent (UB-7), never required
        LifecycleConfiguration c = xml.parse(body, rc.dialect());
        LifecycleService.checkAzClasses(rc.bucket(), c); // LC-E3
        if (!lifecycle.put(rc.bucket(), c)) throw ErrorCode.NO_SUCH_BUCKET.exception();
        return Response.status(200).empty();
    }

    /** LC-A2. */
    public Response get(Request rc) {
        LifecycleConfiguration c = lifecycle.find(rc.bucket()).orElseThrow(ErrorCode.NO_SUCH_LIFECYCLE_CONFIGURATION::exception);
        return Response.status(200).bytes(xml.render(c, rc.dialect()).getBytes(StandardCharsets.UTF_8), "application/xml");
    }

    /** LC-A3: 204; with nothing configured COS answers NoSuchLifecycleConfiguration, S3 204. */
    public Response delete(Request rc) {
        boolean removed = lifecycle.delete(rc.bucket());
        if (!removed && rc.dialect() == Dialect.COS) throw ErrorCode.NO_SUCH_LIFECYCLE_CONFIGURATION.exception();
        return Response.status(204).empty();
    }

    /** LC-H1: {@code x-cos-expiration: expiry-date="<RFC 1123>", rule-id="<ID>"} when an Expiration rule applies. */
    public static void expirationHeader(LifecycleService lifecycle, Response.Builder b, Request rc, ObjectVersion v) {
        // HV-3: a rule ID stored before HV-2 that cannot be sent leaves the header out, never the response unsendable.
        lifecycle.expiration(v).filter(e -> HeaderValues.sendableInside(e.ruleId())).ifPresent(e -> b.header(rc.out("expiration"),
                "expiry-date=\"" + Formats.HTTP_DATE.format(e.date()) + "\", rule-id=\"" + e.ruleId() + "\""));
    }
}
