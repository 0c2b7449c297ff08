package io.cosd.e2e;

import io.cosd.app.Config;
import io.cosd.store.meta.jdbc.CommitCuttingProxy;
import io.cosd.store.meta.jdbc.TestPostgres;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * ST-P1 (docs/scale-out.md "Transactions"): a PUT whose metadata COMMIT reached PostgreSQL but whose
 * answer was lost with the connection is answered 500, yet it may have committed, so its blob must
 * stay: here it did commit, and the object is then served whole. The server talks to a real
 * PostgreSQL through {@link CommitCuttingProxy}.
 */
class CommitOutcomeOnPostgresE2eTest {
    private static Function<Path, Config> config() {
        return dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of(), null, null, Config.Lifecycle.DEFAULT);
    }

    @Test
    void aPutWhoseCommitAnswerIsLostKeepsItsBlobSoTheCommittedObjectIsServedWhole_ST_P1() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("cosd_e2e_commit");
        byte[] body = new byte[1 << 20]; // a file blob, not an inline one
        new java.util.Random(7).nextBytes(body);
        try (CommitCuttingProxy proxy = new CommitCuttingProxy(pg.port());
             E2e e2e = new E2e(config(), Map.of("COSD_METADATA_URL",
                     "postgresql://127.0.0.1:" + proxy.port() + "/" + db + "?user=postgres&prepareThreshold=0"));
             S3Client once = S3Client.builder().endpointOverride(URI.create(e2e.endpoint())).region(Region.of(e2e.region))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                     .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                     .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            String bucket = E2e.bucket("commit");
            once.createBucket(b -> b.bucket(bucket));
            proxy.arm("INSERT INTO objects");
            S3Exception lost = catchThrowableOfType(S3Exception.class,
                    () -> once.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromBytes(body)));
            assertThat(proxy.awaitCut(5)).isTrue();
            assertThat(lost).isNotNull();
            assertThat(lost.statusCode()).isEqualTo(500);
            // The version committed; its blob was kept, so it is served, byte for byte.
            assertThat(once.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asByteArray()).isEqualTo(body);
        } finally {
            pg.dropDatabase(db);
        }
    }
}
