package io.cosd.api.lock;

import io.cosd.api.error.ApiException;
import io.cosd.domain.lock.LockConfiguration;
import io.cosd.domain.lock.LockMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The object lock documents as tables (docs/object-lock.md, LOCK-1, LOCK-6, LOCK-8). */
class ObjectLockXmlTest {
    static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static String outcome(Runnable r) {
        Throwable t = catchThrowable(r::run);
        return t == null ? "ok" : ((ApiException) t).code().code();
    }

    static String config(String enabled, String retention) {
        return "<ObjectLockConfiguration>" + (enabled == null ? "" : "<ObjectLockEnabled>" + enabled + "</ObjectLockEnabled>")
                + (retention == null ? "" : "<Rule><DefaultRetention>" + retention + "</DefaultRetention></Rule>") + "</ObjectLockConfiguration>";
    }

    @ParameterizedTest(name = "{0} / {1} (cos {2}): {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Enabled  | -                                           | false | ok",
            "Enabled  | <Mode>GOVERNANCE</Mode><Days>1</Days>        | false | ok",
            "Enabled  | <Mode>COMPLIANCE</Mode><Years>100</Years>    | false | ok",
            "Disabled | <Mode>GOVERNANCE</Mode><Days>1</Days>        | false | MalformedXML",
            "-        | -                                           | false | MalformedXML",
            "Enabled  | <Mode>governance</Mode><Days>1</Days>        | false | MalformedXML",
            "Enabled  | <Mode>abc</Mode><Years>1</Years>             | false | MalformedXML",
            "Enabled  | <Mode>GOVERNANCE</Mode><Days>1</Days><Years>1</Years> | false | MalformedXML",
            "Enabled  | <Mode>GOVERNANCE</Mode>                     | false | MalformedXML",
            "Enabled  | <Mode>GOVERNANCE</Mode><Days>0</Days>        | false | InvalidRetentionPeriod",
            "Enabled  | <Mode>GOVERNANCE</Mode><Years>-1</Years>     | false | InvalidRetentionPeriod",
            "Enabled  | <Mode>GOVERNANCE</Mode><Days>36501</Days>    | false | InvalidRetentionPeriod",
            "Enabled  | <Mode>GOVERNANCE</Mode><Days>x</Days>        | false | MalformedXML",
            "Enabled  | <Mode>GOVERNANCE</Mode><Days>1</Days><Extra>1</Extra> | false | MalformedXML",
            // COS's shape: Days alone is COMPLIANCE, COS's only mode; S3 needs the mode
            "Enabled  | <Days>30</Days>                             | true  | ok",
            "Enabled  | <Days>30</Days>                             | false | MalformedXML",
    })
    void theConfigurationDocumentIsReadStrictly_LOCK_1(String enabled, String retention, boolean cos, String expected) {
        assertThat(outcome(() -> ObjectLockXml.parseConfig(b(config(enabled, retention)), cos))).isEqualTo(expected);
    }

    @Test
    void theCanonicalConfigurationRoundTripsAndCosDaysAloneIsCompliance_LOCK_1() {
        for (LockConfiguration c : new LockConfiguration[]{LockConfiguration.ENABLED, new LockConfiguration(LockMode.GOVERNANCE, 3, null),
                new LockConfiguration(LockMode.COMPLIANCE, null, 2)}) {
            assertThat(ObjectLockXml.decodeConfig(ObjectLockXml.encodeConfig(c))).isEqualTo(c);
        }
        assertThat(ObjectLockXml.parseConfig(b(config("Enabled", "<Days>30</Days>")), true))
                .isEqualTo(new LockConfiguration(LockMode.COMPLIANCE, 30, null));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>       | ok",
            "<Retention><Mode>COMPLIANCE</Mode><RetainUntilDate>2030-01-01T00:00:00.123Z</RetainUntilDate></Retention>   | ok",
            "<Retention/>                                                                                               | ok",
            "<Retention><Mode>governance</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>       | MalformedXML",
            "<Retention><Mode>GOVERNANCE</Mode></Retention>                                                             | MalformedXML",
            "<Retention><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>                             | MalformedXML",
            "<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>tomorrow</RetainUntilDate></Retention>                  | MalformedXML",
            "<Other/>                                                                                                   | MalformedXML",
    })
    void aRetentionIsModeAndDateTogetherOrNeither_LOCK_6(String doc, String expected) {
        assertThat(outcome(() -> ObjectLockXml.parseRetention(b(doc)))).isEqualTo(expected);
    }

    @Test
    void aRetentionReadsItsDate_LOCK_6() {
        var r = ObjectLockXml.parseRetention(b("<Retention><Mode>COMPLIANCE</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>"));
        assertThat(r.mode()).isEqualTo(LockMode.COMPLIANCE);
        assertThat(r.until()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "<LegalHold><Status>ON</Status></LegalHold>   | ok",
            "<LegalHold><Status>OFF</Status></LegalHold>  | ok",
            "<LegalHold><Status>on</Status></LegalHold>   | MalformedXML",
            "<LegalHold><Status>abc</Status></LegalHold>  | MalformedXML",
            "<LegalHold/>                                 | MalformedXML",
    })
    void aLegalHoldIsOnOrOffAndNothingElse_LOCK_8(String doc, String expected) {
        assertThat(outcome(() -> ObjectLockXml.parseLegalHold(b(doc)))).isEqualTo(expected);
    }
}
