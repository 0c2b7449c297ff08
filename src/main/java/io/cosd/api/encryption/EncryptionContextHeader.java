package io.cosd.api.encryption;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cosd.api.error.ErrorCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
 * <p>
 * Strict, so the context bound is exactly the one sent: the bytes must be UTF-8 (no other encoding is
 * guessed), the JSON one object and nothing after it, each name given once (AWS KMS refuses duplicate
 * context keys; keeping the last would bind another context than the client's), and every name and
 * value well-formed Unicode (a JSON escape of a lone surrogate, backslash-u D800, yields a string
 * that has no UTF-8 form to bind or echo).
 */
public final class EncryptionContextHeader {
    /** AWS KMS's limit on a context; the header is bounded by the edge's header size anyway. */
    static final int MAX_DECODED_BYTES = 8192;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("is not UTF-8");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw invalid("is not one JSON object with distinct names and nothing after it");
        }
        if (root == null || !root.isObject()) throw invalid("is not a JSON object");
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = root.fields(); it.hasNext(); ) {
            var f = it.next();
            // The name is checked first: it is echoed in the next message.
            if (!wellFormed(f.getKey())) throw invalid("has a name with an unpaired surrogate");
            if (!f.getValue().isTextual()) throw invalid("has a value that is not a string: " + f.getKey());
            if (!wellFormed(f.getValue().textValue())) throw invalid("has a value with an unpaired surrogate: " + f.getKey());
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

    /** Whether every surrogate in {@code s} is half of a pair (KMS-8: the string is Unicode). */
    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return false;
        }
        return true;
    }

    private static RuntimeException invalid(String problem) {
        return ErrorCode.INVALID_ARGUMENT.exception("The header x-amz-server-side-encryption-context " + problem + ".");
    }
}
