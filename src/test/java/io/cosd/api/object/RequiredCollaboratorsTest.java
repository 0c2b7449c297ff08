package io.cosd.api.object;

import io.cosd.api.lifecycle.LifecycleXml;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.service.LifecycleService;
import io.cosd.service.MultipartService;
import io.cosd.service.ObjectService;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lifecycle (x-cos-expiration, LC-H1) and restore rules (LC-R1, LC-R6) apply to every object, so the
 * object handlers have no configuration in which they are off: a missing collaborator is a wiring
 * bug, refused when the handler is built, never a silent null "off switch" at request time.
 */
class RequiredCollaboratorsTest {
    @TempDir
    Path dir;
    MetadataStore meta;
    ObjectService objects;
    LifecycleService lifecycle;

    @BeforeEach
    void open() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        objects = new ObjectService(meta, new DiskBlobStore(dir), Clock.systemUTC(), 1 << 20);
        var xml = new LifecycleXml(DayClock.BEIJING);
        lifecycle = new LifecycleService(meta.buckets(), xml::decode, LifecycleXml::encode, DayClock.cos());
    }

    @AfterEach
    void close() { meta.close(); }

    @Test
    void anObjectHandlerWithoutLifecycleOrRestoresCannotBeBuilt() {
        assertThatThrownBy(() -> new ObjectHandler(objects, null, null, 8)).isInstanceOf(NullPointerException.class).hasMessage("lifecycle");
        assertThatThrownBy(() -> new ObjectHandler(objects, lifecycle, null, 8)).isInstanceOf(NullPointerException.class).hasMessage("restores");
    }

    @Test
    void aCopyHandlerWithoutRestoresCannotBeBuilt() {
        assertThatThrownBy(() -> new CopyHandler(objects, meta, null, lifecycle)).isInstanceOf(NullPointerException.class).hasMessage("restores");
    }

    @Test
    void aMultipartHandlerWithoutLifecycleCannotBeBuilt() {
        var uploads = new MultipartService(meta, new DiskBlobStore(dir), objects, Clock.systemUTC(), 1 << 20, 1, 10_000);
        assertThatThrownBy(() -> new MultipartHandler(uploads, objects, meta, null)).isInstanceOf(NullPointerException.class).hasMessage("lifecycle");
    }
}
