package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.endpoint.EndpointResolver;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.region.Region;
import io.cosd.app.Config;
import io.cosd.app.Server;
import io.cosd.domain.bucket.BucketNaming;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A real cosd on a random loopback port with a fresh data dir, and clients of the official SDKs
 * pointed at it (docs/spec/protocol.md §1.4: Java EndpointResolver, so the Host header is the real
 * virtual-hosted COS host; AWS SDK v2 with path-style addressing).
 */
final class E2e implements AutoCloseable {
    static final String UIN = "100000000001";
    static final String APPID = "1250000000";
    static final String SECRET_ID = "AKIDe2eTESTe2eTESTe2eTESTe2eTEST0001";
    static final String SECRET_KEY = "e2eSecretKeyE2eSecretKeyE2eSecre";
    static final String REGION = "ap-guangzhou";

    final Path dir;
    final Server server;
    /** This server's region: SigV4 clients must scope their signatures to it (docs/signing.md AUTH-5). */
    final String region;

    E2e() throws Exception {
        this(Files.createTempDirectory("cosd-e2e"));
    }

    E2e(Path dir) throws Exception {
        this(dir, REGION, null, 0);
    }

    /** A server with these lifecycle settings, e.g. {@code Config.Lifecycle.testMode(1)} (COSD_LIFECYCLE_DAY_SECONDS=1). */
    E2e(Config.Lifecycle lifecycle) throws Exception {
        this(Files.createTempDirectory("cosd-e2e"), REGION, null, 0, lifecycle);
    }

    /** A server of {@code region} that knows the other regions {@code regions} (COSD_REGIONS syntax), on {@code port} (0: any). */
    E2e(Path dir, String region, String regions, int port) throws Exception {
        this(dir, region, regions, port, Config.Lifecycle.DEFAULT);
    }

    E2e(Path dir, String region, String regions, int port, Config.Lifecycle lifecycle) throws Exception {
        this(dir, region, regions, port, lifecycle, Config.Auth.DEFAULT);
    }

    /** As above with these signature rules, e.g. SigV4 region aliases (docs/signing.md AUTH-5). */
    E2e(Path dir, String region, String regions, int port, Config.Lifecycle lifecycle, Config.Auth auth) throws Exception {
        this.dir = dir;
        this.region = region;
        this.server = Server.start(new Config("127.0.0.1", port, dir, region, Set.of(), 120_000, List.of(), regions, null, lifecycle)
                        .withAuth(auth),
                Map.of("COSD_ROOT_UIN", UIN, "COSD_APPID", APPID, "COSD_ROOT_SECRET_ID", SECRET_ID, "COSD_ROOT_SECRET_KEY", SECRET_KEY));
    }

    /** A server with these free-space and scrub settings (docs/storage.md "Full disk", "Read integrity and scrubbing"). */
    E2e(Path dir, Config.Integrity integrity) throws Exception {
        this.dir = dir;
        this.region = REGION;
        this.server = Server.start(new Config("127.0.0.1", 0, dir, REGION, Set.of(), 120_000, List.of(), null, null,
                        Config.Lifecycle.DEFAULT).withIntegrity(integrity),
                Map.of("COSD_ROOT_UIN", UIN, "COSD_APPID", APPID, "COSD_ROOT_SECRET_ID", SECRET_ID, "COSD_ROOT_SECRET_KEY", SECRET_KEY));
    }

    /** A server accepting these bucket names (docs/buckets.md "Bucket names"). */
    E2e(Path dir, BucketNaming naming) throws Exception {
        this.dir = dir;
        this.region = REGION;
        this.server = Server.start(new Config("127.0.0.1", 0, dir, REGION, Set.of(), 120_000, List.of(), null, null,
                        Config.Lifecycle.DEFAULT).withBucketNaming(naming),
                Map.of("COSD_ROOT_UIN", UIN, "COSD_APPID", APPID, "COSD_ROOT_SECRET_ID", SECRET_ID, "COSD_ROOT_SECRET_KEY", SECRET_KEY));
    }

    /**
     * A server with a config no constructor above builds (a short idle timeout, edge limits, trusted
     * proxies, …): {@code config} gets the fresh data dir and returns the whole config.
     */
    E2e(Function<Path, Config> config) throws Exception {
        this.dir = Files.createTempDirectory("cosd-e2e");
        Config c = config.apply(dir);
        this.region = c.region();
        this.server = Server.start(c,
                Map.of("COSD_ROOT_UIN", UIN, "COSD_APPID", APPID, "COSD_ROOT_SECRET_ID", SECRET_ID, "COSD_ROOT_SECRET_KEY", SECRET_KEY));
    }

    /** As {@link #E2e(Function)}, with these environment settings besides the root account's (e.g. COSD_SSE_C_ALLOW_HTTP). */
    E2e(Function<Path, Config> config, Map<String, String> env) throws Exception {
        this(Files.createTempDirectory("cosd-e2e"), config, env);
    }

