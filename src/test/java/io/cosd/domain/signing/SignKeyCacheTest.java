package io.cosd.domain.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The memoised q-sign SignKey and SigV4 signing key give the same answers as a plain JDK HMAC, hit or miss. */
class SignKeyCacheTest {
    /** docs/spec/protocol.md §2.7 vector D1. */
    static final String SK = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz";
    static final String KEY_TIME = "1557989151;1557996351";
    static final String D1_SIGN_KEY = "eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f";

    static String jdkHmac(String alg, byte[] key, String data) throws Exception {
        Mac m = Mac.getInstance(alg);
        m.init(new SecretKeySpec(key, alg));
        return HexFormat.of().formatHex(m.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void signKeyMatchesTheDocVectorOnMissAndOnHit() {
        String window = "1557989151;" + System.nanoTime(); // a window no other test used: first call misses
        CosSigner.SignKey miss = CosSigner.cachedSignKey(SK, window);
        assertThat(CosSigner.cachedSignKey(SK, window)).isSameAs(miss);
        assertThat(CosSigner.signKey(SK, KEY_TIME)).isEqualTo(D1_SIGN_KEY);
        assertThat(CosSigner.signKey(SK, KEY_TIME)).isEqualTo(D1_SIGN_KEY);
    }

    @Test
    void signatureFromACachedKeyEqualsAFreshJdkHmac() throws Exception {
        String http = "get\n/k\n\nhost=h\n";
        String sts = CosSigner.stringToSign(KEY_TIME, http);
        String expected = jdkHmac("HmacSHA1", D1_SIGN_KEY.getBytes(StandardCharsets.US_ASCII), sts);
        for (int i = 0; i < 3; i++) assertThat(CosSigner.signature(SK, KEY_TIME, KEY_TIME, http)).isEqualTo(expected);
    }

    @Test
    void differentSecretsWithTheSameKeyTimeGetTheirOwnSignKeys() throws Exception {
        String other = SK.substring(1) + "X";
        String a = CosSigner.signKey(SK, KEY_TIME), b = CosSigner.signKey(other, KEY_TIME);
        assertThat(a).isEqualTo(D1_SIGN_KEY);
        assertThat(b).isEqualTo(jdkHmac("HmacSHA1", other.getBytes(StandardCharsets.UTF_8), KEY_TIME)).isNotEqualTo(a);
        assertThat(CosSigner.signKey(SK, KEY_TIME)).isEqualTo(D1_SIGN_KEY);
    }

    @Test
    void sigV4SigningKeyMatchesTheAwsDerivationExample() {
        // AWS General Reference, "Examples of how to derive a signing key for Signature Version 4"
        String secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        String expected = "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d";
        assertThat(HexFormat.of().formatHex(SigV4Signer.signingKey(secret, "20120215", "us-east-1", "iam"))).isEqualTo(expected);
        assertThat(HexFormat.of().formatHex(SigV4Signer.signingKey(secret, "20120215", "us-east-1", "iam"))).isEqualTo(expected);
        assertThat(SigV4Signer.key(secret, "20120215", "us-east-1", "iam")).isSameAs(SigV4Signer.key(secret, "20120215", "us-east-1", "iam"));
    }

    @Test
    void sigV4KeysDifferForEachScopePartAndSecret() {
        String s = "secret";
        var base = SigV4Signer.key(s, "20240101", "r1", "s3");
        assertThat(base.bytes()).isEqualTo(SigV4Signer.derive(s, "20240101", "r1", "s3"));
        assertThat(SigV4Signer.key(s, "20240102", "r1", "s3").bytes()).isEqualTo(SigV4Signer.derive(s, "20240102", "r1", "s3"))
                .isNotEqualTo(base.bytes());
        assertThat(SigV4Signer.key(s, "20240101", "r2", "s3").bytes()).isNotEqualTo(base.bytes());
        assertThat(SigV4Signer.key(s, "20240101", "r1", "sts").bytes()).isNotEqualTo(base.bytes());
        assertThat(SigV4Signer.key("secret2", "20240101", "r1", "s3").bytes()).isNotEqualTo(base.bytes());
    }

    @Test
    void cachedSigningKeySignsLikeTheByteArrayForm() {
        var key = SigV4Signer.key("secret", "20240101", "r1", "s3");
        for (String sts : new String[] {"a", "b", "a"}) {
            assertThat(key.sign(sts)).isEqualTo(SigV4Signer.sign(SigV4Signer.derive("secret", "20240101", "r1", "s3"), sts));
        }
    }

    @Test
    void changingTheReturnedKeyBytesDoesNotChangeTheCachedKey() {
        byte[] k = SigV4Signer.signingKey("secret", "20240101", "r1", "s3");
        byte[] copy = k.clone();
        k[0] ^= 1;
        assertThat(SigV4Signer.signingKey("secret", "20240101", "r1", "s3")).isEqualTo(copy);
    }
}
