package io.cosd.api.auth;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.signing.SigV2Signer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SigV2 through the {@link Authenticator}: the developer guide's worked examples as captured requests
 * (virtual-hosted ones carry their routed bucket, as ApiHandler passes it), then the binding rules of
 * docs/signing.md "SigV2" (AUTH-7..10) as attacks on signed requests.
 */
class AuthenticatorSigV2Test {
    static final String AK = "AKIAIOSFODNN7EXAMPLE";
    static final String SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final AccessKey KEY = RawRequests.key(AK, SK);
    /** Tue, 27 Mar 2007 19:36:42 +0000, the object GET example's Date. */
    static final long T_GET = Instant.parse("2007-03-27T19:36:42Z").getEpochSecond();

    static Authenticator at(long t) { return new Authenticator(RawRequests.keys(KEY), RawRequests.at(t)); }

    static Authenticator off(long t) {
        return new Authenticator(RawRequests.keys(KEY), RawRequests.at(t), new AuthSettings(null, false, AuthSettings.DEFAULT_MAX_QSIGN_WINDOW, Set.of(), false));
    }

    /** A captured request; {@code bucket} is the routed bucket of a virtual-hosted one, else null. */
    static AuthRequest req(String raw, String bucket) {
        AuthRequest r = RawRequests.parse(raw);
        return new AuthRequest(r.method(), r.rawPath(), r.decodedPath(), r.rawQuery(), r.headers(), r.host(), bucket);
    }

    static AuthResult.Authenticated ok(Authenticator a, AuthRequest r) {
        AuthResult res = a.authenticate(r);
        assertThat(res).isInstanceOf(AuthResult.Authenticated.class);
        return (AuthResult.Authenticated) res;
    }

