package io.cosd.domain.object;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TagsTest {
    record Case(String name, List<Map.Entry<String, String>> pairs, String problemContains) {
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
                new Case("ten tags are the maximum", n(10), null),
                new Case("eleven tags are too many", n(11), "greater than 10"),
                new Case("a 128-byte key is fine", List.of(Map.entry("k".repeat(128), "v")), null),
                new Case("a 129-byte key is too long", List.of(Map.entry("k".repeat(129), "v")), "TagKey you have provided is too long"),
                new Case("a 256-byte value is fine", List.of(Map.entry("k", "v".repeat(256))), null),
                new Case("a 257-byte value is too long", List.of(Map.entry("k", "v".repeat(257))), "TagValue you have provided is too long"),
                new Case("an empty value is fine", List.of(Map.entry("k", "")), null),
                new Case("an empty key is invalid", List.of(Map.entry("", "v")), "TagKey"),
                new Case("spaces and + - = . _ : / @ are allowed", List.of(Map.entry("a b+c-d=e.f_g:h/i@j", "x y+z")), null),
                new Case("unicode letters are allowed", List.of(Map.entry("项目", "值")), null),
                new Case("a star in a key is invalid", List.of(Map.entry("a*", "v")), "TagKey you have provided is invalid"),
                new Case("an ampersand in a value is invalid", List.of(Map.entry("a", "b&c")), "TagValue you have provided is invalid"),
                new Case("a repeated key is invalid", List.of(Map.entry("a", "1"), Map.entry("a", "2")), "same key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tagSetsFollowTheCosAndS3Limits(Case c) {
        Tags.Checked r = Tags.check(c.pairs());
        if (c.problemContains() == null) {
            assertThat(r.ok()).as(r.problem()).isTrue();
            assertThat(r.tags().keySet()).containsExactlyElementsOf(c.pairs().stream().map(Map.Entry::getKey).toList());
        } else {
            assertThat(r.ok()).isFalse();
            assertThat(r.problem()).contains(c.problemContains());
        }
    }
}
