package io.cosd.api.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
