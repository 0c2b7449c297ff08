package io.cosd.api.auth;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.object.Crc64Nvme;
import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.SigV4Signer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsChunkedInputStreamTest {
    static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    static final String SIG1 = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
    static final String SIG2 = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
    static final String SIG3 = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";

    /** The request head of the AWS "Transferring Payload in Multiple Chunks" example. */
    static final String CHUNKED_PUT = """
            PUT /examplebucket/chunkObject.txt HTTP/1.1
            Host: s3.amazonaws.com
            x-amz-date: 20130524T000000Z
            x-amz-storage-class: REDUCED_REDUNDANCY
            Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9
            x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD
            Content-Encoding: aws-chunked
            x-amz-decoded-content-length: 66560
            Content-Length: 66824
            """;

    static AuthResult.Payload.AwsChunked examplePayload() {
        Authenticator a = new Authenticator(RawRequests.keys(AuthenticatorSigV4Test.KEY), RawRequests.at(AuthenticatorSigV4Test.T0));
        AuthResult.Authenticated r = (AuthResult.Authenticated) a.authenticate(RawRequests.parse(CHUNKED_PUT));
        return (AuthResult.Payload.AwsChunked) r.payload();
    }

    static byte[] exampleBody() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] a64k = new byte[65536];
        Arrays.fill(a64k, (byte) 'a');
        byte[] a1k = new byte[1024];
        Arrays.fill(a1k, (byte) 'a');
        out.writeBytes(("10000;chunk-signature=" + SIG1 + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(a64k);
        out.writeBytes(("\r\n400;chunk-signature=" + SIG2 + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(a1k);
        out.writeBytes(("\r\n0;chunk-signature=" + SIG3 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Reads in small steps, counting what the caller actually received before any exception. */
    static final class Drain {
        long delivered;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();

        byte[] all(InputStream in, int step) throws IOException {
            byte[] buf = new byte[step];
            int n;
            while ((n = in.read(buf, 0, buf.length)) >= 0) {
                delivered += n;
                data.write(buf, 0, n);
            }
            return data.toByteArray();
        }
    }

    static ErrorCode failure(Drain d, InputStream in, int step) {
        try {
            d.all(in, step);
        } catch (ApiException e) {
            return e.code();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected an ApiException");
    }

    @Test
    void awsExampleChunkedPutYieldsAwsChunkedPayloadWithSeedSignature() {
        AuthResult.Payload.AwsChunked p = examplePayload();
        assertThat(p.signedChunks()).isTrue();
        assertThat(p.trailer()).isFalse();
        assertThat(p.seedSignature()).isEqualTo(SEED);
        assertThat(p.amzDate()).isEqualTo("20130524T000000Z");
        assertThat(p.scope()).isEqualTo("20130524/us-east-1/s3/aws4_request");
        assertThat(p.decodedLength()).isEqualTo(66560);
    }

    @Test
    void awsExampleFirstChunkSignatureIsReproduced() {
        AuthResult.Payload.AwsChunked p = examplePayload();
        byte[] a64k = new byte[65536];
        Arrays.fill(a64k, (byte) 'a');
        String sts = SigV4Signer.chunkStringToSign(p.amzDate(), p.scope(), SEED, Hashes.sha256Hex(a64k));
        assertThat(SigV4Signer.sign(p.signingKey(), sts)).isEqualTo(SIG1);
    }

    @Test
    void awsExampleChunkedBodyDecodesAndVerifies() throws IOException {
        byte[] out = new Drain().all(new AwsChunkedInputStream(new ByteArrayInputStream(exampleBody()), examplePayload()), 7000);
        assertThat(out).hasSize(66560).containsOnly((byte) 'a');
    }

    @Test
    void singleByteReadsWorkToo() throws IOException {
        InputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(exampleBody()), examplePayload());
        int count = 0;
        while (in.read() >= 0) count++;
        assertThat(count).isEqualTo(66560);
    }

    @Test
    void forgedByteInFirstChunkThrowsBeforeTheChunkIsFullyDelivered() {
        byte[] body = exampleBody();
        body[100] = 'b';
        Drain d = new Drain();
        assertThat(failure(d, new AwsChunkedInputStream(new ByteArrayInputStream(body), examplePayload()), 4096))
                .isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertThat(d.delivered).isLessThan(65536);
    }

    @Test
    void forgedByteInLastChunkThrowsBeforeEof() {
        byte[] body = exampleBody();
        body[body.length - 200] = 'b';
        Drain d = new Drain();
        assertThat(failure(d, new AwsChunkedInputStream(new ByteArrayInputStream(body), examplePayload()), 65536))
                .isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertThat(d.delivered).isLessThan(66560);
    }

    @Test
    void forgedFinalChunkSignatureThrowsInsteadOfEof() {
        String s = new String(exampleBody(), StandardCharsets.ISO_8859_1).replace(SIG3, SIG3.replace('b', 'c'));
        assertThat(failure(new Drain(), new AwsChunkedInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)), examplePayload()), 8192))
                .isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void truncatedBodyIsIncompleteBody() {
        byte[] body = Arrays.copyOf(exampleBody(), 66000);
        assertThat(failure(new Drain(), new AwsChunkedInputStream(new ByteArrayInputStream(body), examplePayload()), 8192))
                .isEqualTo(ErrorCode.INCOMPLETE_BODY);
    }

    @Test
    void decodedLengthMismatchIsIncompleteBody() {
        AuthResult.Payload.AwsChunked p = examplePayload();
        var wrong = new AuthResult.Payload.AwsChunked(true, false, p.signingKey(), p.amzDate(), p.scope(), p.seedSignature(), 66561);
        assertThat(failure(new Drain(), new AwsChunkedInputStream(new ByteArrayInputStream(exampleBody()), wrong), 8192))
                .isEqualTo(ErrorCode.INCOMPLETE_BODY);
        var shorter = new AuthResult.Payload.AwsChunked(true, false, p.signingKey(), p.amzDate(), p.scope(), p.seedSignature(), 1000);
        assertThat(failure(new Drain(), new AwsChunkedInputStream(new ByteArrayInputStream(exampleBody()), shorter), 8192))
                .isEqualTo(ErrorCode.INCOMPLETE_BODY);
    }

    @Test
    void brokenFramingIsInvalidRequest() {
        var unsigned = new AuthResult.Payload.AwsChunked(false, true, null, null, null, null, -1);
        for (String body : new String[] {"zz\r\nabc\r\n0\r\n\r\n", "3\r\nabcX\r\n0\r\n\r\n", "3\nabc\r\n0\r\n\r\n"}) {
            assertThat(failure(new Drain(), new AwsChunkedInputStream(
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), unsigned), 16))
                    .isEqualTo(ErrorCode.INVALID_REQUEST);
        }
        // signed mode without a chunk-signature extension
        assertThat(failure(new Drain(), new AwsChunkedInputStream(
                new ByteArrayInputStream("3\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), examplePayload()), 16))
                .isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    // ---- Trailer modes. No published AWS vector covers these, so they are round trips with our own
    // ---- SigV4Signer producing the body (the chunk chain itself is pinned by the AWS vector above).

    static String b64(byte[] b) { return Base64.getEncoder().encodeToString(b); }

    static String crc32(byte[] d) { CRC32 c = new CRC32(); c.update(d); return b64(ByteBuffer.allocate(4).putInt((int) c.getValue()).array()); }

    static String crc32c(byte[] d) { CRC32C c = new CRC32C(); c.update(d); return b64(ByteBuffer.allocate(4).putInt((int) c.getValue()).array()); }

    static String sha256(byte[] d) throws Exception { return b64(MessageDigest.getInstance("SHA-256").digest(d)); }

    static byte[] unsignedTrailerBody(byte[] data, int chunk, String trailerLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < data.length; off += chunk) {
            int n = Math.min(chunk, data.length - off);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data, off, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("0\r\n" + trailerLine + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static final AuthResult.Payload.AwsChunked UNSIGNED_TRAILER =
            new AuthResult.Payload.AwsChunked(false, true, null, "20130524T000000Z", "20130524/us-east-1/s3/aws4_request", null, -1);

    @Test
    void unsignedTrailerWithMatchingChecksumsDecodes() throws Exception {
        byte[] data = "hello aws-chunked world, with a trailer".repeat(100).getBytes(StandardCharsets.UTF_8);
        for (String t : new String[] {"x-amz-checksum-crc32:" + crc32(data), "x-amz-checksum-crc32c:" + crc32c(data),
                "x-amz-checksum-sha256:" + sha256(data)}) {
            var p = new AuthResult.Payload.AwsChunked(false, true, null, null, null, null, data.length);
            byte[] out = new Drain().all(new AwsChunkedInputStream(new ByteArrayInputStream(unsignedTrailerBody(data, 1000, t)), p), 333);
            assertThat(out).as(t).isEqualTo(data);
        }
    }

    @Test
    void unsignedTrailerWithWrongChecksumIsBadDigest() throws Exception {
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        byte[] other = "Payload".getBytes(StandardCharsets.UTF_8);
        for (String t : new String[] {"x-amz-checksum-crc32:" + crc32(other), "x-amz-checksum-crc32c:" + crc32c(other),
                "x-amz-checksum-sha256:" + sha256(other)}) {
            assertThat(failure(new Drain(), new AwsChunkedInputStream(
                    new ByteArrayInputStream(unsignedTrailerBody(data, 4, t)), UNSIGNED_TRAILER), 64)).as(t).isEqualTo(ErrorCode.BAD_DIGEST);
        }
    }

    @Test
    void aTrailingChecksumCosdDoesNotComputeIsNotImplementedNeverAcceptedUnchecked() throws Exception {
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        for (String t : new String[] {"x-amz-checksum-crc64nvme:AAAAAAAAAAA=", "x-amz-checksum-sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "x-amz-checksum-xxhash64:AAAAAAAAAAA="}) {
            assertThat(failure(new Drain(), new AwsChunkedInputStream(
                    new ByteArrayInputStream(unsignedTrailerBody(data, 4, t)), UNSIGNED_TRAILER), 64)).as(t).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
        }
    }

    @Test
    void aDeclaredCrc64nvmeOrSha1TrailerIsVerified() throws Exception {
        byte[] data = "hello aws-chunked world, with a trailer".repeat(100).getBytes(StandardCharsets.UTF_8);
        var nvme = new Crc64Nvme().update(data, 0, data.length);
        String sha1 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(data));
        String[][] cases = {{"x-amz-checksum-crc64nvme", Base64.getEncoder().encodeToString(nvme.bytes())}, {"x-amz-checksum-sha1", sha1}};
        for (String[] c : cases) {
            var ok = new AwsChunkedInputStream(new ByteArrayInputStream(unsignedTrailerBody(data, 1000, c[0] + ":" + c[1])), UNSIGNED_TRAILER);
            ok.expectTrailer(c[0]);
            assertThat(new Drain().all(ok, 333)).as(c[0]).isEqualTo(data);
            String wrong = c[1].startsWith("A") ? "B" + c[1].substring(1) : "A" + c[1].substring(1);
            var bad = new AwsChunkedInputStream(new ByteArrayInputStream(unsignedTrailerBody(data, 1000, c[0] + ":" + wrong)), UNSIGNED_TRAILER);
            bad.expectTrailer(c[0]);
            assertThat(failure(new Drain(), bad, 333)).as(c[0]).isEqualTo(ErrorCode.BAD_DIGEST);
        }
    }

    @Test
    void onceATrailerIsAnnouncedOnlyItIsComputedAndAnotherTrailingChecksumIsRefusedNotIgnored_AUTH_T1() throws Exception {
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        // announced crc32 (what the SDK sends), but the trailer carries a sha256 as well: that one was not computed
        var s = new AwsChunkedInputStream(new ByteArrayInputStream(unsignedTrailerBody(data, 4,
                "x-amz-checksum-crc32:" + crc32(data) + "\r\nx-amz-checksum-sha256:" + sha256(data))), UNSIGNED_TRAILER);
        s.expectTrailer("x-amz-checksum-crc32");
        assertThat(failure(new Drain(), s, 64)).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
        var ok = new AwsChunkedInputStream(new ByteArrayInputStream(unsignedTrailerBody(data, 4, "x-amz-checksum-crc32c:" + crc32c(data))),
                UNSIGNED_TRAILER);
        ok.expectTrailer("x-amz-checksum-crc32c");
        assertThat(new Drain().all(ok, 64)).isEqualTo(data);
    }

    @Test
    void anAnnouncedTrailingChecksumThatNeverArrivesIsRefused_BT_5() throws Exception {
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        var other = new AwsChunkedInputStream(new ByteArrayInputStream(
                unsignedTrailerBody(data, 4, "x-amz-checksum-crc32c:" + crc32c(data))), UNSIGNED_TRAILER);
        other.expectTrailer("x-amz-checksum-crc32");
        assertThat(failure(new Drain(), other, 64)).isEqualTo(ErrorCode.INVALID_REQUEST);
        var announced = new AwsChunkedInputStream(new ByteArrayInputStream(
                unsignedTrailerBody(data, 4, "x-amz-checksum-crc32:" + crc32(data))), UNSIGNED_TRAILER);
        announced.expectTrailer("X-Amz-Checksum-CRC32");
        assertThat(new Drain().all(announced, 64)).isEqualTo(data);
        // a body without trailer mode carries no trailer at all: refused before a byte is read
        var noTrailer = new AwsChunkedInputStream(new ByteArrayInputStream(new byte[0]), examplePayload());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> noTrailer.expectTrailer("x-amz-checksum-crc32"))
                .isInstanceOfSatisfying(io.cosd.api.error.ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    /** Our own encoder for signed chunks (+ optional signed trailer), built on SigV4Signer. */
    static byte[] signedBody(AuthResult.Payload.AwsChunked p, byte[] data, int chunk, String trailerLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String prev = p.seedSignature();
        for (int off = 0; ; off += chunk) {
            int n = Math.max(0, Math.min(chunk, data.length - off));
            byte[] c = Arrays.copyOfRange(data, Math.min(off, data.length), Math.min(off, data.length) + n);
            prev = SigV4Signer.sign(p.signingKey(), SigV4Signer.chunkStringToSign(p.amzDate(), p.scope(), prev, Hashes.sha256Hex(c)));
            out.writeBytes((Integer.toHexString(n) + ";chunk-signature=" + prev + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(c);
            if (n == 0) break;
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (trailerLine != null) {
            String sig = SigV4Signer.sign(p.signingKey(), SigV4Signer.trailerStringToSign(p.amzDate(), p.scope(), prev,
                    Hashes.sha256Hex(trailerLine + "\n")));
            out.writeBytes((trailerLine + "\r\nx-amz-trailer-signature:" + sig + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void signedTrailerRoundTripVerifiesAndRejectsForgedTrailer() throws Exception {
        AuthResult.Payload.AwsChunked ex = examplePayload();
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        var p = new AuthResult.Payload.AwsChunked(true, true, ex.signingKey(), ex.amzDate(), ex.scope(), ex.seedSignature(), data.length);
        byte[] body = signedBody(p, data, 131072, "x-amz-checksum-crc32:" + crc32(data));
        assertThat(new Drain().all(new AwsChunkedInputStream(new ByteArrayInputStream(body), p), 10_000)).isEqualTo(data);

        String forged = new String(body, StandardCharsets.ISO_8859_1).replace(crc32(data), crc32(new byte[1]));
        assertThat(failure(new Drain(), new AwsChunkedInputStream(new ByteArrayInputStream(forged.getBytes(StandardCharsets.ISO_8859_1)), p), 10_000))
                .isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void multiMegabyteChunksStreamWithoutBuffering() throws Exception {
        AuthResult.Payload.AwsChunked ex = examplePayload();
        byte[] data = new byte[5 * 1024 * 1024 + 17];
        new Random(2).nextBytes(data);
        var p = new AuthResult.Payload.AwsChunked(true, false, ex.signingKey(), ex.amzDate(), ex.scope(), ex.seedSignature(), data.length);
        byte[] body = signedBody(p, data, 4 * 1024 * 1024, null);
        assertThat(new Drain().all(new AwsChunkedInputStream(new ByteArrayInputStream(body), p), 65536)).isEqualTo(data);
    }

    @Test
    void readAfterFailureOrEofBehaves() throws IOException {
        InputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(exampleBody()), examplePayload());
        new Drain().all(in, 100_000);
        assertThat(in.read()).isEqualTo(-1);
        assertThatThrownBy(() -> new AwsChunkedInputStream(new ByteArrayInputStream(new byte[0]), examplePayload()).read())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INCOMPLETE_BODY));
    }
}
