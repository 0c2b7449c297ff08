package io.cosd.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A tiny HTTP/1.1 client over a socket, for requests the SDKs cannot make (custom Host, absolute-form). */
final class RawHttp {
    record Reply(int status, Map<String, String> headers, List<String> headerLines, byte[] body) {
        String text() { return new String(body, StandardCharsets.UTF_8); }

        String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }

        /** How many times a header appears (a map would hide duplicates). */
        long count(String name) {
            return headerLines.stream().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1)).count();
        }
    }

    private RawHttp() {}

    static Reply send(int port, String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) sb.append("Content-Length: ").append(body.length).append("\r\n");
            sb.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) out.write(body);
            out.flush();
            return read(s.getInputStream(), method.equals("HEAD"));
        }
    }

    static Reply read(InputStream in, boolean head) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        Map<String, String> h = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (String l; !(l = line(in)).isEmpty(); ) {
            lines.add(l);
            int c = l.indexOf(':');
            h.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (!head && code != 204 && code != 304) {
            String cl = h.get("content-length");
            if (cl != null) {
                long n = Long.parseLong(cl);
                byte[] buf = new byte[8192];
                while (n > 0) {
                    int r = in.read(buf, 0, (int) Math.min(buf.length, n));
                    if (r < 0) break;
                    b.write(buf, 0, r);
                    n -= r;
                }
            } else {
                in.transferTo(b);
            }
        }
        return new Reply(code, h, lines, b.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
