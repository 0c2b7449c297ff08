package io.cosd.store.meta.jdbc;

import io.cosd.domain.acl.Acl;
import io.cosd.domain.lock.ObjectLock;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ChecksumAlgorithm;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectChecksum;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.UploadedPart;
import io.cosd.store.meta.NoSuchBucketException;
import io.cosd.store.meta.ObjectRepository;
import io.cosd.store.meta.ReplicationOutbox;
import io.cosd.store.meta.UploadRepository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Uploads in {@code multipart_uploads}, their parts in {@code upload_parts}, completed objects' parts
 * in {@code object_parts}. Completion moves part rows from {@code upload_parts} to {@code object_parts}
 * inside the object write transaction: its cost grows with the part count, never with the size.
 */
final class JdbcUploadRepository implements UploadRepository {
    private static final String COLUMNS = "upload_id, bucket, key, initiated_at, storage_class, content_type,"
            + " cache_control, content_disposition, content_encoding, content_language, expires, user_meta, tags,"
            + " initiator_uin, acl, checksum_algorithm, checksum_type, object_lock, encryption";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM multipart_uploads";

    private final Tx tx;

    JdbcUploadRepository(Tx tx) {
        this.tx = tx;
    }

    @Override
    public void create(MultipartUpload u, long incarnation) {
        ContentHeaders h = u.content() == null ? ObjectRows.NO_HEADERS : u.content();
        tx.write(WriteScope.bucket(u.bucket()), c -> {
            if (!JdbcBucketRepository.exists(c, "SELECT 1 FROM buckets WHERE name = ? AND " + JdbcBucketRepository.OF_INCARNATION,
                    u.bucket(), incarnation, incarnation)) {
                // deleted since the request looked it up, or a namesake created since it was authorized (AUTH-13)
                throw new NoSuchBucketException(u.bucket());
            }
            return Sql.update(c, "INSERT INTO multipart_uploads (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    u.uploadId(), u.bucket(), u.key(), u.initiated().toEpochMilli(), u.storageClass().name(),
                    h.contentType(), h.cacheControl(), h.contentDisposition(), h.contentEncoding(), h.contentLanguage(),
                    h.expires(), ObjectRows.json(u.userMetadata()), ObjectRows.json(u.tags()), u.initiatorUin(),
                    u.acl() == null ? null : u.acl().encode(),
                    u.checksumAlgorithm() == null ? null : u.checksumAlgorithm().name(),
                    u.checksumType() == null ? null : u.checksumType().name(), u.lock().encode(),
                    u.encryption() == null ? null : u.encryption().encode());
        });
    }

    @Override
    public Optional<MultipartUpload> find(String bucket, String key, String uploadId) {
        return tx.read(c -> find(c, bucket, key, uploadId));
    }

