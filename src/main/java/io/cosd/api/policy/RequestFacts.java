package io.cosd.api.policy;

import io.cosd.api.route.Operation;
import io.cosd.domain.acl.CannedAcl;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.policy.ContextKey;
import io.cosd.domain.policy.Facts;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The condition keys' values for one request (POL-C9, POL-S5, POL-S9..S12), built the same way for a
 * real request and for explain. Missing facts are null (POL-C8). A value cosd normalizes (storage class,
 * canned ACL) is the value as the write will apply it, by the write's own parse, so what a condition
 * judged is what is stored (POL-C9, AUTH-P2; a POST form's fields come through {@code header} too).
 * Object tags are loaded at most once and only when a statement asks for {@code s3:ExistingObjectTag/<k>};
 * the request's own tags ({@code s3:RequestObjectTag/<k>}) are parsed only when a statement asks for them.
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
            case STORAGE_CLASS -> appliedStorageClass(dialect("storage-class"));
            case ACL -> appliedCannedAcl(dialect("acl"));
            case RESPONSE_CONTENT_TYPE -> query.apply("response-content-type");
            case REFERER -> header.apply("Referer");
            case USER_AGENT -> header.apply("User-Agent");
            case IF_MATCH -> header.apply("If-Match");
            case IF_NONE_MATCH -> header.apply("If-None-Match");
            case EXISTING_OBJECT_TAG -> tags.get().get(arg);
            case COPY_SOURCE -> RequestValues.copySource(op, dialect("copy-source"));
            case METADATA_DIRECTIVE -> io.cosd.api.object.CopyHandler.appliedDirective(dialect("metadata-directive"));
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
            case OBJECT_LOCK_MODE -> dialect("object-lock-mode");                           // LOCK-11
            case OBJECT_LOCK_RETAIN_UNTIL_DATE -> dialect("object-lock-retain-until-date");
            case OBJECT_LOCK_LEGAL_HOLD -> dialect("object-lock-legal-hold");
            case CURRENT_TIME, EPOCH_TIME, REQUEST_OBJECT_TAG_KEYS -> null;   // time: from the evaluator's clock argument
        };
        return v == null ? null : List.of(v);
    }

    /** The x-cos- header, else the x-amz- one: the precedence every handler reads them with (Request.dialectHeader). */
    private String dialect(String suffix) {
        String v = header.apply("x-cos-" + suffix);
        return v != null ? v : header.apply("x-amz-" + suffix);
    }

    /**
     * The storage class as the write will apply it (docs/policy.md "Condition keys": facts are the applied
     * value): parsed by {@link StorageClass#parse}, the parse every write uses, so {@code archive} or
     * {@code ARCHIVE } is judged as the {@code ARCHIVE} it stores. Its wire name is the same in both
     * dialects. A blank value is no value, as the write treats it (STANDARD, as without the header); a
     * value that does not parse stays as sent: the write refuses it (400 InvalidStorageClass) and stores nothing.
     */
    static String appliedStorageClass(String v) {
        if (v == null || v.isBlank()) return null;
        return StorageClass.parse(v).map(StorageClass::name).orElse(v);
    }

    /**
     * The canned ACL as the write will apply it, parsed by {@link CannedAcl#parse} as every write parses it
     * ({@code "public-read "} is {@code public-read}); a value that does not parse stays as sent: the write
     * refuses it (400 InvalidArgument) and stores nothing.
     */
    static String appliedCannedAcl(String v) {
        if (v == null) return null;
        CannedAcl c = CannedAcl.parse(v);
        return c == null ? v : c.wire();
    }

    private static String emptyIsAbsent(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
