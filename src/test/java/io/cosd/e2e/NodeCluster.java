package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import io.cosd.store.meta.jdbc.TestPostgres;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several {@code cosd serve} processes deployed as docs/scale-out.md describes: one metadata database
 * (a fresh database on {@link TestPostgres}), one shared blob root ({@code --blob-dir}), one master key
 * ({@code COSD_MASTER_KEY}), each node its own data dir and port. Real processes, so a node can be
 * SIGKILLed ({@link Node#kill}) and started again on its data dir and port ({@link Node#restart}).
 * <p>
 * To add a multi-node case (cross-node cache invalidation, worker leases, …): {@code try (NodeCluster
 * c = NodeCluster.start(3))}, drive {@code c.node(i).s3()} / {@code cos()}, read {@code health()} and
 * {@code metrics()}, and pass extra settings through {@link #start(int, Map, List)} (environment
 * variables and {@code serve} flags every node gets, e.g. {@code COSD_LIFECYCLE_DAY_SECONDS}).
 * {@link #database()} names the database for a test that looks at it with SQL.
 * <p>
 * The first node starts alone (it migrates the database and creates the root account from the
 * {@code COSD_ROOT_*} settings, which every node gets alike), then the others start together.
 */
final class NodeCluster implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("listening on http://[^ ]*:(\\d+) ");

    private final Path dir;
    private final Path blobRoot;
    private final String database;
    private final Map<String, String> env;
    private final List<String> flags;
    private final List<Node> nodes = new ArrayList<>();

    private NodeCluster(Path dir, String database, Map<String, String> env, List<String> flags) {
        this.dir = dir;
        this.blobRoot = dir.resolve("blob-root");
        this.database = database;
        this.env = env;
        this.flags = flags;
    }

    static NodeCluster start(int n) throws Exception {
        return start(n, Map.of(), List.of());
    }

    /** {@code n} nodes, each also given {@code extraEnv} and the {@code serve} flags {@code extraFlags}. */
    static NodeCluster start(int n, Map<String, String> extraEnv, List<String> extraFlags) throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("cosd_nodes");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> env = new HashMap<>(Map.of("COSD_METADATA_URL", pg.url(db),
                "COSD_MASTER_KEY", Base64.getEncoder().encodeToString(key),
                "COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID, "COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY));
        env.putAll(extraEnv);
        NodeCluster c = new NodeCluster(Files.createTempDirectory("cosd-nodes"), db, Map.copyOf(env), List.copyOf(extraFlags));
        try {
            for (int i = 0; i < n; i++) c.nodes.add(new Node(c, "node-" + (char) ('a' + i)));
            c.nodes.get(0).launch(0);
            c.nodes.get(0).awaitStarted();
            for (Node node : c.nodes.subList(1, n)) node.launch(0);
            for (Node node : c.nodes.subList(1, n)) node.awaitStarted();
            return c;
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
    }

    Node node(int i) { return nodes.get(i); }

    List<Node> nodes() { return List.copyOf(nodes); }

    /** The PostgreSQL database every node uses (on {@link TestPostgres#get()}). */
    String database() { return database; }

    Path blobRoot() { return blobRoot; }

    /** A connection to {@link #database()}, for a test that checks rows (leases, the outbox, versions) in SQL. */
    java.sql.Connection sql() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(TestPostgres.get().jdbcUrl(database));
    }

    /**
     * {@code cosd admin args…} as its own process on the shared database, as an operator runs it beside
     * the nodes (every node's settings, its own data dir); fails unless it exits 0. @return its stdout
     */
    String admin(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("admin", "--data-dir", dir.resolve("admin").toString()));
        all.addAll(List.of(args));
        CosdProcess.Result r = CosdProcess.run(env, all.toArray(String[]::new));
        if (r.exit() != 0) throw new AssertionError("cosd " + String.join(" ", all) + " exited " + r.exit() + ":\n" + r.err());
        return r.out();
    }

    /** The node whose id {@code holder} is (a {@code worker_leases.holder}), or null if none of this cluster's. */
    Node byId(String holder) throws IOException {
        for (Node n : nodes) if (n.id().equals(holder)) return n;
        return null;
    }

    /** Stops every node still running (SIGTERM), drops the database and deletes the data dirs and the blob root. */
    @Override
    public void close() throws Exception {
        for (Node n : nodes) n.stop();
        TestPostgres.get().dropDatabase(database);
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One cosd process of the cluster. */
    static final class Node {
        private final NodeCluster cluster;
        final String name;
        final Path dataDir;
        private CosdProcess.Running process;
        private int port;

        private Node(NodeCluster cluster, String name) {
            this.cluster = cluster;
            this.name = name;
            this.dataDir = cluster.dir.resolve(name);
        }

        private void launch(int onPort) throws IOException {
            List<String> args = new ArrayList<>(List.of("serve", "--port", Integer.toString(onPort), "--bind", "127.0.0.1",
                    "--data-dir", dataDir.toString(), "--blob-dir", cluster.blobRoot.toString()));
            args.addAll(cluster.flags);
            process = CosdProcess.start(cluster.env, args.toArray(String[]::new));
        }

        private void awaitStarted() throws IOException, InterruptedException {
            String line = process.awaitLine("cosd listening on");
            Matcher m = PORT.matcher(line);
            if (!m.find()) throw new AssertionError(name + ": no port in " + line);
            port = Integer.parseInt(m.group(1));
        }

        int port() { return port; }

        String endpoint() { return "http://127.0.0.1:" + port; }

        /** 16 hex digits: the node label of its metrics and the {@code node=} line of its health answer. */
        String id() throws IOException { return Files.readString(dataDir.resolve("node-id")).strip(); }

        boolean alive() { return process != null && process.process.isAlive(); }

        /** What the process printed so far (stdout and stderr). */
        String output() throws IOException { return process.output(); }

        COSClient cos() { return E2e.cosClient(port, E2e.SECRET_ID, E2e.SECRET_KEY); }

        S3Client s3() {
            return S3Client.builder()
                    .endpointOverride(URI.create(endpoint()))
                    .region(software.amazon.awssdk.regions.Region.of(E2e.REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .build();
        }

        RawHttp.Reply health() throws Exception {
            return RawHttp.send(port, "GET", "/-/health", Map.of("Host", "127.0.0.1"), new byte[0]);
        }

        String metrics() throws Exception {
            return RawHttp.send(port, "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), new byte[0]).text();
        }

        /** SIGKILL: no shutdown hook, no flush, as a power cut or the OOM killer ends it. */
        void kill() throws InterruptedException {
            process.process.destroyForcibly();
            if (!process.process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError(name + " survived SIGKILL");
        }

        /** Starts the node again on its data dir and port (after {@link #kill} or {@link #stop}). */
        void restart() throws IOException, InterruptedException {
            if (alive()) throw new IllegalStateException(name + " is running");
            process.close(); // the ended process's output file
            launch(port);
            awaitStarted();
        }

        /** SIGTERM and wait, as a service manager stops it; nothing if it is not running. */
        void stop() throws IOException, InterruptedException {
            if (process != null) process.close();
        }
    }
}