    static ApiException refused(Authenticator a, AuthRequest r) {
        try {
            a.authenticate(r);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    /** Signs {@code GET\n\n\n<date>\n<resource>} with the example key: a header-form request for the attack tests. */
    static String sig(String stringToSign) { return SigV2Signer.sign(SK, stringToSign); }

    static final String GUIDE_GET = """
            GET /photos/puppy.jpg HTTP/1.1
            Host: johnsmith.s3.amazonaws.com
            Date: Tue, 27 Mar 2007 19:36:42 +0000
            Authorization: AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=
            """;

    @Test
    void theGuidesObjectGetVerifiesVirtualHostedWithTheRoutedBucketInTheResource_AUTH_7() {
        AuthResult.Authenticated a = ok(at(T_GET + 60), req(GUIDE_GET, "johnsmith"));
        assertThat(a.key()).isEqualTo(KEY);
        assertThat(a.scheme()).isEqualTo(AuthResult.Scheme.SIGV2_HEADER);
        assertThat(a.signedHeaders()).contains("content-md5", "content-type", "date").doesNotContain("host");
    }

    @Test
    void theGuidesObjectGetVerifiesPathStyleToo() {
        ok(at(T_GET), req(GUIDE_GET.replace("GET /photos", "GET /johnsmith/photos").replace("johnsmith.s3", "s3"), null));
    }

    @Test
    void theGuidesPutListAclListAllBucketsAndUnicodeExamplesVerify() {
        ok(at(Instant.parse("2007-03-27T21:15:45Z").getEpochSecond()), req("""
                PUT /photos/puppy.jpg HTTP/1.1
                Content-Type: image/jpeg
                Content-Length: 94328
                Host: johnsmith.s3.amazonaws.com
                Date: Tue, 27 Mar 2007 21:15:45 +0000
                Authorization: AWS AKIAIOSFODNN7EXAMPLE:MyyxeRY7whkBe+bq8fHCL/2kKUg=
                """, "johnsmith"));
        ok(at(Instant.parse("2007-03-27T19:42:41Z").getEpochSecond()), req("""
                GET /?prefix=photos&max-keys=50&marker=puppy HTTP/1.1
                User-Agent: Mozilla/5.0
                Host: johnsmith.s3.amazonaws.com
                Date: Tue, 27 Mar 2007 19:42:41 +0000
                Authorization: AWS AKIAIOSFODNN7EXAMPLE:htDYFYduRNen8P9ZfE/s9SuKy0U=
                """, "johnsmith"));
        ok(at(Instant.parse("2007-03-27T19:44:46Z").getEpochSecond()), req("""
                GET /?acl HTTP/1.1
                Host: johnsmith.s3.amazonaws.com
                Date: Tue, 27 Mar 2007 19:44:46 +0000
                Authorization: AWS AKIAIOSFODNN7EXAMPLE:c2WLPFtWHVgbEmeEG93a4cG37dM=
                """, "johnsmith"));
        ok(at(Instant.parse("2007-03-28T01:29:59Z").getEpochSecond()), req("""
                GET / HTTP/1.1
                Host: s3.amazonaws.com
                Date: Wed, 28 Mar 2007 01:29:59 +0000
                Authorization: AWS AKIAIOSFODNN7EXAMPLE:qGdzdERIC03wnaRNKh6OqZehG9s=
                """, null));
        ok(at(Instant.parse("2007-03-28T01:49:49Z").getEpochSecond()), req("""
                GET /dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re HTTP/1.1
                Host: s3.amazonaws.com
                Date: Wed, 28 Mar 2007 01:49:49 +0000
                Authorization: AWS AKIAIOSFODNN7EXAMPLE:DNEZGsoieTZ92F3bUfSPQcbGmlM=
                """, null));
    }

    @Test
    void theGuidesDeleteWithXAmzDateVerifiesAndTheSkewIsMeasuredOnXAmzDate_AUTH_10() {
        AuthRequest del = req("""
                DELETE /johnsmith/photos/puppy.jpg HTTP/1.1
                User-Agent: dotnet
                Host: s3.amazonaws.com
                Date: Tue, 27 Mar 2007 21:20:27 +0000
                x-amz-date: Tue, 27 Mar 2007 21:20:26 +0000
                Authorization: AWS AKIAIOSFODNN7EXAMPLE:lx3byBScXR6KzyMaifNkardMwNk=
                """, null);
        long t = Instant.parse("2007-03-27T21:20:26Z").getEpochSecond();
        ok(at(t), del);
        assertThat(refused(at(t + 16 * 60), del).code()).isEqualTo(ErrorCode.REQUEST_TIME_TOO_SKEWED);
    }

    @Test
    void theGuidesUploadVerifiesButItsRepeatedMetaHeaderIsRefusedAsAnyAmbiguousHeader_AUTH_3b() {
        AuthRequest up = req("""
                PUT /db-backup.dat.gz HTTP/1.1
                User-Agent: curl/7.15.5
                Host: static.johnsmith.net:8080
                Date: Tue, 27 Mar 2007 21:06:08 +0000
                x-amz-acl: public-read
                content-type: application/x-download
                Content-MD5: 4gJE4saaMU4BqNR0kLY+lw==
                X-Amz-Meta-ReviewedBy: joe@johnsmith.net
                X-Amz-Meta-ReviewedBy: jane@johnsmith.net
                X-Amz-Meta-FileChecksum: 0x02661779
                X-Amz-Meta-ChecksumAlgorithm: crc32
                Content-Disposition: attachment; filename=database.dat
                Content-Encoding: gzip
                Content-Length: 5913339
                Authorization: AWS AKIAIOSFODNN7EXAMPLE:ilyl83RwaSoYIEdixDQcA4OnAnc=
                """, "static.johnsmith.net");
        long t = Instant.parse("2007-03-27T21:06:08Z").getEpochSecond();
        SigV2Verifier v = new SigV2Verifier(id -> KEY, RawRequests.at(t), Authenticator.DEFAULT_MAX_SKEW, AuthSettings.of(null));
        assertThat(v.verifyHeader(up, up.headers().first("Authorization"))).isInstanceOf(AuthResult.Authenticated.class);
        ApiException e = refused(at(t), up);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("meta-reviewedby");
    }

    static final String GUIDE_QUERY = """
            GET /photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620 HTTP/1.1
            Host: johnsmith.s3.amazonaws.com
            """;

    @Test
    void theGuidesQueryStringExampleVerifiesUntilExpiresAndNotAfter_AUTH_10() {
        AuthResult.Authenticated a = ok(at(1175139620L - 600), req(GUIDE_QUERY, "johnsmith"));
        assertThat(a.scheme()).isEqualTo(AuthResult.Scheme.SIGV2_PRESIGNED);
        ApiException e = refused(at(1175139620L + 1), req(GUIDE_QUERY, "johnsmith"));
        assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_EXPIRED);
        assertThat(e.code().code()).isEqualTo("AccessDenied");
        assertThat(e.getMessage()).contains("Request has expired");
    }

    @Test
    void aPresignedUrlExpiringFurtherAheadThanTheMaximumWindowIsRefused_AUTH_10() {
        ApiException e = refused(at(1175139620L - 8 * 24 * 3600), req(GUIDE_QUERY, "johnsmith"));
        assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("Expires");
    }

    @Test
    void aSignatureForOneBucketDoesNotVerifyOnAnotherVirtualHostedOrPathStyle_AUTH_7() {
        assertThat(refused(at(T_GET), req(GUIDE_GET.replace("johnsmith.s3", "other.s3"), "other")).code())
                .isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertThat(refused(at(1175139620L - 600), req(GUIDE_QUERY.replace("GET /photos", "GET /other/photos")
                .replace("johnsmith.s3", "s3"), null)).code()).isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void theKeyIsSignedAsSentSoAnotherEncodingOfItDoesNotVerify_AUTH_7() {
        String date = "Tue, 27 Mar 2007 19:36:42 +0000";
        String s = sig("GET\n\n\n" + date + "\n/b/a%20b");
        String raw = "GET /b/a%2520b HTTP/1.1\nHost: s3.local\nDate: " + date + "\nAuthorization: AWS " + AK + ":" + s + "\n";
        assertThat(refused(at(T_GET), req(raw, null)).code()).isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        ok(at(T_GET), req(raw.replace("a%2520b", "a%20b"), null));
    }

    @Test
    void aBucketScopeRequestVerifiesWithOrWithoutTheTrailingSlashBotocoreAdds_AUTH_7() {
        String date = "Tue, 27 Mar 2007 19:36:42 +0000";
        String slash = sig("PUT\n\n\n" + date + "\n/b/");
        ok(at(T_GET), req("PUT /b HTTP/1.1\nHost: s3.local\nDate: " + date + "\nAuthorization: AWS " + AK + ":" + slash + "\n", null));
        ok(at(T_GET), req("PUT / HTTP/1.1\nHost: b.s3.local\nDate: " + date + "\nAuthorization: AWS " + AK + ":" + sig("PUT\n\n\n" + date + "\n/b") + "\n", "b"));
        // ...but never for a key: "/b/" signed is not "/b/k"
        assertThat(refused(at(T_GET), req("PUT /b/k HTTP/1.1\nHost: s3.local\nDate: " + date + "\nAuthorization: AWS " + AK + ":" + slash + "\n", null)).code())
                .isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void aSubResourceOrResponseOverrideAddedToASignedRequestDoesNotVerify_AUTH_8() {
        assertThat(refused(at(T_GET), req(GUIDE_GET.replace("puppy.jpg", "puppy.jpg?versionId=3"), "johnsmith")).code())
                .isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertThat(refused(at(T_GET), req(GUIDE_GET.replace("puppy.jpg", "puppy.jpg?acl"), "johnsmith")).code())
                .isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertThat(refused(at(1175139620L - 600), req(GUIDE_QUERY.replace("&Expires", "&response-content-type=text%2Fhtml&Expires"),
                "johnsmith")).code()).isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        // list filters are not sub-resources: they narrow a read the signature allows (as for q-sign, AUTH-4)
        ok(at(1175139620L - 600), req(GUIDE_QUERY.replace("&Expires", "&x-id=GetObject&Expires"), "johnsmith"));
    }

    @Test
    void signedSubResourcesAndResponseOverridesVerifyWithDecodedValuesInAnyOrder_AUTH_8() {
        String date = "Tue, 27 Mar 2007 19:36:42 +0000";
        String s = sig("GET\n\n\n" + date + "\n/b/k?response-content-type=text/plain&versionId=v1");
        ok(at(T_GET), req("GET /b/k?versionId=v1&response-content-type=text%2Fplain HTTP/1.1\nHost: s3.local\nDate: " + date
                + "\nAuthorization: AWS " + AK + ":" + s + "\n", null));
        String bare = sig("GET\n\n\n" + date + "\n/b/k?acl=");
        ok(at(T_GET), req("GET /b/k?acl= HTTP/1.1\nHost: s3.local\nDate: " + date + "\nAuthorization: AWS " + AK + ":" + bare + "\n", null));
    }

    @Test
    void aParameterThatChoosesWhatRunsButIsNoSigV2SubResourceIsRefused_AUTH_8() {
        for (String q : List.of("VersionId=3", "symlink", "bucket=x")) {
            String raw = GUIDE_GET.replace("puppy.jpg", "puppy.jpg?" + q);
            ApiException e = refused(at(T_GET), req(raw, "johnsmith"));
            assertThat(e.code()).as(q).isEqualTo(ErrorCode.ACCESS_DENIED);
            assertThat(e.getMessage()).as(q).contains("Signature Version 2 cannot sign");
        }
    }

    @Test
    void aSubResourceValueHoldingAnAmpersandOrARepeatedSubResourceIsRefused_AUTH_8() {
        assertThat(refused(at(T_GET), req(GUIDE_GET.replace("puppy.jpg", "puppy.jpg?acl=%26versionId%3D3"), "johnsmith")).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(refused(at(T_GET), req(GUIDE_GET.replace("puppy.jpg", "puppy.jpg?versionId=1&versionId=2"), "johnsmith")).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void xCosHeadersThatChooseTheEffectAndXCosMetaCannotRideOnASigV2Signature_AUTH_9() {
        for (String h : List.of("x-cos-acl: public-read", "x-cos-meta-owner: mallory", "x-cos-copy-source: b/other", "x-cos-storage-class: ARCHIVE")) {
            ApiException e = refused(at(T_GET), req(GUIDE_GET + h + "\n", "johnsmith"));
            assertThat(e.code()).as(h).isEqualTo(ErrorCode.ACCESS_DENIED);
            assertThat(e.getMessage()).as(h).contains("not signed").contains(h.substring(0, h.indexOf(':')));
        }
        // any x-amz-* header is in the StringToSign: adding one breaks the signature
        assertThat(refused(at(T_GET), req(GUIDE_GET + "x-amz-acl: public-read\n", "johnsmith")).code()).isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        // a header SigV2 leaves unsigned and that chooses no effect rides along, as with SigV4
        ok(at(T_GET), req(GUIDE_GET + "Range: bytes=0-9\nx-cos-trace: 1\n", "johnsmith"));
    }

    @Test
    void theHeaderFormNeedsADateWithinTheSkew_AUTH_10() {
        assertThat(refused(at(T_GET + 16 * 60), req(GUIDE_GET, "johnsmith")).code()).isEqualTo(ErrorCode.REQUEST_TIME_TOO_SKEWED);
        assertThat(refused(at(T_GET - 16 * 60), req(GUIDE_GET, "johnsmith")).code()).isEqualTo(ErrorCode.REQUEST_TIME_TOO_SKEWED);
        ApiException noDate = refused(at(T_GET), req(GUIDE_GET.replace("Date: Tue, 27 Mar 2007 19:36:42 +0000\n", ""), "johnsmith"));
        assertThat(noDate.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(noDate.getMessage()).contains("Date");
        // an x-amz-date sent empty, unreadable or before 1970 is no date, whatever Date says (AWS, s3-tests auth_aws2)
        for (String bad : List.of("", "Bad Date", "Tue, 07 Jul 1950 21:53:04 GMT")) {
            assertThat(refused(at(T_GET), req(GUIDE_GET + "x-amz-date: " + bad + "\n", "johnsmith")).code()).as(bad).isEqualTo(ErrorCode.ACCESS_DENIED);
        }
        assertThat(refused(at(T_GET), req(GUIDE_GET + "x-amz-date: Tue, 07 Jul 9999 21:53:04 GMT\n", "johnsmith")).code())
                .isEqualTo(ErrorCode.REQUEST_TIME_TOO_SKEWED);
    }

    @Test
    void anXAmzContentSha256OnASigV2RequestIsHeldToItsWordNotIgnored() {
        String date = "Tue, 27 Mar 2007 19:36:42 +0000";
        String hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        String s = sig("PUT\n\n\n" + date + "\nx-amz-content-sha256:" + hex + "\n/b/k");
        AuthResult.Authenticated a = ok(at(T_GET), req("PUT /b/k HTTP/1.1\nHost: s3.local\nDate: " + date + "\nx-amz-content-sha256: " + hex
                + "\nAuthorization: AWS " + AK + ":" + s + "\n", null));
        assertThat(a.payload()).isEqualTo(new AuthResult.Payload.Sha256(hex));
        String chunked = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
        String c = sig("PUT\n\n\n" + date + "\nx-amz-content-sha256:" + chunked + "\n/b/k");
        assertThat(refused(at(T_GET), req("PUT /b/k HTTP/1.1\nHost: s3.local\nDate: " + date + "\nx-amz-content-sha256: " + chunked
                + "\nAuthorization: AWS " + AK + ":" + c + "\n", null)).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void aWrongSignatureOrAnUnknownKeyIsRefused() {
        assertThat(refused(at(T_GET), req(GUIDE_GET.replace("bWq2", "bWq3"), "johnsmith")).code()).isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertThat(refused(at(T_GET), req(GUIDE_GET.replace("AKIAIOSFODNN7EXAMPLE", "AKIAUNKNOWN"), "johnsmith")).code())
                .isEqualTo(ErrorCode.INVALID_ACCESS_KEY_ID);
        assertThat(refused(at(T_GET), req(GUIDE_GET.replace(":bWq2s1WEIj+Ydj0vQ697zp+IXMU=", ""), "johnsmith")).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void withSigV2OffBothFormsAreInvalidRequestAsBeforeAndNeverAnonymous() {
        for (AuthRequest r : List.of(req(GUIDE_GET, "johnsmith"), req(GUIDE_QUERY, "johnsmith"))) {
            ApiException e = refused(off(T_GET), r);
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.getMessage()).contains("not supported");
        }
    }

    @Test
    void thePresignedFormHasNoRequestTimeOnlyExpiresCounts_AUTH_10() {
        // the query form signs Expires, not a request time: a URL still three days from expiry works
        ok(at(1175139620L - 3 * 24 * 3600), req(GUIDE_QUERY, "johnsmith"));
    }
}
