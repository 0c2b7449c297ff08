package io.cosd.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 by hand over a loopback socket, for the edge tests that drive a real {@link HttpServer} with
 * what no client library sends on purpose: half a head, a body cut midway, pipelined requests in one
 * write, a reset. One copy of connecting, sending, reading an answer and awaiting the server's close
 * (BodyBudgetServerTest, StoppingTest, ConnectionCountTest, LargeReadTest; app's StartFailureStopTest, hence public).
 */
public final class RawSocket {
    private RawSocket() {}

    /**
     * One answer as read: its head (status line and header lines, through the blank line) and its
     * {@code Content-Length} body, both as ISO-8859-1 text, so every byte maps to one char.
     */
    public record Reply(String head, String body) {
        /** The status code of the status line ({@code HTTP/1.1 200 OK}: 200). */
        public int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        /** Head and body as they came on the wire. */
        public String text() {
            return head + body;
        }
    }

    /** A connection to the server on loopback whose reads give up after {@code timeoutMillis} (a bound on a hang). */
    public static Socket connect(int port, int timeoutMillis) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(timeoutMillis);
        return s;
    }

    /** Writes {@code ascii} (request heads, and bodies that are text) and flushes it. */
    public static void send(Socket s, String ascii) throws IOException {
        s.getOutputStream().write(ascii.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    /** Writes a request's {@code head} (ASCII) and then {@code body}'s bytes, and flushes them. */
    public static void send(Socket s, String head, byte[] body) throws IOException {
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(body);
        s.getOutputStream().flush();
    }

    /** Reads one answer: the head byte by byte (nothing past it), then exactly its Content-Length body (none: empty). */
    public static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed before the answer's head ended: " + bytes.toString(StandardCharsets.ISO_8859_1));
            bytes.write(b);
        }
        String head = bytes.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) length = Integer.parseInt(line.substring(15).trim());
        }
        return new Reply(head, new String(in.readNBytes(length), StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads until the server closes the connection and returns what came before the close (a refusal's
     * 503, say). A close by reset counts as a close: what had come before it is returned.
     */
    public static String untilClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) != -1; ) got.write(buf, 0, n);
        } catch (SocketException reset) {
            // closed by the server with a reset: closed all the same
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
