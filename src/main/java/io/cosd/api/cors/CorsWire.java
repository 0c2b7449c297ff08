package io.cosd.api.cors;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

import java.util.List;

/**
 * The {@code ?cors} document on the wire (docs/spec/protocol.md §5.3), for both directions. Everything is
 * read as text so validation can tell "missing" from "not an integer" (CORS-V1, CORS-V7) instead of
 * failing inside the binder. Element order on input is free (Python sends dict order, Java a fixed one),
 * and repeated elements may be interleaved with others: read with {@code Xml.readCounted}, which keeps them all.
 */
final class CorsWire {
    private CorsWire() {}

    @JacksonXmlRootElement(localName = "CORSConfiguration")
    @JsonPropertyOrder({"rules", "responseVary"})
    record Configuration(@JacksonXmlElementWrapper(useWrapping = false)
                         @JacksonXmlProperty(localName = "CORSRule") List<Rule> rules,
                         @JacksonXmlProperty(localName = "ResponseVary") String responseVary) {}

    /** Output order: ID, AllowedOrigin, AllowedMethod, AllowedHeader, ExposeHeader, MaxAgeSeconds. */
    @JsonPropertyOrder({"id", "allowedOrigins", "allowedMethods", "allowedHeaders", "exposeHeaders", "maxAgeSeconds"})
    record Rule(@JacksonXmlProperty(localName = "ID") String id,
                @JacksonXmlElementWrapper(useWrapping = false)
                @JacksonXmlProperty(localName = "AllowedOrigin") List<String> allowedOrigins,
                @JacksonXmlElementWrapper(useWrapping = false)
                @JacksonXmlProperty(localName = "AllowedMethod") List<String> allowedMethods,
                @JacksonXmlElementWrapper(useWrapping = false)
                @JacksonXmlProperty(localName = "AllowedHeader") List<String> allowedHeaders,
                @JacksonXmlElementWrapper(useWrapping = false)
                @JacksonXmlProperty(localName = "ExposeHeader") List<String> exposeHeaders,
                @JacksonXmlProperty(localName = "MaxAgeSeconds") String maxAgeSeconds) {}
}
