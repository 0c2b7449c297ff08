package io.cosd.api.auth;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.object.ChecksumAlgorithm;
import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.SigV4Signer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one {@code aws-chunked} parser and verifier (AUTH-14, AUTH-T1), fed the body's bytes as they
 * arrive, in buffers split anywhere:
 * <pre>
 * hex-size[;chunk-signature=sig]\r\n data \r\n ... 0[;chunk-signature=sig]\r\n [trailer-line\r\n ...] \r\n
 * </pre>
 * Both body paths drive it: {@link AwsChunkedInputStream} reads bytes, {@link AwsChunkedPieces} hands
 * out slices of the received buffers (docs/performance.md "aws-chunked bodies on the piece path"), so
 * the framing, the chained chunk signatures, the trailer and the decoded length are checked by the same
 * code whichever way the body is read.
 *
 * <p>Its caller alternates {@link #next} (consumes framing, says how many data bytes are ready) and
 * {@link #data} (those bytes: hashed and counted here, before the caller hands them on), and calls
 * {@link #end} when the body's bytes end. The data that completes a chunk is checked as the byte decoder
 * always checked it: its CRLF first (else {@code InvalidRequest}, the client's framing), then the chunk's
 * signature; while that is still to come {@link #holding()} is true and the caller keeps those bytes,
 * feeding {@link #next} until it is false (AUTH-14). {@link #complete()} is true only once the final zero chunk,
 * its signature, the trailer (checksums and, signed, its signature), the decoded length and the end of
 * the body with no byte after the final chunk all checked out; the commit asks it (AUTH-14).
 *
 * <p>Errors are unchecked {@link ApiException}s: {@code SignatureDoesNotMatch} (a chunk or the trailer),
 * {@code IncompleteBody} (an early end, a length other than {@code x-amz-decoded-content-length}),
 * {@code BadDigest} (a trailing checksum), {@code InvalidRequest} (broken framing, a line over 8 KiB, bytes
 * after the final chunk), {@code NotImplemented} (a trailing field cosd cannot verify). After one, the
 * decoder is spent. Not thread-safe: one reader.
 *
 * <p>The trailing checksum {@code x-amz-trailer} announces ({@link #expectTrailer}, before the first byte)
 * is computed and verified, and only it: any other trailing checksum is then refused with NotImplemented,
 * never accepted unchecked (docs/unbuilt.md "Checksums"). Without the header (the AWS SDKs always send it)
 * {@code x-amz-checksum-crc32}, {@code -crc32c} and {@code -sha256} are computed, since the trailer's name is
 * only known at the end; {@code -crc64nvme} and {@code -sha1} need the header.
 */
final class ChunkedDecoder {
    static final int MAX_LINE = 8 * 1024;
    static final int MAX_TRAILER_LINES = 64;

    private enum State { HEAD, DATA, CR, LF, TRAILER, END_LINE, DONE }

    private final AuthResult.Payload.AwsChunked p;
    private final MessageDigest chunkDigest;
    /**
     * The trailing checksums computed over the decoded bytes: in trailer mode CRC32, CRC32C and SHA-256 while
     * no {@code x-amz-trailer} says which one will come; only the one it announces once it does
     * ({@link #expectTrailer}), so an SDK upload with its default CRC32 trailer pays for no SHA-256.
     */
    private final Map<ChecksumAlgorithm, ChecksumAlgorithm.Digest> digests = new EnumMap<>(ChecksumAlgorithm.class);
    private byte[] scratch;
    /** Each digest's value, taken once at the body's end (a digest's {@code bytes()} resets it). */
    private final Map<ChecksumAlgorithm, byte[]> results = new EnumMap<>(ChecksumAlgorithm.class);
    /** The trailing checksum {@code x-amz-trailer} announced, lower case, or null: it must be in the trailer. */
    private String declaredTrailer;

    private State state = State.HEAD;
    private byte[] line = new byte[128];
    private int lineLength;
    private final List<Map.Entry<String, String>> trailers = new ArrayList<>();
    private String trailerSignature;
    private int trailerLines;

    private String previousSignature;
    private String chunkSignature;
    private long chunkLeft;
    /** The last data completed a chunk whose CRLF and signature are still to be checked: those bytes may not leave yet. */
    private boolean holding;
    private long total;
    private boolean ended;
    /** The refusal that ended the body, or null. */
    private RuntimeException failure;

    ChunkedDecoder(AuthResult.Payload.AwsChunked p) {
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

    /** See {@link AwsChunkedInputStream#expectTrailer}. */
    void expectTrailer(String header) {
        if (header == null) return;
        String name = header.trim().toLowerCase(Locale.ROOT);
        // A checksum the client announced must arrive and be verified (BT-5, UB-3): an announced trailer that
        // never comes would otherwise pass as a checked body. A body not in trailer mode carries none at all.
        if (name.startsWith("x-amz-checksum-")) {
            if (!p.trailer()) throw AwsChunkedInputStream.trailerWithoutTrailerBody(name);
            declaredTrailer = name;
        }
        if (!p.trailer() || !name.startsWith("x-amz-checksum-")) return;
        ChecksumAlgorithm.parse(name.substring(15)).ifPresent(a -> {
            digests.clear();
            digests.put(a, a.newDigest());
        });
    }

    /**
     * Consumes the framing at {@code in}'s position. Returns how many data bytes are ready at its position
     * now (more than zero: hand them to {@link #data}, then call again), 0 when {@code in} is used up (feed the
     * next buffer), or -1 once the body is complete ({@code in} has nothing left: a byte after the final chunk
     * is refused).
     */
    int next(ByteBuffer in) {
        spent();
        try {
            return parse(in);
        } catch (RuntimeException e) {
            throw fail(e);
        }
    }

    private int parse(ByteBuffer in) {
        while (true) {
            switch (state) {
                case DATA -> {
                    return in.hasRemaining() ? (int) Math.min(in.remaining(), chunkLeft) : 0;
                }
                case CR -> {
                    if (!in.hasRemaining()) return 0;
                    if (in.get() != '\r') throw framing("chunk data not followed by CRLF");
                    state = State.LF;
                }
                case LF -> {
                    if (!in.hasRemaining()) return 0;
                    if (in.get() != '\n') throw framing("chunk data not followed by CRLF");
                    // AUTH-14: the framing first, then the signature, in the byte decoder's order, so a chunk
                    // whose data runs past its head's size is InvalidRequest at whatever split it arrives.
                    verifyChunk();
                    holding = false;
                    state = State.HEAD;
                }
                case HEAD, TRAILER, END_LINE -> {
                    String l = line(in);
                    if (l == null) return 0;
                    onLine(l);
                }
                case DONE -> {
                    // AUTH-14: nothing may follow the final chunk (and its trailer): it would be bytes no signature covers.
                    if (in.hasRemaining()) throw framing("unexpected data after the final chunk");
                    return -1;
                }
            }
        }
    }

    /**
     * True while the data last passed to {@link #data} completed a chunk whose CRLF and signature are not yet
     * checked: the caller must not hand those bytes on until {@link #next} (fed the bytes that follow) made
     * this false; {@link #end} before that refuses the body.
     */
    boolean holding() {
        return holding;
    }

    /** The data bytes the current chunk still has to come (0 outside a chunk's data). */
    long dataLeft() {
        return state == State.DATA ? chunkLeft : 0;
    }

    /**
     * The {@code n} data bytes at {@code in}'s position (at most what {@link #next} or {@link #dataLeft} said):
     * hashed into the chunk's SHA-256 and the trailing checksums, counted, and {@code in}'s position moved past
     * them. When they complete their chunk, {@link #holding()} is true until its CRLF and signature checked out.
     */
    void data(ByteBuffer in, int n) {
        spent();
        try {
            hash(in, n);
        } catch (RuntimeException e) {
            throw fail(e);
        }
    }

    private void hash(ByteBuffer in, int n) {
        if (state != State.DATA || n <= 0 || n > chunkLeft || n > in.remaining()) {
            throw new IllegalStateException("aws-chunked data handed out outside its chunk");
        }
        total += n;
        if (p.decodedLength() >= 0 && total > p.decodedLength()) {
            throw ErrorCode.INCOMPLETE_BODY.exception("aws-chunked body is longer than x-amz-decoded-content-length");
        }
        ByteBuffer bytes = in.duplicate();
        bytes.limit(bytes.position() + n);
        for (ChecksumAlgorithm.Digest d : digests.values()) d.update(bytes, scratchFor(d));
        if (chunkDigest != null) chunkDigest.update(bytes);
        in.position(in.position() + n);
        chunkLeft -= n;
        if (chunkLeft == 0) {
            holding = true; // verified once its CRLF is in (next): until then these bytes stay with the caller
            state = State.CR;
        }
    }

    /** The body's bytes ended: returns when it was complete (its trailer verified at a clean end), else throws. */
    void end() {
        spent();
        try {
            atEnd();
        } catch (RuntimeException e) {
            throw fail(e);
        }
    }

    private void atEnd() {
        switch (state) {
            case DONE -> { }
            case DATA -> throw ErrorCode.INCOMPLETE_BODY.exception("aws-chunked body ended inside a chunk");
            case CR, LF -> throw ErrorCode.INCOMPLETE_BODY.exception("aws-chunked body ended after chunk data");
            case HEAD -> throw ErrorCode.INCOMPLETE_BODY.exception(lineLength == 0
                    ? "aws-chunked body ended before the final chunk" : "aws-chunked body ended inside a line");
            case TRAILER, END_LINE -> {
                // As ever: the end of the body may stand for the empty line that ends the trailer.
                if (lineLength != 0) throw ErrorCode.INCOMPLETE_BODY.exception("aws-chunked body ended inside a line");
                if (state == State.TRAILER) finishTrailer();
                else finishBody();
            }
        }
        ended = true;
    }

    /**
     * True once every chunk, the final zero chunk, the trailer and the decoded length verified and the
     * body ended with nothing after them (AUTH-14): the only state in which its bytes may be stored.
     */
    boolean complete() {
        return failure == null && ended && state == State.DONE;
    }

    /** The data bytes passed through {@link #data} (hashed and counted). */
    long decoded() {
        return total;
    }

    /**
     * After a refusal the decoder is spent: a caller that reads on (drains the body, retries a read) gets the
     * same refusal again, never a parse resumed mid-way.
     */
    private void spent() {
        if (failure == null) return;
        if (failure instanceof ApiException a) throw a.code().exception(a.getMessage());
        throw new IllegalStateException("aws-chunked body already refused", failure);
    }

    private RuntimeException fail(RuntimeException e) {
        failure = e;
        return e;
    }

    private byte[] scratchFor(ChecksumAlgorithm.Digest d) {
        if (!d.needsScratch()) return null;
        if (scratch == null) scratch = new byte[16 * 1024];
        return scratch;
    }

    /** A CRLF-terminated line without its terminator, or null when {@code in} ended first (the part so far is kept). */
    private String line(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte c = in.get();
            if (c == '\n') {
                if (lineLength == 0 || line[lineLength - 1] != '\r') throw framing("line not terminated by CRLF");
                String s = new String(line, 0, lineLength - 1, StandardCharsets.UTF_8);
                lineLength = 0;
                return s;
            }
            if (lineLength >= MAX_LINE) throw framing("line too long");
            if (lineLength == line.length) line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
            line[lineLength++] = c;
        }
        return null;
    }

    private void onLine(String l) {
        switch (state) {
            case HEAD -> head(l);
            case TRAILER -> trailerLine(l);
            case END_LINE -> {
                if (!l.isEmpty()) throw framing("unexpected data after the final chunk");
                finishBody();
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** {@code size[;ext...]}: the chunk's size and signature; a zero size is the final chunk. */
    private void head(String l) {
        String[] parts = l.split(";");
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
        if (size > 0) {
            chunkLeft = size;
            state = State.DATA;
            return;
        }
        verifyChunk(); // the final chunk signs the empty string (the digest was reset above)
        state = p.trailer() ? State.TRAILER : State.END_LINE;
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

    private void trailerLine(String l) {
        if (l.isEmpty()) {
            finishTrailer();
            return;
        }
        if (trailerLines++ >= MAX_TRAILER_LINES) throw framing("too many trailer lines");
        int colon = l.indexOf(':');
        if (colon <= 0) throw framing("bad trailer line");
        String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = l.substring(colon + 1).trim();
        if (name.equals("x-amz-trailer-signature")) trailerSignature = value;
        else trailers.add(Map.entry(name, value));
    }

    private void finishTrailer() {
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
            if (!digests.containsKey(alg)) throw notVerified(t.getKey());
            String expected = computed.computeIfAbsent(alg, a -> Base64.getEncoder().encodeToString(result(a)));
            if (!expected.equals(t.getValue())) {
                throw ErrorCode.BAD_DIGEST.exception("The " + t.getKey() + " you specified did not match the calculated checksum.");
            }
        }
        finishBody();
    }

    /**
     * AUTH-14, OBJ-K2: {@code a}'s checksum of every decoded byte, which this decoder computes anyway for the
     * trailer (in trailer mode: the announced one, or CRC32, CRC32C and SHA-256 while none is announced), so
     * the put path stores it instead of hashing every byte a second time; null when this decoder does not
     * compute {@code a}. Ask after {@link #expectTrailer}. The value is given only once the body verified
     * complete ({@link #complete()}: every chunk, the trailer and its checksums, the length); before that,
     * or if {@code a} stopped being computed, it throws, so nothing can store a checksum of part of a body.
     */
    java.util.function.Supplier<byte[]> checksum(ChecksumAlgorithm a) {
        if (!digests.containsKey(a)) return null;
        return () -> {
            if (!complete()) throw new IllegalStateException("an aws-chunked body's checksum was asked for before the body verified complete");
            if (!digests.containsKey(a)) throw new IllegalStateException("an aws-chunked body's decoder stopped computing " + a);
            return result(a).clone();
        };
    }

    private byte[] result(ChecksumAlgorithm a) {
        return results.computeIfAbsent(a, k -> digests.get(k).bytes());
    }

    private void finishBody() {
        if (p.decodedLength() >= 0 && total != p.decodedLength()) {
            throw ErrorCode.INCOMPLETE_BODY.exception("aws-chunked body length does not match x-amz-decoded-content-length");
        }
        state = State.DONE;
    }

    private static ApiException notVerified(String name) {
        return ErrorCode.NOT_IMPLEMENTED.exception("A header you provided implies functionality that is not implemented: "
                + name + " (trailing checksum not declared in x-amz-trailer; see docs/unbuilt.md).");
    }

    static ApiException framing(String why) {
        return ErrorCode.INVALID_REQUEST.exception("Malformed aws-chunked body: " + why);
    }
}
