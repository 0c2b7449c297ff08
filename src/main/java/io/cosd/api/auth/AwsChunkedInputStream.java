package io.cosd.api.auth;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.object.ChecksumAlgorithm;
import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.SigV4Signer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes an {@code aws-chunked} request body and verifies it as it streams:
 * <pre>
 * hex-size[;chunk-signature=sig]\r\n data \r\n ... 0[;chunk-signature=sig]\r\n [trailer-line\r\n ...] \r\n
 * </pre>
 *
 * <p><b>Design (never hand out a forged object):</b> chunk data is streamed straight through, never
 * buffered, so chunks of any size work in constant memory. The bytes that <em>complete</em> a chunk
 * are only returned after that chunk's signature has been checked: when a read drains the current
 * chunk, the stream first consumes the chunk's CRLF and verifies the chain signature, and throws
 * instead of returning those bytes if it does not match. So at most one chunk minus its last bytes
 * is ever unverified in the caller's hands, and EOF (-1) is reported only after the final chunk, the
 * trailer (checksum and, in signed mode, its signature) and the decoded length all check out.
 * Callers that commit only after EOF therefore never store a forged or truncated body.
 *
 * <p>Errors surface from {@code read} as unchecked {@link ApiException}: {@code SignatureDoesNotMatch}
 * (chunk or trailer signature), {@code IncompleteBody} (early end of stream or wrong decoded
 * length), {@code BadDigest} (trailing checksum) or {@code InvalidRequest} (broken framing).
 *
 * <p>The trailing checksum {@code x-amz-trailer} announces ({@link #expectTrailer}, before the first byte)
 * is computed and verified, and only it: any other trailing checksum is then refused with NotImplemented,
 * never accepted unchecked (docs/unbuilt.md "Checksums"). Without the header (the AWS SDKs always send it)
 * {@code x-amz-checksum-crc32}, {@code -crc32c} and {@code -sha256} are computed, since the trailer's name is
 * only known at the end; {@code -crc64nvme} and {@code -sha1} need the header.
 */
public final class AwsChunkedInputStream extends InputStream {
    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_TRAILER_LINES = 64;

    private final InputStream in;
    private final AuthResult.Payload.AwsChunked p;
    private final MessageDigest chunkDigest;
    /**
     * The trailing checksums computed over the decoded bytes: in trailer mode CRC32, CRC32C and SHA-256 while
     * no {@code x-amz-trailer} says which one will come; only the one it announces once it does
     * ({@link #expectTrailer}), so an SDK upload with its default CRC32 trailer pays for no SHA-256.
     */
    private final Map<ChecksumAlgorithm, ChecksumAlgorithm.Digest> digests = new EnumMap<>(ChecksumAlgorithm.class);
    /** The trailing checksum {@code x-amz-trailer} announced, lower case, or null: it must be in the trailer. */
    private String declaredTrailer;

    private String previousSignature;
    private String chunkSignature;
    private long chunkRemaining;
    private boolean inChunk;
    private boolean eof;
    private long total;

    public AwsChunkedInputStream(InputStream raw, AuthResult.Payload.AwsChunked p) {
        this.in = Objects.requireNonNull(raw);
        this.p = Objects.requireNonNull(p);
        if (p.signedChunks() && (p.signingKey() == null || p.seedSignature() == null || p.amzDate() == null || p.scope() == null)) {
            throw new IllegalArgumentException("signed aws-chunked payload needs signing key, date, scope and seed signature");
        }
        this.previousSignature = p.seedSignature();
        this.chunkDigest = p.signedChunks() ? Hashes.digest("SHA-256") : null;
        if (p.trailer()) {
            for (ChecksumAlgorithm a : new ChecksumAlgorithm[] {ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.SHA256}) {
                digests.put(a, a.newDigest());
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        while ((n = read(one, 0, 1)) == 0) { /* a zero-length chunk cannot happen mid-stream; loop defensively */ }
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (eof) return -1;
        if (len == 0) return 0;
        while (!inChunk) {
            long size = readChunkHeader();
            if (size == 0) {
                finish();
                eof = true;
                return -1;
            }
            chunkRemaining = size;
            inChunk = true;
        }
        int n = in.read(b, off, (int) Math.min(len, chunkRemaining));
        if (n < 0) throw ErrorCode.INCOMPLETE_BODY.exception("aws-chunked body ended inside a chunk");
        if (n == 0) return 0;
        if (chunkDigest != null) chunkDigest.update(b, off, n);
        for (ChecksumAlgorithm.Digest d : digests.values()) d.update(b, off, n);
        total += n;
        if (p.decodedLength() >= 0 && total > p.decodedLength()) {
            throw ErrorCode.INCOMPLETE_BODY.exception("aws-chunked body is longer than x-amz-decoded-content-length");
        }
        chunkRemaining -= n;
        if (chunkRemaining == 0) {
            // Verify before these final bytes of the chunk leave this method.
            expectCrlf();
            verifyChunk();
            inChunk = false;
        }
        return n;
    }

    /** Reads {@code size[;ext...]\r\n}; remembers the chunk signature; returns the size. */
    private long readChunkHeader() throws IOException {
        String line = readLine(true);
        if (line == null) throw ErrorCode.INCOMPLETE_BODY.exception("aws-chunked body ended before the final chunk");
        String[] parts = line.split(";");
        String hex = parts[0].trim();
        if (hex.isEmpty() || hex.length() > 15) throw framing("bad chunk size");
        long size;
        try {
            size = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw framing("bad chunk size");
        }
        if (size < 0) throw framing("bad chunk size");
        chunkSignature = null;
        for (int i = 1; i < parts.length; i++) {
            String ext = parts[i].trim();
            if (ext.startsWith("chunk-signature=")) chunkSignature = ext.substring("chunk-signature=".length()).trim();
        }
        if (p.signedChunks() && chunkSignature == null) throw framing("chunk without chunk-signature");
        if (p.signedChunks()) chunkDigest.reset();
        return size;
    }

    private void verifyChunk() {
        if (!p.signedChunks()) return;
        String dataHash = Hashes.hex(chunkDigest.digest());
        String sts = SigV4Signer.chunkStringToSign(p.amzDate(), p.scope(), previousSignature, dataHash);
        String expected = SigV4Signer.sign(p.signingKey(), sts);
        if (!Hashes.hexEquals(expected, chunkSignature)) {
            throw ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception("aws-chunked chunk signature does not match");
        }
        previousSignature = expected;
    }

    /** After the zero-size chunk: its signature, the trailer, the decoded length. */
    private void finish() throws IOException {
        verifyChunk(); // the final chunk signs the empty string (digest was reset in the header)
        if (p.trailer()) {
            readTrailer();
        } else {
            String end = readLine(true);
            if (end != null && !end.isEmpty()) throw framing("unexpected data after the final chunk");
        }
        if (p.decodedLength() >= 0 && total != p.decodedLength()) {
            throw ErrorCode.INCOMPLETE_BODY.exception("aws-chunked body length does not match x-amz-decoded-content-length");
        }
    }

    private void readTrailer() throws IOException {
        List<Map.Entry<String, String>> trailers = new ArrayList<>();
        String trailerSignature = null;
        for (int i = 0; ; i++) {
            String line = readLine(true);
            if (line == null || line.isEmpty()) break;
            if (i >= MAX_TRAILER_LINES) throw framing("too many trailer lines");
            int colon = line.indexOf(':');
            if (colon <= 0) throw framing("bad trailer line");
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("x-amz-trailer-signature")) trailerSignature = value;
            else trailers.add(Map.entry(name, value));
        }
        if (p.signedChunks()) {
            if (trailerSignature == null) {
                throw ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception("aws-chunked trailer signature is missing");
            }
            StringBuilder canonical = new StringBuilder();
            // AUTH-T1: the signature covers exactly the trailer lines received, each checksum among them verified below.
            for (var t : trailers) canonical.append(t.getKey()).append(':').append(t.getValue()).append('\n');
            String sts = SigV4Signer.trailerStringToSign(p.amzDate(), p.scope(), previousSignature,
                    Hashes.sha256Hex(canonical.toString()));
            if (!Hashes.hexEquals(SigV4Signer.sign(p.signingKey(), sts), trailerSignature)) {
                throw ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception("aws-chunked trailer signature does not match");
            }
        }
        if (declaredTrailer != null && trailers.stream().noneMatch(t -> t.getKey().equals(declaredTrailer))) {
            throw ErrorCode.INVALID_REQUEST.exception("x-amz-trailer announced " + declaredTrailer + " but the body's trailer does not carry it.");
        }
        Map<ChecksumAlgorithm, String> computed = new EnumMap<>(ChecksumAlgorithm.class);
        for (var t : trailers) {
            // UB-1: a trailing field that is no checksum (metadata, SSE, …) would be ignored: refused instead.
            if (!t.getKey().startsWith("x-amz-checksum-")) throw ErrorCode.NOT_IMPLEMENTED.exception(
                    "A header you provided implies functionality that is not implemented: " + t.getKey() + " (as a trailing field; see docs/unbuilt.md).");
            // A checksum cosd cannot verify is refused, never accepted unchecked (docs/unbuilt.md "Checksums").
            ChecksumAlgorithm alg = ChecksumAlgorithm.parse(t.getKey().substring(15)).orElseThrow(() -> ErrorCode.NOT_IMPLEMENTED.exception(
                    "A header you provided implies functionality that is not implemented: " + t.getKey() + " (trailing checksum; see docs/unbuilt.md)."));
            if (!digests.containsKey(alg)) notVerified(t.getKey());
            String expected = computed.computeIfAbsent(alg, a -> b64(digests.get(a).bytes()));
            if (!expected.equals(t.getValue())) {
                throw ErrorCode.BAD_DIGEST.exception("The " + t.getKey() + " you specified did not match the calculated checksum.");
            }
        }
    }

    /**
     * The request's {@code x-amz-trailer} header (before any byte is read): compute the trailing checksum it
     * announces, and only that one (a trailing checksum it did not announce is then refused, 501). Other
     * values change nothing.
     */
    public void expectTrailer(String header) {
        if (header == null) return;
        String name = header.trim().toLowerCase(Locale.ROOT);
        // A checksum the client announced must arrive and be verified (BT-5, UB-3): an announced trailer that
        // never comes would otherwise pass as a checked body. A body not in trailer mode carries none at all.
        if (name.startsWith("x-amz-checksum-")) {
            if (!p.trailer()) throw trailerWithoutTrailerBody(name);
            declaredTrailer = name;
        }
        if (!p.trailer() || !name.startsWith("x-amz-checksum-")) return;
        ChecksumAlgorithm.parse(name.substring(15)).ifPresent(a -> {
            digests.clear();
            digests.put(a, a.newDigest());
        });
    }

    /** 400 InvalidRequest: {@code x-amz-trailer} names a checksum the body cannot carry (not an aws-chunked trailer body). */
    public static io.cosd.api.error.ApiException trailerWithoutTrailerBody(String name) {
        return ErrorCode.INVALID_REQUEST.exception("x-amz-trailer: " + name + " needs an aws-chunked body with a trailer "
                + "(x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER or STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER); "
                + "this body carries none, so the checksum could not be verified.");
    }

    private static String notVerified(String name) {
        throw ErrorCode.NOT_IMPLEMENTED.exception("A header you provided implies functionality that is not implemented: "
                + name + " (trailing checksum not declared in x-amz-trailer; see docs/unbuilt.md).");
    }

    private static String b64(byte[] b) { return Base64.getEncoder().encodeToString(b); }

    private void expectCrlf() throws IOException {
        int cr = in.read();
        int lf = cr == '\r' ? in.read() : cr;
        if (cr < 0 || lf < 0) throw ErrorCode.INCOMPLETE_BODY.exception("aws-chunked body ended after chunk data");
        if (cr != '\r' || lf != '\n') throw framing("chunk data not followed by CRLF");
    }

    /** A CRLF-terminated line without its terminator; null at a clean end of stream. */
    private String readLine(boolean eofIsNull) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(96);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] b = buf.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                if (len == b.length) throw framing("line not terminated by CRLF");
                return new String(b, 0, len, StandardCharsets.UTF_8);
            }
            if (buf.size() >= MAX_LINE) throw framing("line too long");
            buf.write(c);
        }
        if (buf.size() == 0 && eofIsNull) return null;
        throw ErrorCode.INCOMPLETE_BODY.exception("aws-chunked body ended inside a line");
    }

    private static ApiException framing(String why) {
        return ErrorCode.INVALID_REQUEST.exception("Malformed aws-chunked body: " + why);
    }

    @Override
    public void close() throws IOException { in.close(); }
}
