package io.cosd.api.http;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * Error envelope. COS fills TraceId, S3 fills HostId; both always have non-empty Code, Message, Resource, RequestId.
 * Method and ResourceType appear only on S3 CORS preflight refusals (docs/spec/semantics.md CORS-P4/P5); Region and
 * HeadersNotSigned only on S3 signature-scope refusals (docs/signing.md AUTH-2/3/5).
 */
@JacksonXmlRootElement(localName = "Error")
record ErrorXml(@JacksonXmlProperty(localName = "Code") String code,
                @JacksonXmlProperty(localName = "Message") String message,
                @JacksonXmlProperty(localName = "Method") String method,
                @JacksonXmlProperty(localName = "ResourceType") String resourceType,
                @JacksonXmlProperty(localName = "Resource") String resource,
                @JacksonXmlProperty(localName = "Region") String region,
                @JacksonXmlProperty(localName = "HeadersNotSigned") String headersNotSigned,
                @JacksonXmlProperty(localName = "RequestId") String requestId,
                @JacksonXmlProperty(localName = "TraceId") String traceId,
                @JacksonXmlProperty(localName = "HostId") String hostId) {}
