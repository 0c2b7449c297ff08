package io.cosd.api.bucket;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import io.cosd.api.core.Limits;
import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.service.BucketService;

import java.util.List;

/**
 * PUT/GET {@code ?versioning} (docs/spec/protocol.md §5.5, VER-S1..S7). The Java SDK sends the PUT body
 * chunked and without an XML declaration; both are fine here.
 */
public final class VersioningHandler {
    private final BucketService buckets;

    public VersioningHandler(BucketService buckets) {
        this.buckets = buckets;
    }

    @JacksonXmlRootElement(localName = "VersioningConfiguration")
    record VersioningConfiguration(@JacksonXmlProperty(localName = "Status") String status,
                                   @JacksonXmlProperty(localName = "MfaDelete") String mfaDelete) {}

    public Response put(Request rc) {
        var doc = Xml.read(rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.MALFORMED_XML), VersioningConfiguration.class);
        // VER-S3: exactly "Enabled" or "Suspended"; "Disabled", "enabled" or nothing is MalformedXML.
        VersioningState state = switch (doc.status() == null ? "" : doc.status()) {
            case "Enabled" -> VersioningState.ENABLED;
            case "Suspended" -> VersioningState.SUSPENDED;
            default -> throw XmlProblem.notOneOf("VersioningConfiguration/Status", doc.status(), List.of("Enabled", "Suspended"));
        };
        // VER-S7: COS has no MFA delete; "Disabled" is harmless, "Enabled" cannot be honoured.
        if (doc.mfaDelete() != null && !doc.mfaDelete().equals("Disabled")) {
            if (doc.mfaDelete().equals("Enabled")) throw ErrorCode.INVALID_ARGUMENT.exception("MFA delete is not supported.");
            throw XmlProblem.notOneOf("VersioningConfiguration/MfaDelete", doc.mfaDelete(), List.of("Disabled"));
        }
        buckets.setVersioning(rc.bucket(), state);
        return Response.status(200).empty();
    }

    public Response get(Request rc) {
        rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.INVALID_REQUEST);
        // VER-S2: a never-versioned bucket answers an empty configuration (Java SDK: status "Off").
        String status = switch (rc.bucket().versioning()) {
            case UNVERSIONED -> null;
            case ENABLED -> "Enabled";
            case SUSPENDED -> "Suspended";
        };
        return Response.status(200).bytes(Xml.write(new VersioningConfiguration(status, null)), "application/xml");
    }
}
