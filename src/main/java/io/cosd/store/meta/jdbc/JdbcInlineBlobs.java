package io.cosd.store.meta.jdbc;

import io.cosd.store.blob.InlineBlobs;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@link InlineBlobs} in the table {@code inline_blobs} (V20). Staged bytes wait in memory for the
 * version write that names them ({@link #insertStaged}, called inside that write's transaction);
 * their number is bounded by the writes in flight, each by the inline threshold. Rows are deleted
 * with their version row by the V20 triggers, so no release path has to remember them.
 */
final class JdbcInlineBlobs implements InlineBlobs {
    private final Tx tx;
    private final Map<String, byte[]> staged = new ConcurrentHashMap<>();

    JdbcInlineBlobs(Tx tx) {
        this.tx = tx;
    }

    @Override
    public void stage(String blobId, byte[] data) {
        if (!InlineBlobs.isInline(blobId)) throw new IllegalArgumentException("not an inline blob id: " + blobId);
        staged.put(blobId, data);
    }

    /**
     * Before a version write that names {@code blobId} without having staged it (a version recorded
     * again over a stored inline blob: tests and tools writing the store directly; cosd itself always
     * stages): its stored bytes, so that {@link #insertStaged} can keep them even if the write removes
     * the version that named them (the V20 trigger then drops the row). Null otherwise.
     */
    byte[] storedIfUnstaged(Connection c, String blobId) throws SQLException {
        if (!InlineBlobs.isInline(blobId) || staged.containsKey(blobId)) return null;
        try (PreparedStatement ps = Sql.prepare(c, "SELECT data FROM inline_blobs WHERE blob_id = ?", blobId);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            byte[] b = rs.getBytes(1);
            return b == null ? new byte[0] : b;
        }
    }

    /**
     * In a version write's transaction: stores the staged bytes of {@code blobId} (when it is an
     * inline id) beside the row that names it. The bytes stay staged until the write has committed
     * ({@link #committed}), so a transaction run again after a serialization failure (PostgreSQL,
     * docs/scale-out.md "Transactions") stores them again; if the write fails, the writer's caller
     * deletes the id, which drops them, as for any failed write. An inline id with neither staged nor
     * stored bytes is a bug of the caller: refused, so no version names missing bytes.
     *
     * @param stored what {@link #storedIfUnstaged} returned before the write (may be null)
     */
    void insertStaged(Connection c, String blobId, byte[] stored) throws SQLException {
        if (!InlineBlobs.isInline(blobId)) return;
        byte[] data = staged.get(blobId);
        if (data == null) data = stored;
        if (data == null) throw new IllegalStateException("inline blob " + blobId + " was neither staged nor stored");
        // A conflict only when another version still names the same stored blob: the row is already there.
        Sql.update(c, "INSERT INTO inline_blobs (blob_id, data) VALUES (?, ?) ON CONFLICT (blob_id) DO NOTHING", blobId, data);
    }

    /** Whether {@code blobId} is an inline id whose bytes are staged here (a fresh id no stored row has yet). */
    boolean isStaged(String blobId) {
        return InlineBlobs.isInline(blobId) && staged.containsKey(blobId);
    }

    /** After the write that stored {@code blobId}'s staged bytes committed: they are in the table now. */
    void committed(String blobId) {
        if (InlineBlobs.isInline(blobId)) staged.remove(blobId);
    }

    /**
     * On an event loop the bytes are remembered with the rows (Tx.readRemembered, docs/performance.md
     * "The GET path"): valid while the database is unchanged, as the version row naming the id is,
     * so a GET after an overwrite or delete reads again. The array is shared: readers never write it
     * ({@link io.cosd.store.blob.InlineChannel} is read-only). On PostgreSQL the bytes {@link #size}
     * just read on this thread for the same id are handed over instead of read again.
     */
    @Override
    public byte[] read(String blobId) throws IOException {
        byte[] data = fromSize(blobId);
        if (data == null) data = tx.readRemembered("inline\0" + blobId, c -> select(c, blobId));
        if (data == null) throw new NoSuchFileException(blobId);
        return data;
    }

    private static byte[] select(Connection c, String blobId) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT data FROM inline_blobs WHERE blob_id = ?", blobId);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            byte[] b = rs.getBytes(1);
            return b == null ? new byte[0] : b;
        }
    }

    /**
     * The bytes {@link #size} read on this thread (PostgreSQL), for the read a GET makes right after
     * its size check (ST-I1): one statement instead of two (docs/scale-out.md "What a request costs
     * the database"). Sound because an inline id's bytes never change: an id is fresh per write and
     * its row is inserted once ({@code ON CONFLICT DO NOTHING}), so they are the bytes of the version
     * the request read, as if size and read had been one statement. Taken once; a size without a read
     * (HEAD) leaves at most one small array on its request's thread.
     */
    private static final ThreadLocal<Object[]> SIZED = new ThreadLocal<>();

    /**
     * The bytes come with the length only up to this size (the default inline maximum): a HEAD of a
     * larger inline object (--inline-max up to 1 MiB) reads its length alone, and its GET one more
     * statement.
     */
    static final int SIZED_MAX = 64 * 1024;

    private static byte[] fromSize(String blobId) {
        Object[] sized = SIZED.get();
        if (sized == null || !sized[0].equals(blobId)) return null;
        SIZED.remove();
        return (byte[]) sized[1];
    }

    /** ST-I1's presence and size check; on an event loop from the remembered bytes the GET then sends. */
    @Override
    public long size(String blobId) throws IOException {
        if (tx.remembers()) return read(blobId).length;
        if (tx.locksRows()) {
            SIZED.remove();
            Object[] found = tx.readOne(c -> {
                try (PreparedStatement ps = Sql.prepare(c, "SELECT length(data), CASE WHEN length(data) <= ? THEN data END"
                        + " FROM inline_blobs WHERE blob_id = ?", SIZED_MAX, blobId); ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Object[] {rs.getLong(1), rs.getBytes(2)} : null;
                }
            });
            if (found == null) throw new NoSuchFileException(blobId);
            if (found[1] != null) SIZED.set(new Object[] {blobId, found[1]});
            return (Long) found[0];
        }
        Long n = tx.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT length(data) FROM inline_blobs WHERE blob_id = ?", blobId);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        });
        if (n == null) throw new NoSuchFileException(blobId);
        return n;
    }

    /**
     * Staged bytes go at once; a stored row (normally already gone with its version) in a small
     * transaction of its own, and only while no version names it: a row lives exactly as long as a
     * version names it (ST-W3), whatever a release path after some commit believes.
     */
    @Override
    public void delete(String blobId) {
        if (staged.remove(blobId) != null) return;
        tx.write(c -> Sql.update(c, "DELETE FROM inline_blobs WHERE blob_id = ? AND NOT EXISTS (SELECT 1 FROM objects WHERE blob_id = ?)",
                blobId, blobId));
    }

    @Override
    public void forEach(Consumer<String> visitor) {
        // Ids only, read in pages so a large table is never held in one list.
        String after = "";
        while (true) {
            String from = after;
            List<String> page = tx.read(c -> {
                List<String> ids = new ArrayList<>();
                try (PreparedStatement ps = Sql.prepare(c, "SELECT blob_id FROM inline_blobs WHERE blob_id > ? ORDER BY blob_id LIMIT 1000", from);
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getString(1));
                }
                return ids;
            });
            page.forEach(visitor);
            if (page.size() < 1000) return;
            after = page.get(page.size() - 1);
        }
    }

    /** Bytes staged and not yet stored or deleted (tests: nothing leaks). */
    int stagedCount() {
        return staged.size();
    }
}
