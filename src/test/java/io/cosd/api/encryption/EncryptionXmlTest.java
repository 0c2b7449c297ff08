package io.cosd.api.encryption;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ApiException;
import io.cosd.domain.sse.BucketEncryption;
import io.cosd.domain.sse.SseMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncryptionXmlTest {
    static final String NS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

    static byte[] doc(String apply, String ruleExtra) {
        return ("<ServerSideEncryptionConfiguration" + NS + "><Rule><ApplyServerSideEncryptionByDefault>" + apply
                + "</ApplyServerSideEncryptionByDefault>" + ruleExtra + "</Rule></ServerSideEncryptionConfiguration>").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSdkDocumentsOfEachDialectReadAsTheDefaultTheyName_SSE_D1() {
        // AWS SDK v2 / boto3
        assertThat(EncryptionXml.parse(Dialect.S3, doc("<SSEAlgorithm>AES256</SSEAlgorithm>", "")))
                .isEqualTo(new BucketEncryption(SseMode.SSE_S3, null, false));
        assertThat(EncryptionXml.parse(Dialect.S3, doc("<SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>testkey-1</KMSMasterKeyID>",
                "<BucketKeyEnabled>true</BucketKeyEnabled>"))).isEqualTo(new BucketEncryption(SseMode.SSE_KMS, "testkey-1", true));
        // COS Java SDK SetBucketEncryptionRequest: BucketKeyEnabled first, then the default
        byte[] cos = ("<ServerSideEncryptionConfiguration><Rule><BucketKeyEnabled>false</BucketKeyEnabled><ApplyServerSideEncryptionByDefault>"
                + "<SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>alias/orders</KMSMasterKeyID></ApplyServerSideEncryptionByDefault></Rule>"
                + "</ServerSideEncryptionConfiguration>").getBytes(StandardCharsets.UTF_8);
        assertThat(EncryptionXml.parse(Dialect.COS, cos)).isEqualTo(new BucketEncryption(SseMode.SSE_KMS, "alias/orders", false));
        assertThat(EncryptionXml.parse(Dialect.COS, doc("<SSEAlgorithm>AES256</SSEAlgorithm>", ""))).isEqualTo(new BucketEncryption(SseMode.SSE_S3, null, false));
        // SSE-D3, KMS-9: KMS naming no key is the deployment's default key
        assertThat(EncryptionXml.parse(Dialect.COS, doc("<SSEAlgorithm>KMS</SSEAlgorithm>", ""))).isEqualTo(new BucketEncryption(SseMode.SSE_KMS, null, false));
        assertThat(EncryptionXml.parse(Dialect.S3, doc("<SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID></KMSMasterKeyID>", "")))
                .isEqualTo(new BucketEncryption(SseMode.SSE_KMS, null, false));
    }

    @Test
    void getAnswersInTheDialectsNamesAndTheKeyAsItWasPut_SSE_D2_SSE_D3() {
        var kms = new BucketEncryption(SseMode.SSE_KMS, "testkey-1", false);
        assertThat(new String(EncryptionXml.write(Dialect.S3, kms), StandardCharsets.UTF_8)).contains(
                "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
                        + "<KMSMasterKeyID>testkey-1</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled>"
                        + "</Rule></ServerSideEncryptionConfiguration>");
        assertThat(new String(EncryptionXml.write(Dialect.COS, kms), StandardCharsets.UTF_8)).contains(
                "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>testkey-1</KMSMasterKeyID>"
                        + "</ApplyServerSideEncryptionByDefault></Rule>");
        String s3 = new String(EncryptionXml.write(Dialect.S3, new BucketEncryption(SseMode.SSE_S3, null, false)), StandardCharsets.UTF_8);
        assertThat(s3).contains("<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>").doesNotContain("KMSMasterKeyID");
        assertThat(new String(EncryptionXml.write(Dialect.S3, new BucketEncryption(SseMode.SSE_KMS, null, false)), StandardCharsets.UTF_8))
                .contains("<SSEAlgorithm>aws:kms</SSEAlgorithm></ApplyServerSideEncryptionByDefault>").doesNotContain("KMSMasterKeyID");
        for (Dialect d : Dialect.values()) {
            assertThat(EncryptionXml.parse(d, EncryptionXml.write(d, kms))).isEqualTo(kms);
        }
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // the schema: MalformedXML naming the element
            "S3  | <SSEAlgorithm>AES128</SSEAlgorithm>                                  |                                      | MalformedXML | SSEAlgorithm: 'AES128' is not one of AES256, aws:kms",
            "S3  | <SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>k</KMSMasterKeyID>    |                                      | MalformedXML | is not one of AES256, aws:kms",
            "COS | <SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>k</KMSMasterKeyID>|                                      | MalformedXML | is not one of AES256, KMS",
            "S3  | <KMSMasterKeyID>k</KMSMasterKeyID>                                     |                                      | MalformedXML | SSEAlgorithm: required",
            "S3  | <SSEAlgorithm>AES256</SSEAlgorithm><SSEAlgorithm>AES256</SSEAlgorithm> |                                      | MalformedXML | at most once",
            "S3  | <SSEAlgorithm>AES256</SSEAlgorithm><Extra/>                            |                                      | MalformedXML | Extra: unknown element",
            "S3  | <SSEAlgorithm>AES256</SSEAlgorithm>                                    | <BucketKeyEnabled>yes</BucketKeyEnabled> | MalformedXML | BucketKeyEnabled: 'yes'",
            // SSE-D3: a key only with KMS, and KMS only with a key
            "S3  | <SSEAlgorithm>AES256</SSEAlgorithm><KMSMasterKeyID>k</KMSMasterKeyID>  |                                      | InvalidArgument | not applicable if the default sse algorithm is not aws:kms",
            "COS | <SSEAlgorithm>AES256</SSEAlgorithm><KMSMasterKeyID>k</KMSMasterKeyID>  |                                      | InvalidArgument | is not KMS",
            "S3  | <SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>a:b/c</KMSMasterKeyID> |                                  | KMS.NotFoundException | Invalid keyId 'a:b/c'",
            // UB-5: what names an unbuilt feature
            "S3  | <SSEAlgorithm>aws:kms:dsse</SSEAlgorithm><KMSMasterKeyID>k</KMSMasterKeyID> |                                | NotImplemented | aws:kms:dsse",
            "COS | <SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>k</KMSMasterKeyID><KMSAlgorithm>SM4</KMSAlgorithm> |      | NotImplemented | KMSAlgorithm",
            "S3  | <SSEAlgorithm>AES256</SSEAlgorithm>                                    | <BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType></BlockedEncryptionTypes> | NotImplemented | BlockedEncryptionTypes",
    })
    void aBadDocumentIsItsExactErrorBeforeAnythingIsStored_SSE_D1_SSE_D3(String dialect, String apply, String ruleExtra, String code, String message) {
        assertThatThrownBy(() -> EncryptionXml.parse(Dialect.valueOf(dialect.trim()), doc(apply.trim(), ruleExtra == null ? "" : ruleExtra.trim())))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).isEqualTo(code.trim());
                    assertThat(e.getMessage()).contains(message.trim());
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "<ServerSideEncryptionConfiguration/>                                                                | Rule: required",
            "<ServerSideEncryptionConfiguration><Rule/></ServerSideEncryptionConfiguration>                       | Rule",
            "<ServerSideEncryptionConfiguration><Rule><BucketKeyEnabled>true</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration> | ApplyServerSideEncryptionByDefault: required",
            "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration> | Rule: must appear at most once",
            "<EncryptionConfiguration><Rule/></EncryptionConfiguration>                                           | the root element must be ServerSideEncryptionConfiguration",
            "<ServerSideEncryptionConfiguration><Rule>                                                            | ",
    })
    void aDocumentOfAnotherShapeIsMalformedXml_SSE_D1(String body, String message) {
        assertThatThrownBy(() -> EncryptionXml.parse(Dialect.S3, body.trim().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).isEqualTo("MalformedXML");
                    if (message != null) assertThat(e.getMessage()).contains(message.trim());
                });
        assertThatThrownBy(() -> EncryptionXml.parse(Dialect.S3, new byte[0])).isInstanceOf(ApiException.class);
    }
}
