package io.cosd.api.error;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** Error envelope. COS fills TraceId, S3 fills HostId; both always have non-empty Code, Message, Resource, RequestId. */
@JacksonXmlRootElement(localName = "Error")
record ErrorXml(@JacksonXmlProperty(localName = "Code") String code,
                @JacksonXmlProperty(localName = "Message") String message,
                @JacksonXmlProperty(localName = "Resource") String resource,
                @JacksonXmlProperty(localName = "RequestId") String requestId,
                @JacksonXmlProperty(localName = "TraceId") String traceId,
                @JacksonXmlProperty(localName = "HostId") String hostId) {}
