package io.cosd.store.meta.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosd.domain.acl.Acl;
import io.cosd.domain.lock.LockMode;
import io.cosd.domain.lock.ObjectLock;
import io.cosd.domain.crypto.Encryption;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectChecksum;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.replication.ReplicationStatus;
import io.cosd.domain.object.StorageClass;
import io.cosd.store.meta.StoreException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps {@link ObjectVersion} to and from an {@code objects} row. Metadata and tags are JSON objects. */
final class ObjectRows {
    private static final String INSERT_COLUMNS = "bucket, key, version_id, seq, is_latest, delete_marker, size, etag, storage_class,"
            + " content_type, cache_control, content_disposition, content_encoding, content_language, expires,"
            + " user_meta, tags, replication_status, blob_id, parts_count, created_at, noncurrent_since, crc64, acl, checksum, encryption";
    /**
     * What is read back: the inserted columns (the ACL, V13, the checksum, V19, and encryption, V16, last), the
     * scrubber's damage mark (V9), never set by an insert, and the lock columns (V18), which an insert sets after the others.
     */
    static final String COLUMNS = INSERT_COLUMNS + ", damage, lock_mode, lock_until, legal_hold";
    private static final String INSERT = "INSERT INTO objects (" + INSERT_COLUMNS + ", lock_mode, lock_until, legal_hold) VALUES ("
            + String.join(", ", Collections.nCopies(29, "?")) + ")";

    /** What a row with no content headers reads back as (delete markers). */
    static final ContentHeaders NO_HEADERS = new ContentHeaders(null, null, null, null, null, null);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};

    private ObjectRows() {}

    static void insert(Connection c, ObjectVersion v) throws SQLException {
        ContentHeaders h = v.content() == null ? NO_HEADERS : v.content();
        StorageClass sc = v.storageClass() == null ? StorageClass.STANDARD : v.storageClass();
        Sql.update(c, INSERT, v.bucket(), v.key(), v.versionId(), v.seq(), v.latest(), v.deleteMarker(), v.size(),
                v.etag(), sc.name(), h.contentType(), h.cacheControl(), h.contentDisposition(), h.contentEncoding(),
                h.contentLanguage(), h.expires(), json(v.userMetadata()), json(v.tags()), v.replicationStatus() == null ? null : v.replicationStatus().name(),
                v.blobId(), v.partsCount(), millis(v.lastModified()), millis(v.noncurrentSince()), v.crc64(),
                v.acl() == null ? null : v.acl().encode(), v.checksum() == null ? null : v.checksum().encode(),
                v.encryption() == null ? null : v.encryption().encode(),
                // the version's lock, in the version's own insert (LOCK-4, V18)
                v.lock().mode() == null ? null : v.lock().mode().name(), millis(v.lock().retainUntil()), v.lock().legalHold());
    }

    /** The lock columns at the cursor (28..30 of {@link #COLUMNS}). */
    static ObjectLock lock(ResultSet rs) throws SQLException {
        String mode = rs.getString(28);
        long until = rs.getLong(29);
        boolean hold = rs.getInt(30) == 1;
        if (mode == null && !hold) return ObjectLock.NONE;
        return new ObjectLock(mode == null ? null : LockMode.valueOf(mode), mode == null ? null : Instant.ofEpochMilli(until), hold);
    }

    /** Reads the row at the cursor; the select list must be {@link #COLUMNS}. */
    static ObjectVersion read(ResultSet rs) throws SQLException {
        ContentHeaders h = new ContentHeaders(rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getString(13), rs.getString(14), rs.getString(15));
        long noncurrent = rs.getLong(22);
        Instant noncurrentSince = rs.wasNull() ? null : Instant.ofEpochMilli(noncurrent);
        long crc = rs.getLong(23);
        Long crc64 = rs.wasNull() ? null : crc;
        return ObjectVersion.builder(rs.getString(1), rs.getString(2)).versionId(rs.getString(3)).seq(rs.getLong(4))
                .latest(rs.getInt(5) == 1).deleteMarker(rs.getInt(6) == 1).size(rs.getLong(7)).etag(rs.getString(8))
                .storageClass(StorageClass.valueOf(rs.getString(9))).content(h)
                .userMetadata(map(rs.getString(16))).tags(map(rs.getString(17)))
                .replicationStatus(ReplicationStatus.fromStored(rs.getString(18))).blobId(rs.getString(19))
                .partsCount(rs.getInt(20)).lastModified(Instant.ofEpochMilli(rs.getLong(21)))
                .noncurrentSince(noncurrentSince).crc64(crc64).damage(rs.getString(27))
                .checksum(ObjectChecksum.decode(rs.getString(25)))
                .encryption(rs.getString(26) == null ? null : Encryption.decode(rs.getString(26)))
                .acl(rs.getString(24) == null ? null : Acl.decode(rs.getString(24))).lock(lock(rs)).build();
    }

    /** The draft as stored: store-assigned seq, latest, no noncurrent time. */
    static ObjectVersion asLatest(ObjectVersion d, long seq) {
        // A draft is never stored as damaged: the scrubber marks stored versions only.
        return d.toBuilder().seq(seq).latest(true)
                .storageClass(d.storageClass() == null ? StorageClass.STANDARD : d.storageClass())
                .content(d.content() == null ? NO_HEADERS : d.content()).noncurrentSince(null).damage(null).build();
    }

    /** A stored version made noncurrent at {@code since} (a replica older than the current latest). */
    static ObjectVersion asNoncurrent(ObjectVersion v, Instant since) {
        return v.toBuilder().latest(false).noncurrentSince(since).build();
    }

    static ObjectVersion marker(String bucket, String key, String versionId, long seq, Instant now) {
        return ObjectVersion.builder(bucket, key).versionId(versionId).seq(seq).latest(true).deleteMarker(true)
                .content(NO_HEADERS).lastModified(now).build();
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    static String json(Map<String, String> m) {
        // The common case (no user metadata, no tags: twice per PUT on the group-commit thread), in
        // the exact text the mapper writes for it, without the mapper (docs/performance.md
        // "The 4 KiB PUT's CPU, second pass"); map() reads it back the same way.
        if (m != null && m.isEmpty()) return "{}";
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode map", e);
        }
    }

    static Map<String, String> map(String json) {
        if (json == null || json.isEmpty() || json.equals("{}")) return Map.of(); // the common case, without a parse
        try {
            return Collections.unmodifiableMap(JSON.readValue(json, MAP));
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt JSON column: " + json, e);
        }
    }
}
