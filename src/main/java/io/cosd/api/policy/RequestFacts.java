package io.cosd.api.policy;

import io.cosd.api.route.Operation;
import io.cosd.domain.policy.ContextKey;
import io.cosd.domain.policy.Facts;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The condition keys' values for one request (POL-C9, POL-S5, POL-S9..S12), built the same way for a
 * real request and for explain. Missing facts are null (POL-C8). Object tags are loaded at most once
 * and only when a statement asks for {@code s3:ExistingObjectTag/<k>}; the request's own tags
 * ({@code s3:RequestObjectTag/<k>}) are parsed only when a statement asks for them.
 *
 * @param op     the operation being authorized: the copy source and the request's tags belong to some operations only
 * @param query  decoded query parameter by name, null when absent
 * @param header request header by name (case-insensitive), null when absent; for a POST Object form, the
 *               values the form stores (PostFacts, AUTH-P2)
 */
public record RequestFacts(Operation op, Supplier<ClientAddress.Client> client, Function<String, String> query,
                           Function<String, String> header, Supplier<Map<String, String>> tags) implements Facts {

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
        if (key == ContextKey.REQUEST_OBJECT_TAG_KEYS) {
            Map<String, String> t = RequestValues.of(op, header);
            return t == null || t.isEmpty() ? null : List.copyOf(t.keySet());
        }
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
            case EXISTING_OBJECT_TAG -> tags.get().get(arg);
            case COPY_SOURCE -> RequestValues.copySource(op, dialect("copy-source"));
            case METADATA_DIRECTIVE -> dialect("metadata-directive");
            case GRANT_READ -> dialect("grant-read");
            case GRANT_WRITE -> dialect("grant-write");
            case GRANT_READ_ACP -> dialect("grant-read-acp");
            case GRANT_WRITE_ACP -> dialect("grant-write-acp");
            case GRANT_FULL_CONTROL -> dialect("grant-full-control");
            case REQUEST_OBJECT_TAG -> {
                Map<String, String> t = RequestValues.of(op, header);
                yield t == null ? null : t.get(arg);
            }
            case SSE -> dialect("server-side-encryption");
            case SSE_KMS_KEY_ID -> dialect("server-side-encryption-aws-kms-key-id");
            case SSE_CUSTOMER_ALGORITHM -> dialect("server-side-encryption-customer-algorithm");
            case CURRENT_TIME, EPOCH_TIME, REQUEST_OBJECT_TAG_KEYS -> null;   // time: from the evaluator's clock argument
        };
        return v == null ? null : List.of(v);
    }

    /** The x-cos- header, else the x-amz- one: the precedence every handler reads them with (Request.dialectHeader). */
    private String dialect(String suffix) {
        String v = header.apply("x-cos-" + suffix);
        return v != null ? v : header.apply("x-amz-" + suffix);
    }

    private static String emptyIsAbsent(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
