package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.WriteCondition;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A create-only PUT that loses to a write committed while its body streamed, made deterministic:
 * the body stream itself commits the other write half-way (docs/spec/semantics.md OBJ-CW3, OBJ-CW4).
 * The loser passes the early check, streams its whole body to a blob, is refused at the commit,
 * and its blob is deleted: the data dir holds exactly the winner's bytes.
 */
class ConditionalPutRaceTest {
    @TempDir
    Path dir;
    MetadataStore meta;
    ObjectService objects;
    Bucket bucket;

    @BeforeEach
    void open() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        objects = new ObjectService(meta, new DiskBlobStore(dir), Clock.systemUTC(), 1 << 20);
        var a = meta.identity().createAccount("100000000001", "1250000000");
        bucket = new Bucket("cw-1250000000", a.rootUin(), a.appId(), "ap-guangzhou", Instant.now(), VersioningState.UNVERSIONED);
        meta.buckets().create(bucket);
    }

    @AfterEach
    void close() {
        meta.close();
    }

    long blobFiles() throws IOException {
        long n = 0;
        for (String sub : new String[] {"blobs", "tmp"}) {
            Path p = dir.resolve(sub);
            if (!Files.exists(p)) continue;
            try (Stream<Path> s = Files.walk(p)) {
                n += s.filter(Files::isRegularFile).count();
            }
        }
        return n;
    }

    PutCommand put(long length) {
        return new PutCommand(bucket.name(), "k", length, null, StorageClass.STANDARD, ContentHeaders.ofType("text/plain"), Map.of(), Map.of());
    }

    @Test
    void aCreateOnlyPutThatLosesWhileItsBodyStreamsIsAConflictAndLeavesNoBlob_OBJ_CW3_OBJ_CW4() throws Exception {
        byte[] loserBytes = "the loser's body".getBytes(StandardCharsets.UTF_8);
        InputStream body = new InputStream() {
            int pos;

            @Override public int read() {
                if (pos == 4) { // half-way: another create-only writer commits first
                    objects.put(bucket, put(6), new ByteArrayInputStream("winner".getBytes(StandardCharsets.UTF_8)),
                            new WriteCondition(true, null, null).since(Instant.now()));
                }
                return pos < loserBytes.length ? loserBytes[pos++] & 0xff : -1;
            }
        };
        WriteCondition createOnly = new WriteCondition(true, null, null).since(Instant.now().minusSeconds(1));
        Refusal r = catchThrowableOfType(Refusal.class, () -> objects.put(bucket, put(loserBytes.length), body, createOnly));
        assertThat(r.reason()).isEqualTo(Refusal.Reason.CONDITIONAL_CONFLICT);
        var current = meta.objects().latest(bucket.name(), "k").orElseThrow();
        assertThat(current.size()).isEqualTo(6);
        assertThat(blobFiles()).isEqualTo(1);
        try (var in = objects.openStream(bucket, current)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("winner");
        }
    }

    @Test
    void aCreateOnlyPutOverAnExistingObjectIsRefusedBeforeItsBodyIsStored_OBJ_CW3() throws Exception {
        objects.put(bucket, put(3), new ByteArrayInputStream("one".getBytes(StandardCharsets.UTF_8)));
        InputStream unread = new InputStream() {
            @Override public int read() {
                throw new AssertionError("the body of a write whose condition already fails is not read");
            }
        };
        Refusal r = catchThrowableOfType(Refusal.class,
                () -> objects.put(bucket, put(3), unread, new WriteCondition(true, null, null).since(Instant.now())));
        assertThat(r.reason()).isEqualTo(Refusal.Reason.PRECONDITION_FAILED);
        assertThat(blobFiles()).isEqualTo(1);
    }
}
