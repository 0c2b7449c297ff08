package io.cosd.api.object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A streaming reader of a {@code multipart/form-data} body (RFC 7578), for POST Object
 * (docs/post-object.md). Parts are read one after the other; a part's body is an InputStream that
 * ends at the next delimiter, so the file part goes to the blob store without ever being held in
 * memory. The scanner keeps at least one delimiter's length of look-ahead in its buffer, so a
 * delimiter split across two reads of the underlying stream is still found.
 *
 * <p>Malformed framing (no opening delimiter, a body that ends before the closing one, an
 * over-long part header) is a {@link Malformed} IOException the handler answers as
 * MalformedPOSTRequest.
 */
final class FormParts {
    /** Bytes of one part's header block: name, filename and type fit easily. */
    static final int MAX_PART_HEADER = 8 * 1024;

    /** The framing is broken: MalformedPOSTRequest. */
    static final class Malformed extends IOException {
        Malformed(String message) { super(message); }
    }

    /** One part: its form field name, the filename when it is a file, its Content-Type, and its bytes. */
    record Part(String name, String filename, String contentType, InputStream body) {}

    private final InputStream in;
    /** "\r\n--" + boundary: a delimiter always follows a CRLF, the first one too (we pretend one before the body). */
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private boolean finished;
    private PartBody current;

    FormParts(InputStream in, String boundary) {
        this(in, boundary, 64 * 1024);
    }

    /** {@code bufferSize}: tests use tiny buffers so delimiters straddle every possible edge. */
    FormParts(InputStream in, String boundary, int bufferSize) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[Math.max(bufferSize, delimiter.length + 4) + delimiter.length];
        // The body starts with "--boundary" without a CRLF before it: supply that CRLF.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** The boundary parameter of a multipart/form-data Content-Type, or null when it is not one. */
    static String boundary(String contentType) {
        if (contentType == null) return null;
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("multipart/form-data")) return null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).trim().equalsIgnoreCase("boundary")) continue;
            String b = p.substring(eq + 1).trim();
            if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) b = b.substring(1, b.length() - 1);
            // RFC 2046 §5.1.1: 1..70 characters
            return b.isEmpty() || b.length() > 70 ? null : b;
        }
        return null;
    }

    /**
     * The next part, or null after the closing delimiter. The previous part's body, if not read to
     * its end, is skipped first.
     */
    Part next() throws IOException {
        if (finished) return null;
        if (current == null) {
            skipPreamble();
        } else {
            current.skipRest();
        }
        // after a delimiter: "--" closes the body; otherwise optional whitespace and CRLF
        fill(2);
        if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return null;
        }
        String headers = readHeaderBlock();
        String name = null, filename = null, type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String h = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String v = line.substring(colon + 1).trim();
            if (h.equals("content-disposition")) {
                if (!v.toLowerCase(Locale.ROOT).startsWith("form-data")) throw new Malformed("A part is not form-data.");
                name = param(v, "name");
                filename = param(v, "filename");
            } else if (h.equals("content-type")) {
                type = v;
            }
        }
        if (name == null) throw new Malformed("A part has no field name.");
        current = new PartBody();
        return new Part(name, filename, type, current);
    }

    /** A Content-Disposition parameter's value, quoted or not (browsers quote and escape '"' as %22). */
    static String param(String disposition, String param) {
        int i = 0;
        String lower = disposition.toLowerCase(Locale.ROOT);
        while ((i = lower.indexOf(param + "=", i)) >= 0) {
            boolean atStart = i > 0 && (disposition.charAt(i - 1) == ';' || disposition.charAt(i - 1) == ' ');
            int v = i + param.length() + 1;
            if (!atStart) {
                i = v;
                continue;
            }
            if (v < disposition.length() && disposition.charAt(v) == '"') {
                int end = disposition.indexOf('"', v + 1);
                if (end < 0) return null;
                return disposition.substring(v + 1, end);
            }
            int end = disposition.indexOf(';', v);
            return (end < 0 ? disposition.substring(v) : disposition.substring(v, end)).trim();
        }
        return null;
    }

    private void skipPreamble() throws IOException {
        while (true) {
            fill(delimiter.length);
            int at = indexOf(delimiter, pos, lim);
            if (at >= 0) {
                pos = at + delimiter.length;
                return;
            }
            if (eof) throw new Malformed("The body has no opening boundary.");
            pos = Math.max(pos, lim - delimiter.length + 1);
        }
    }

    /** Transport padding and CRLF after the delimiter, then header lines up to the empty line, as ISO-8859-1 text read as UTF-8. */
    private String readHeaderBlock() throws IOException {
        byte[] out = new byte[MAX_PART_HEADER];
        int n = 0;
        // rest of the delimiter line: optional spaces/tabs then CRLF
        while (true) {
            int c = read1();
            if (c == ' ' || c == '\t') continue;
            if (c == '\r' && read1() == '\n') break;
            throw new Malformed("A boundary line is not followed by CRLF.");
        }
        while (true) {
            int c = read1();
            if (c < 0) throw new Malformed("The body ends inside a part header.");
            if (n == out.length) throw new Malformed("A part header is too long.");
            out[n++] = (byte) c;
            if (n == 2 && out[0] == '\r' && out[1] == '\n') return ""; // no headers at all
            if (n >= 4 && out[n - 4] == '\r' && out[n - 3] == '\n' && out[n - 2] == '\r' && out[n - 1] == '\n') {
                return new String(out, 0, n - 4, StandardCharsets.UTF_8);
            }
        }
    }

    private int read1() throws IOException {
        fill(1);
        return pos < lim ? buf[pos++] & 0xff : -1;
    }

    /** Makes at least {@code want} bytes available unless the stream ends first. */
    private void fill(int want) throws IOException {
        if (lim - pos >= want || eof) return;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        while (lim - pos < want && !eof) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) eof = true;
            else lim += r;
        }
    }

    static int indexOf(byte[] needle, byte[] hay, int from, int to) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private int indexOf(byte[] needle, int from, int to) { return indexOf(needle, buf, from, to); }

    /** The bytes of the current part, up to (not including) the CRLF before the next delimiter. */
    private final class PartBody extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) return -1;
            if (len == 0) return 0;
            fill(delimiter.length);
            int at = indexOf(delimiter, pos, lim);
            int safe;
            if (at >= 0) {
                safe = at - pos;
                if (safe == 0) {
                    ended = true;
                    pos += delimiter.length;
                    return -1;
                }
            } else {
                if (eof) throw new Malformed("The body ends before the closing boundary.");
                // the last delimiter.length-1 bytes may begin a delimiter: keep them for the next look
                safe = lim - pos - (delimiter.length - 1);
            }
            int n = Math.min(len, safe);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // discarded: a part the handler did not need to the end
            }
        }
    }
}
