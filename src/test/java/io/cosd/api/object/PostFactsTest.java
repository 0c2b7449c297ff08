package io.cosd.api.object;

import io.cosd.api.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bucket-policy condition facts of a POST Object: what will be stored, not the POST's headers (docs/security.md AUTH-P2). */
class PostFactsTest {
    /** The POST's own headers, all claiming something else than the form. */
    static final Map<String, String> HEADERS = Map.of("content-type", "multipart/form-data; boundary=x", "content-length", "5",
            "x-cos-storage-class", "STANDARD", "x-amz-acl", "private", "referer", "https://site.example/", "user-agent", "browser");

    static Function<String, String> facts(Map<String, String> fields) {
        return PostFacts.of(fields, name -> HEADERS.get(name.toLowerCase()));
    }

    @ParameterizedTest(name = "{0} with form {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "Content-Type        | content-type=text/html          | text/html",
            "Content-Type        | key=k                           | application/octet-stream",
            "x-cos-storage-class | x-cos-storage-class=ARCHIVE     | ARCHIVE",
            "x-amz-storage-class | x-amz-storage-class=GLACIER     | GLACIER",
            "x-cos-storage-class | x-amz-storage-class=GLACIER     | GLACIER",
            "x-cos-storage-class | key=k                           | null",
            "x-cos-acl           | acl=public-read                 | public-read",
            "x-amz-acl           | x-amz-acl=private               | private",
            "x-amz-acl           | key=k                           | null",
            "x-cos-acl           | x-cos-acl=default               | default",
            "x-amz-grant-read    | x-amz-grant-read=uri=all        | uri=all",
            "x-amz-grant-read    | x-cos-grant-read=uri=all        | uri=all",
            "x-cos-grant-write   | key=k                           | null",
            "Referer             | key=k                           | https://site.example/",
            "User-Agent          | key=k                           | browser",
    })
    void theFactsDescribeWhatTheFormStores_AUTH_P2(String header, String field, String expected) {
        String[] kv = field.split("=", 2);
        assertThat(facts(Map.of(kv[0], kv[1])).apply(header)).isEqualTo(expected);
    }

    /** The acl and grant fields the write applies are one value, whatever the spelling (AUTH-P1): disagreeing spellings are refused. */
    @ParameterizedTest(name = "{0}: {1} and {2} = {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "acl              | acl              | x-amz-acl        | null",
            "acl              | x-cos-acl        | x-amz-acl        | null",
            "grant-read       | x-cos-grant-read | x-amz-grant-read | null",
            "acl              | acl              | x-cos-acl        | same",
    })
    void anAclOrGrantFieldSpelledTwiceMustAgree_AUTH_P1(String suffix, String one, String other, String same) {
        Map<String, String> f = Map.of(one, "public-read", other, same == null ? "private" : "public-read");
        if (same != null) {
            assertThat(PostFacts.aclField(f, suffix)).isEqualTo("public-read");
        } else {
            assertThatThrownBy(() -> PostFacts.aclField(f, suffix))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("InvalidArgument"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Content-Length", "x-cos-meta-a", "Host"})
    void aFactTheFormCannotKnowBeforeStoringRefusesTheForm_AUTH_P2(String header) {
        assertThatThrownBy(() -> facts(Map.of("key", "k")).apply(header))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("AccessDenied"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"x-cos-storage-class", "X-Amz-Storage-Class", "x-cos-acl", "x-amz-acl", "x-cos-meta-a", "x-amz-meta-b",
            "x-cos-grant-read", "x-amz-tagging", "x-amz-website-redirect-location", "Content-MD5",
            "x-amz-checksum-crc32", "X-Amz-Checksum-Sha256", "x-amz-sdk-checksum-algorithm"})
    void aPostHeaderThatWouldSetAnObjectAttributeIsInvalidArgument_AUTH_P2(String header) {
        assertThatThrownBy(() -> PostFacts.refuseObjectHeaders(List.of(Map.entry("Host", "h"), Map.entry(header, "v"))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).isEqualTo("InvalidArgument");
                    assertThat(e.getMessage()).contains(header).contains("give it as a form field");
                });
    }

    @Test
    void requestHeadersThatDescribeTheRequestAreAccepted_AUTH_P2() {
        PostFacts.refuseObjectHeaders(List.of(Map.entry("Host", "h"), Map.entry("Content-Type", "multipart/form-data; boundary=x"),
                Map.entry("Cache-Control", "max-age=0"), Map.entry("Origin", "https://site.example"), Map.entry("x-amz-date", "x")));
    }

    @Test
    void theFormsTaggingFieldIsHandedOnAsTheTaggingHeaderTheRequestTagKeysRead_POL_S11_AUTH_P2() {
        String xml = "<Tagging><TagSet><Tag><Key>security</Key><Value>top secret</Value></Tag><Tag><Key>a+b</Key><Value>x=y/@</Value></Tag></TagSet></Tagging>";
        String header = facts(Map.of("tagging", xml)).apply("x-amz-tagging");
        assertThat(TaggingHeader.parse(header)).containsExactlyInAnyOrderEntriesOf(Map.of("security", "top secret", "a+b", "x=y/@"));
        assertThat(facts(Map.of("tagging", xml)).apply("X-Cos-Tagging")).isEqualTo(header);
        assertThat(facts(Map.of("key", "k")).apply("x-amz-tagging")).as("no field, no tags").isNull();
        assertThat(facts(Map.of("tagging", "<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>")).apply("x-amz-tagging"))
                .as("a malformed field has no value; the write refuses it").isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"x-amz-metadata-directive", "x-amz-copy-source"})
    void headerKeysTheFormHasNoFieldForRefuseTheForm_POL_S12_AUTH_P2(String header) {
        assertThatThrownBy(() -> facts(Map.of("key", "k")).apply(header))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("AccessDenied"));
    }

    @org.junit.jupiter.api.Test
    void anEncryptionKeyReadsTheEncryptionFieldTheWriteApplies_POL_S12_SSE_15() {
        assertThat(facts(Map.of("key", "k", "x-amz-server-side-encryption", "AES256")).apply("x-amz-server-side-encryption")).isEqualTo("AES256");
        assertThat(facts(Map.of("key", "k", "x-cos-server-side-encryption-customer-algorithm", "AES256"))
                .apply("x-amz-server-side-encryption-customer-algorithm")).isEqualTo("AES256");
        assertThat(facts(Map.of("key", "k")).apply("x-amz-server-side-encryption")).as("no field: unencrypted").isNull();
    }

    @org.junit.jupiter.api.Test
    void aGrantKeyReadsTheGrantFieldTheWriteApplies_POL_S10_AUTH_P2() {
        assertThat(facts(Map.of("key", "k", "x-amz-grant-full-control", "id=\"abc\"")).apply("x-amz-grant-full-control")).isEqualTo("id=\"abc\"");
        assertThat(facts(Map.of("key", "k", "x-cos-grant-read", "id=\"abc\"")).apply("x-amz-grant-read")).isEqualTo("id=\"abc\"");
        assertThat(facts(Map.of("key", "k")).apply("x-amz-grant-full-control")).as("no field, no grant").isNull();
    }
}
