package io.cosd.api.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.cosd.api.http.Response;

import java.time.Instant;

/** The JSON answers of the /-/admin endpoints: records as objects, times in ISO-8601, never cached. */
final class AdminJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
            .enable(SerializationFeature.INDENT_OUTPUT);

    private AdminJson() {}

    /** 200 with {@code body} as JSON; {@code no-store}, since every answer describes identities or state an admin acts on. */
    static Response ok(Object body) {
        return respond(body);
    }

    /**
     * ADM-8: an answer holding a new SecretKey, its only plain-text copy: {@code Cache-Control: no-store}
     * (and {@code Pragma: no-cache} for HTTP/1.0 caches), so no browser or proxy keeps it.
     */
    static Response secret(Object body) {
        return respond(body);
    }

    private static Response respond(Object body) {
        try {
            return Response.status(200).header("Cache-Control", "no-store").header("Pragma", "no-cache")
                    .bytes(JSON.writeValueAsBytes(body), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
