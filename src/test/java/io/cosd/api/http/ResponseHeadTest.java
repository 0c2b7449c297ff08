package io.cosd.api.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** EDGE-E1 (docs/edge.md): which response headers the edge refuses to commit. */
class ResponseHeadTest {
    @ParameterizedTest(name = "[{0}: {1}] sendable={2}")
    @CsvSource(delimiter = '|', value = {
            "Content-Type  | text/plain              | true",
            "x-cos-meta-a  | 'caf\u00c3\u00a9'        | true",
            "x-cos-meta-a  | 'a\tb'                  | true",
            "x-cos-meta-a  | ''                      | true",
            "x-cos-meta-a  | 'a\nb'                  | false",
            "x-cos-meta-a  | 'a\rb'                  | false",
            "x-cos-meta-a  | 'a\u0001b'              | false",
            "x-cos-meta-a  | 'a\u007fb'              | false",
            "x-cos-meta-a  | ' leading'              | false",
            "x-cos-meta-a  | 'wide \u4e2d'           | false",
            "'bad name'    | v                       | false",
            "'bad:name'    | v                       | false",
    })
    void onlyHeadersThatCanGoOnTheWireAreCommitted(String name, String value, boolean sendable) {
        assertThat(ResponseHead.problem(List.of(Map.entry(name, value))) == null).isEqualTo(sendable);
    }

    @Test
    void aNulInAValueIsRefused() { // not in the table: the CSV parser drops NUL characters
        assertThat(ResponseHead.problem(List.of(Map.entry("x-cos-meta-a", "a" + (char) 0 + "b")))).isNotNull();
    }

    /** What the edge sent before the one-pass encoding: UTF-8 bytes as Latin-1 chars, then {@link ResponseHead#problem}. */
    private static String asLatin1(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) > 0x7f) return new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }
        return v;
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"text/plain", "caf\u00e9", "\u4e2d\u6587 \ud83d\ude00", "a\tb", "", "a\nb", "a\rb", "a\u0001b",
            "a\u007fb", " leading", "\tleading", "trailing ", "\u0085 next line", "\u00ff\u0100"})
    void theOnePassEncodingRefusesWhatTheCheckRefusedAndSendsTheSameBytes_EDGE_E1(String raw) {
        String mapped = asLatin1(raw);
        ResponseHead.Wire wire = ResponseHead.wire(List.of(Map.entry("x-cos-meta-a", raw)));
        assertThat(wire.problem() == null).isEqualTo(ResponseHead.problem(List.of(Map.entry("x-cos-meta-a", mapped))) == null);
        if (wire.problem() == null) {
            assertThat(wire.values()[0].toByteArray()).isEqualTo(mapped.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(wire.names()[0].toString()).isEqualTo("x-cos-meta-a");
        }
    }

    @Test
    void theOnePassEncodingRefusesANameThatIsNotATokenAndKeepsTheOrderAndCaseOfTheOthers_EDGE_E1() {
        assertThat(ResponseHead.wire(List.of(Map.entry("ETag", "x"), Map.entry("bad name", "v"))).problem()).isNotNull();
        assertThat(ResponseHead.wire(List.of(Map.entry("", "v"))).problem()).isNotNull();
        var wire = ResponseHead.wire(List.of(Map.entry("ETag", "\"e\""), Map.entry("X-Custom-Header", "1"), Map.entry("Date", "d")));
        assertThat(wire.problem()).isNull();
        assertThat(java.util.Arrays.stream(wire.names()).map(Object::toString)).containsExactly("ETag", "X-Custom-Header", "Date");
        assertThat(java.util.Arrays.stream(wire.values()).map(Object::toString)).containsExactly("\"e\"", "1", "d");
    }
}
