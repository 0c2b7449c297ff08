package io.cosd.api.core;

import io.cosd.api.auth.HeaderView;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.BodyStream;
import io.cosd.api.http.Exchange;
import io.cosd.api.http.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/security.md UB-7: every small body (configuration, tagging, ACL, DeleteObjects, a completion's
 * parts list, a restore, a lock document, an admin body, a GET's) is read by {@link Request#readSmallBody},
 * which checks a sent Content-MD5 itself: its form before the first byte is read (so no 100 Continue is
 * sent and nothing uploaded), the digest after the read and before any caller parses the bytes.
 * SmallBodyReadersTest keeps every other reader of a request body on a list.
 */
class SmallBodyIntegrityTest {
    private static final byte[] BODY = "<Tagging><TagSet/></Tagging>".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {"not-base64!", "AAAA", "MTIzNDU2Nzg5MDEyMzQ1Njc=", ""})
    void aMalformedContentMd5IsInvalidDigestBeforeAnyByteOfTheBodyIsRead_UB_7(String md5) {
        Request rc = request(List.of(Map.entry("Content-MD5", md5), Map.entry("Expect", "100-continue")), 28)
                .withBody(new NeverRead());

        assertThatThrownBy(() -> rc.readSmallBody(1024, ErrorCode.MALFORMED_XML))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DIGEST));
    }

    @Test
    void aMalformedContentMd5IsRefusedBeforeTheSizeOfABodyThatIsAlsoTooLarge_UB_7() {
        Request rc = request(List.of(Map.entry("Content-MD5", "nope"), Map.entry("Expect", "100-continue")), 1 << 20)
                .withBody(new NeverRead());

        assertThatThrownBy(() -> rc.readSmallBody(1024, ErrorCode.XML_SIZE_LIMIT))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DIGEST));
    }

    @Test
    void aSmallBodyOfAnotherLengthThanItsDecodedContentLengthIsIncompleteBodyEvenWhenNotAwsChunked_UB_7() {
        // aws-chunked bodies have their decoder check the header; a plain body declaring it must hold to it too,
        // never have it ignored (and the Expect cap check trusts it): a body that is not the one described is refused.
        Request longer = request(List.of(Map.entry("x-amz-decoded-content-length", "5")), BODY.length).withBody(new ByteArrayInputStream(BODY));
        Request exact = request(List.of(Map.entry("x-amz-decoded-content-length", String.valueOf(BODY.length))), BODY.length)
                .withBody(new ByteArrayInputStream(BODY));

        assertThatThrownBy(() -> longer.readSmallBody(1024, ErrorCode.MALFORMED_XML))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INCOMPLETE_BODY));
        assertThat(exact.readSmallBody(1024, ErrorCode.MALFORMED_XML)).isEqualTo(BODY);
    }

    @Test
    void aBodyThatIsNotTheOneItsContentMd5NamesIsBadDigest_UB_7() {
        Request rc = request(List.of(Map.entry("Content-MD5", md5("<Tagging>another</Tagging>".getBytes(StandardCharsets.UTF_8)))), BODY.length)
                .withBody(new ByteArrayInputStream(BODY));

        assertThatThrownBy(() -> rc.readSmallBody(1024, ErrorCode.MALFORMED_XML))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_DIGEST));
    }

    @Test
    void anEmptyBodyWithTheContentMd5OfAnotherIsBadDigestNotAnEmptyDocument_UB_7() {
        Request rc = request(List.of(Map.entry("Content-MD5", md5(BODY))), 0).withBody(InputStream.nullInputStream());

        assertThatThrownBy(() -> rc.readSmallBody(1024, ErrorCode.MALFORMED_XML))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_DIGEST));
    }

    @Test
    void aBodyThatMatchesItsContentMd5IsReturnedWhole_UB_7() {
        Request rc = request(List.of(Map.entry("Content-MD5", " " + md5(BODY) + " ")), BODY.length).withBody(new ByteArrayInputStream(BODY));

        assertThat(rc.readSmallBody(1024, ErrorCode.MALFORMED_XML)).isEqualTo(BODY);
    }

    @Test
    void aBodyWithoutContentMd5IsReturnedUnchecked_becauseItIsNeverRequired_UB_7() {
        Request rc = request(List.of(), BODY.length).withBody(new ByteArrayInputStream(BODY));

        assertThat(rc.readSmallBody(1024, ErrorCode.MALFORMED_XML)).isEqualTo(BODY);
    }

    @Test
    void aChecksumHeaderOnASmallBodyIsVerifiedAsItIsRead_UB_3() {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(new byte[32])));
        Request rc = request(headers, BODY.length);
        Request wrapped = rc.withBody(ChecksumHeaders.verifying(rc.headers(), new ByteArrayInputStream(BODY)));

        assertThatThrownBy(() -> wrapped.readSmallBody(1024, ErrorCode.MALFORMED_XML))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_DIGEST));
    }

    static String md5(byte[] b) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A body whose first read fails the test: the refusal must come before it (no 100, nothing uploaded). */
    private static final class NeverRead extends InputStream {
        @Override
        public int read() {
            throw new AssertionError("the body was read");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            throw new AssertionError("the body was read");
        }
    }

    private static Request request(List<Map.Entry<String, String>> headers, long contentLength) {
        HeaderView view = HeaderView.of(headers);
        Exchange ex = new Exchange() {
            public String method() { return "PUT"; }
            public String uri() { return "/"; }
            public HeaderView headers() { return view; }
            public InetSocketAddress remote() { return new InetSocketAddress("127.0.0.1", 1); }
            public BodyStream body() { throw new UnsupportedOperationException(); }
            public long contentLength() { return contentLength; }
            public boolean chunked() { return false; }
            public void respond(Response response) { throw new UnsupportedOperationException(); }
        };
        return Request.arriving(ex, Instant.parse("2026-01-02T03:04:05Z")).build();
    }
}
