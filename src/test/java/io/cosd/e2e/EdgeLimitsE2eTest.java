package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.model.ObjectMetadata;
import io.cosd.app.Config;
import io.cosd.app.Server;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge's limits end to end (docs/edge.md): unencodable responses (EDGE-E1), bounded ranges
 * (EDGE-R1..R3), a connection limit (EDGE-C1) and a minimum body rate (EDGE-C2), against a real
 * server, with raw sockets where the SDKs cannot misbehave on purpose.
 */
@CosdServer(factory = "edgeLimited")
class EdgeLimitsE2eTest {
    static final String B = E2e.bucket("edge");
    static final Map<String, String> ROOT = Map.of("COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID,
            "COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY);
    static final byte[] DATA = new byte[1000];
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static Server server;
    /** The server's header time-out: the idle time-out below, capped at 30 s (Server.start). */
    static final int HEADER_TIMEOUT_MILLIS = 30_000;

    /** This class's server ({@link CosdServer#factory}): a small minimum body rate over a short window, so a trickled body is cut off within seconds. */
    static E2e edgeLimited() throws Exception {
        return new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000)
                .withEdge(new Config.Edge(10_000, 100, 2_000, 16)));
    }

    @BeforeAll
    static void fixtures() throws Exception {
        server = env.server;
        for (int i = 0; i < DATA.length; i++) DATA[i] = (byte) ('a' + i % 26);
        cos.createBucket(B);
        ObjectMetadata m = new ObjectMetadata();
        m.setContentLength(DATA.length);
        cos.putObject(B, "public/data.txt", new ByteArrayInputStream(DATA), m);
        cos.setBucketPolicy(B, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"qcs::cam::anonymous:anonymous\"]},"
                + "\"effect\":\"allow\",\"action\":[\"name/cos:GetObject\"],\"resource\":[\"qcs::cos:" + E2e.REGION + ":uid/"
                + E2e.APPID + ":" + B + "/public/*\"]}]}");
    }

    private static RawHttp.Reply get(Server s, String target, Map<String, String> headers) throws Exception {
        var h = new LinkedHashMap<String, String>();
        h.put("Host", "127.0.0.1:" + s.port());
        h.putAll(headers);
        return RawHttp.send(s.port(), "GET", target, h, null);
    }

    private static double metric(Server s, String name) throws Exception {
        String text = MetricsText.withoutNode(get(s, "/-/metrics", Map.of()).text());
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    // ---- EDGE-E1 -------------------------------------------------------------------------------

    @Test
    void twoThousandResponsesThatCannotBeEncodedEachGetAnAnswerAndLeaveNoFileDescriptorOpen() throws Exception {
        get(server, "/" + B + "/public/data.txt", Map.of()); // warm up: lazily opened files are not leaks
        double failuresBefore = metric(server, "cosd_response_encode_failures_total");
        long before = OpenFiles.count();
        int internalErrors = 0;
        for (int i = 0; i < 2000; i++) {
            var r = get(server, "/" + B + "/public/data.txt?response-content-type=%0A", Map.of());
            // 500 from the edge (EDGE-E1); 400 InvalidArgument once input validation refuses the override first.
            assertThat(r.status()).isIn(400, 500);
            if (r.status() == 500) {
                internalErrors++;
                assertThat(r.text()).contains("<Code>InternalError</Code>", "<RequestId>");
                assertThat(r.header("Connection")).isEqualTo("close");
            }
            assertThat(r.text()).doesNotContain("abcdefghij");
        }
        assertThat(OpenFiles.awaitAtMost(before + 10)).isLessThanOrEqualTo(before + 10);
        assertThat(metric(server, "cosd_response_encode_failures_total") - failuresBefore).isEqualTo(internalErrors);
        assertThat(get(server, "/" + B + "/public/data.txt", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void aStoredMetadataValueThatCannotBeSentIsAnswered500WithoutLeakingTheBlob() throws Exception {
        // Staged in the store directly: a value from before input validation, or from another writer.
        var good = server.metadata().objects().latest(B, "public/data.txt").orElseThrow();
        var bad = ObjectVersion.builder(B, "public/stored-bad").versionId(good.versionId()).latest(true)
                .size(good.size()).etag(good.etag()).storageClass(good.storageClass()).content(good.content())
                .userMetadata(Map.of("note", "line one\r\nX-Injected: 1")).blobId(good.blobId())
                .lastModified(good.lastModified()).crc64(good.crc64()).build();
        server.metadata().objects().put(bad, VersioningState.UNVERSIONED);
        get(server, "/" + B + "/public/data.txt", Map.of());
        long before = OpenFiles.count();
        for (int i = 0; i < 200; i++) {
            var r = get(server, "/" + B + "/public/stored-bad", Map.of());
            // The edge answers 500 (EDGE-E1); where the object layer already leaves an unsendable stored
            // value out, 200 without it. Never a hang, an injected header or a leaked blob.
            assertThat(r.status()).isIn(200, 500);
            if (r.status() == 500) assertThat(r.text()).contains("<Code>InternalError</Code>", "<RequestId>");
            else assertThat(r.header("x-cos-meta-note")).isNull();
            assertThat(r.header("X-Injected")).isNull();
        }
        assertThat(OpenFiles.awaitAtMost(before + 10)).isLessThanOrEqualTo(before + 10);
    }

    // ---- EDGE-R1..R3 ---------------------------------------------------------------------------

    @Test
    void twoHundredWholeObjectRangesGetTheWholeObjectWith200() throws Exception {
        String range = "bytes=" + String.join(",", Collections.nCopies(200, "0-"));
        var r = get(server, "/" + B + "/public/data.txt", Map.of("Range", range));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(DATA);
        assertThat(r.header("Content-Range")).isNull();
    }

    @Test
    void overlappingRangesAreCoalescedIntoOne206() throws Exception {
        var r = get(server, "/" + B + "/public/data.txt", Map.of("Range", "bytes=0-99,50-149,150-199,-900"));
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("Content-Range")).isEqualTo("bytes 0-999/1000");
        assertThat(r.body()).isEqualTo(DATA);
    }

    @Test
    void disjointRangesStillGetMultipartByterangesNoLongerThanTheObjectPlusPartHeaders() throws Exception {
        var r = get(server, "/" + B + "/public/data.txt", Map.of("Range", "bytes=20-29,0-9,5-12"));
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("Content-Type")).startsWith("multipart/byteranges");
        String text = r.text();
        assertThat(text).contains("Content-Range: bytes 0-12/1000", "Content-Range: bytes 20-29/1000");
        assertThat(text.indexOf("bytes 0-12/1000")).isLessThan(text.indexOf("bytes 20-29/1000"));
        assertThat(r.body().length).isLessThan(13 + 10 + 400);
    }

    @Test
    void moreRangesThanTheLimitGetTheWholeObject() throws Exception {
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < 17; i++) specs.add((i * 10) + "-" + (i * 10 + 1));
        var r = get(server, "/" + B + "/public/data.txt", Map.of("Range", "bytes=" + String.join(",", specs)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(DATA);
    }

    // ---- EDGE-C2 -------------------------------------------------------------------------------

    @Test
    void aBodyTrickledAByteASecondIsCutOffWithRequestTimeoutWhileANormalPutSucceeds() throws Exception {
        double slowBefore = metric(server, "cosd_slow_bodies_total");
        String target = cos.generatePresignedUrl(B, "trickled", new Date(System.currentTimeMillis() + 600_000), HttpMethodName.PUT).getFile();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(45_000);
            OutputStream out = s.getOutputStream();
            out.write(("PUT " + target + " HTTP/1.1\r\nHost: " + B + ".cos.ap-guangzhou.myqcloud.com\r\nContent-Length: 100\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long t0 = System.nanoTime();
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(1000);
                    }
                } catch (Exception stopped) {
                    // the server closed the connection: expected
                }
            });
            var answer = new CompletableFuture<RawHttp.Reply>();
            var answeredAfterMillis = new AtomicLong();
            Thread.ofVirtual().start(() -> {
                try {
                    RawHttp.Reply reply = RawHttp.read(s.getInputStream(), false);
                    answeredAfterMillis.set((System.nanoTime() - t0) / 1_000_000); // before complete(): the test reads it then
                    answer.complete(reply);
                } catch (Exception e) {
                    answer.completeExceptionally(e);
                }
            });
            // Meanwhile a normal-speed PUT on another connection goes through.
            byte[] big = new byte[4 << 20];
            ObjectMetadata m = new ObjectMetadata();
            m.setContentLength(big.length);
            cos.putObject(B, "normal", new ByteArrayInputStream(big), m);

            var r = answer.get(45, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("<Code>RequestTimeout</Code>");
            // 2 s window in 0.25 s ticks; the stall timeout (60 s) is not what cut it
            // (and at most 30 s, on a loaded machine too: far below the stall timeout's 60 s)
            assertThat(answeredAfterMillis.get()).isBetween(1_500L, 30_000L);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            trickle.interrupt();
        }
        assertThat(cos.doesObjectExist(B, "trickled")).isFalse();
        assertThat(cos.getObjectMetadata(B, "normal").getContentLength()).isEqualTo(4 << 20);
        assertThat(metric(server, "cosd_slow_bodies_total") - slowBefore).isEqualTo(1);
    }

    // ---- EDGE-C1 -------------------------------------------------------------------------------

    @Test
    void aConnectionOverTheLimitIsRefusedFastAndTheSlotIsFreedWhenOneCloses() throws Exception {
        try (Server s = Server.start(new Config("127.0.0.1", 0, Files.createTempDirectory("cosd-edge-conn"), E2e.REGION, Set.of(), 120_000)
                .withEdge(new Config.Edge(4, 0, 0, 16)), ROOT)) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket c = new Socket("127.0.0.1", s.port());
                    c.setSoTimeout(5_000);
                    assertThat(health(c)).isEqualTo(200); // admitted, and kept open (keep-alive)
                    held.add(c);
                }
                // Refused as it is accepted, before any byte is read (EDGE-C1): this client sends nothing, so
                // the server's close is its refusal or, were it waiting for a request, its header time-out
                // (30 s here). The client waits for the close below that time-out, and the refusals counter
                // at the end says it was the refusal: a state, where a wall-clock bound (2 s) was load-bound.
                try (Socket extra = new Socket("127.0.0.1", s.port())) {
                    extra.setSoTimeout(HEADER_TIMEOUT_MILLIS - 10_000);
                    assertThat(refusal(extra.getInputStream())).isTrue();
                }
                closeAndAwaitServerClose(held.remove(0));
                // The closed connection's slot was freed before its close reached this client: a
                // connection opened right now is admitted, never refused.
                try (Socket again = new Socket("127.0.0.1", s.port())) {
                    again.setSoTimeout(5_000);
                    assertThat(health(again)).as("the closed connection's slot admits a new one at once").isEqualTo(200);
                }
            } finally {
                for (Socket c : held) closeAndAwaitServerClose(c);
            }
            // every slot is free again: the metrics request is admitted, not counted as another refusal
            assertThat(metric(s, "cosd_connections_refused_total")).isEqualTo(1);
        }
    }

    /**
     * Closes a kept-alive connection and waits until the server has closed its side too, so its slot is
     * free: the server answers the end of the stream with its own close, and frees the slot before
     * that close is sent (EDGE-C1). A fixed pause instead (it was 200 ms) is not enough on a loaded machine.
     */
    private static void closeAndAwaitServerClose(Socket c) throws IOException {
        try (c) {
            c.setSoTimeout(60_000);
            c.shutdownOutput();
            while (c.getInputStream().read() != -1) { } // nothing more is due on this connection
        } catch (SocketException reset) {
            // closed by the server with a reset: closed all the same
        }
    }


    private static int health(Socket c) throws Exception {
        c.getOutputStream().write("GET /-/health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return RawHttp.read(c.getInputStream(), false).status();
    }

    /** A 503 SlowDown then end of stream, or (if the close raced the bytes) a reset or end of stream. */
    private static boolean refusal(InputStream in) throws Exception {
        try {
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.US_ASCII);
            return all.length == 0 || (text.startsWith("HTTP/1.1 503") && text.contains("<Code>SlowDown</Code>"));
        } catch (SocketException reset) {
            return true;
        }
    }
}
