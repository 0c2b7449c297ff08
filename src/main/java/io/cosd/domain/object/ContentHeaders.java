package io.cosd.domain.object;

/** Standard HTTP content headers stored with an object version; null when not set. */
public record ContentHeaders(String contentType, String cacheControl, String contentDisposition,
                             String contentEncoding, String contentLanguage, String expires) {
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    public static ContentHeaders ofType(String contentType) {
        return new ContentHeaders(contentType, null, null, null, null, null);
    }
}
