package io.cosd.api.xml;

import org.codehaus.stax2.io.EscapingWriterFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * Escapes element text so that any stored string (an object key may hold any code point) can be
 * written, and is read back unchanged (docs/storage.md "Keys with control characters"):
 * <ul>
 *   <li>{@code < & >} as the usual entities;</li>
 *   <li>characters XML 1.0 forbids (C0 controls but TAB and LF, U+FFFE, U+FFFF, lone surrogates) as
 *   <b>hex</b> references such as {@code &#x1;}, which is what S3 sends for such keys. Only this
 *   escaper writes {@code &#x} (a literal one in the text becomes {@code &amp;#x}), so
 *   {@link Xml#declaration} can tell from the output alone that the document needs XML 1.1;</li>
 *   <li>characters a parser would otherwise change, as <b>decimal</b> references, legal in 1.0 and
 *   1.1: CR (end-of-line normalisation would make it LF), and the XML 1.1 "restricted" and line-end
 *   characters U+007F..U+009F and U+2028.</li>
 * </ul>
 * Woodstox's own text writer refuses the forbidden characters outright, which was a 500 for every
 * listing of such a key.
 */
final class TextEscaper implements EscapingWriterFactory {
    @Override
    public Writer createEscapingWriterFor(Writer w, String enc) {
        return new Escaping(w);
    }

    @Override
    public Writer createEscapingWriterFor(OutputStream out, String enc) {
        throw new UnsupportedOperationException("cosd writes XML through a Writer");
    }

    /** @return the reference for {@code c}, or null if it is written as is (after {@code < & >}) */
    static String reference(char c) {
        if (c >= 0x20 && c < 0x7F) return null;
        if (c == '\t' || c == '\n') return null;
        if (c == '\r' || (c >= 0x7F && c <= 0x9F) || c == 0x2028) return "&#" + (int) c + ";";
        if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) return "&#x" + Integer.toHexString(c) + ";";
        return null;
    }

    private static final class Escaping extends Writer {
        private final Writer out;

        Escaping(Writer out) { this.out = out; }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            int run = off, end = off + len;
            for (int i = off; i < end; i++) {
                char c = buf[i];
                String r = switch (c) {
                    case '<' -> "&lt;";
                    case '>' -> "&gt;";
                    case '&' -> "&amp;";
                    default -> {
                        if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(buf[i + 1])) {
                            i++; // a valid pair: written as is
                            yield null;
                        }
                        if (Character.isSurrogate(c)) yield "&#x" + Integer.toHexString(c) + ";"; // lone: never valid
                        yield reference(c);
                    }
                };
                if (r != null) {
                    out.write(buf, run, i - run);
                    out.write(r);
                    run = i + 1;
                }
            }
            out.write(buf, run, end - run);
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            write(s.toCharArray(), off, len);
        }

        @Override
        public void flush() throws IOException { out.flush(); }

        @Override
        public void close() throws IOException { out.close(); }
    }
}
