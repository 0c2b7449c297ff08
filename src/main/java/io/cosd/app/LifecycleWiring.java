package io.cosd.app;

import io.cosd.api.lifecycle.LifecycleXml;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.service.LifecycleActions;
import io.cosd.service.LifecycleEvents;
import io.cosd.service.LifecycleExecutor;
import io.cosd.service.LifecycleService;
import io.cosd.service.ObjectService;
import io.cosd.service.RestoreService;
import io.cosd.store.blob.BlobRoot;
import io.cosd.store.blob.FreeSpaceReserve;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.MetadataStore;

/** The lifecycle object graph, shared by the server and {@code cosd admin lifecycle}. */
record LifecycleWiring(DayClock days, LifecycleXml xml, LifecycleService service, LifecycleExecutor executor,
                       RestoreService restores) {

    /**
     * Hot blobs and the compressed cold tier under {@code root} ({@code <data>/blobs} and {@code <data>/cold}
     * by default, or a shared {@code --blob-dir}: docs/scale-out.md), inline blobs in {@code meta} read
     * (admin commands write no new versions, so none are made here).
     */
    static TieredBlobStore blobs(BlobRoot root, MetadataStore meta) {
        return blobs(root, FreeSpaceReserve.NONE, meta, -1);
    }

    /**
     * Both tiers keep {@code reserve} free on the blob root's file system (docs/storage.md "Full disk"); new
     * versions of at most {@code inlineMax} stored bytes go inline into {@code meta} (docs/storage.md "Small objects inline"; -1: none).
     */
    static TieredBlobStore blobs(BlobRoot root, FreeSpaceReserve reserve, MetadataStore meta, long inlineMax) {
        TieredBlobStore blobs = new TieredBlobStore(root.hot(reserve), root.cold(reserve), meta.inlineBlobs(), inlineMax);
        // SC-F1: every write that names a new blob checks it inside the orphan sweep's fence (server and admin commands alike).
        meta.attachBlobCheck(blobs::touch);
        return blobs;
    }

    static LifecycleWiring build(Config.Lifecycle c, MetadataStore meta, TieredBlobStore blobs, ObjectService objects, LifecycleEvents events) {
        DayClock days = new DayClock(c.zone(), c.daySeconds());
        LifecycleXml xml = new LifecycleXml(days.zone());
        LifecycleService service = new LifecycleService(meta.buckets(), xml::decode, LifecycleXml::encode, days);
        LifecycleExecutor executor = new LifecycleExecutor(meta, service, new LifecycleActions(meta, blobs, objects), events);
        RestoreService restores = new RestoreService(meta, blobs, objects, days,
                new RestoreService.Delays(c.restoreExpedited(), c.restoreStandard(), c.restoreBulk()), events);
        return new LifecycleWiring(days, xml, service, executor, restores);
    }
}
