package io.cosd.api.object;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming multipart/form-data reader behind POST Object (docs/post-object.md), as a table. */
class FormPartsTest {
    private static final String B = "----WebKitFormBoundaryZBPbaoYE2gqeB21N";

    static byte[] form(String... namesAndValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            sb.append("--").append(B).append("\r\n");
            String name = namesAndValues[i];
            if (name.equals("file")) sb.append("Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n");
            else sb.append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n");
            sb.append("\r\n").append(namesAndValues[i + 1]).append("\r\n");
        }
        sb.append("--").append(B).append("--\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** An underlying stream that hands out at most {@code chunk} bytes per read: every split point gets tried. */
    static InputStream trickle(byte[] body, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException { return super.read(b, off, Math.min(len, chunk)); }
        };
    }

    static List<String> readAll(InputStream in, int bufferSize) throws IOException {
        FormParts parts = new FormParts(in, B, bufferSize);
        List<String> out = new ArrayList<>();
        for (FormParts.Part p; (p = parts.next()) != null; ) {
            out.add(p.name() + (p.filename() == null ? "" : "[" + p.filename() + "]") + "=" + new String(p.body().readAllBytes(), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @ParameterizedTest(name = "read chunk {0}, buffer {1}")
    @CsvSource({"1,1", "1,64", "2,7", "3,45", "7,46", "13,47", "64,48", "4096,64", "4096,65536", "45,45", "46,50"})
    void partsAreFoundWhereverTheDelimiterFallsAcrossBufferEdges(int chunk, int buffer) throws IOException {
        // values that nearly look like delimiters: CR, LF, "--", a boundary without its CRLF before it
        String tricky = "a\r\nb\r\n--" + B.substring(0, 10) + "x\r\n-" + "--" + B + "not-at-line-start";
        byte[] body = form("key", "k/${filename}", "policy", "", "file", tricky, "after", "ignored");
        assertThat(readAll(trickle(body, chunk), buffer))
                .containsExactly("key=k/${filename}", "policy=", "file[a.txt]=" + tricky, "after=ignored");
    }

    @Test
    void anUnreadPartIsSkippedByNext() throws IOException {
        FormParts parts = new FormParts(new ByteArrayInputStream(form("a", "x".repeat(100_000), "b", "2")), B, 64);
        assertThat(parts.next().name()).isEqualTo("a");
        FormParts.Part b = parts.next();
        assertThat(b.name()).isEqualTo("b");
        assertThat(new String(b.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("2");
        assertThat(parts.next()).isNull();
    }

    @Test
    void aPreambleBeforeTheFirstBoundaryIsSkipped() throws IOException {
        byte[] f = form("a", "1");
        byte[] body = ("preamble text\r\n" + new String(f, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(readAll(new ByteArrayInputStream(body), 64)).containsExactly("a=1");
    }

    @ParameterizedTest(name = "malformed: {0}")
    @ValueSource(strings = {
            "no boundary at all",
            "--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue but no closing delimiter",
            "--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\n",
            "--" + B + "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--" + B + "--",
            "--" + B + "\r\nContent-Type: text/plain\r\n\r\nv\r\n--" + B + "--",
            "--" + B + "garbage\r\n\r\n",
    })
    void brokenFramingIsMalformed(String body) {
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), 64))
                .isInstanceOf(FormParts.Malformed.class);
    }

    @Test
    void anOverlongPartHeaderIsMalformed() {
        String body = "--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\nX: " + "y".repeat(FormParts.MAX_PART_HEADER) + "\r\n\r\nv\r\n--" + B + "--";
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), 64))
                .isInstanceOf(FormParts.Malformed.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "multipart/form-data; boundary=abc               | abc",
            "Multipart/Form-Data;boundary=\"a b\"             | a b",
            "multipart/form-data; charset=utf-8; boundary=x1 | x1",
            "multipart/form-data                             | -",
            "application/x-www-form-urlencoded               | -",
            "multipart/mixed; boundary=abc                   | -",
    })
    void theBoundaryComesFromAMultipartFormDataContentTypeOnly(String contentType, String boundary) {
        assertThat(FormParts.boundary(contentType.trim())).isEqualTo(boundary);
    }

    @ParameterizedTest(name = "{0}: {1}={2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "form-data; name=\"file\"; filename=\"a.txt\" | name     | file",
            "form-data; name=\"file\"; filename=\"a.txt\" | filename | a.txt",
            "form-data; name=key                         | name     | key",
            "form-data; filename=\"x\"                    | name     | -",
    })
    void dispositionParametersAreReadQuotedOrNot(String disposition, String param, String value) {
        assertThat(FormParts.param(disposition.trim(), param.trim())).isEqualTo(value);
    }
}
