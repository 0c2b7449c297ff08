import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/put-path/run --expect: anonymous PUTs of SIZE bytes, each sent as the AWS SDK sends a PUT, with
 * {@code Expect: 100-continue}: the head, then the body only once the {@code 100 Continue} came back. One
 * kept-alive connection per thread, a new key per request, for SECONDS. Prints one JSON line: requests,
 * duration_us, p50_us, p99_us (head sent to answer read), errors, and continue_p50_us / continue_p99_us
 * (head sent to the 100 read: the round trip the client waits before it sends a byte, docs/edge.md EDGE-K3).
 *
 *   java ExpectLoad.java PORT BUCKET SIZE CONCURRENCY SECONDS PREFIX
 */
public class ExpectLoad {
    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]);
        String bucket = a[1];
        int size = Integer.parseInt(a[2]);
        int conc = Integer.parseInt(a[3]);
        long seconds = Long.parseLong(a[4]);
        String prefix = a[5];
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) body[i] = (byte) ('a' + i % 26);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Long> total = Collections.synchronizedList(new ArrayList<>());
        List<Long> cont = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        AtomicLong seq = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < conc; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                Socket s = null;
                try {
                    while (System.nanoTime() < end) {
                        if (s == null) {
                            s = new Socket("127.0.0.1", port);
                            s.setTcpNoDelay(true);
                            s.setSoTimeout(30_000);
                        }
                        InputStream in = new BufferedInputStream(s.getInputStream());
                        OutputStream out = s.getOutputStream();
                        String head = "PUT /" + bucket + "/" + prefix + seq.incrementAndGet() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                + "\r\nContent-Length: " + size + "\r\nExpect: 100-continue\r\n\r\n";
                        long t0 = System.nanoTime();
                        out.write(head.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        int status = status(in);
                        if (status != 100) {
                            errors.incrementAndGet();
                            s.close();
                            s = null;
                            continue;
                        }
                        while (!line(in).isEmpty()) { }
                        long t1 = System.nanoTime();
                        out.write(body);
                        out.flush();
                        status = status(in);
                        long length = 0;
                        boolean close = false;
                        for (String l; !(l = line(in)).isEmpty(); ) {
                            String lower = l.toLowerCase();
                            if (lower.startsWith("content-length:")) length = Long.parseLong(l.substring(15).trim());
                            if (lower.startsWith("connection:") && lower.contains("close")) close = true;
                        }
                        in.skipNBytes(length);
                        long t2 = System.nanoTime();
                        if (status != 200) errors.incrementAndGet();
                        cont.add((t1 - t0) / 1000);
                        total.add((t2 - t0) / 1000);
                        if (close) {
                            s.close();
                            s = null;
                        }
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                } finally {
                    try {
                        if (s != null) s.close();
                    } catch (IOException ignored) {
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        long duration = (System.nanoTime() - start) / 1000;
        System.out.printf("{\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p99_us\": %d, \"errors\": %d, \"continue_p50_us\": %d, \"continue_p99_us\": %d}%n",
                total.size(), duration, pct(total, 50), pct(total, 99), errors.get(), pct(cont, 50), pct(cont, 99));
    }

    private static long pct(List<Long> xs, int p) {
        if (xs.isEmpty()) return 0;
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }

    /** Reads a response's status line; the BufferedInputStream is per request, so nothing read past the answer is lost (one answer at a time). */
    private static int status(InputStream in) throws IOException {
        String l = line(in);
        if (l.isEmpty()) throw new IOException("connection closed");
        return Integer.parseInt(l.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
