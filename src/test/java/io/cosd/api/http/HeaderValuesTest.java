package io.cosd.api.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** "Can be sent as an HTTP header value" as a table, checked against Netty's own validation. */
class HeaderValuesTest {
    @ParameterizedTest(name = "{0}: whole value {1}, inside a value {2}")
    @CsvSource(delimiter = '|', value = {
            "text/plain                   | true  | true",
            "attachment; filename=\"a.txt\" | true  | true",
            "a\\tb                        | true  | true",
            "\\u00e9t\\u00e9              | true  | true",
            "\\u817e\\u8baf\\u4e91        | true  | true",
            "\\u0085 next line (C1)       | true  | true",
            "trailing space\\u0020        | true  | true",
            "''                           | true  | true",
            "a\\nb                        | false | false",
            "a\\rb                        | false | false",
            "\\r\\nSet-Cookie: x=1        | false | false",
            "a\\u0000b                    | false | false",
            "a\\u0001b                    | false | false",
            "a\\u001fb                    | false | false",
            "a\\u007fb                    | false | false",
            "\\u0020leading space         | false | true",
            "\\tleading tab               | false | true",
    })
    void aValueIsSendableUnlessItHasControlCharactersOrLeadingWhitespace(String escaped, boolean whole, boolean inside) {
        String v = unescape(escaped);
        assertThat(HeaderValues.sendable(v)).as("whole").isEqualTo(whole);
        assertThat(HeaderValues.sendableInside(v)).as("inside").isEqualTo(inside);
        // The rule is Netty's (what EdgeHandler writes, after its UTF-8 encoding of non-ASCII).
        String wire = new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        boolean netty;
        try {
            new io.netty.handler.codec.http.DefaultHttpHeaders().set("x", wire);
            netty = true;
        } catch (IllegalArgumentException e) {
            netty = false;
        }
        assertThat(netty).as("netty accepts").isEqualTo(whole);
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') { b.append(c); continue; }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> { b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; }
                default -> b.append(n);
            }
        }
        return b.toString();
    }
}
