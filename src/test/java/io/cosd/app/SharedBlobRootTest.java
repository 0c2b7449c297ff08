package io.cosd.app;

import io.cosd.store.blob.BlobRoot;
import io.cosd.store.fs.MasterKeyFile;
import io.cosd.store.meta.MasterKeyException;
import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.SecretSealer;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** docs/scale-out.md "Shared blob root": where a shared root may be, and the master key every node must hold. */
class SharedBlobRootTest {
    @TempDir
    Path dir;

    private BlobRoot shared() {
        return BlobRoot.shared(dir.resolve("shared"), Duration.ofHours(1));
    }

    /** A node whose metadata is the SQLite database {@code db} attaches to the shared root with {@code key}. */
    private void attach(SecretSealer key, String db) throws IOException {
        try (MetadataStore meta = JdbcMetadataStore.openSqlite(dir.resolve(db).resolve("meta.db"))) {
            SharedBlobRoot.attach(shared(), key, meta.checkpoints(), Instant.now());
        }
    }

    @Test
    void nodesOfOneMetadataDatabaseShareTheRootAndANodeWithADatabaseOfItsOwnIsRefusedBeforeItsCleanup_ST_R4() throws IOException {
        SecretSealer key = SecretSealer.of(SecretSealer.newKey());
        attach(key, "db");
        attach(key, "db"); // a second node of the same database (or the first one restarting)
        BlobRoot.Marker marker = BlobRoot.marker(shared().blobs()).orElseThrow();
        assertThatThrownBy(() -> attach(key, "own-db"))
                .isInstanceOf(StartupRefused.class)
                .hasMessageMatching("the blob root .* belongs to another metadata database \\(deployment " + marker.deployment()
                        + ", this node's is [0-9a-f]{32}\\): nodes sharing a blob root must share one metadata database;"
                        + " give this node its own --blob-dir or the deployment's database \\(docs/scale-out.md\\)");
        assertThat(BlobRoot.marker(shared().blobs())).contains(marker);
    }

    @Test
    void theFirstNodeRecordsItsKeyIdAndANodeWithTheSameKeyStarts_ST_R3() throws IOException {
        SecretSealer key = SecretSealer.of(SecretSealer.newKey());
        SharedBlobRoot.check(shared(), dir.resolve("a"), MasterKeySource.of(key)); // no marker yet: nothing to compare
        attach(key, "db");
        assertThat(BlobRoot.markedKeyId(shared().blobs())).contains(key.keyId());
        assertThatNoException().isThrownBy(() -> SharedBlobRoot.check(shared(), dir.resolve("b"), MasterKeySource.of(key)));
        assertThatNoException().isThrownBy(() -> attach(key, "db"));
    }

    @Test
    void aNodeWithAnotherKeyIsRefusedInOneLineNamingBothKeyIdsBeforeItCreatesAnything_ST_R3() throws IOException {
        SecretSealer first = SecretSealer.of(SecretSealer.newKey()), other = SecretSealer.of(SecretSealer.newKey());
        attach(first, "db");
        assertThatThrownBy(() -> SharedBlobRoot.check(shared(), dir.resolve("b"), MasterKeySource.of(other)))
                .isInstanceOf(MasterKeyException.class)
                .hasMessage("the blob root " + shared().blobs() + " is in use with master key id " + first.keyId()
                        + " but this node's master key has id " + other.keyId()
                        + ": give every node the same key (COSD_MASTER_KEY_FILE or COSD_MASTER_KEY)");
        // A key file that holds another key is refused the same way.
        Path file = dir.resolve("other.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(SecretSealer.newKey()) + "\n");
        assertThatThrownBy(() -> SharedBlobRoot.check(shared(), dir.resolve("b"), new MasterKeyFile(file, "COSD_MASTER_KEY_FILE")))
                .isInstanceOf(MasterKeyException.class).hasMessageContaining("is in use with master key id " + first.keyId());
        assertThat(dir.resolve("b")).doesNotExist();
    }

    @Test
    void aNewNodeWithoutTheSharedKeyIsRefusedRatherThanGeneratingItsOwn_ST_R3() throws IOException {
        SecretSealer first = SecretSealer.of(SecretSealer.newKey());
        attach(first, "db");
        Path missing = dir.resolve("b/master.key");
        assertThatThrownBy(() -> SharedBlobRoot.check(shared(), dir.resolve("b"), new MasterKeyFile(missing, "the default master key file")))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("this node has no master key (" + missing + " does not exist)");
        assertThat(missing).doesNotExist();
    }

    @Test
    void anAttachRacingAnotherNodesWithADifferentKeyIsRefused_ST_R3() throws IOException {
        attach(SecretSealer.of(SecretSealer.newKey()), "db");
        assertThatThrownBy(() -> attach(SecretSealer.of(SecretSealer.newKey()), "db"))
                .isInstanceOf(MasterKeyException.class);
    }

    @Test
    void aBlobDirThatIsAFileOrCannotBeCreatedIsRefusedInOneLineBeforeAnythingIsCreated_ST_R1() throws IOException {
        var key = MasterKeySource.of(SecretSealer.of(SecretSealer.newKey()));
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> SharedBlobRoot.check(BlobRoot.shared(file, Duration.ofHours(1)), dir.resolve("data"), key))
                .isInstanceOf(StartupRefused.class).hasMessage("--blob-dir " + file + " is not a directory this user can write; fix its owner or permissions");
        assertThatThrownBy(() -> SharedBlobRoot.check(BlobRoot.shared(file.resolve("blobs"), Duration.ofHours(1)), dir.resolve("data"), key))
                .isInstanceOf(StartupRefused.class).hasMessageStartingWith("cannot create --blob-dir " + file.resolve("blobs") + ": " + file);
        assertThatNoException().isThrownBy(() -> SharedBlobRoot.check(BlobRoot.shared(dir.resolve("new/blobs"), Duration.ofHours(1)), dir.resolve("data"), key));
        assertThat(dir.resolve("new")).doesNotExist();
    }

