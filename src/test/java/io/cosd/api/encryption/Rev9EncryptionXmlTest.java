package io.cosd.api.encryption;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ApiException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Review (rev9) of the {@code ?encryption} document (docs/encryption.md "Bucket default encryption",
 * SSE-D1, UB-1/UB-5): a value the API documents and cosd does not build is 501, never 400 as if the
 * client had made a mistake, nor ignored.
 */
class Rev9EncryptionXmlTest {
    static byte[] cos(String apply) {
        return ("<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>" + apply
                + "</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>").getBytes(StandardCharsets.UTF_8);
    }

    /*
     * COS's PUT Bucket encryption documents SSEAlgorithm AES256 | KMS | SM4 (SM4: SSE-COS with the
     * SM4 cipher; cloud.tencent.com/document/product/436/40136). cosd refuses KMSAlgorithm SM4 with
     * 501 but answers SSEAlgorithm SM4 with 400 MalformedXML ("not one of AES256, KMS"), telling a COS
     * client its valid document is malformed instead of that the feature is not built.
     */
    @Test
    void cosSm4AsTheDefaultAlgorithmIsNotImplementedNotMalformed_SSE_D1_UB_5() {
        assertThatThrownBy(() -> EncryptionXml.parse(Dialect.COS, cos("<SSEAlgorithm>SM4</SSEAlgorithm>")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).isEqualTo("NotImplemented");
                    assertThat(e.code().status()).isEqualTo(501);
                });
    }
}
