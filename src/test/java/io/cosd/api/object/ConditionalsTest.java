package io.cosd.api.object;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read and copy-source preconditions as a table, in RFC 7232 §6 order: If-Match, else
 * If-Unmodified-Since (412); then If-None-Match, else If-Modified-Since (304 on GET and HEAD, which
 * share the one evaluation in {@code ObjectHandler.read}; 412 on a copy source, which has no 304).
 */
class ConditionalsTest {
    private static final String ETAG = "\"abc\"";
    /** Last-Modified is sent in whole seconds: the fraction must not make "same second" count as later. */
    private static final Instant MODIFIED = Instant.parse("2026-11-23T12:00:00.700Z");
    private static final String AT = "Mon, 23 Nov 2026 12:00:00 GMT";
    private static final String BEFORE = "Mon, 23 Nov 2026 11:59:59 GMT";
    private static final String AFTER = "Mon, 23 Nov 2026 12:00:01 GMT";

    private static String nullable(String s) {
        return s.equals("-") ? null : s.replace("AT", AT).replace("BEFORE", BEFORE).replace("AFTER", AFTER);
    }

    private static String show(Integer verdict) {
        return verdict == null ? "proceed" : verdict.toString();
    }

    @ParameterizedTest(name = "If-Match {0}, If-None-Match {1}, If-Modified-Since {2}, If-Unmodified-Since {3} -> GET/HEAD {4}, copy {5}")
    @CsvSource(delimiter = '|', value = {
            // If-Match   | If-None-Match     | If-Modified-Since | If-Unmodified-Since | GET/HEAD | copy source
            "-            | -                 | -                 | -                   | proceed  | proceed",
            // If-Match: any listed tag, or *, lets the request through; otherwise 412
            "\"abc\"      | -                 | -                 | -                   | proceed  | proceed",
            "\"xyz\"      | -                 | -                 | -                   | 412      | 412",
            "*            | -                 | -                 | -                   | proceed  | proceed",
            "'\"xyz\", \"abc\"' | -           | -                 | -                   | proceed  | proceed",
            "abc          | -                 | -                 | -                   | proceed  | proceed",
            "W/\"abc\"    | -                 | -                 | -                   | proceed  | proceed",
            "''           | -                 | -                 | -                   | 412      | 412",
            // If-None-Match: a listed tag, or *, is 304 (412 for a copy source)
            "-            | \"abc\"           | -                 | -                   | 304      | 412",
            "-            | \"xyz\"           | -                 | -                   | proceed  | proceed",
            "-            | *                 | -                 | -                   | 304      | 412",
            "-            | W/\"abc\"         | -                 | -                   | 304      | 412",
            "-            | '\"xyz\", W/\"abc\"' | -              | -                   | 304      | 412",
            // If-Modified-Since: 304 unless modified after the date, compared in whole seconds
            "-            | -                 | AT                | -                   | 304      | 412",
            "-            | -                 | BEFORE            | -                   | proceed  | proceed",
            "-            | -                 | AFTER             | -                   | 304      | 412",
            // If-Unmodified-Since: 412 if modified after the date
            "-            | -                 | -                 | AT                  | proceed  | proceed",
            "-            | -                 | -                 | BEFORE              | 412      | 412",
            "-            | -                 | -                 | AFTER               | proceed  | proceed",
            // a date that is not an IMF-fixdate is ignored (RFC 7232 §3.3, §3.4)
            "-            | -                 | yesterday         | -                   | proceed  | proceed",
            "-            | -                 | -                 | yesterday           | proceed  | proceed",
            "-            | -                 | 'Monday, 23-Nov-26 12:00:00 GMT' | -    | proceed  | proceed",
            "-            | -                 | 'Tue, 23 Nov 2026 12:00:00 GMT'  | -    | proceed  | proceed",
            "-            | -                 | -                 | '2026-11-23T11:00:00Z' | proceed | proceed",
            // the date headers are not evaluated when their tag counterpart is present (§6 steps 2 and 4)
            "\"abc\"      | -                 | -                 | BEFORE              | proceed  | proceed",
            "\"xyz\"      | -                 | -                 | AFTER               | 412      | 412",
            "-            | \"xyz\"           | AFTER             | -                   | proceed  | proceed",
            "-            | \"abc\"           | BEFORE            | -                   | 304      | 412",
            // 412 is decided before 304 (§6 steps 1-2 before 3-4)
            "\"xyz\"      | \"abc\"           | -                 | -                   | 412      | 412",
            "-            | -                 | AFTER             | BEFORE              | 412      | 412",
            "\"xyz\"      | -                 | AFTER             | -                   | 412      | 412",
            // both kinds passing the first step: the second decides
            "\"abc\"      | \"abc\"           | -                 | -                   | 304      | 412",
            "\"abc\"      | -                 | AFTER             | -                   | 304      | 412",
            "\"abc\"      | -                 | BEFORE            | -                   | proceed  | proceed",
            "-            | -                 | AFTER             | AFTER               | 304      | 412",
            "-            | -                 | AFTER             | yesterday           | 304      | 412",
    })
    void preconditionsAreEvaluatedInRfc7232Order(String ifMatch, String ifNoneMatch, String ifModifiedSince,
                                                 String ifUnmodifiedSince, String read, String copy) {
        Integer verdict = Conditionals.evaluate(nullable(ifMatch), nullable(ifNoneMatch), nullable(ifModifiedSince),
                nullable(ifUnmodifiedSince), ETAG, MODIFIED);
        assertThat(show(verdict)).as("GET/HEAD").isEqualTo(read);
        boolean copyFails = Conditionals.copySourceFails(nullable(ifMatch), nullable(ifNoneMatch), nullable(ifModifiedSince),
                nullable(ifUnmodifiedSince), ETAG, MODIFIED);
        assertThat(copyFails ? "412" : "proceed").as("copy source").isEqualTo(copy);
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "\"abc\"            | \"abc\" | true",
            "abc                | \"abc\" | true",
            "\"abc\"            | abc     | true",
            "' \"abc\" '        | \"abc\" | true",
            "W/\"abc\"          | \"abc\" | true",
            "'\"a\",\"b\",\"abc\"' | \"abc\" | true",
            "*                  | \"abc\" | true",
            "'\"x\", *'         | \"abc\" | true",
            "\"ABC\"            | \"abc\" | false",
            "\"ab\"             | \"abc\" | false",
            "w/\"abc\"          | \"abc\" | false",
            "\"abc\"-1          | \"abc\" | false",
            "\"abc-2\"          | \"abc-2\" | true",
    })
    void entityTagsMatchCaseSensitivelyWithOptionalQuotesAndWeakPrefix(String header, String etag, boolean matches) {
        assertThat(Conditionals.etagMatches(header, etag)).isEqualTo(matches);
    }

    @Test
    void onlyImfFixdatesAreReadAndTheRestIsIgnored() {
        assertThat(Conditionals.parseDate(AT)).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(Conditionals.parseDate(" " + AT + " ")).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(Conditionals.parseDate("Mon, 23 Nov 2026 20:00:00 +0800")).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(Conditionals.parseDate("Sun Nov 23 12:00:00 2026")).as("asctime").isNull();
        assertThat(Conditionals.parseDate("")).isNull();
        assertThat(Conditionals.parseDate("0")).isNull();
    }
}
