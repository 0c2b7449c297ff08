package io.cosd.api.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosd.api.error.ErrorCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code x-amz-server-side-encryption-context} (COS: {@code x-cos-server-side-encryption-context}):
 * base64 of a UTF-8 JSON object whose values are strings (docs/encryption.md "Encryption context",
 * KMS-8). Anything else is {@code 400 InvalidArgument}, before anything is stored: a context cosd
 * could not bind would leave the client believing its key is bound when it is not. The same encoding
 * is what responses send back ({@link #encode}).
 */
public final class EncryptionContextHeader {
    /** AWS KMS's limit on a context; the header is bounded by the edge's header size anyway. */
    static final int MAX_DECODED_BYTES = 8192;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EncryptionContextHeader() {}

    /** @param header the header value, or null (no pairs) */
    public static Map<String, String> parse(String header) {
        if (header == null) return Map.of();
        byte[] json;
        try {
            json = Base64.getDecoder().decode(header.trim());
        } catch (IllegalArgumentException e) {
            throw invalid("is not base64");
        }
        if (json.length > MAX_DECODED_BYTES) throw invalid("is longer than " + MAX_DECODED_BYTES + " bytes");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw invalid("is not JSON");
        }
        if (root == null || !root.isObject()) throw invalid("is not a JSON object");
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = root.fields(); it.hasNext(); ) {
            var f = it.next();
            if (!f.getValue().isTextual()) throw invalid("has a value that is not a string: " + f.getKey());
            out.put(f.getKey(), f.getValue().textValue());
        }
        return out;
    }

    /** The header value for a stored context, in the same encoding. */
    public static String encode(Map<String, String> context) {
        try {
            return Base64.getEncoder().encodeToString(JSON.writeValueAsString(new java.util.TreeMap<>(context)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuntimeException invalid(String problem) {
        return ErrorCode.INVALID_ARGUMENT.exception("The header x-amz-server-side-encryption-context " + problem + ".");
    }
}
