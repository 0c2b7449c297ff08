package io.cosd.api.policy;

import io.cosd.domain.policy.ContextKey;
import io.cosd.domain.policy.Facts;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The condition keys' values for one request (POL-C9, POL-S5), built the same way for a real
 * request and for explain. Missing facts are null (POL-C8). Object tags are loaded at most once and
 * only when a statement asks for {@code s3:ExistingObjectTag/<k>}.
 *
 * @param query  decoded query parameter by name, null when absent
 * @param header request header by name (case-insensitive), null when absent
 */
public record RequestFacts(Supplier<ClientAddress.Client> client, Function<String, String> query, Function<String, String> header,
                           Supplier<Map<String, String>> tags) implements Facts {

    /** Both suppliers run at most once, and only if a condition needs them (most requests never do). */
    public RequestFacts {
        client = once(client);
        tags = once(tags == null ? Map::of : tags);
    }

    private static <T> Supplier<T> once(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) value = s.get();
                return value;
            }
        };
    }

    @Override
    public List<String> values(ContextKey key, String arg) {
        String v = switch (key) {
            case SOURCE_IP -> client.get().ip();
            case SECURE_TRANSPORT -> Boolean.toString(client.get().secure());
            case PREFIX -> query.apply("prefix");
            case DELIMITER -> query.apply("delimiter");
            case MAX_KEYS -> query.apply("max-keys");
            case VERSION_ID -> emptyIsAbsent(query.apply("versionId"));    // COS: an empty versionid is no versionid
            case CONTENT_TYPE -> header.apply("Content-Type");
            case CONTENT_LENGTH -> header.apply("Content-Length");
            case STORAGE_CLASS -> dialect("storage-class");
            case ACL -> dialect("acl");
            case RESPONSE_CONTENT_TYPE -> query.apply("response-content-type");
            case REFERER -> header.apply("Referer");
            case USER_AGENT -> header.apply("User-Agent");
            case IF_MATCH -> header.apply("If-Match");
            case IF_NONE_MATCH -> header.apply("If-None-Match");
            case EXISTING_OBJECT_TAG -> tags.get().get(arg);
            case CURRENT_TIME, EPOCH_TIME -> null;   // supplied by the evaluator from its clock argument
        };
        return v == null ? null : List.of(v);
    }

    private String dialect(String suffix) {
        String v = header.apply("x-cos-" + suffix);
        return v != null ? v : header.apply("x-amz-" + suffix);
    }

    private static String emptyIsAbsent(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
