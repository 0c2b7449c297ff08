package io.cosd.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cosd.domain.signing.CosSigner;
import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.UriCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/spec/protocol.md §2.7: the official doc vectors D1/D2 and the SDK vectors V1–V5, step by step. */
class CosSignerTest {
    static final String AK = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q";
    static final String SK = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz";

    /** HttpString as the verifier would rebuild it from the request and the auth string's lists. */
    static String httpString(AuthRequest r, CosAuthorization a) {
        return CosSigner.httpString(r.method(), r.decodedPath(), a.paramList(),
                CosVerifier.params(QueryString.parse(r.rawQuery())), a.headerList(), CosVerifier.headers(r.headers()));
    }

    static CosAuthorization auth(String time, String headers, String params, String sig) {
        return CosAuthorization.parse("q-sign-algorithm=sha1&q-ak=" + AK + "&q-sign-time=" + time + "&q-key-time=" + time
                + "&q-header-list=" + headers + "&q-url-param-list=" + params + "&q-signature=" + sig);
    }

    @Test
    void officialVectorD1PutObjectVerifies() {
        AuthRequest r = RawRequests.parse("""
                PUT /exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91) HTTP/1.1
                Date: Thu, 16 May 2019 06:45:51 GMT
                Host: examplebucket-1250000000.cos.ap-beijing.myqcloud.com
                Content-Type: text/plain
                Content-Length: 13
                Content-MD5: mQ/fVh815F3k6TAUm8m0eg==
                x-cos-acl: private
                x-cos-grant-read: uin="100000000011"
                """);
        CosAuthorization a = auth("1557989151;1557996351",
                "content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read", "",
                "3b8851a11a569213c17ba8fa7dcf2abec6935172");
        assertThat(r.decodedPath()).isEqualTo("/exampleobject(腾讯云)");
        assertThat(CosSigner.signKey(SK, a.keyTime())).isEqualTo("eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f");
        assertThat(Hashes.sha1Hex(httpString(r, a))).isEqualTo("8b2751e77f43a0995d6e9eb9477f4b685cca4172");
        assertThat(CosVerifier.verify(r, a, SK)).isTrue();
    }

    @Test
    void officialVectorD2GetObjectWithResponseParamsVerifies() {
        AuthRequest r = RawRequests.parse("""
                GET /exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91)?response-content-type=application%2Foctet-stream&response-cache-control=max-age%3D600 HTTP/1.1
                Date: Thu, 16 May 2019 06:55:53 GMT
                Host: examplebucket-1250000000.cos.ap-beijing.myqcloud.com
                """);
        CosAuthorization a = auth("1557989753;1557996953", "date;host", "response-cache-control;response-content-type",
                "01681b8c9d798a678e43b685a9f1bba0f6c0e012");
        assertThat(CosSigner.signKey(SK, a.keyTime())).isEqualTo("937914bf490e9e8c189836aad2052e4feeb35eaf");
        assertThat(Hashes.sha1Hex(httpString(r, a))).isEqualTo("54ecfe22f59d3514fdc764b87a32d8133ea611e6");
        assertThat(CosVerifier.verify(r, a, SK)).isTrue();
    }

    @Test
    void sdkVectorV1PutObjectWithNonAsciiKeyIgnoresUnsignedUserAgent() {
        AuthRequest r = RawRequests.parse("""
                PUT /exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91) HTTP/1.1
                Host: examplebucket-1250000000.cos.ap-beijing.myqcloud.com
                Content-Type: text/plain
                Content-Length: 13
                Content-MD5: mQ/fVh815F3k6TAUm8m0eg==
                x-cos-acl: private
                x-cos-grant-read: uin="100000000011"
                User-Agent: not-signed
                """);
        CosAuthorization a = CosAuthorization.parse("q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989151;1557996351&q-key-time=1557989151;1557996351&q-header-list=content-length;content-md5;content-type;host;x-cos-acl;x-cos-grant-read&q-url-param-list=&q-signature=fc4e4717b501da12715d5fc84a4880a87ad2b7ab");
        String http = httpString(r, a);
        assertThat(http).isEqualTo("put\n/exampleobject(腾讯云)\n\ncontent-length=13&content-md5=mQ%2FfVh815F3k6TAUm8m0eg%3D%3D&content-type=text%2Fplain&host=examplebucket-1250000000.cos.ap-beijing.myqcloud.com&x-cos-acl=private&x-cos-grant-read=uin%3D%22100000000011%22\n");
        assertThat(CosSigner.stringToSign(a.signTime(), http)).isEqualTo("sha1\n1557989151;1557996351\n8435402812d5d25692dfd1871b8a5bb7f5bd3b57\n");
        assertThat(CosSigner.signKey(SK, a.keyTime())).isEqualTo("eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f");
        assertThat(CosSigner.signature(SK, a.keyTime(), a.signTime(), http)).isEqualTo("fc4e4717b501da12715d5fc84a4880a87ad2b7ab");
        assertThat(CosVerifier.verify(r, a, SK)).isTrue();
    }

