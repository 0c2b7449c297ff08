package io.cosd.api.auth;

import io.cosd.api.auth.ChunkedBodies.Mode;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.BodyStream;
import io.cosd.api.http.EdgeBodies;
import io.cosd.service.BodyPieces;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.cosd.ParanoidLeaks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aws-chunked framing table (AUTH-14): each malformed or odd body the parser may meet, its one answer,
 * the same for the byte form and for the piece form fed the body split at every byte, and every received
 * buffer released whatever the answer (leak detector at PARANOID). The answers are the ones the stream
 * decoder gave before the piece form existed: hex sizes of at most 15 digits (leading zeros allowed),
 * extensions other than chunk-signature skipped, signatures compared as hex whatever their case, and
 * nothing after the final chunk.
 */
@ExtendWith(ParanoidLeaks.class)
class ChunkedFramingTableTest {
    private static final byte[] DATA = random(19);


    private record Row(String what, Mode mode, String body, long declared, ErrorCode code) {}

    @Test
    void everyFramingCaseHasOneAnswerInBothFormsAtEverySplitAndReleasesEveryBuffer_AUTH_14() throws IOException {
        String unsigned = text(ChunkedBodies.encode(Mode.UNSIGNED_TRAILER, DATA, 8)); // heads 8, 8, 3, 0
        String signed = text(ChunkedBodies.encode(Mode.SIGNED, DATA, 8));
        String sig = signed.substring(signed.indexOf('=') + 1, signed.indexOf('=') + 65); // the first chunk's signature
        String trailer = unsigned.substring(unsigned.indexOf("x-amz-checksum-crc32:"), unsigned.lastIndexOf("\r\n\r\n") + 2);
        List<Row> rows = List.of(
                new Row("the body as sent", Mode.UNSIGNED_TRAILER, unsigned, DATA.length, null),
                new Row("a negative size", Mode.UNSIGNED_TRAILER, head(unsigned, "-8"), DATA.length, ErrorCode.INVALID_REQUEST),
                new Row("fifteen hex digits with leading zeros", Mode.UNSIGNED_TRAILER, head(unsigned, "000000000000008"), DATA.length, null),
                new Row("sixteen hex digits", Mode.UNSIGNED_TRAILER, head(unsigned, "0000000000000008"), DATA.length, ErrorCode.INVALID_REQUEST),
                new Row("seventeen hex digits (past a long)", Mode.UNSIGNED_TRAILER, head(unsigned, "10000000000000008"), DATA.length, ErrorCode.INVALID_REQUEST),
                new Row("the largest fifteen-digit size", Mode.UNSIGNED_TRAILER, head(unsigned, "fffffffffffffff"), DATA.length, ErrorCode.INCOMPLETE_BODY),
                new Row("the largest size, no declared length", Mode.UNSIGNED_TRAILER, head(unsigned, "fffffffffffffff"), -1, ErrorCode.INCOMPLETE_BODY),
                new Row("not hex", Mode.UNSIGNED_TRAILER, head(unsigned, "8g"), DATA.length, ErrorCode.INVALID_REQUEST),
                new Row("an empty size", Mode.UNSIGNED_TRAILER, head(unsigned, ""), DATA.length, ErrorCode.INVALID_REQUEST),
                new Row("another extension", Mode.UNSIGNED_TRAILER, head(unsigned, "8;foo=bar"), DATA.length, null),
                new Row("a head ended by LF alone", Mode.UNSIGNED_TRAILER, unsigned.replaceFirst("^8\r\n", "8\n"), DATA.length, ErrorCode.INVALID_REQUEST),
                new Row("a head line over 8 KiB", Mode.UNSIGNED_TRAILER, head(unsigned, "8;x=" + "a".repeat(8200)), DATA.length, ErrorCode.INVALID_REQUEST),
                new Row("data not followed by CRLF", Mode.UNSIGNED_TRAILER, unsigned.replaceFirst("\r\n8\r\n", "8\r\n"), DATA.length, ErrorCode.INVALID_REQUEST),
                new Row("a trailer line over 8 KiB", Mode.UNSIGNED_TRAILER, unsigned.replace(trailer, trailer + "x-amz-meta-a:" + "b".repeat(8200) + "\r\n"), DATA.length, ErrorCode.INVALID_REQUEST),
                new Row("sixty-five trailer lines", Mode.UNSIGNED_TRAILER, unsigned.replace(trailer, trailer.repeat(65)), DATA.length, ErrorCode.INVALID_REQUEST),
                new Row("a trailer line without a colon", Mode.UNSIGNED_TRAILER, unsigned.replace(trailer, "x-amz-checksum-crc32\r\n"), DATA.length, ErrorCode.INVALID_REQUEST),
                new Row("a trailing field that is no checksum", Mode.UNSIGNED_TRAILER, unsigned.replace(trailer, trailer + "x-amz-meta-a:b\r\n"), DATA.length, ErrorCode.NOT_IMPLEMENTED),
                new Row("a chunk after the final chunk", Mode.UNSIGNED_TRAILER, unsigned + "1\r\nx\r\n", DATA.length, ErrorCode.INVALID_REQUEST),
                new Row("a declared length one longer", Mode.UNSIGNED_TRAILER, unsigned, DATA.length + 1, ErrorCode.INCOMPLETE_BODY),
                new Row("a declared length one shorter", Mode.UNSIGNED_TRAILER, unsigned, DATA.length - 1, ErrorCode.INCOMPLETE_BODY),
                new Row("no final chunk", Mode.UNSIGNED_TRAILER, unsigned.substring(0, unsigned.indexOf("\r\n0\r\n") + 2), DATA.length, ErrorCode.INCOMPLETE_BODY),
                new Row("signed, as sent", Mode.SIGNED, signed, DATA.length, null),
                new Row("a signature in upper case", Mode.SIGNED, signed.replace(sig, sig.toUpperCase()), DATA.length, null),
                new Row("a signature one digit short", Mode.SIGNED, signed.replace(sig, sig.substring(1)), DATA.length, ErrorCode.SIGNATURE_DOES_NOT_MATCH),
                new Row("a signature one digit long", Mode.SIGNED, signed.replace(sig, sig + "0"), DATA.length, ErrorCode.SIGNATURE_DOES_NOT_MATCH),
                new Row("an empty signature", Mode.SIGNED, signed.replace(sig, ""), DATA.length, ErrorCode.SIGNATURE_DOES_NOT_MATCH),
                new Row("a signed chunk without its signature", Mode.SIGNED, signed.replace(";chunk-signature=" + sig, ""), DATA.length, ErrorCode.INVALID_REQUEST),
                new Row("a trailer after a body without one", Mode.SIGNED, signed.substring(0, signed.length() - 2) + trailer + "\r\n", DATA.length, ErrorCode.INVALID_REQUEST));
        for (Row row : rows) {
            byte[] body = row.body.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(asBytes(row, body)).as(row.what + " as bytes").isEqualTo(answer(row));
            for (int at = 1; at <= body.length; at++) {
                List<ByteBuf> received = new ArrayList<>();
                assertThat(asPieces(row, body, at, received)).as(row.what + " as pieces split at " + at).isEqualTo(answer(row));
                assertThat(received).as(row.what + " split at " + at + ": released").allSatisfy(b -> assertThat(b.refCnt()).isZero());
            }
        }
    }

