package io.cosd.e2e;

import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every test of {@link CosSdkMultipartTest}, with the server's metadata on PostgreSQL (PostgresE2e; docs/scale-out.md "Tests"). */
@CosdServer(factory = "onPostgres")
class CosSdkMultipartOnPostgresTest extends CosSdkMultipartTest {
    static E2e onPostgres() throws Exception {
        return PostgresE2e.server();
    }

    /**
     * As the parent's, with one difference: on PostgreSQL small objects are not inline (docs/scale-out.md
     * "What stays SQLite-only"), so the small object that replaces the multipart one has a blob file
     * of its own, released in turn when the next completion replaces it.
     */
    @Override
    @Test
    void completingKeepsOnlyListedPartsAndReplacingOrDeletingTheObjectReleasesAllItsParts() throws Exception {
        long before = blobFiles(env.dir);
        String key = "released";
        String id = initiate(key);
        var e1 = upload(key, id, 1, random(MIB, 8));
        upload(key, id, 2, random(10, 9)); // not listed in the completion
        var e3 = upload(key, id, 3, random(10, 10));
        cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, new ArrayList<>(List.of(e1, e3))));
        assertThat(blobFiles(env.dir)).isEqualTo(before + 2);
        assertThat(cos.getObjectMetadata(BUCKET, key).getContentLength()).isEqualTo(MIB + 10);

        cos.putObject(BUCKET, key, "small"); // replaces the multipart object: its two part blobs go, the small one's stays
        assertThat(blobFiles(env.dir)).isEqualTo(before + 1);
        String id2 = initiate(key);
        var f1 = upload(key, id2, 1, random(MIB, 11));
        var f2 = upload(key, id2, 2, random(5, 12));
        cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id2, new ArrayList<>(List.of(f1, f2))));
        assertThat(blobFiles(env.dir)).isEqualTo(before + 2);
        cos.deleteObject(BUCKET, key);
        assertThat(blobFiles(env.dir)).isEqualTo(before);
    }
}