    @Test
    void sdkVectorV2ListObjectsSignsFormDecodedReencodedParams() {
        AuthRequest r = RawRequests.parse("""
                GET /?prefix=photos%2F2024+summer%2F&delimiter=%2F&max-keys=20&encoding-type=url&marker= HTTP/1.1
                Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
                """);
        CosAuthorization a = CosAuthorization.parse("q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999940;1700000600&q-key-time=1699999940;1700000600&q-header-list=host&q-url-param-list=delimiter;encoding-type;marker;max-keys;prefix&q-signature=b47e15ea98eea56fddad00ee345c9138d3c6eead");
        String http = httpString(r, a);
        assertThat(http).isEqualTo("get\n/\ndelimiter=%2F&encoding-type=url&marker=&max-keys=20&prefix=photos%2F2024%20summer%2F\nhost=examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com\n");
        assertThat(CosSigner.stringToSign(a.signTime(), http)).isEqualTo("sha1\n1699999940;1700000600\n1b0fda5b5be00de4df75ea94ad310b1c4bcb5662\n");
        assertThat(CosSigner.signKey(SK, a.keyTime())).isEqualTo("f7b56de3549f4a662e0218062509b5bccb6befbe");
        assertThat(CosVerifier.verify(r, a, SK)).isTrue();
    }

    @Test
    void sdkVectorV3PutCorsWithSignedSecurityTokenVerifies() {
        AuthRequest r = RawRequests.parse("""
                PUT /?cors HTTP/1.1
                Content-Type: application/xml
                Content-MD5: ZcNN3U0Bm0n9EbJDF2+mng==
                Content-Length: 294
                x-cos-security-token: EXAMPLETOKEN/with+special=chars
                Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
                """);
        CosAuthorization a = CosAuthorization.parse("q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999940;1700003600&q-key-time=1699999940;1700003600&q-header-list=content-length;content-md5;content-type;host;x-cos-security-token&q-url-param-list=cors&q-signature=727ddf4ed946233e8dba4e1098efebdff6b202d4");
        String http = httpString(r, a);
        assertThat(http).isEqualTo("put\n/\ncors=\ncontent-length=294&content-md5=ZcNN3U0Bm0n9EbJDF2%2Bmng%3D%3D&content-type=application%2Fxml&host=examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com&x-cos-security-token=EXAMPLETOKEN%2Fwith%2Bspecial%3Dchars\n");
        assertThat(CosSigner.stringToSign(a.signTime(), http)).isEqualTo("sha1\n1699999940;1700003600\n0ee46b0a9edc20a9aeb2fdd8cc3e70aa501cb846\n");
        assertThat(CosSigner.signKey(SK, a.keyTime())).isEqualTo("86ee0c978f08529c08a6d5a8556ab9d017e9c2ea");
        assertThat(CosVerifier.verify(r, a, SK)).isTrue();
    }

