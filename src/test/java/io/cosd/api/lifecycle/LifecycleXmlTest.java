package io.cosd.api.lifecycle;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ApiException;
import io.cosd.api.route.Operation;
import io.cosd.api.route.Router;
import io.cosd.domain.lifecycle.LifecycleConfiguration;
import io.cosd.domain.lifecycle.LifecycleRule;
import io.cosd.domain.object.StorageClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ?lifecycle documents: the SDKs' shapes accepted, every LC-V* check with its exact code. */
public class LifecycleXmlTest {
    static final LifecycleXml XML = new LifecycleXml(ZoneId.of("Asia/Shanghai"));

    /** docs/spec/protocol.md §6.1: put_bucket_lifecycle (docstring date + And/Tag rule), as the Python SDK sends it. */
    public static final String PYTHON = "<LifecycleConfiguration><Rule><Expiration><Date>2018-04-24T00:00:00+08:00</Date></Expiration><ID>123</ID>"
            + "<Filter><Prefix></Prefix></Filter><Status>Enabled</Status></Rule><Rule><ID>tags</ID><Status>Disabled</Status><Filter><And>"
            + "<Prefix>logs/</Prefix><Tag><Key>k1</Key><Value>v1</Value></Tag><Tag><Key>k2</Key><Value>v2</Value></Tag></And></Filter>"
            + "<Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition><Transition><Days>90</Days>"
            + "<StorageClass>ARCHIVE</StorageClass></Transition><NoncurrentVersionExpiration><NoncurrentDays>365</NoncurrentDays>"
            + "</NoncurrentVersionExpiration><NoncurrentVersionTransition><NoncurrentDays>30</NoncurrentDays><StorageClass>ARCHIVE</StorageClass>"
            + "</NoncurrentVersionTransition></Rule></LifecycleConfiguration>";

    /** docs/spec/protocol.md §6.2: setBucketLifecycleConfiguration as the Java SDK sends it. */
    static final String JAVA = "<LifecycleConfiguration><Rule><ID>string</ID><Status>Enabled</Status><Filter><Prefix></Prefix></Filter>"
            + "<Transition><Days>100</Days><StorageClass>Standard_IA</StorageClass></Transition><Expiration><Days>200</Days></Expiration>"
            + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>"
            + "<Rule><ID>tags</ID><Status>Disabled</Status><Filter><And><Prefix>logs/</Prefix><Tag><Key>k1</Key><Value>v1</Value></Tag></And></Filter>"
            + "<NoncurrentVersionTransition><NoncurrentDays>30</NoncurrentDays><StorageClass>Archive</StorageClass></NoncurrentVersionTransition>"
            + "<Expiration><Date>2018-04-24T00:00:00.000Z</Date></Expiration><NoncurrentVersionExpiration><NoncurrentDays>365</NoncurrentDays>"
            + "</NoncurrentVersionExpiration></Rule></LifecycleConfiguration>";

    static LifecycleConfiguration parse(String xml) {
        return XML.parse(xml.getBytes(StandardCharsets.UTF_8), Dialect.COS);
    }

    static String rule(String inner) {
        return "<LifecycleConfiguration><Rule>" + inner + "</Rule></LifecycleConfiguration>";
    }

    @Test
    void thePythonSdkDocumentIsAcceptedWithItsBeijingMidnightDate_LC_V11() {
        LifecycleConfiguration c = parse(PYTHON);
        assertThat(c.rules()).hasSize(2);
        assertThat(c.rules().get(0).expiration().date()).isEqualTo(Instant.parse("2018-04-23T16:00:00Z"));
        LifecycleRule tags = c.rules().get(1);
        assertThat(tags.enabled()).isFalse();
        assertThat(tags.filter().prefix()).isEqualTo("logs/");
        assertThat(tags.filter().tags()).containsExactly(Map.entry("k1", "v1"), Map.entry("k2", "v2"));
        assertThat(tags.transitions()).extracting(LifecycleRule.Transition::storageClass).containsExactly(StorageClass.STANDARD_IA, StorageClass.ARCHIVE);
        assertThat(tags.noncurrentExpiration().days()).isEqualTo(365);
    }

    @Test
    void theJavaSdkDocumentIsAcceptedWithCamelCaseClassesEchoedAsSent() {
        LifecycleConfiguration c = parse(JAVA);
        assertThat(c.rules().get(0).transitions().get(0).storageClass()).isEqualTo(StorageClass.STANDARD_IA);
        assertThat(c.rules().get(0).abortAfterDays()).isEqualTo(7);
        assertThat(c.rules().get(1).expiration().date()).isEqualTo(Instant.parse("2018-04-24T00:00:00Z"));
        String echoed = LifecycleXml.encode(c);
        assertThat(echoed).contains("<StorageClass>Standard_IA</StorageClass>").contains("<Date>2018-04-24T00:00:00.000Z</Date>");
        assertThat(XML.decode(echoed)).isEqualTo(c);
    }

