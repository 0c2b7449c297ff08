package io.cosd.api.auth;

import io.cosd.api.error.ApiException;
import io.cosd.domain.signing.SigV4Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The per-request SigV4 steps written without a regex or a formatter parse (docs/performance.md
 * "The GET path") answer exactly what the regex and the formatter answered.
 */
class SigV4FastPathsTest {
    private static final DateTimeFormatter AMZ = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"a", " a ", "a b", "a  b", "a\tb", "a \t b", "\ta\t", "a   b  c", "", "   ", "x-amz-date", "a\t\tb ", "é  ü"})
    void aHeaderValueIsTrimmedAndItsBlankRunsFoldedAsTheRegexFoldedThem(String v) {
        assertThat(SigV4Signer.normalizeValue(v)).isEqualTo(v.trim().replaceAll("[ \\t]+", " "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"20261204T001500Z", "20240229T235959Z", "19700101T000000Z", "20261231T120000Z"})
    void aWellFormedAmzDateIsTheInstantTheFormatterReads(String s) {
        assertThat(SigV4Verifier.basicAmzDate(s)).isEqualTo(Instant.from(AMZ.parse(s)));
        assertThat(SigV4Verifier.parseAmzDate(s)).isEqualTo(Instant.from(AMZ.parse(s)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"20230229T000000Z", "20261301T000000Z", "20261200T000000Z", "20261204T240000Z", "20261204T236000Z",
            "20261204T235960Z", "20261204 001500Z", "20261204T001500", "2026-12-04T00:15:00Z", "2026120T001500Z", "2026120aT001500Z"})
    void anythingElseIsLeftToTheFormatterAsBefore(String s) {
        assertThat(SigV4Verifier.basicAmzDate(s)).isNull();
        Instant formatter;
        try {
            formatter = Instant.from(AMZ.parse(s)); // its SMART resolver reads 20230229 as Feb 28 and T24 as the next day
        } catch (DateTimeParseException e) {
            formatter = null;
        }
        if (formatter != null) {
            assertThat(SigV4Verifier.parseAmzDate(s)).isEqualTo(formatter);
        } else {
            assertThatThrownBy(() -> SigV4Verifier.parseAmzDate(s)).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void aCredentialDateMustBeEightDigits() {
        assertThat(SigV4Verifier.Credential.parse("AKID/20261204/r/s3/aws4_request").date()).isEqualTo("20261204");
        for (String bad : new String[] {"AKID/2026124/r/s3/aws4_request", "AKID/2026120x/r/s3/aws4_request", "AKID/202612045/r/s3/aws4_request"}) {
            assertThatThrownBy(() -> SigV4Verifier.Credential.parse(bad)).isInstanceOf(ApiException.class);
        }
    }
}