    @Test
    void sdkVectorV4PresignedGetVerifiesThroughTheAuthenticator() {
        AuthRequest r = RawRequests.parse("""
                GET /dir/a%20b.txt?q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999940%3B1700000300&q-key-time=1699999940%3B1700000300&q-header-list=host&q-url-param-list=response-content-disposition%3Bversionid&q-signature=6c2329d9c5dc7f9279f66e0a5ab75e1d2d144337&response-content-disposition=attachment%3B+filename%3D%22a+b.txt%22&versionId=MTg0NDUxNzYzMDc0MzMxMDUxMjE HTTP/1.1
                Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
                """);
        CosAuthorization a = CosAuthorization.parse("q-sign-algorithm=sha1&q-ak=" + AK + "&q-sign-time=1699999940;1700000300&q-key-time=1699999940;1700000300&q-header-list=host&q-url-param-list=response-content-disposition;versionid&q-signature=6c2329d9c5dc7f9279f66e0a5ab75e1d2d144337");
        String http = httpString(r, a);
        assertThat(http).isEqualTo("get\n/dir/a b.txt\nresponse-content-disposition=attachment%3B%20filename%3D%22a%20b.txt%22&versionid=MTg0NDUxNzYzMDc0MzMxMDUxMjE\nhost=examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com\n");
        assertThat(CosSigner.stringToSign(a.signTime(), http)).isEqualTo("sha1\n1699999940;1700000300\n8879cf91aba00af3ad6b22de7d7f37a152c0029e\n");
        assertThat(CosSigner.signKey(SK, a.keyTime())).isEqualTo("d0e93dead60fb2166cab7a3697ab815d2150f4db");

        Authenticator auth = new Authenticator(RawRequests.keys(RawRequests.key(AK, SK)), RawRequests.at(1700000000));
        AuthResult res = auth.authenticate(r);
        assertThat(res).isInstanceOf(AuthResult.Authenticated.class);
        assertThat(((AuthResult.Authenticated) res).scheme()).isEqualTo(AuthResult.Scheme.COS_PRESIGNED);
    }

    @Test
    void sdkVectorV5DeleteLifecycleWithoutSignedHostVerifies() {
        AuthRequest r = RawRequests.parse("""
                DELETE /?lifecycle HTTP/1.1
                Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
                """);
        CosAuthorization a = CosAuthorization.parse("q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999940;1700010000&q-key-time=1699999940;1700010000&q-header-list=&q-url-param-list=lifecycle&q-signature=ec4cac2cf924f9f38764ab769a93013b19599c7f");
        String http = httpString(r, a);
        assertThat(http).isEqualTo("delete\n/\nlifecycle=\n\n");
        assertThat(CosSigner.stringToSign(a.signTime(), http)).isEqualTo("sha1\n1699999940;1700010000\nca32cf20a17fda9032cba9413529554af076082c\n");
        assertThat(CosSigner.signKey(SK, a.keyTime())).isEqualTo("1d1e4980f055b2c867bb9b7d31f493c78b2f1dbe");
        assertThat(CosVerifier.verify(r, a, SK)).isTrue();
    }

    @Test
    void upperCaseHexSignatureIsAccepted() {
        AuthRequest r = RawRequests.parse("DELETE /?lifecycle HTTP/1.1\nHost: h\n");
        CosAuthorization a = CosAuthorization.parse("q-sign-algorithm=sha1&q-ak=" + AK + "&q-sign-time=1699999940;1700010000&q-key-time=1699999940;1700010000&q-header-list=&q-url-param-list=lifecycle&q-signature=EC4CAC2CF924F9F38764AB769A93013B19599C7F");
        assertThat(CosVerifier.verify(r, a, SK)).isTrue();
    }

    @Test
    void portIsStrippedOnlyWhenPresent() {
        assertThat(CosVerifier.stripPort("127.0.0.1:28080")).isEqualTo("127.0.0.1");
        assertThat(CosVerifier.stripPort("[::1]:80")).isEqualTo("[::1]");
        assertThat(CosVerifier.stripPort("[::1]")).isNull();
        assertThat(CosVerifier.stripPort("example.com")).isNull();
        assertThat(CosVerifier.stripPort("::1")).isNull();
    }

    @Test
    void encodingUsesUpperCaseHexAndPercent20() {
        assertThat(UriCodec.encode("a b+c/~*(腾)")).isEqualTo("a%20b%2Bc%2F~%2A%28%E8%85%BE%29");
        assertThat(List.of(UriCodec.decode("a+b%2B%zz", true), UriCodec.decode("a+b", false)))
                .containsExactly("a b+%zz", "a+b");
    }
}