    @Test
    void pythonDatesAreStoredAsUtcInstants_LC_A2() {
        assertThat(LifecycleXml.encode(parse(PYTHON))).contains("<Date>2018-04-23T16:00:00.000Z</Date>");
    }

    @Test
    void aBeijingMidnightDateReadsBackAsThatDayInBeijingTimeInTheCosDialect_LC_A2() {
        var c = parse(rule("<ID>d</ID><Status>Enabled</Status><Expiration><Date>2031-04-20T00:00:00+08:00</Date></Expiration>"));
        assertThat(XML.render(c, Dialect.COS)).contains("<Date>2031-04-20T00:00:00.000+08:00</Date>");
        assertThat(XML.render(c, Dialect.S3)).contains("<Date>2031-04-19T16:00:00.000Z</Date>");
        var bare = parse(rule("<ID>d</ID><Status>Enabled</Status><Transition><Date>2031-04-20</Date><StorageClass>ARCHIVE</StorageClass></Transition>"));
        assertThat(XML.render(bare, Dialect.COS)).contains("<Date>2031-04-20T00:00:00.000+08:00</Date>");
    }

    @Test
    void aUtcMidnightDateStaysInUtcInBothDialects_LC_A2() {
        var c = parse(rule("<ID>d</ID><Status>Enabled</Status><Expiration><Date>2031-04-20T00:00:00.000Z</Date></Expiration>"));
        assertThat(XML.render(c, Dialect.COS)).contains("<Date>2031-04-20T00:00:00.000Z</Date>");
        assertThat(XML.render(c, Dialect.S3)).contains("<Date>2031-04-20T00:00:00.000Z</Date>");
        assertThat(XML.decode(XML.render(c, Dialect.COS))).isEqualTo(XML.decode(LifecycleXml.encode(c)));
    }

    @Test
    void aRuleWithoutIdGetsAUniqueGeneratedOne_LC_A2() {
        var c = parse("<LifecycleConfiguration><Rule><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>"
                + "<Rule><Status>Enabled</Status><Expiration><Days>2</Days></Expiration></Rule></LifecycleConfiguration>");
        assertThat(c.rules().get(0).id()).isNotBlank().isNotEqualTo(c.rules().get(1).id());
    }

    @Test
    void unknownElementsAreIgnoredLikeThePythonSdksMisspelledTransation() {
        var c = parse(rule("<ID>a</ID><Status>Enabled</Status><Filter/><Transation><Days>1</Days></Transation><Expiration><Days>3</Days></Expiration>"));
        assertThat(c.rules().get(0).transitions()).isEmpty();
        assertThat(c.rules().get(0).filter().form()).isEqualTo(LifecycleRule.FilterForm.EMPTY);
    }

