package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.MetadataStoreContract;
import io.cosd.store.meta.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the metadata contract against SQLite, plus checks that only make sense for SQLite. */
class SqliteMetadataStoreTest implements MetadataStoreContract {
    /** A store freshly created and migrated once per class, then closed: its files are each test's starting point. */
    static Path fresh;
    @TempDir
    Path dir;
    MetadataStore store;

    /**
     * Creating and migrating a database (every migration fsynced, synchronous=FULL) is most of a
     * test's time; the contract's ~90 tests each start from a copy of one fresh, closed store instead,
     * which is the same files. Opening the copy still runs everything an open does on an existing
     * database (migration check, secret upgrade, pools); dataSurvivesReopening... covers a reopen.
     */
    @BeforeAll
    static void createAndMigrateOnce(@TempDir Path template) {
        JdbcMetadataStore.openSqlite(template.resolve("meta.db")).close();
        fresh = template;
    }

    @BeforeEach
    void open() throws IOException {
        try (var files = Files.list(fresh)) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        store = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public MetadataStore store() { return store; }

    private Connection raw() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("meta.db"));
    }

    @Test
    void theDatabaseIsInWalModeAndDescribedAsSuch() throws Exception {
        try (Connection c = raw(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
        assertThat(store.describe()).startsWith("sqlite 3.").contains("WAL").contains("meta.db");
    }

    @Test
    void theWriterFsyncsEveryCommitAndEnforcesForeignKeys() {
        Tx tx = ((JdbcMetadataStore) store).tx();
        String synchronous = tx.write(c -> pragma(c, "synchronous"));
        String foreignKeys = tx.write(c -> pragma(c, "foreign_keys"));
        String busyTimeout = tx.read(c -> pragma(c, "busy_timeout"));
        assertThat(synchronous).isEqualTo("2"); // FULL
        assertThat(foreignKeys).isEqualTo("1");
        assertThat(busyTimeout).isNotEqualTo("0");
    }

    @Test
    void theWritersSavepointJournalsStayInMemoryWhileItsCommitsStillFsyncTheWal_ST_W1() {
        Tx tx = ((JdbcMetadataStore) store).tx();
        String tempStore = tx.write(c -> pragma(c, "temp_store"));
        String synchronous = tx.write(c -> pragma(c, "synchronous"));
        assertThat(tempStore).isEqualTo("2"); // MEMORY
        assertThat(synchronous).isEqualTo("2"); // FULL
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void readersCannotWrite() {
        Tx tx = ((JdbcMetadataStore) store).tx();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.read(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO worker_checkpoints (worker, cursor, updated_at) VALUES ('w', null, 0)");
            }
        })).isInstanceOf(StoreException.class);
    }

    @Test
    void dataSurvivesReopeningAndMigrationsRunOnlyOnce() {
        bucket("keep-1250000000", VersioningState.UNVERSIONED);
        store.objects().put(draft("keep-1250000000", "k", "null"), VersioningState.UNVERSIONED);
        store.close();
        store = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        assertThat(store.objects().latest("keep-1250000000", "k")).isPresent();
        assertThat(store.identity().listAccounts()).hasSize(1);
    }

    /** Every shape of the listing query seeks in an index and needs no sort. */
    @Test
    void listLatestIsAnIndexRangeScanWithoutASort() throws Exception {
        bucket("plan-1250000000", VersioningState.UNVERSIONED);
        for (boolean afterIsLower : new boolean[]{false, true}) {
            for (boolean hasUpper : new boolean[]{false, true}) {
                String sql = ObjectReads.listLatestSql(afterIsLower, hasUpper);
                List<String> plan = plan(sql, hasUpper ? 4 : 3);
                assertThat(String.join("\n", plan)).as(sql)
                        .contains("SEARCH objects USING INDEX objects_listing (bucket=? AND key>")
                        .doesNotContain("TEMP B-TREE")
                        .doesNotContain("SCAN objects");
            }
        }
    }

    /**
     * Version listing is keyset pagination on the index whose order it returns: a page inside a key
     * with a million versions seeks to the cursor's seq and reads one page, never the versions before
     * it, and nothing is sorted (docs/performance.md "Listing and lifecycle at scale").
     */
    @Test
    void listingVersionsSeeksTheVersionsIndexAtTheCursorAndNeverSorts() throws Exception {
        try (Connection c = raw(); PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + ObjectReads.REST_OF_KEY_SQL)) {
            ps.setString(1, "b");
            ps.setString(2, "k");
            ps.setLong(3, 5);
            ps.setInt(4, 10);
            List<String> details = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) details.add(rs.getString("detail"));
            }
            assertThat(String.join("\n", details)).contains("SEARCH objects USING INDEX objects_versions (bucket=? AND key=? AND seq<?)")
                    .doesNotContain("TEMP B-TREE");
        }
        for (boolean afterIsLower : new boolean[]{false, true}) {
            for (boolean hasUpper : new boolean[]{false, true}) {
                String sql = ObjectReads.versionsSql(afterIsLower, hasUpper);
                assertThat(String.join("\n", plan(sql, hasUpper ? 4 : 3))).as(sql)
                        .contains("SEARCH objects USING INDEX objects_versions (bucket=? AND key>")
                        .doesNotContain("TEMP B-TREE")
                        .doesNotContain("SCAN objects");
            }
        }
    }

    /**
     * AUTH-15: a read that carries its bucket's incarnation keeps the plan it had, plus one seek of
     * the buckets primary key for the EXISTS (no scan of buckets, no sort), for the point reads of
     * GET/HEAD and every listing page.
     */
    @Test
    void aReadCarryingItsBucketsIncarnationAddsOnlyAPrimaryKeySeekOfTheBucketRow_AUTH_15() throws Exception {
        // SQLite turns the EXISTS into a semi-join: "SEARCH buckets EXISTS USING INDEX ..."
        String bucketSeek = "USING INDEX sqlite_autoindex_buckets_1 (name=?)";
        assertThat(String.join("\n", plan(ObjectReads.LATEST_SQL + ObjectReads.OF_BUCKET, 4)))
                .contains("SEARCH objects USING INDEX").contains(bucketSeek).containsPattern("SEARCH buckets( EXISTS)? " + java.util.regex.Pattern.quote(bucketSeek)).doesNotContain("SCAN");
        assertThat(String.join("\n", plan(ObjectReads.VERSION_SQL + ObjectReads.OF_BUCKET, 5)))
                .contains("SEARCH objects USING").contains(bucketSeek).containsPattern("SEARCH buckets( EXISTS)? " + java.util.regex.Pattern.quote(bucketSeek)).doesNotContain("SCAN");
        for (boolean afterIsLower : new boolean[]{false, true}) {
            for (boolean hasUpper : new boolean[]{false, true}) {
                String latest = ObjectReads.listLatestSql(afterIsLower, hasUpper, true);
                assertThat(String.join("\n", plan(latest, hasUpper ? 6 : 5))).as(latest)
                        .contains("SEARCH objects USING INDEX objects_listing (bucket=? AND key>").contains(bucketSeek).containsPattern("SEARCH buckets( EXISTS)? " + java.util.regex.Pattern.quote(bucketSeek))
                        .doesNotContain("TEMP B-TREE").doesNotContain("SCAN");
                String versions = ObjectReads.versionsSql(afterIsLower, hasUpper, true);
                assertThat(String.join("\n", plan(versions, hasUpper ? 6 : 5))).as(versions)
                        .contains("SEARCH objects USING INDEX objects_versions (bucket=? AND key>").contains(bucketSeek).containsPattern("SEARCH buckets( EXISTS)? " + java.util.regex.Pattern.quote(bucketSeek))
                        .doesNotContain("TEMP B-TREE").doesNotContain("SCAN");
            }
        }
        assertThat(String.join("\n", plan(ObjectReads.restOfKeySql(true), 6)))
                .contains("SEARCH objects USING INDEX objects_versions (bucket=? AND key=? AND seq<?)").contains(bucketSeek).containsPattern("SEARCH buckets( EXISTS)? " + java.util.regex.Pattern.quote(bucketSeek))
                .doesNotContain("TEMP B-TREE").doesNotContain("SCAN");
    }

    /** ST-W7: the new-key probe of every unversioned or suspended put is one seek of an index that covers it, never a scan. */
    @Test
    void theNewKeyProbeIsOneCoveringSeekOfTheKey_ST_W7() throws Exception {
        assertThat(String.join("\n", plan(ObjectSteps.KEY_HAS_ROWS_SQL, 2)))
                .containsPattern("SEARCH objects USING COVERING INDEX \\w+ \\(bucket=\\? AND key=\\?\\)")
                .doesNotContain("SCAN").doesNotContain("TEMP B-TREE");
    }

    /** A delete by version id closes its outbox row with a seek, whatever the backlog (REP-R4). */
    @Test
    void cancelingAPendingCopySeeksTheVersionIndex() throws Exception {
        try (Connection c = raw(); PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + JdbcReplicationOutbox.CANCEL_PENDING)) {
            for (int i = 1; i <= 4; i++) ps.setString(i, "x");
            List<String> details = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) details.add(rs.getString("detail"));
            }
            assertThat(String.join("\n", details)).contains("USING INDEX replication_outbox_by_version (bucket=? AND key=? AND version_id=?)");
        }
    }

    /**
     * The start-up orphan scan reads every referenced id in one sorted stream: SQLite merges the four
     * tables' sorted inputs and sorts only the objects side itself, which has no blob index since V21
     * (docs/performance.md "Lifecycle over 10M unversioned objects").
     */
    @Test
    void theOrphanScanReadsReferencedBlobsInOneSortedMergeWithoutAnIndexOnObjects_ST_G2() throws Exception {
        List<String> plan = new ArrayList<>();
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + JdbcMetadataStore.REFERENCED_BLOBS_SQL)) {
            while (rs.next()) plan.add(rs.getString("detail"));
        }
        String text = String.join("\n", plan);
        assertThat(text).contains("MERGE (UNION ALL)")
                .contains("object_parts USING COVERING INDEX object_parts_by_blob")
                .contains("upload_parts USING COVERING INDEX upload_parts_by_blob")
                .contains("object_restores USING COVERING INDEX object_restores_by_blob");
        assertThat(plan.stream().filter(d -> d.contains("SCAN objects")).count()).as(text).isEqualTo(1);
        assertThat(plan.stream().filter(d -> d.contains("TEMP B-TREE")).count()).as(text).isEqualTo(1);
    }

    /**
     * What an expiration writes (docs/performance.md "Lifecycle over 10M unversioned objects"): the only
     * index of objects on blob ids left is the partial one over inline ids, so deleting a version whose
     * bytes are a file touches no index ordered by its random blob id.
     */
    @Test
    void theOnlyBlobIndexOfObjectsIsThePartialOneOverInlineIds() throws Exception {
        List<String> onBlobs = new ArrayList<>();
        try (Connection c = raw(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'objects' AND sql LIKE '%blob_id%'")) {
            while (rs.next()) onBlobs.add(rs.getString(1) + ": " + rs.getString(2));
        }
        assertThat(onBlobs).singleElement().asString()
                .startsWith("objects_by_inline_blob: ").contains("WHERE substr(blob_id, 1, 4) = 'inl-'");
    }

    /**
     * ST-W3's triggers ask whether another version still names a deleted or re-pointed version's inline
     * blob: that subquery must seek the partial index, not scan objects once per deleted inline version.
     * The trigger bodies are read from the schema and explained with {@code old.blob_id} bound.
     */
    @Test
    void theInlineTriggersFindOtherVersionsNamingTheirBlobWithOneSeek_ST_W3() throws Exception {
        List<String> bodies = new ArrayList<>();
        try (Connection c = raw(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'objects' AND name LIKE 'inline_blobs_%'")) {
            while (rs.next()) {
                String sql = rs.getString(1);
                bodies.add(sql.substring(sql.indexOf("BEGIN") + 5, sql.lastIndexOf("END")).trim().replace("old.blob_id", "?1"));
            }
        }
        assertThat(bodies).hasSize(2);
        for (String body : bodies) {
            try (Connection c = raw(); PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + body.replaceAll(";$", ""))) {
                ps.setString(1, "inl-" + "0".repeat(32));
                List<String> plan = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) plan.add(rs.getString("detail"));
                }
                assertThat(String.join("\n", plan)).as(body)
                        .contains("SEARCH objects USING COVERING INDEX objects_by_inline_blob (blob_id=?)")
                        .doesNotContain("SCAN objects");
            }
        }
    }

    /**
     * REP-O1: the claim asks, of every due row it walks, whether an older row of its key and destination is
     * still owed; that is one seek of the partial index of PENDING rows (V25), never a read of the key's
     * history (COMPLETED rows kept an hour, FAILED ones until resynced), which replication_outbox_by_version
     * would give.
     */
    @Test
    void theClaimAsksForAnOlderRowOfTheKeyWithOneSeekOfThePendingIndex_REP_O1() throws Exception {
        String detail = String.join("\n", plan("SELECT id" + JdbcReplicationOutbox.claimable(Dialect.SQLITE), 5));
        assertThat(detail).contains("SEARCH replication_outbox USING INDEX replication_outbox_due (status=? AND next_attempt_at<?)")
                .containsPattern("SEARCH older USING (COVERING )?INDEX replication_outbox_pending_by_key \\(bucket=\\? AND key=\\? AND destination=\\? AND id<\\?\\)")
                .doesNotContain("replication_outbox_by_version").doesNotContain("SCAN replication_outbox");
    }

    private List<String> plan(String sql, int params) throws Exception {
        try (Connection c = raw(); PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 1; i < params; i++) ps.setString(i, "x");
            ps.setInt(params, 10);
            List<String> details = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) details.add(rs.getString("detail"));
            }
            return details;
        }
    }
}
