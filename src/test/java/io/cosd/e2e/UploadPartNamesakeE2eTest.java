package io.cosd.e2e;

import io.cosd.domain.signing.OutboundSigner;
import io.cosd.domain.signing.UriCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security.md AUTH-15 with a real server: an UploadPart authorized against account A's bucket is
 * held after its authorization and before it looks up its upload (the {@code COSD_TEST_PAUSE_BEFORE_COMMIT_MS}
 * hook, service/CommitPause.beforePart); meanwhile A deletes the bucket (S3 DeleteBucket aborts its
 * uploads) and account B creates one of the same name. The part answers 404 NoSuchBucket, as a
 * PutObject held the same way does (BucketIncarnationE2eTest), and, as that PutObject has, having
 * read its small body: the client, which sent the body without {@code Expect: 100-continue}, gets
 * the answer and the connection serves its next request (EDGE-K1). A body above the drain limit
 * (64 MiB) is refused unread and its connection closed. B's bucket holds nothing of it.
 */
class UploadPartNamesakeE2eTest {
    private static final String SMALL = "reborn-part-small", BIG = "reborn-part-big", KEEP = "reborn-part-keep";
    private static final String HELD = "cosd-test-pause/part"; // CommitPause.PREFIX
    /** The pause's upper bound: the test releases it once both namesakes exist (far sooner). */
    private static final long PAUSE_MS = 30_000;

    @TempDir
    Path dir;

    private static S3Client client(int port, String id, String key) {
        return E2e.s3Builder(port, id, key)
                .build();
    }

    /** A q-signed (A's root key) request head, keep-alive, with {@code Content-Length: length} when not negative. */
    private static String head(int port, String method, String bucket, String key, Map<String, String> query, long length) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + port);
        StringBuilder target = new StringBuilder("/" + bucket + "/" + UriCodec.encode(key, true));
        String sep = "?";
        for (var e : query.entrySet()) {
            target.append(sep).append(UriCodec.encode(e.getKey())).append('=').append(UriCodec.encode(e.getValue()));
            sep = "&";
        }
        StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        h.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("Authorization: ").append(OutboundSigner.cos(method, "/" + bucket + "/" + key, query, h, E2e.SECRET_ID, E2e.SECRET_KEY,
                Instant.now(), 600)).append("\r\n");
        if (length >= 0) sb.append("Content-Length: ").append(length).append("\r\n");
        return sb.append("\r\n").toString();
    }

    /** Sends the head and {@code body} from a thread of its own (a body the server does not read yet must not block the test). */
    private static Socket startPart(int port, String bucket, String uploadId, long length, byte[] body) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(60_000);
        OutputStream out = s.getOutputStream();
        out.write(head(port, "PUT", bucket, HELD, Map.of("partNumber", "1", "uploadId", uploadId), length).getBytes(StandardCharsets.UTF_8));
        out.flush();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                out.write(body);
                out.flush();
            } catch (IOException refusedUnread) {
                // the big part: the server closes the connection without reading it
            }
        });
        return s;
    }

    private static void assertNoSuchBucket(RawHttp.Reply r, String label) {
        assertThat(r.status()).as(label).isEqualTo(404);
        assertThat(r.text()).as(label).contains("<Code>NoSuchBucket</Code>");
    }

    @Test
    void anUploadPartHeldWhileItsBucketIsRecreatedByAnotherAccountIsNoSuchBucketAfterReadingASmallBody_AUTH_15() throws Exception {
        try (CosdProcess.Running p = CosdProcess.serveWithCommitPause(dir, PAUSE_MS, dir.resolve("release-pause"))) {
            int port = p.port();
            E2e.Account b = E2e.addAccount(dir); // account B, beside the running server
            try (S3Client a = client(port, E2e.SECRET_ID, E2e.SECRET_KEY); S3Client other = client(port, b.secretId(), b.secretKey())) {
                for (String name : new String[]{SMALL, BIG, KEEP}) a.createBucket(r -> r.bucket(name));
                String small = a.createMultipartUpload(r -> r.bucket(SMALL).key(HELD)).uploadId();
                String big = a.createMultipartUpload(r -> r.bucket(BIG).key(HELD)).uploadId();

                byte[] body = new byte[300_000];
                new java.util.Random(7).nextBytes(body);
                long bigLength = (64L << 20) + 1; // above MultipartHandler.DRAIN_LIMIT; only its first 64 KiB are ever sent
                try (Socket s = startPart(port, SMALL, small, body.length, body);
                     Socket t = startPart(port, BIG, big, bigLength, new byte[64 * 1024])) {
                    Thread.sleep(1_500); // authorized against A's buckets, asleep before the upload look-up
                    assertThat(s.getInputStream().available()).as("the small part is held").isZero();
                    assertThat(t.getInputStream().available()).as("the big part is held").isZero();
                    a.deleteBucket(r -> r.bucket(SMALL)); // S3 DeleteBucket: the upload is aborted with it
                    a.deleteBucket(r -> r.bucket(BIG));
                    other.createBucket(r -> r.bucket(SMALL));
                    other.createBucket(r -> r.bucket(BIG));
                    Files.createFile(dir.resolve("release-pause")); // the race is set: the held parts go on

                    RawHttp.Reply r = RawHttp.read(s.getInputStream(), false);
                    assertNoSuchBucket(r, "small part");
                    assertThat(r.header("Connection")).as("the small body was read: the connection is kept")
                            .isEqualToIgnoringCase("keep-alive");
                    // the next request on that connection is parsed from its own first byte and gets its own answer
                    s.getOutputStream().write(head(port, "GET", KEEP, "missing", Map.of(), -1).getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                    RawHttp.Reply next = RawHttp.read(s.getInputStream(), false);
                    assertThat(next.status()).isEqualTo(404);
                    assertThat(next.text()).contains("<Code>NoSuchKey</Code>");

                    RawHttp.Reply refused = RawHttp.read(t.getInputStream(), false);
                    assertNoSuchBucket(refused, "big part");
                    assertThat(refused.header("Connection")).as("a body above the drain limit is refused unread")
                            .isEqualToIgnoringCase("close");
                    InputStream rest = t.getInputStream();
                    assertThat(rest.read()).as("and its connection closed").isEqualTo(-1);
                }
                for (String name : new String[]{SMALL, BIG}) {
                    assertThat(other.listObjectsV2(r -> r.bucket(name)).contents()).as(name).isEmpty();
                    assertThat(other.listMultipartUploads(r -> r.bucket(name)).uploads()).as(name).isEmpty();
                }
            }
        }
    }
}