    @Test
    void severalTagsDirectlyUnderFilterMeanAllOfThemInCosButAreMalformedInS3_LC_V15() {
        String doc = rule("<ID>t</ID><Filter><Tag><Key>k</Key><Value>v</Value></Tag><Tag><Key>j</Key><Value>w</Value></Tag></Filter>"
                + "<Status>Enabled</Status><Expiration><Days>1</Days></Expiration>");
        var c = parse(doc);
        assertThat(c.rules().get(0).filter().tags()).containsExactly(Map.entry("k", "v"), Map.entry("j", "w"));
        assertThat(c.rules().get(0).filter().matches("x", Map.of("k", "v"), 1, false)).isFalse();
        assertThat(LifecycleXml.encode(c)).contains("<Filter><Tag><Key>k</Key><Value>v</Value></Tag><Tag><Key>j</Key><Value>w</Value></Tag></Filter>");
        assertThatThrownBy(() -> XML.parse(doc.getBytes(StandardCharsets.UTF_8), Dialect.S3))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("MalformedXML"));
    }

    @Test
    void aRuleLevelPrefixIsKeptAndEchoed() {
        var c = parse(rule("<ID>a</ID><Prefix>logs/</Prefix><Status>Enabled</Status><Expiration><Days>3</Days></Expiration>"));
        assertThat(c.rules().get(0).filter().prefix()).isEqualTo("logs/");
        assertThat(LifecycleXml.encode(c)).contains("<Rule><ID>a</ID><Prefix>logs/</Prefix><Status>");
    }

    @Test
    void zeroRulesIsMalformedAndMoreThan1000IsInvalidArgument_LC_V5() {
        assertCode("<LifecycleConfiguration></LifecycleConfiguration>", "MalformedXML");
        String one = "<Rule><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>";
        assertCode("<LifecycleConfiguration>" + one.repeat(1001) + "</LifecycleConfiguration>", "InvalidArgument");
        assertThat(parse("<LifecycleConfiguration>" + one.repeat(1000) + "</LifecycleConfiguration>").rules()).hasSize(1000);
    }

    @ParameterizedTest(name = "{2}: {1}")
    @CsvSource(delimiter = '|', value = {
            // LC-V1: syntax, wrong root, missing Status
            "<LifecycleConfiguration><Rule>                                                                | MalformedXML | LC-V1",
            "<CORSConfiguration><Rule><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></CORSConfiguration> | MalformedXML | LC-V1",
            "<LifecycleConfiguration><Rule><ID>a</ID><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration> | MalformedXML | LC-V1",
            "<LifecycleConfiguration><Rule><Status>enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration> | MalformedXML | LC-V2",
            "<LifecycleConfiguration><Rule><ID>" + "x" + "</ID><Status>Enabled</Status></Rule></LifecycleConfiguration> | InvalidRequest | LC-V6",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Expiration><Days>0</Days></Expiration></Rule></LifecycleConfiguration> | InvalidArgument | LC-V7",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Expiration><Days>-1</Days></Expiration></Rule></LifecycleConfiguration> | InvalidArgument | LC-V7",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Expiration><Days>3651</Days></Expiration></Rule></LifecycleConfiguration> | InvalidArgument | LC-V7",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>0</NoncurrentDays></NoncurrentVersionExpiration></Rule></LifecycleConfiguration> | InvalidArgument | LC-V7",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Transition><Days>-1</Days><StorageClass>ARCHIVE</StorageClass></Transition></Rule></LifecycleConfiguration> | InvalidArgument | LC-V8",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Expiration><Days>1</Days><Date>2020-01-01T00:00:00+08:00</Date></Expiration></Rule></LifecycleConfiguration> | MalformedXML | LC-V9",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Expiration></Expiration></Rule></LifecycleConfiguration> | MalformedXML | LC-V9",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Transition><StorageClass>ARCHIVE</StorageClass></Transition></Rule></LifecycleConfiguration> | MalformedXML | LC-V9",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Transition><Days>10</Days><StorageClass>ARCHIVE</StorageClass></Transition><Expiration><Date>2020-01-01T00:00:00+08:00</Date></Expiration></Rule></LifecycleConfiguration> | InvalidArgument | LC-V9",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Expiration><Date>20200101</Date></Expiration></Rule></LifecycleConfiguration> | MalformedXML | LC-V10",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Expiration><Date>2020-01-01T10:00:00+08:00</Date></Expiration></Rule></LifecycleConfiguration> | InvalidArgument | LC-V11",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration></Rule></LifecycleConfiguration> | MalformedXML | LC-V12",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration></Rule></LifecycleConfiguration> | InvalidRequest | LC-V13",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Filter><And><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></And></Filter><AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration> | InvalidRequest | LC-V14",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Filter><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration> | MalformedXML | LC-V15",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Filter><And><And><Prefix>a</Prefix></And></And></Filter><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration> | MalformedXML | LC-V15",
            "<LifecycleConfiguration><Rule><Prefix>a</Prefix><Status>Enabled</Status><Filter><Prefix>a</Prefix></Filter><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration> | MalformedXML | LC-V15",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Filter><And><Tag><Key>k</Key><Value>v</Value></Tag><Tag><Key>k</Key><Value>w</Value></Tag></And></Filter><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration> | InvalidArgument | LC-V16",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Transition><Days>1</Days><StorageClass>GLACIER_X</StorageClass></Transition></Rule></LifecycleConfiguration> | NotSupportedStorageClass | LC-V17",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><NoncurrentVersionExpiration></NoncurrentVersionExpiration></Rule></LifecycleConfiguration> | MalformedXML | LC-V19",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><NoncurrentVersionTransition><NoncurrentDays>1</NoncurrentDays></NoncurrentVersionTransition></Rule></LifecycleConfiguration> | MalformedXML | LC-V19",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><AbortIncompleteMultipartUpload></AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration> | MalformedXML | LC-V19",
    })
    void badDocumentsGetTheirExactCode(String xml, String code, String ruleId) {
        assertCode(xml, code);
    }

    @Test
    void anIdLongerThan255IsInvalidArgument_LC_V3() {
        assertCode(rule("<ID>" + "x".repeat(256) + "</ID><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"), "InvalidArgument");
    }

    @Test
    void duplicateIdsAreInvalidArgument_LC_V4() {
        String r = "<Rule><ID>same</ID><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>";
        assertCode("<LifecycleConfiguration>" + r + r + "</LifecycleConfiguration>", "InvalidArgument");
    }

    @Test
    void transitionDaysZeroIsValidInCosButS3WantsThirtyForIa_LC_V8_V18() {
        String doc = rule("<Status>Enabled</Status><Transition><Days>0</Days><StorageClass>STANDARD_IA</StorageClass></Transition>");
        assertThat(parse(doc).rules().get(0).transitions().get(0).days()).isZero();
        assertThatThrownBy(() -> XML.parse(doc.getBytes(StandardCharsets.UTF_8), Dialect.S3))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("InvalidArgument"));
    }

    @Test
    void s3UnknownStorageClassIsMalformedXml_LC_V17() {
        String doc = rule("<Status>Enabled</Status><Transition><Days>40</Days><StorageClass>NOPE</StorageClass></Transition>");
        assertThatThrownBy(() -> XML.parse(doc.getBytes(StandardCharsets.UTF_8), Dialect.S3))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("MalformedXML"));
    }

    @Test
    void datesAcceptBareDaysBeijingMidnightAndJavaUtcMidnight_LC_V10_V11() {
        assertThat(XML.date("2020-01-01")).isEqualTo(Instant.parse("2019-12-31T16:00:00Z"));
        assertThat(XML.date("2020-01-01T00:00:00+08:00")).isEqualTo(Instant.parse("2019-12-31T16:00:00Z"));
        assertThat(XML.date("2020-01-01T00:00:00.000Z")).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(XML.date("2019-12-31T16:00:00.000Z")).isEqualTo(Instant.parse("2019-12-31T16:00:00Z"));
    }

    @Test
    void theOperationsNameTheirCamActions_LC_A4() {
        assertThat(Operation.PUT_BUCKET_LIFECYCLE.cosAction()).isEqualTo("name/cos:PutBucketLifecycle");
        assertThat(Operation.GET_BUCKET_LIFECYCLE.cosAction()).isEqualTo("name/cos:GetBucketLifecycle");
        assertThat(Operation.DELETE_BUCKET_LIFECYCLE.cosAction()).isEqualTo("name/cos:DeleteBucketLifecycle");
        assertThat(Router.UNSUPPORTED.values()).doesNotContain(Operation.RESTORE_OBJECT); // built, not 501
    }

    @Test
    void repeatedActionsAreAllKeptInDocumentOrderEvenWithOtherElementsBetween_LC_A2() {
        var c = parse(rule("<ID>a</ID><Status>Enabled</Status><Transition><Days>1</Days><StorageClass>ARCHIVE</StorageClass></Transition>"
                + "<Expiration><Days>9</Days></Expiration><Transition><Days>5</Days><StorageClass>DEEP_ARCHIVE</StorageClass></Transition>"));
        assertThat(c.rules().get(0).transitions()).extracting(LifecycleRule.Transition::days).containsExactly(1, 5);
    }

    @Test
    void aSingleElementRepeatedWithOtherElementsBetweenIsStillMalformed_LC_V1() {
        assertCode(rule("<ID>a</ID><Status>Enabled</Status><ID>b</ID><Expiration><Days>1</Days></Expiration>"), "MalformedXML");
    }

    @Test
    void aDoctypeIsMalformedEvenWithoutEntitiesAsTheDomReaderRefusedIt() {
        assertCode("<!DOCTYPE LifecycleConfiguration>" + rule("<ID>d</ID><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"), "MalformedXML");
    }

    @Test
    void anEntityInALifecycleDocumentIsMalformedNeverExpanded() {
        assertCode("<?xml version=\"1.0\"?><!DOCTYPE LifecycleConfiguration [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + rule("<ID>&x;</ID><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"), "MalformedXML");
    }

    @Test
    void specialCharactersInValuesReadBackUnchanged() {
        var c = parse(rule("<ID>it's \"q\" &amp; &lt;x&gt;</ID><Filter><Prefix>a'b\"c/</Prefix></Filter><Status>Enabled</Status>"
                + "<Expiration><Days>1</Days></Expiration>"));
        assertThat(c.rules().get(0).id()).isEqualTo("it's \"q\" & <x>");
        assertThat(XML.decode(LifecycleXml.encode(c))).isEqualTo(c);
    }

    static void assertCode(String xml, String code) {
        assertThatThrownBy(() -> parse(xml)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo(code));
    }
}
