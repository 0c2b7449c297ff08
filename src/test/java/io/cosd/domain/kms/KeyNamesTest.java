package io.cosd.domain.kms;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class KeyNamesTest {
    @ParameterizedTest(name = "{0} names {1}")
    @CsvSource(nullValues = "-", value = {
            "testkey-1, testkey-1",
            "6f1c2a4e-8b7d-4c1a-9e0f-123456789abc, 6f1c2a4e-8b7d-4c1a-9e0f-123456789abc",
            "alias/orders, orders",
            "arn:aws:kms:us-east-1:111122223333:key/testkey-2, testkey-2",
            "arn:cosd:kms:ap-guangzhou:100000000001:alias/orders, orders",
            "arn:aws-cn:kms:cn-north-1::key/k.1_x, k.1_x",
            "' testkey-1 ', testkey-1",
            // none of the forms
            "alias/, -",
            "alias/a/b, -",
            "arn:aws:s3:::bucket, -",
            "arn:aws:kms:us-east-1:1:grant/x, -",
            "'arn:aws:kms:us east:1:key/k', -",
            "arn:aws:kms:us-east-1:acct:key/k, -",
            "-x, -",
            "a:b, -",
            "'', -",
            "01234567890123456789012345678901234567890123456789012345678901234, -",
    })
    void aKeyIsNamedByIdOrAliasBareAsAliasSlashOrAsAnArn_KMS_1_KMS_2(String reference, String name) {
        assertThat(KeyNames.lookupName(reference)).isEqualTo(name);
    }

    /** id k1 / alias orders; a key with id "default" has no alias; {@code -} for none. */
    @ParameterizedTest(name = "{0} names k1/orders: {1}, names id default: {2}")
    @CsvSource({
            "k1, true, false",
            "orders, true, false",
            "alias/orders, true, false",
            "alias/k1, false, false",
            "arn:aws:kms:us-east-1:111122223333:key/k1, true, false",
            "arn:aws:kms:us-east-1:111122223333:key/orders, false, false",
            "arn:aws:kms:us-east-1:111122223333:alias/orders, true, false",
            "arn:aws:kms:us-east-1:111122223333:alias/k1, false, false",
            // the default key is the key aliased default, however named (KMS-9)
            "default, false, false",
            "alias/default, false, false",
            "arn:aws:kms:us-east-1:111122223333:key/default, false, true",
    })
    void aTypedReferenceNamesOnlyItsKindAndBareDefaultOnlyTheAlias_KMS_2_KMS_9(String reference, boolean namesK1, boolean namesIdDefault) {
        KeyNames.Reference r = KeyNames.parse(reference);
        assertThat(r.names("k1", "orders")).isEqualTo(namesK1);
        assertThat(r.names("default", null)).isEqualTo(namesIdDefault);
        assertThat(r.names("k9", "default")).isEqualTo(reference.endsWith("default") && !reference.contains(":key/"));
    }
}