    private static String answer(Row row) {
        return row.code == null ? "the data" : row.code.name();
    }

    private static String asBytes(Row row, byte[] body) {
        AwsChunkedInputStream in = AwsChunkedInputStream.of(new ByteArrayInputStream(body), ChunkedBodies.payload(row.mode, row.declared));
        in.expectTrailer(row.mode == Mode.SIGNED ? null : ChunkedBodies.TRAILER);
        try {
            return outcome(in.readAllBytes());
        } catch (ApiException e) {
            return e.code().name();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String asPieces(Row row, byte[] body, int split, List<ByteBuf> received) {
        BodyStream edge = EdgeBodies.open();
        for (int off = 0; off < body.length; off += split) {
            ByteBuf buf = Unpooled.directBuffer(split).writeBytes(body, off, Math.min(split, body.length - off));
            received.add(buf);
            EdgeBodies.offer(edge, buf);
        }
        EdgeBodies.end(edge);
        AwsChunkedInputStream in = AwsChunkedInputStream.of(edge, ChunkedBodies.payload(row.mode, row.declared));
        in.expectTrailer(row.mode == Mode.SIGNED ? null : ChunkedBodies.TRAILER);
        BodyPieces pieces = (BodyPieces) in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (BodyPieces.Piece p; (p = pieces.nextPiece()) != null; ) {
                ByteBuffer bb = p.bytes();
                byte[] c = new byte[bb.remaining()];
                bb.get(c);
                out.writeBytes(c);
                p.release();
            }
            pieces.checks().forEach(BodyPieces.Check::verify);
            return outcome(out.toByteArray());
        } catch (ApiException e) {
            return e.code().name();
        } catch (IOException e) {
            return e.toString();
        } finally {
            pieces.stopPieces();
            edge.close(); // as the edge closes its body after the answer
        }
    }

    private static String outcome(byte[] decoded) {
        return java.util.Arrays.equals(decoded, DATA) ? "the data" : "other bytes: " + decoded.length;
    }

    /** {@code body} with its first chunk's head (the text before the first CRLF) replaced by {@code head}. */
    private static String head(String body, String head) {
        return head + body.substring(body.indexOf("\r\n"));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
