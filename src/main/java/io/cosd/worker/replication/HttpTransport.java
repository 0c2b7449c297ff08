package io.cosd.worker.replication;

import io.cosd.domain.bucket.AzType;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Blocking HTTP/1.1 exchanges for the replication worker and the destination probes (Apache
 * HttpClient 5, classic API, pooled keep-alive connections). Callers run on virtual threads, so
 * blocking I/O is cheap; the JDK HttpClient this replaced spent a third of the source server's CPU
 * in its asynchronous machinery when replicating 4 KiB objects (bench/README.md, replication).
 * <p>
 * Compatibility choices: no content compression (nothing to decompress, and no Accept-Encoding
 * header beside the signed ones), no Expect: 100-continue, and one immediate retry of an idempotent
 * request (PUT, GET, DELETE all are here) when a pooled connection turns out to be closed by the
 * server; every other failure goes back to the worker, which owns the backoff (REP-S4). Request
 * bodies are re-opened from their supplier for that retry, so they are never buffered.
 */
final class HttpTransport implements AutoCloseable {
    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient http;

    HttpTransport(int maxConnectionsPerHost) {
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(maxConnectionsPerHost)
                .setMaxConnTotal(maxConnectionsPerHost * 4)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5))
                        .setSocketTimeout(Timeout.ofMinutes(10))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(pool)
                .disableContentCompression()
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableAuthCaching()
                .setRetryStrategy(new IoRetryOnly())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setExpectContinueEnabled(false)
                        .setResponseTimeout(Timeout.ofMinutes(10))
                        .build())
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    /** The status, the body as text (error documents are small), the ETag and x-cos-bucket-az-type headers, if any. */
    RegionClient.Reply exchange(String method, URI uri, Map<String, String> headers, Supplier<InputStream> body, long length)
            throws IOException {
        ClassicRequestBuilder b = ClassicRequestBuilder.create(method).setUri(uri);
        headers.forEach(b::addHeader);
        if (body != null) b.setEntity(new StreamEntity(body, length)); // Content-Type is among the headers
        ClassicHttpRequest request = b.build();
        try {
            return http.execute(request, response -> {
                String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                Header etag = response.getFirstHeader("ETag");
                Header az = response.getFirstHeader(AzType.HEADER);
                Header crc = response.getFirstHeader(RegionClient.CRC64_HEADER);
                return new RegionClient.Reply(response.getCode(), text, etag == null ? null : etag.getValue(),
                        az == null ? null : az.getValue(), crc == null ? null : crc.getValue().trim());
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        pool.close();
        try {
            http.close();
        } catch (IOException ignored) {
            // Closing idle sockets at shutdown; nothing to recover.
        }
    }

    /**
     * One immediate retry of an idempotent request after an I/O error (a keep-alive connection the
     * server closed), and nothing else: the default strategy also repeats 429/503 answers, even
     * for POST, after whatever Retry-After says, which would bypass the worker's backoff (REP-S4)
     * and could park a copy for a day.
     */
    private static final class IoRetryOnly extends DefaultHttpRequestRetryStrategy {
        IoRetryOnly() {
            super(1, TimeValue.ZERO_MILLISECONDS);
        }

        @Override
        public boolean retryRequest(org.apache.hc.core5.http.HttpResponse response, int execCount,
                                    org.apache.hc.core5.http.protocol.HttpContext context) {
            return false;
        }
    }

    /** A body opened from its supplier on each write, so a retried request streams it again. */
    private static final class StreamEntity extends AbstractHttpEntity {
        private final Supplier<InputStream> source;
        private final long length;

        StreamEntity(Supplier<InputStream> source, long length) {
            super((ContentType) null, null);
            this.source = source;
            this.length = length;
        }

        @Override
        public boolean isRepeatable() { return true; }

        @Override
        public long getContentLength() { return length; }

        @Override
        public InputStream getContent() { return source.get(); }

        @Override
        public boolean isStreaming() { return false; }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = source.get()) {
                in.transferTo(out);
            }
        }

        @Override
        public void close() { }
    }
}
