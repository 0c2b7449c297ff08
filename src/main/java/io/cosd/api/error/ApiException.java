package io.cosd.api.error;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one exception that becomes an error response. Extra headers (e.g. x-cos-delete-marker) may ride along. */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String method;
    private String resourceType;

    public ApiException(ErrorCode code, String message) {
        super(message == null ? code.message() : message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() { return code; }

    public ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() { return headers; }

    /** Extra S3 error body elements {@code <Method>} and {@code <ResourceType>} (CORS preflight refusals). */
    public ApiException methodAndResourceType(String method, String resourceType) {
        this.method = method;
        this.resourceType = resourceType;
        return this;
    }

    public String method() { return method; }

    private Map<String, String> elements;

    /**
     * An extra S3 error body element AWS sends with this error: {@code Region} (wrong SigV4 scope
     * region) or {@code HeadersNotSigned} (docs/signing.md AUTH-2/3/5). Other names are ignored.
     */
    public ApiException element(String name, String value) {
        if (elements == null) elements = new LinkedHashMap<>(2);
        elements.put(name, value);
        return this;
    }

    /** The extra element's value, or null. */
    public String element(String name) { return elements == null ? null : elements.get(name); }

    public String resourceType() { return resourceType; }
}
