package io.cosd.api.object;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import io.cosd.api.xml.Xml;

/** The body of a POST Object answered with {@code success_action_status=201} (S3 RESTObjectPOST, COS 436/14690). */
final class PostResponseXml {
    private PostResponseXml() {}

    @JacksonXmlRootElement(localName = "PostResponse")
    record PostResponse(@JacksonXmlProperty(localName = "Location") String location,
                        @JacksonXmlProperty(localName = "Bucket") String bucket,
                        @JacksonXmlProperty(localName = "Key") String key,
                        @JacksonXmlProperty(localName = "ETag") String etag) {}

    static byte[] write(String location, String bucket, String key, String etag) {
        return Xml.write(new PostResponse(location, bucket, key, etag));
    }
}
