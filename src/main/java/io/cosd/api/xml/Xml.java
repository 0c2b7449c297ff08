package io.cosd.api.xml;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import io.cosd.api.error.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one configured XML mapper. Input is read liberally (declaration optional, any element order,
 * unknown elements ignored: cos-protocol.md §8.13); output is strict: no namespaces, a declaration,
 * nulls omitted (§8.14).
 */
public final class Xml {
    private static final XmlMapper MAPPER = XmlMapper.builder()
            .configure(ToXmlGenerator.Feature.WRITE_XML_DECLARATION, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true)
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Xml() {}

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsString(value).replaceFirst("<\\?xml version='1.0' encoding='UTF-8'\\?>",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass(), e);
        }
    }

    /** Parses a request body; any syntax or binding problem is MalformedXML. */
    public static <T> T read(InputStream in, Class<T> type) {
        try {
            T v = MAPPER.readValue(in, type);
            if (v == null) throw ErrorCode.MALFORMED_XML.exception();
            return v;
        } catch (IOException e) {
            throw ErrorCode.MALFORMED_XML.exception();
        }
    }

    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) throw ErrorCode.MALFORMED_XML.exception();
        try {
            T v = MAPPER.readValue(body, type);
            if (v == null) throw ErrorCode.MALFORMED_XML.exception();
            return v;
        } catch (IOException e) {
            throw ErrorCode.MALFORMED_XML.exception();
        }
    }
}