    @Test
    void aSharedRootInsideOrAroundADataDirOrBeingAnotherDataDirsBlobsIsRefused_ST_R1() throws IOException {
        var key = MasterKeySource.of(SecretSealer.of(SecretSealer.newKey()));
        Path data = dir.resolve("data");
        assertThatThrownBy(() -> SharedBlobRoot.check(BlobRoot.shared(data.resolve("blobs"), Duration.ofHours(1)), data, key))
                .isInstanceOf(StartupRefused.class).hasMessageContaining("overlaps the data dir");
        assertThatThrownBy(() -> SharedBlobRoot.check(BlobRoot.shared(dir, Duration.ofHours(1)), data, key))
                .isInstanceOf(StartupRefused.class).hasMessageContaining("overlaps the data dir");
        Path otherData = Files.createDirectories(dir.resolve("node-a"));
        Files.writeString(otherData.resolve("cosd.lock"), "");
        assertThatThrownBy(() -> SharedBlobRoot.check(BlobRoot.shared(otherData.resolve("blobs"), Duration.ofHours(1)), data, key))
                .isInstanceOf(StartupRefused.class).hasMessageContaining("is the blobs directory of the data dir " + otherData);
        assertThatNoException().isThrownBy(() -> SharedBlobRoot.check(BlobRoot.local(data), data, key)); // the default is never checked
    }

    /**
     * ST-P5: the overlap checks compare where the paths lead, not how they are spelt: a blob dir
     * reached through a symbolic link (or a {@code ..} after one) into a data dir, or a data dir named
     * through a link, was taken for a separate root.
     */
    @Test
    void aSharedRootReachedThroughASymbolicLinkIntoADataDirIsRefused_ST_P5() throws IOException {
        var key = MasterKeySource.of(SecretSealer.of(SecretSealer.newKey()));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path toData = Files.createSymbolicLink(dir.resolve("to-data"), data);
        assertThatThrownBy(() -> SharedBlobRoot.check(BlobRoot.shared(toData.resolve("blobs"), Duration.ofHours(1)), data, key))
                .isInstanceOf(StartupRefused.class).hasMessageContaining("overlaps the data dir");
        assertThatThrownBy(() -> SharedBlobRoot.check(BlobRoot.shared(data.resolve("blobs"), Duration.ofHours(1)), toData, key))
                .isInstanceOf(StartupRefused.class).hasMessageContaining("overlaps the data dir");
        Path deep = Files.createDirectories(data.resolve("x/y"));
        Path toDeep = Files.createSymbolicLink(dir.resolve("to-deep"), deep);
        // lexically to-deep/../shared is dir/shared; the kernel resolves it to data/x/shared
        assertThatThrownBy(() -> SharedBlobRoot.check(BlobRoot.shared(toDeep.resolve("../shared"), Duration.ofHours(1)), data, key))
                .isInstanceOf(StartupRefused.class).hasMessageContaining("overlaps the data dir");
        Path otherData = Files.createDirectories(dir.resolve("node-a"));
        Files.writeString(otherData.resolve("cosd.lock"), "");
        Files.createDirectories(otherData.resolve("blobs"));
        Path toOthersBlobs = Files.createSymbolicLink(dir.resolve("shared-blobs"), otherData.resolve("blobs"));
        assertThatThrownBy(() -> SharedBlobRoot.check(BlobRoot.shared(toOthersBlobs, Duration.ofHours(1)), data, key))
                .isInstanceOf(StartupRefused.class).hasMessageContaining("is the blobs directory of the data dir");
        Path elsewhere = Files.createDirectories(dir.resolve("mnt/root"));
        Path toElsewhere = Files.createSymbolicLink(dir.resolve("root-link"), elsewhere);
        assertThatNoException().isThrownBy(() -> SharedBlobRoot.check(BlobRoot.shared(toElsewhere, Duration.ofHours(1)), data, key));
    }
}