    @Override
    public Optional<MultipartUpload> find(String bucket, String key, String uploadId, long incarnation) {
        if (incarnation == io.cosd.domain.bucket.Bucket.ANY_INCARNATION) return find(bucket, key, uploadId);
        return tx.read(c -> {
            Optional<MultipartUpload> u;
            try (PreparedStatement ps = Sql.prepare(c, SELECT + " WHERE upload_id = ? AND bucket = ? AND key = ?" + ObjectReads.OF_BUCKET,
                    uploadId, bucket, key, bucket, incarnation); ResultSet rs = ps.executeQuery()) {
                u = rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
            if (u.isEmpty()) Incarnations.require(c, bucket, incarnation); // AUTH-15: a miss may be a namesake's
            return u;
        });
    }

    @Override
    public PutPartOutcome putPart(String bucket, String key, String uploadId, UploadedPart p) {
        return tx.writeBatched(WriteScope.upload(uploadId), c -> {
            // Inside the write transaction: an abort or completion either committed before (the
            // upload is gone and nothing is written) or runs after (and then sees this part).
            if (find(c, bucket, key, uploadId).isEmpty()) return new PutPartOutcome(false, List.of());
            List<String> released = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT blob_id FROM upload_parts WHERE upload_id = ? AND part_number = ?",
                    uploadId, p.partNumber()); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) released.add(rs.getString(1));
            }
            Sql.update(c, "DELETE FROM upload_parts WHERE upload_id = ? AND part_number = ?", uploadId, p.partNumber());
            Sql.update(c, "INSERT INTO upload_parts (upload_id, part_number, size, etag, blob_id, created_at, crc64, checksum)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", uploadId, p.partNumber(), p.size(), p.etag(), p.blobId(),
                    p.lastModified().toEpochMilli(), p.crc64(), checksum(p));
            tx.fence().admit(c, p.blobId()); // SC-F1: UploadPart and UploadPartCopy name a new blob
            return new PutPartOutcome(true, List.copyOf(released));
        });
    }

    @Override
    public List<UploadedPart> listParts(String uploadId, int afterPartNumber, int limit) {
        if (limit <= 0) return List.of();
        return tx.read(c -> {
            List<UploadedPart> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT part_number, size, etag, blob_id, created_at, crc64, checksum FROM upload_parts"
                    + " WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?", uploadId, afterPartNumber, limit);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new UploadedPart(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), nullableLong(rs, 6), ObjectChecksum.decode(rs.getString(7))));
                }
            }
            return out;
        });
    }

    @Override
    public List<MultipartUpload> list(String bucket, String prefix, String afterKey, String afterUploadId, int limit, long incarnation) {
        if (limit <= 0) return List.of();
        String p = prefix == null ? "" : prefix;
        String upper = KeyOrder.prefixUpperBound(p);
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE bucket = ? AND key >= ?");
        List<Object> args = new ArrayList<>(List.of(bucket, p));
        if (upper != null) {
            sql.append(" AND key < ?");
            args.add(upper);
        }
        if (afterKey != null) {
            if (afterUploadId == null) {
                sql.append(" AND key > ?");
                args.add(afterKey);
            } else {
                sql.append(" AND (key > ? OR (key = ? AND upload_id > ?))");
                args.addAll(List.of(afterKey, afterKey, afterUploadId));
            }
        }
        if (incarnation != io.cosd.domain.bucket.Bucket.ANY_INCARNATION) { // AUTH-15: in the same statement as the rows
            sql.append(ObjectReads.OF_BUCKET);
            args.addAll(List.of(bucket, incarnation));
        }
        sql.append(" ORDER BY key, upload_id LIMIT ?");
        args.add(limit);
        return tx.read(c -> {
            List<MultipartUpload> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, sql.toString(), args.toArray()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            if (out.isEmpty()) Incarnations.require(c, bucket, incarnation); // an empty page may be a namesake's
            return out;
        });
    }

    @Override
    public Optional<List<String>> abort(String bucket, String key, String uploadId) {
        return tx.write(WriteScope.upload(uploadId), c -> {
            if (find(c, bucket, key, uploadId).isEmpty()) return Optional.empty();
            List<String> released = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT blob_id FROM upload_parts WHERE upload_id = ? ORDER BY part_number",
                    uploadId); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) released.add(rs.getString(1));
            }
            removeUpload(c, uploadId);
            return Optional.of(List.copyOf(released));
        });
    }

    @Override
    public CompleteOutcome complete(String uploadId, List<UploadedPart> parts, ObjectVersion draft, VersioningState mode,
                                    ReplicationOutbox.Request replicate, io.cosd.domain.object.WriteCondition condition,
                                    long bucketIncarnation) {
        if (parts.isEmpty()) throw new IllegalArgumentException("a completion needs at least one part");
        if (draft.blobId() != null || draft.partsCount() != parts.size()) {
            throw new IllegalArgumentException("a multipart version has no blob id and partsCount = number of parts");
        }
        return tx.writeBatched(WriteScope.bucket(draft.bucket()).andUpload(uploadId).andOutbox(replicate != null), c -> {
            if (find(c, draft.bucket(), draft.key(), uploadId).isEmpty()) {
                return new CompleteOutcome(CompleteStatus.NO_SUCH_UPLOAD, null, List.of());
            }
            Map<Integer, String> current = new HashMap<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT part_number, blob_id FROM upload_parts WHERE upload_id = ?", uploadId);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) current.put(rs.getInt(1), rs.getString(2));
            }
            for (UploadedPart p : parts) {
                if (!p.blobId().equals(current.get(p.partNumber()))) {
                    return new CompleteOutcome(CompleteStatus.PARTS_CHANGED, null, List.of());
                }
            }
            ObjectRepository.PutOutcome put = JdbcObjectRepository.putIn(c, draft, mode, replicate, condition, bucketIncarnation);
            ObjectVersion v = put.stored();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO object_parts (bucket, key, version_id, part_number,"
                    + " blob_id, size, etag, crc64, checksum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (UploadedPart p : parts) {
                    Sql.bind(ps, v.bucket(), v.key(), v.versionId(), p.partNumber(), p.blobId(), p.size(), p.etag(), p.crc64(), checksum(p));
                    ps.addBatch();
                    current.remove(p.partNumber());
                }
                ps.executeBatch();
            }
            removeUpload(c, uploadId);
            remember(c, uploadId, v);
            List<String> released = new ArrayList<>(put.releasedBlobs());
            released.addAll(current.values()); // uploaded but not listed in the completion
            return new CompleteOutcome(CompleteStatus.COMPLETED, v, List.copyOf(released));
        });
    }

    @Override
    public Optional<List<UploadedPart>> objectParts(String bucket, String key, String versionId, long seq, long incarnation) {
        boolean scoped = incarnation != io.cosd.domain.bucket.Bucket.ANY_INCARNATION;
        return tx.read(c -> {
            String sql = "SELECT 1 FROM objects WHERE bucket = ? AND key = ? AND version_id = ? AND seq = ?";
            boolean there = scoped
                    ? JdbcBucketRepository.exists(c, sql + ObjectReads.OF_BUCKET, bucket, key, versionId, seq, bucket, incarnation)
                    : JdbcBucketRepository.exists(c, sql, bucket, key, versionId, seq);
            if (!there) {
                Incarnations.require(c, bucket, incarnation); // AUTH-15: a miss may be a namesake's (skipped unscoped)
                return Optional.empty();
            }
            List<UploadedPart> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT part_number, size, etag, blob_id, crc64, checksum FROM object_parts"
                    + " WHERE bucket = ? AND key = ? AND version_id = ? ORDER BY part_number", bucket, key, versionId);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new UploadedPart(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getString(4), null,
                        nullableLong(rs, 5), ObjectChecksum.decode(rs.getString(6))));
            }
            return Optional.of(out);
        });
    }

    @Override
    public Optional<Completed> completed(String bucket, String key, String uploadId) {
        return tx.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT version_id, seq, completed_at FROM completed_uploads"
                    + " WHERE upload_id = ? AND bucket = ? AND key = ?", uploadId, bucket, key); ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Completed(uploadId, bucket, key, rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))))
                        : Optional.empty();
            }
        });
    }

    /** Most completions prune a few expired rows; bounded so that no completion pays for a backlog. */
    private static final int PRUNE_BATCH = 16;

    private static void remember(Connection c, String uploadId, ObjectVersion v) throws SQLException {
        long now = v.lastModified().toEpochMilli();
        Sql.update(c, "DELETE FROM completed_uploads WHERE upload_id IN (SELECT upload_id FROM completed_uploads"
                + " WHERE completed_at < ? ORDER BY completed_at LIMIT ?)", now - COMPLETION_RETENTION.toMillis(), PRUNE_BATCH);
        Sql.update(c, "INSERT INTO completed_uploads (upload_id, bucket, key, version_id, seq, completed_at) VALUES (?, ?, ?, ?, ?, ?)",
                uploadId, v.bucket(), v.key(), v.versionId(), v.seq(), now);
    }

    private static String checksum(UploadedPart p) {
        return p.checksum() == null ? null : p.checksum().encode();
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static void removeUpload(Connection c, String uploadId) throws SQLException {
        Sql.update(c, "DELETE FROM upload_parts WHERE upload_id = ?", uploadId);
        Sql.update(c, "DELETE FROM multipart_uploads WHERE upload_id = ?", uploadId);
    }

    private static Optional<MultipartUpload> find(Connection c, String bucket, String key, String uploadId) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, SELECT + " WHERE upload_id = ? AND bucket = ? AND key = ?", uploadId, bucket, key);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static MultipartUpload read(ResultSet rs) throws SQLException {
        ContentHeaders h = new ContentHeaders(rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11));
        return new MultipartUpload(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                StorageClass.valueOf(rs.getString(5)), h, ObjectRows.map(rs.getString(12)), ObjectRows.map(rs.getString(13)),
                rs.getString(14), rs.getString(15) == null ? null : Acl.decode(rs.getString(15)),
                rs.getString(16) == null ? null : ChecksumAlgorithm.valueOf(rs.getString(16)),
                rs.getString(17) == null ? null : ObjectChecksum.Type.valueOf(rs.getString(17)),
                ObjectLock.decode(rs.getString(18)),
                rs.getString(19) == null ? null : io.cosd.domain.crypto.Encryption.decode(rs.getString(19)));
    }
}
