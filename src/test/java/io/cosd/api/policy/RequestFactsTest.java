package io.cosd.api.policy;

import io.cosd.domain.policy.ContextKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The condition facts of values cosd normalizes are the values as the write applies them
 * (docs/policy.md "Condition keys", POL-C9): the storage class and canned ACL a Deny judges are the
 * ones stored, however the request spells them.
 */
class RequestFactsTest {
    static RequestFacts facts(Map<String, String> headers) {
        return new RequestFacts(() -> new ClientAddress.Client("127.0.0.1", false), q -> null,
                name -> headers.get(name.toLowerCase(Locale.ROOT)), Map::of);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "x-cos-storage-class | ARCHIVE              | ARCHIVE",
            "x-cos-storage-class | archive              | ARCHIVE",
            "x-cos-storage-class | ' ARCHIVE '          | ARCHIVE",
            "x-amz-storage-class | standard_ia          | STANDARD_IA",
            "x-cos-storage-class | Standard_IA          | STANDARD_IA",
            "x-cos-storage-class | ''                   | null",
            "x-cos-storage-class | GLACIER              | GLACIER",
            "x-cos-storage-class | null                 | null",
    })
    void theStorageClassFactIsTheClassTheWriteApplies_POL_C9(String header, String value, String fact) {
        Map<String, String> h = value == null ? Map.of() : Map.of(header, value);
        assertThat(one(facts(h).values(ContextKey.STORAGE_CLASS, null))).isEqualTo(fact);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "x-cos-acl | public-read      | public-read",
            "x-cos-acl | ' public-read '  | public-read",
            "x-amz-acl | 'private '       | private",
            "x-cos-acl | default          | default",
            "x-cos-acl | Public-Read      | Public-Read",
            "x-amz-acl | null             | null",
    })
    void theCannedAclFactIsTheAclTheWriteApplies_POL_C9(String header, String value, String fact) {
        Map<String, String> h = value == null ? Map.of() : Map.of(header, value);
        assertThat(one(facts(h).values(ContextKey.ACL, null))).isEqualTo(fact);
    }

    private static String one(List<String> values) {
        return values == null ? null : values.getFirst();
    }
}
