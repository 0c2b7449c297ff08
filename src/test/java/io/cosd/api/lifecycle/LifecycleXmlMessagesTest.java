package io.cosd.api.lifecycle;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every ?lifecycle validation error names the element and, for an enumerated value, the accepted
 * values (docs/lifecycle.md); the codes are LifecycleXmlTest's. {@code R(...)} wraps a rule body.
 */
class LifecycleXmlMessagesTest {
    @ParameterizedTest(name = "{1} {2}: {0}")
    @CsvSource(delimiter = '|', value = {
            "<Status>Enabled</Status><Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition>            | S3  | MalformedXML             | Rule/Transition/StorageClass: 'GLACIER' is not one of STANDARD_IA, INTELLIGENT_TIERING, ARCHIVE, DEEP_ARCHIVE",
            "<Status>Enabled</Status><Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition>            | COS | NotSupportedStorageClass | Rule/Transition/StorageClass: 'GLACIER' is not one of STANDARD_IA",
            "<Status>Enabled</Status><Transition><Days>30</Days></Transition>                                                | COS | MalformedXML             | Rule/Transition/StorageClass: required element is missing",
            "<Status>Enabled</Status><NoncurrentVersionTransition><NoncurrentDays>1</NoncurrentDays><StorageClass>COLD</StorageClass></NoncurrentVersionTransition> | COS | NotSupportedStorageClass | Rule/NoncurrentVersionTransition/StorageClass: 'COLD' is not one of",
            "<Status>Enabled</Status><NoncurrentVersionTransition><NoncurrentDays>1</NoncurrentDays></NoncurrentVersionTransition> | COS | MalformedXML     | Rule/NoncurrentVersionTransition/StorageClass: required",
            "<Expiration><Days>1</Days></Expiration>                                                 | COS | MalformedXML             | Rule/Status: required element is missing",
            "<Status>enabled</Status><Expiration><Days>1</Days></Expiration>                         | COS | MalformedXML             | Rule/Status: 'enabled' is not one of Enabled, Disabled",
            "<Status>Enabled</Status><Status>Enabled</Status><Expiration><Days>1</Days></Expiration> | COS | MalformedXML             | Rule/Status: must appear at most once",
            "<Status>Enabled</Status><Expiration><Days>x</Days></Expiration>                         | COS | MalformedXML             | Rule/Expiration/Days: 'x' is not an integer",
            "<Status>Enabled</Status><Expiration></Expiration>                                       | COS | MalformedXML             | Rule/Expiration: exactly one of Days, Date and ExpiredObjectDeleteMarker",
            "<Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>yes</ExpiredObjectDeleteMarker></Expiration> | COS | MalformedXML | Rule/Expiration/ExpiredObjectDeleteMarker: 'yes' is not one of true, false",
            "<Status>Enabled</Status><Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration> | COS | MalformedXML | Rule/Expiration/ExpiredObjectDeleteMarker: cannot be specified with Days or Date",
            "<Status>Enabled</Status><Expiration><Date>20310420</Date></Expiration>                  | COS | MalformedXML             | Rule/Expiration/Date: '20310420' is not an ISO 8601 date",
            "<Status>Enabled</Status><Transition><Date>2031-04-20T10:00:00+08:00</Date><StorageClass>ARCHIVE</StorageClass></Transition> | COS | InvalidArgument | Rule/Transition/Date: 'Date' must be at midnight",
            "<Status>Enabled</Status><Transition><StorageClass>ARCHIVE</StorageClass></Transition>   | COS | MalformedXML             | Rule/Transition: exactly one of Days and Date",
            "<Status>Enabled</Status><Prefix>a</Prefix><Filter/><Expiration><Days>1</Days></Expiration> | COS | MalformedXML          | Rule/Prefix: a rule has either Prefix or Filter, not both",
            "<Status>Enabled</Status><Filter><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Expiration><Days>1</Days></Expiration> | COS | MalformedXML | Rule/Filter: more than one of Prefix, Tag",
            "<Status>Enabled</Status><Filter><And><And/></And></Filter><Expiration><Days>1</Days></Expiration> | COS | MalformedXML   | Rule/Filter/And/And: And cannot be nested",
            "<Status>Enabled</Status><Filter><Tag><Value>v</Value></Tag></Filter><Expiration><Days>1</Days></Expiration> | COS | MalformedXML | Rule/Filter/Tag/Key: required element is missing",
            "<Status>Enabled</Status><Filter><ObjectSizeGreaterThan>big</ObjectSizeGreaterThan></Filter><Expiration><Days>1</Days></Expiration> | COS | MalformedXML | Rule/Filter/ObjectSizeGreaterThan: 'big' is not an integer",
            "<Status>Enabled</Status><NoncurrentVersionExpiration/>                                  | COS | MalformedXML             | Rule/NoncurrentVersionExpiration/NoncurrentDays: required element is missing",
            "<Status>Enabled</Status><AbortIncompleteMultipartUpload/>                               | COS | MalformedXML             | Rule/AbortIncompleteMultipartUpload/DaysAfterInitiation: required element is missing",
    })
    void everyValidationErrorNamesTheElementAndTheAcceptedValues(String rule, String dialect, String code, String message) {
        String doc = "<LifecycleConfiguration><Rule>" + rule.trim() + "</Rule></LifecycleConfiguration>";
        assertThatThrownBy(() -> LifecycleXmlTest.XML.parse(doc.getBytes(StandardCharsets.UTF_8), Dialect.valueOf(dialect.trim())))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).isEqualTo(code.trim());
                    assertThat(e.getMessage()).contains(message.trim());
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "<Lifecycle/>                                         | Lifecycle: the root element must be LifecycleConfiguration",
            "<LifecycleConfiguration/>                            | LifecycleConfiguration/Rule: the lifecycle configuration should have at least one rule",
            "<LifecycleConfiguration><Rule></LifecycleConfiguration> | The XML is not well-formed (line 1, column",
    })
    void documentLevelErrorsNameTheElementOrThePlace(String doc, String message) {
        assertThatThrownBy(() -> LifecycleXmlTest.XML.parse(doc.trim().getBytes(StandardCharsets.UTF_8), Dialect.COS))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).isEqualTo("MalformedXML");
                    assertThat(e.getMessage()).contains(message.trim());
                });
    }
}
