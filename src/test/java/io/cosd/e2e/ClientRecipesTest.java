package io.cosd.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * README "Pointing clients at cosd": every recipe there runs as written, through the real tool
 * (rclone, s3cmd, the COS Node.js SDK, curl) against a real cosd, and the notes beside the recipes
 * (what does not work, and why) are checked too. The recipes come from the README itself
 * ({@link Recipes#block}); a missing tool fails the test with its install command.
 */
@CosdServer
class ClientRecipesTest {
    static final String CONTENT = "hello from a recipe\n";
    @CosdServer.Inject static E2e server;
    Path home;

    @BeforeEach
    void home() throws Exception {
        home = Files.createTempDirectory(server.dir, "home");
        Files.writeString(home.resolve("file.txt"), CONTENT);
    }

    private String fill(String recipe, String bucket) throws Exception {
        return Recipes.fill(Recipes.block(recipe), server.port(), bucket);
    }

    private boolean exists(String bucket) {
        return server.cos().doesBucketExist(bucket);
    }

    @Test
    void rcloneWithProviderOtherAndPathStyleRunsTheReadmeRecipe() throws Exception {
        Recipes.tool("rclone", "rclone");
        String bucket = E2e.bucket("rclone");
        Path conf = Files.createDirectories(home.resolve(".config/rclone")).resolve("rclone.conf");
        Files.writeString(conf, fill("rclone.conf", bucket));

        Recipes.Result r = Recipes.bash(home, home, fill("rclone", bucket));

        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(r.out()).as(r.both()).contains(CONTENT.length() + " dir/file.txt").contains(CONTENT);
        assertThat(exists(bucket)).as("the recipe ends with rmdir").isFalse();
    }

    @Test
    void rcloneWithProviderTencentCosIgnoresForcePathStyleAndNeverReachesCosd() throws Exception {
        Recipes.tool("rclone", "rclone");
        String bucket = E2e.bucket("rclone-tc");
        String conf = fill("rclone.conf", bucket);
        assertThat(conf).contains("provider = Other").contains("force_path_style = true");
        Files.writeString(Files.createDirectories(home.resolve(".config/rclone")).resolve("rclone.conf"),
                conf.replace("provider = Other", "provider = TencentCOS"));

        Recipes.Result r = Recipes.run(home, home, List.of("rclone", "mkdir", "cosd:" + bucket,
                "--retries", "1", "--low-level-retries", "1", "--contimeout", "5s", "--timeout", "10s"));

        assertThat(r.exit()).as(r.both()).isNotZero();
        assertThat(r.err()).as("virtual-hosted despite force_path_style").contains(bucket + ".127.0.0.1");
        assertThat(exists(bucket)).isFalse();
    }

    @Test
    void s3cmdWithPathStyleHostsAndTheServersRegionRunsTheReadmeRecipe() throws Exception {
        Recipes.tool("s3cmd", "s3cmd");
        String bucket = E2e.bucket("s3cmd");
        Files.writeString(home.resolve(".s3cfg"), fill("s3cfg", bucket));

        Recipes.Result r = Recipes.bash(home, home, fill("s3cmd", bucket));

        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(r.out()).as(r.both()).contains(CONTENT.length() + "  s3://" + bucket + "/dir/file.txt");
        assertThat(Files.readString(home.resolve("copy.txt"))).isEqualTo(CONTENT);
        assertThat(exists(bucket)).as("the recipe ends with rb").isFalse();
    }

    @Test
    void s3cmdLeftAtItsDefaultRegionIsRefusedOnceAndThenSignsForTheRegionCosdNames() throws Exception {
        Recipes.tool("s3cmd", "s3cmd");
        String bucket = E2e.bucket("s3cmd-us");
        String conf = fill("s3cfg", bucket);
        assertThat(conf).contains("bucket_location = ap-guangzhou\n");
        Files.writeString(home.resolve(".s3cfg"), conf.replace("bucket_location = ap-guangzhou\n", ""));
        server.cos().createBucket(bucket);
        server.cos().putObject(bucket, "dir/file.txt", CONTENT);

        Recipes.Result r = Recipes.run(home, home, List.of("s3cmd", "--debug", "ls", "s3://" + bucket + "/dir/"));

        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(r.out()).contains("s3://" + bucket + "/dir/file.txt");
        String signedFor = "/s3/aws4_request";
        assertThat(r.err().indexOf("/us-east-1" + signedFor)).as("first signed for us-east-1").isNotNegative()
                .isLessThan(r.err().indexOf("/ap-guangzhou" + signedFor));
    }

    @Test
    void s3cmdSignurlMakesASignatureV2UrlThatCosdServesAsTheReadmeSays() throws Exception {
        Recipes.tool("s3cmd", "s3cmd");
        Recipes.tool("curl", "curl");
        String bucket = E2e.bucket("s3cmd-signurl");
        Files.writeString(home.resolve(".s3cfg"), fill("s3cfg", bucket));
        server.cos().createBucket(bucket);
        server.cos().putObject(bucket, "dir/file.txt", CONTENT);

        Recipes.Result r = Recipes.bash(home, home, fill("s3cmd-signurl", bucket));

        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(r.out()).isEqualTo(CONTENT);
        Recipes.Result url = Recipes.run(home, home, List.of("s3cmd", "signurl", "s3://" + bucket + "/dir/file.txt", "+600"));
        assertThat(url.out().strip()).contains("AWSAccessKeyId=").contains("Signature=").startsWith(server.endpoint() + "/" + bucket + "/dir/file.txt?");
        // the URL names its object: pointed at another key it is refused (docs/signing.md AUTH-7)
        HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url.out().strip().replace("/dir/file.txt?", "/dir/other.txt?"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("SignatureDoesNotMatch");
    }

    @Test
    void s3cmdWithSignatureV2PutsListsAndGetsThroughHeaderSignedRequests() throws Exception {
        Recipes.tool("s3cmd", "s3cmd");
        String bucket = E2e.bucket("s3cmd-v2");
        Files.writeString(home.resolve(".s3cfg"), fill("s3cfg", bucket) + "signature_v2 = True\n");
        server.cos().createBucket(bucket);

        Recipes.Result r = Recipes.bash(home, home, "s3cmd --debug put file.txt s3://" + bucket + "/dir/file.txt && s3cmd ls s3://" + bucket
                + "/dir/ && s3cmd get s3://" + bucket + "/dir/file.txt copy.txt");

        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(r.err()).as("signed with v2").contains("SignHeaders: ").doesNotContain("AWS4-HMAC-SHA256");
        assertThat(r.out()).contains("s3://" + bucket + "/dir/file.txt");
        assertThat(Files.readString(home.resolve("copy.txt"))).isEqualTo(CONTENT);
    }

    /** The Node SDK and the README's Node recipe live in target/node-recipes (npm ci by scripts/test-deps.sh). */
    private static Path nodeDir() throws Exception {
        Recipes.tool("node", "nodejs");
        Path dir = Recipes.ROOT.resolve("target/node-recipes");
        if (!Files.isRegularFile(dir.resolve("node_modules/cos-nodejs-sdk-v5/package.json"))) {
            throw new AssertionError("The COS Node.js SDK is not installed in " + dir
                    + ": run scripts/test-deps.sh (npm ci of src/test/node/package-lock.json; ./run-tests does it)");
        }
        return dir;
    }

    private Recipes.Result node(String script) throws Exception {
        Path dir = nodeDir();
        Path file = Files.createTempFile(dir, "readme-recipe", ".js");
        try {
            Files.writeString(file, script);
            return Recipes.run(dir, home, List.of("node", file.toString()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void theCosNodeSdkInProxyModeRunsTheReadmeRecipe() throws Exception {
        String bucket = E2e.bucket("node-proxy");

        Recipes.Result r = node(fill("node", bucket));

        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(r.out()).as(r.both()).isEqualTo("dir/file.txt 16\nhello from node\n");
        assertThat(exists(bucket)).as("the recipe ends with deleteBucket").isFalse();
    }

    @Test
    void theCosNodeSdkInIpModeRunsTheSameRecipe() throws Exception {
        String bucket = E2e.bucket("node-ip");
        String proxy = "Proxy: 'http://127.0.0.1:9000'", ip = "Ip: '127.0.0.1:9000'";
        assertThat(Recipes.block("node")).contains(proxy);
        assertThat(Files.readString(Recipes.ROOT.resolve("README.md"))).contains("`" + ip + "` in place of the `Proxy` option");

        Recipes.Result r = node(Recipes.fill(Recipes.block("node").replace(proxy, ip), server.port(), bucket));

        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(r.out()).as(r.both()).isEqualTo("dir/file.txt 16\nhello from node\n");
        assertThat(exists(bucket)).isFalse();
    }

    @Test
    void theCosNodeSdkRefusesForcePathStyleInItsConstructor() throws Exception {
        Path dir = nodeDir();
        Path script = dir.resolve("force-path-style.js");
        Files.copy(Recipes.ROOT.resolve("src/test/node/force-path-style.js"), script, StandardCopyOption.REPLACE_EXISTING);

        Recipes.Result r = Recipes.run(dir, home, List.of("node", script.toString()));

        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(r.out()).isEqualTo("ForcePathStyle is not supported\n");
        assertThat(Files.readString(Recipes.ROOT.resolve("README.md"))).contains("throws `ForcePathStyle is not supported`");
    }

    @Test
    void aPresignedUrlFromTheNodeSdkInProxyModeIsFetchedThroughCosdWithCurlsProxyOption() throws Exception {
        Path dir = nodeDir();
        Recipes.tool("curl", "curl");
        String bucket = E2e.bucket("node-presigned");
        server.cos().createBucket(bucket);
        Path script = dir.resolve("presigned-url.js");
        Files.copy(Recipes.ROOT.resolve("src/test/node/presigned-url.js"), script, StandardCopyOption.REPLACE_EXISTING);

        Recipes.Result signed = Recipes.run(dir, home, List.of("node", script.toString()),
                Map.of("PORT", String.valueOf(server.port()), "BUCKET", bucket));
        assertThat(signed.exit()).as(signed.both()).isZero();
        String url = signed.out().strip();
        assertThat(url).startsWith("http://" + bucket + ".cos.ap-guangzhou.myqcloud.com/dir/file.txt?").contains("q-signature=");
        // the README's words: curl -x http://127.0.0.1:9000 '<url>'
        Recipes.Result got = Recipes.run(home, home, List.of("curl", "-fsS", "-x", server.endpoint(), url));

        assertThat(got.exit()).as(got.both()).isZero();
        assertThat(got.out()).isEqualTo("presigned\n");
        assertThat(Files.readString(Recipes.ROOT.resolve("README.md"))).contains("`curl -x http://127.0.0.1:9000 '<url>'`");
    }

    @Test
    void curlAwsSigv4WithAnUnsignedPayloadHeaderRunsTheReadmeRecipe() throws Exception {
        Recipes.tool("curl", "curl");
        String bucket = E2e.bucket("curl");

        Recipes.Result r = Recipes.bash(home, home, fill("curl", bucket));

        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(r.out()).as(r.both()).contains("<Key>dir/file.txt</Key>").contains(CONTENT);
        assertThat(exists(bucket)).as("the recipe ends with DELETE bucket").isFalse();
    }

    @Test
    void curlAwsSigv4SignsTheQueryAsTypedSoAnUnencodedSlashDoesNotMatchAsTheReadmeSays() throws Exception {
        Recipes.tool("curl", "curl");
        String bucket = E2e.bucket("curl-query");
        server.cos().createBucket(bucket);
        List<String> curl = List.of("curl", "-sS", "--aws-sigv4", "aws:amz:" + E2e.REGION + ":s3", "--user", E2e.SECRET_ID + ":" + E2e.SECRET_KEY,
                "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "-w", "\n%{http_code}");
        String list = server.endpoint() + "/" + bucket + "?list-type=2&prefix=dir";

        Recipes.Result typed = Recipes.run(home, home, concat(curl, list + "/"));
        Recipes.Result encoded = Recipes.run(home, home, concat(curl, list + "%2F"));

        assertThat(typed.out()).as(typed.both()).contains("<Code>SignatureDoesNotMatch</Code>").endsWith("\n403");
        assertThat(encoded.out()).as(encoded.both()).contains("<ListBucketResult>").endsWith("\n200");
    }

    private static List<String> concat(List<String> head, String last) {
        var all = new ArrayList<>(head);
        all.add(last);
        return all;
    }

    @Test
    void curlAwsSigv4WithoutTheContentHashHeaderHasItsUploadRefusedAndStoresNothing() throws Exception {
        Recipes.tool("curl", "curl");
        String bucket = E2e.bucket("curl-nohash");
        server.cos().createBucket(bucket);
        String url = server.endpoint() + "/" + bucket + "/dir/file.txt";

        Recipes.Result r = Recipes.run(home, home, List.of("curl", "-sS", "--aws-sigv4", "aws:amz:" + E2e.REGION + ":s3",
                "--user", E2e.SECRET_ID + ":" + E2e.SECRET_KEY, "-T", "file.txt", "-w", "\n%{http_code}", url));

        assertThat(r.out()).as(r.both()).contains("<Code>XAmzContentSHA256Mismatch</Code>").endsWith("\n400");
        assertThatThrownBy(() -> server.s3().headObject(b -> b.bucket(bucket).key("dir/file.txt")))
                .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
        assertThatThrownBy(() -> server.s3().getObjectAsBytes(b -> b.bucket(bucket).key("dir/file.txt")))
                .isInstanceOf(NoSuchKeyException.class);
    }
}
