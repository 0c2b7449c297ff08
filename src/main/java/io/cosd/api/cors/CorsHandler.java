package io.cosd.api.cors;

import io.cosd.api.auth.HeaderView;
import io.cosd.api.core.Request;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.cors.CorsConfiguration;
import io.cosd.domain.cors.CorsMatcher;
import io.cosd.service.CorsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Bucket CORS: PUT/GET/DELETE ?cors (https://cloud.tencent.com/document/product/436/8279, 8274,
 * 8283), the OPTIONS preflight answered before authentication (436/8288), and the headers added to
 * actual cross-origin responses. Rules: docs/spec/semantics.md §1 (CORS-*).
 */
public final class CorsHandler {
    private static final Logger log = LoggerFactory.getLogger(CorsHandler.class);

    /** COS wording, verbatim including its typos ("evalution", "Requet") (CORS-P5, COS-OPTIONS). */
    static final String COS_NOT_ALLOWED = "CORSResponse: This CORS request is not allowed. This is usually because the "
            + "evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Requet-Headers "
            + "are not whitelisted by the resource's CORS spec";
    static final String S3_NOT_ALLOWED = "CORSResponse: This CORS request is not allowed. This is usually because the "
            + "evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers "
            + "are not whitelisted by the resource's CORS spec.";
    static final String S3_NOT_ENABLED = "CORSResponse: CORS is not enabled for this bucket.";

    private final CorsService cors;

    public CorsHandler(CorsService cors) { this.cors = cors; }

    // ---- configuration API (owner-authorized like every bucket operation) ----

    /** CORS-A1, CORS-A2, CORS-V*: validate the whole document, then replace; nothing changes on failure. */
    public Response put(Request rc) {
        byte[] body = rc.readSmallBody(CorsXml.MAX_BODY, ErrorCode.XML_SIZE_LIMIT);
        CorsConfiguration config = CorsXml.parse(body, rc.dialect());
        if (!cors.put(rc.bucket(), config)) throw ErrorCode.NO_SUCH_BUCKET.exception();
        return Response.status(200).empty();
    }

    /** CORS-A3, CORS-A4: the stored rules in order, with ResponseVary; 404 NoSuchCORSConfiguration when none. */
    public Response get(Request rc) {
        CorsConfiguration c = cors.find(rc.bucket()).orElseThrow(ErrorCode.NO_SUCH_CORS_CONFIGURATION::exception);
        return Response.status(200).bytes(CorsXml.encode(c).getBytes(StandardCharsets.UTF_8), "application/xml");
    }

    /** CORS-A5: 204, also when nothing was configured. */
    public Response delete(Request rc) {
        cors.delete(rc.bucket());
        return Response.status(204).empty();
    }

    // ---- preflight ----

    /**
     * OPTIONS on any path of a bucket, unsigned, before authentication (CORS-P1..P7). The checks run in
     * the S3 order; the bucket's configuration comes from the cache, so no database round trip.
     * A nonexistent bucket answers like one without CORS (CORS-P6: 403 as S3 does).
     */
    public Response preflight(Request rc) {
        String acrh = rc.header("Access-Control-Request-Headers");
        String origin = rc.header("Origin");
        if (origin == null || origin.isBlank()) {
            throw ErrorCode.BAD_REQUEST.exception("Insufficient information. Origin request header needed."); // CORS-P1
        }
        String method = rc.header("Access-Control-Request-Method");
        if (method == null || !CorsConfiguration.METHODS.contains(method)) {
            throw ErrorCode.BAD_REQUEST.exception("Invalid Access-Control-Request-Method: " + (method == null ? "" : method)); // CORS-P2
        }
        List<String> headers = CorsMatcher.requestedHeaders(acrh);
        if (headers == null) {
            throw ErrorCode.BAD_REQUEST.exception("Access-Control-Request-Headers \"" + acrh + "\" contains invalid character."); // CORS-P3
        }
        Optional<CorsConfiguration> config = rc.bucketName() == null ? Optional.empty() : cors.find(rc.bucketName());
        if (config.isEmpty()) throw forbidden(rc, S3_NOT_ENABLED); // CORS-P4, CORS-P6
        var match = CorsMatcher.match(config.get(), origin, method, headers);
        if (match.isEmpty()) throw forbidden(rc, S3_NOT_ALLOWED); // CORS-P5
        var b = Response.status(200); // CORS-P7
        for (var h : CorsHeaders.of(match.get(), rc.dialect(), origin, headers, config.get().responseVary())) {
            b.header(h.getKey(), h.getValue());
        }
        return b.empty();
    }

    /**
     * The dialect a preflight is answered in (ApiHandler sets it before {@link #preflight}): a browser
     * preflight carries no signature; an S3 client's requested headers give it away.
     */
    public static Dialect preflightDialect(Dialect detected, HeaderView headers) {
        String acrh = headers.first("Access-Control-Request-Headers");
        if (detected == Dialect.COS && acrh != null && acrh.toLowerCase(Locale.ROOT).contains("x-amz-")) {
            return Dialect.S3;
        }
        return detected;
    }

    /** COS answers both "no CORS" and "no match" with its one text; S3 distinguishes and adds Method/ResourceType. */
    private static ApiException forbidden(Request rc, String s3Message) {
        if (rc.dialect() == Dialect.COS) return ErrorCode.ACCESS_FORBIDDEN.exception(COS_NOT_ALLOWED);
        return ErrorCode.ACCESS_FORBIDDEN.exception(s3Message)
                .methodAndResourceType("OPTIONS", rc.key() == null ? "BUCKET" : "OBJECT");
    }

    // ---- actual requests ----

    /**
     * CORS-R1..R4: a request with an Origin that a rule matches gets the headers of §1.5, on success
     * and error alike; otherwise the response is untouched. Never changes the status (CORS-R3/R4).
     * Preflights set their own headers and are left alone (no CORS headers on a refused preflight).
     */
    public Response decorate(HeaderView requestHeaders, String requestMethod, String bucketName, Dialect dialect, Response r) {
        String origin = requestHeaders.first("Origin");
        if (origin == null || "OPTIONS".equals(requestMethod) || bucketName == null) return r; // CORS-R1
        try {
            Optional<CorsConfiguration> config = cors.find(bucketName);
            if (config.isEmpty()) return r; // CORS-R3
            List<String> headers = CorsMatcher.requestedHeaders(requestHeaders.first("Access-Control-Request-Headers"));
            if (headers == null) return r;
            // CORS-M3: an actual request is matched on Access-Control-Request-Method if it sent one.
            String acrm = requestHeaders.first("Access-Control-Request-Method");
            String method = acrm != null ? acrm : requestMethod;
            var match = CorsMatcher.match(config.get(), origin, method, headers);
            if (match.isEmpty()) return r; // CORS-R3
            return r.withHeaders(CorsHeaders.of(match.get(), dialect, origin, headers, config.get().responseVary()));
        } catch (RuntimeException e) {
            // The response is already decided; CORS headers are best effort and never turn it into a 500.
            log.warn("could not evaluate CORS for bucket {}", bucketName, e);
            return r;
        }
    }
}
