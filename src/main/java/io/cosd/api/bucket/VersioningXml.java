package io.cosd.api.bucket;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.bucket.VersioningState;

import java.util.List;

/** The {@code ?versioning} document (docs/spec/protocol.md §5.5, VER-S2, VER-S3, VER-S7) to and from {@link VersioningState}. */
final class VersioningXml {
    private VersioningXml() {}

    @JacksonXmlRootElement(localName = "VersioningConfiguration")
    record VersioningConfiguration(@JacksonXmlProperty(localName = "Status") String status,
                                   @JacksonXmlProperty(localName = "MfaDelete") String mfaDelete) {}

    /** A PUT body: the state to set. */
    static VersioningState parse(byte[] body) {
        var doc = Xml.readCounted(body, VersioningConfiguration.class); // a repeated Status is MalformedXML, whatever sits between
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
        return state;
    }

    /** What GET answers; VER-S2: a never-versioned bucket has an empty configuration (Java SDK: status "Off"). */
    static byte[] encode(VersioningState state) {
        String status = switch (state) {
            case UNVERSIONED -> null;
            case ENABLED -> "Enabled";
            case SUSPENDED -> "Suspended";
        };
        return Xml.write(new VersioningConfiguration(status, null));
    }
}
