package io.cosd.e2e;

import io.cosd.store.meta.MetadataStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one signed request costs the metadata database, counted by the store itself
 * ({@code cosd_db_statements_total}, {@code cosd_db_transactions_total}; docs/scale-out.md "What a
 * request costs the database"): a guard that a change adding a round trip to the hot paths is seen.
 * A 4 KiB object (inline: bytes and metadata in the database) into an unversioned bucket, through
 * the AWS SDK. Each figure is the least of seven requests, each measured alone: the background
 * workers' polls land in some of them, never in all.
 */
@CosdServer
class StatementsPerRequestE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static final String BUCKET = E2e.bucket("stmts");
    static final int ROUNDS = 7;

    @BeforeAll
    static void fixtures() {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    /** The cost of one request: statements and transactions. */
    record Cost(long statements, long transactions) {}

    /**
     * SQLite: the PUT reads key and bucket (two pooled read transactions), then one group-committed
     * write of 4 statements (next_seq bump, the new-key probe, insert, inline bytes: a new key reads
     * no null version and demotes nothing, ST-W7; alone in its batch, so no savepoint, ST-W8). HEAD reads key, bucket, latest version and bytes on the
     * event loop (the PUT changed the database, so the thread's memo is stale), and the GET after it
     * finds all four in the memo (docs/performance.md "The GET path").
     */
    Cost expectedPut() { return new Cost(6, 3); }

    Cost expectedHead() { return new Cost(4, 4); }

    Cost expectedGet() { return new Cost(0, 0); }

    @Test
    void aPutHeadAndGetOfASmallObjectCostTheDatabaseTheStatementsDocumented() {
        byte[] body = new byte[4096];
        Arrays.fill(body, (byte) 'x');
        long[][] put = new long[ROUNDS][], head = new long[ROUNDS][], get = new long[ROUNDS][];
        s3.putObject(b -> b.bucket(BUCKET).key("warm"), RequestBody.fromBytes(body)); // first use of the key and bucket rows
        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("warm"));
        for (int i = 0; i < ROUNDS; i++) {
            String key = "k" + i;
            put[i] = measure(() -> s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body)));
            head[i] = measure(() -> s3.headObject(b -> b.bucket(BUCKET).key(key)));
            get[i] = measure(() -> assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(body));
        }
        Cost p = least(put), h = least(head), g = least(get);
        System.out.printf("statements/transactions per request on %s: PUT %s, HEAD %s, GET %s%n", meta().engine(), p, h, g);
        assertThat(p).as("PUT").isEqualTo(expectedPut());
        assertThat(h).as("HEAD").isEqualTo(expectedHead());
        assertThat(g).as("GET").isEqualTo(expectedGet());
    }

    private static MetadataStore meta() {
        return env.server.metadata();
    }

    private static long[] measure(Runnable request) {
        long s = meta().dbStatements(), t = meta().dbTransactions();
        request.run();
        return new long[] {meta().dbStatements() - s, meta().dbTransactions() - t};
    }

    /** The least statements, and the transactions of that same request. */
    private static Cost least(long[][] runs) {
        long[] best = runs[0];
        for (long[] r : runs) if (r[0] < best[0] || (r[0] == best[0] && r[1] < best[1])) best = r;
        return new Cost(best[0], best[1]);
    }
}
