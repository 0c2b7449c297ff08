package io.cosd.domain.bucket;

import io.cosd.domain.object.Tags;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket tag rules as a table (docs/spec/semantics.md §5b): S3's limits and words, the same in COS. */
class BucketTagsTest {
    record Case(String name, List<Map.Entry<String, String>> pairs, String problem) {
        @Override public String toString() { return name; }
    }

    static List<Map.Entry<String, String>> n(int count) {
        List<Map.Entry<String, String>> l = new ArrayList<>();
        for (int i = 0; i < count; i++) l.add(Map.entry("k" + i, "v" + i));
        return l;
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no tags are fine", List.of(), null),
                new Case("fifty tags are the maximum", n(50), null),
                new Case("fifty-one tags are too many", n(51), "Bucket tag count cannot be greater than 50."),
                new Case("a 128-byte key is fine", List.of(Map.entry("k".repeat(128), "v")), null),
                new Case("a 129-byte key is too long", List.of(Map.entry("k".repeat(129), "v")),
                        "The TagKey you have provided is too long, max 128."),
                new Case("a 256-byte value is fine", List.of(Map.entry("k", "v".repeat(256))), null),
                new Case("a 257-byte value is too long", List.of(Map.entry("k", "v".repeat(257))),
                        "The TagValue you have provided is too long, max 256."),
                new Case("an empty value is fine", List.of(Map.entry("k", "")), null),
                new Case("an empty key is invalid", List.of(Map.entry("", "v")), "The TagKey you have provided is invalid: it is empty."),
                new Case("spaces and + - = . _ : / @ and unicode letters are allowed", List.of(Map.entry("a b+c-d=e.f_g:h/i@j", "项目 值")), null),
                new Case("a star in a key is invalid", List.of(Map.entry("a*", "v")), "The TagKey you have provided is invalid: a*"),
                new Case("an ampersand in a value is invalid", List.of(Map.entry("a", "b&c")), "The TagValue you have provided is invalid: b&c"),
                new Case("a repeated key is invalid", List.of(Map.entry("a", "1"), Map.entry("a", "2")),
                        "Cannot provide multiple Tags with the same key: a"),
                new Case("an aws: key is a system tag", List.of(Map.entry("aws:cloudformation:stack-name", "s")),
                        "System tags cannot be added/updated by requester: aws:cloudformation:stack-name"),
                new Case("the reserved prefix is matched in any case", List.of(Map.entry("ok", "1"), Map.entry("AWS:x", "2")),
                        "System tags cannot be added/updated by requester: AWS:x"),
                new Case("aws without the colon is an ordinary key", List.of(Map.entry("awsome", "1"), Map.entry("x-aws:y", "2")), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bucketTagSetsFollowS3sLimitsAndReserveTheAwsPrefix_BT_2(Case c) {
        Tags.Checked r = BucketTags.check(c.pairs());
        if (c.problem() == null) {
            assertThat(r.ok()).as(r.problem()).isTrue();
            assertThat(r.tags().entrySet()).containsExactlyElementsOf(c.pairs());
        } else {
            assertThat(r.ok()).isFalse();
            assertThat(r.problem()).isEqualTo(c.problem());
        }
    }
}