    /** As {@link #E2e(Function, Map)} on {@code dir}: a server started again on the data dir a stopped one left. */
    E2e(Path dir, Function<Path, Config> config, Map<String, String> env) throws Exception {
        this.dir = dir;
        Config c = config.apply(dir);
        this.region = c.region();
        var all = new java.util.HashMap<>(env);
        all.putAll(Map.of("COSD_ROOT_UIN", UIN, "COSD_APPID", APPID, "COSD_ROOT_SECRET_ID", SECRET_ID, "COSD_ROOT_SECRET_KEY", SECRET_KEY));
        this.server = Server.start(c, all);
    }

    int port() { return server.port(); }

    String endpoint() { return "http://127.0.0.1:" + port(); }

    COSClient cos() { return cos(SECRET_ID, SECRET_KEY); }

    COSClient cos(String id, String key) { return cosClient(port(), id, key); }

    /** A COS Java SDK client for a cosd on {@code port} (also one started outside this class). */
    static COSClient cosClient(int port, String id, String key) {
        ClientConfig cc = new ClientConfig(new Region(REGION));
        cc.setHttpProtocol(HttpProtocol.http);
        cc.setMaxErrorRetry(0);
        String target = "127.0.0.1:" + port;
        cc.setEndpointResolver(new EndpointResolver() {
            @Override
            public String resolveGeneralApiEndpoint(String endpoint) { return target; }

            @Override
            public String resolveGetServiceApiEndpoint(String endpoint) { return target; }
        });
        return new COSClient(new BasicCOSCredentials(id, key), cc);
    }

    S3Client s3() { return s3(SECRET_ID, SECRET_KEY); }

    S3Client s3(String id, String key) {
        return s3Builder(id, key).build();
    }

    /**
     * The root's client as {@link #s3()} builds it, with a test's own changes: an interceptor that sees
     * what is sent, checksum settings. A change of the service configuration replaces it, so it must keep
     * path-style addressing on.
     */
    S3Client s3(Consumer<S3ClientBuilder> change) {
        S3ClientBuilder b = s3Builder(SECRET_ID, SECRET_KEY);
        change.accept(b);
        return b.build();
    }

    private S3ClientBuilder s3Builder(String id, String key) {
        return s3Builder(port(), region, id, key);
    }

    /** An AWS SDK v2 client builder for a cosd on {@code port} in this suite's region (also one started outside this class). */
    static S3ClientBuilder s3Builder(int port, String id, String key) {
        return s3Builder(port, REGION, id, key);
    }

    private static S3ClientBuilder s3Builder(int port, String region, String id, String key) {
        return S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(software.amazon.awssdk.regions.Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, key)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
    }

    static String bucket(String name) { return name + "-" + APPID; }

    /** The virtual-hosted COS host of {@code bucket} in this suite's region, as the SDKs sign it. */
    static String cosHost(String bucket) { return bucket + ".cos." + REGION + ".myqcloud.com"; }

    /** A COS SDK presigned URL valid for 10 minutes, with these extra (signed) query parameters. */
    static URL presigned(COSClient cos, String bucket, String key, com.qcloud.cos.http.HttpMethodName m,
                                  Map<String, String> params) {
        var req = new com.qcloud.cos.model.GeneratePresignedUrlRequest(bucket, key, m);
        req.setExpiration(new Date(System.currentTimeMillis() + 600_000));
        params.forEach(req::addRequestParameter);
        return cos.generatePresignedUrl(req);
    }

    /** An object's body as UTF-8 text, read with the COS SDK. */
    static String text(COSClient cos, String bucket, String key) throws IOException {
        try (var in = cos.getObject(bucket, key).getObjectContent()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** An account made by {@code cosd admin account add}: its root's uin, APPID and key. */
    record Account(String uin, String appId, String secretId, String secretKey) {}

    private static final java.util.regex.Pattern ADDED =
            java.util.regex.Pattern.compile("uin=(\\d+) appid=(\\d+)\\s+SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)");

    /** {@code cosd admin account add [options]} on {@code dataDir} (beside a running server or not): the new account and its root key. */
    static Account addAccount(Path dataDir, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "account";
        args[1] = "add";
        System.arraycopy(options, 0, args, 2, options.length);
        String out = admin(dataDir, args).out();
        var m = ADDED.matcher(out);
        if (!m.find()) throw new AssertionError("cosd admin account add printed no account:\n" + out);
        return new Account(m.group(1), m.group(2), m.group(3), m.group(4));
    }

    /** What one in-process {@code cosd admin} run printed and its exit code. */
    record AdminRun(int code, String out) {}

    /** Runs {@code cosd admin --data-dir <dataDir> args...} in this process and captures its stdout. */
    static AdminRun admin(Path dataDir, String... args) {
        var out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            String[] all = new String[args.length + 3];
            all[0] = "admin";
            all[1] = "--data-dir";
            all[2] = dataDir.toString();
            System.arraycopy(args, 0, all, 3, args.length);
            code = new picocli.CommandLine(new io.cosd.app.Main()).execute(all);
        } finally {
            System.setOut(old);
        }
        return new AdminRun(code, out.toString(StandardCharsets.UTF_8));
    }
}
