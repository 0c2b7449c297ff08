package io.cosd.store.blob;

import io.cosd.store.fs.OwnerOnly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Blobs as files: {@code <blobs>/ab/cd/<id>} where id is 32 random lower-case hex characters,
 * and temporary files in {@code <tmp>/} (same file system, so the final rename is atomic):
 * {@code <data>/blobs} and {@code <data>/tmp} by default, or a shared blob root ({@link BlobRoot}).
 * Ids are chosen here and validated on every call, so nothing a client sends can name a path.
 * <p>
 * With a non-zero {@link #grace} the root may be shared by other live nodes (docs/scale-out.md
 * "Shared blob root", ST-R2): start-up cleanup then removes only temporary files and unreferenced
 * blobs whose mtime is older than the grace, counted on the file system's own clock.
 */
public final class DiskBlobStore implements BlobStore {
    private static final String TMP_SUFFIX = ".tmp";

    private final Path blobs;
    private final Path tmp;
    /** Where this store's writers put their temporary files: {@link #tmp}, or its node's own directory in it. */
    private final Path ownTmp;
    private final FreeSpaceReserve reserve;
    private final Duration grace;
    /** The orphan sweep's file work: its fence's change stamps (SC-F1) and its moves into {@code swept/} and back (SC-F4). */
    private final SweepFiles sweep;
    /** The file system's clock read once ({@link #fsNow}) and the monotonic time it was read at. */
    private volatile FileTime fsNowBase;
    private volatile long fsNowNanos;
    /** Looked up once: finding a path's FileStore reads the mount table; its getUsableSpace is one statvfs. */
    private volatile FileStore fileStore;
    /** Large blob files are written with O_DIRECT ({@link DirectStage}); off in tests of the buffered path. */
    private final boolean direct;
    /** The file system refused O_DIRECT once: every later writer writes through the page cache. */
    private volatile boolean directRefused;
    private volatile DirectStage.Pool directPool;
    /** Aligned 1 MiB buffers at most, store-wide (32 MiB): more large bodies at once write buffered. */
    static final int DIRECT_BUFFERS = 32;
    /** Every channel opened with O_DIRECT passes here: tests put a file system's faults between (ST-W6). */
    volatile ChannelHook directChannels = ch -> ch;

    /** See {@link #directChannels}. */
    interface ChannelHook {
        FileChannel apply(FileChannel ch) throws IOException;
    }

    public DiskBlobStore(Path dir) {
        this(dir, FreeSpaceReserve.NONE);
    }

    /**
     * A store under {@code dir} that writes every blob through the page cache, none with O_DIRECT
     * ({@link DirectStage}): a temporary file then grows with each write, which tests watch.
     */
    public static DiskBlobStore throughPageCache(Path dir) {
        return new DiskBlobStore(dir.toAbsolutePath().resolve("blobs"), dir.toAbsolutePath().resolve("tmp"), null, FreeSpaceReserve.NONE, Duration.ZERO, false);
    }

    /** @param reserve free space kept back: {@link #create(long)} refuses writes that would eat into it */
    public DiskBlobStore(Path dir, FreeSpaceReserve reserve) {
        this(dir.toAbsolutePath().resolve("blobs"), dir.toAbsolutePath().resolve("tmp"), reserve, Duration.ZERO);
    }

    /** No node directory: every temporary file directly in {@code tmp}. */
    public DiskBlobStore(Path blobs, Path tmp, FreeSpaceReserve reserve, Duration grace) {
        this(blobs, tmp, null, reserve, grace);
    }

    /**
     * @param blobs   where {@code ab/cd/<id>} live
     * @param tmp     temporary files; must be on the same file system as {@code blobs} (atomic rename)
     * @param node    null, or this node's id: its temporary files go to {@code tmp/<node>/}, which only
     *                it writes, so its start-up cleanup empties that at once; other nodes' by the grace (ST-R2)
     * @param grace   zero: this process alone uses these directories, so start-up cleanup removes every
     *                temporary file and unreferenced blob; else only those older than this (ST-R2)
     */
    public DiskBlobStore(Path blobs, Path tmp, String node, FreeSpaceReserve reserve, Duration grace) {
        this(blobs, tmp, node, reserve, grace, true);
    }

    /** As above; {@code direct} false writes every blob through the page cache ({@code --direct-io off}, ST-W6). */
    public DiskBlobStore(Path blobs, Path tmp, String node, FreeSpaceReserve reserve, Duration grace, boolean direct) {
        this.direct = direct;
        this.reserve = reserve;
        this.blobs = blobs.toAbsolutePath();
        this.tmp = tmp.toAbsolutePath();
        if (node != null && !node.matches("[0-9a-z-]{1,64}")) throw new IllegalArgumentException("bad node id: " + node);
        this.ownTmp = node == null ? this.tmp : this.tmp.resolve(node);
        this.grace = grace;
        this.sweep = new SweepFiles(this.blobs, this::pathOf, () -> ownTmp.resolve(".mark-" + newId() + TMP_SUFFIX));
        Path dir = this.blobs;
        try {
            ensureDir(blobs);
            ensureDir(tmp);
            ensureDir(ownTmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare blob directory " + dir, e);
        }
    }

    @Override
    public Writer create() throws IOException {
        return create(-1);
    }

    /**
     * Refuses the write before any byte (or temp file) exists when the free space, less the declared
     * size, would fall under the reserve. One statvfs per write; concurrent writes may each pass and
     * together dip into the reserve, which is what the reserve is for: ENOSPC stays out of reach.
     */
    @Override
    public Writer create(long expectedSize) throws IOException {
        checkReserve(Math.max(0, expectedSize));
        String id = newId();
        Path temp = ownTmp.resolve(id + TMP_SUFFIX);
        // 0600 from creation; the rename keeps the mode (docs/storage.md "Security at rest").
        DirectStage stage = expectedSize >= DirectStage.MIN_BODY ? directStage() : null;
        FileChannel ch;
        try {
            ch = stage == null ? open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) : openDirect(temp, stage);
        } catch (IOException | RuntimeException e) {
            if (stage != null) stage.release(); // else a full disk at open would keep a pooled buffer for good
            if (e instanceof IOException io && DiskFullException.isNoSpace(io)) throw new DiskFullException("No space left on device: " + tmp, io);
            throw e;
        }
        if (stage != null && ch == null) { // the file system refused O_DIRECT: buffered from now on
            stage.release();
            stage = null;
            ch = open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        }
        return new DiskBlobWriter(this, ch, temp, id, expectedSize < 0, stage);
    }

    /** The file system refused O_DIRECT at open or at a file's first write (ST-W6): buffered from now on, logged once. */
    void refuseDirect(Exception cause) {
        if (directRefused) return;
        directRefused = true;
        org.slf4j.LoggerFactory.getLogger(DiskBlobStore.class).warn(
                "{} refused O_DIRECT ({}): blob files are written through the page cache from now on", tmp, cause.toString());
    }

    /** The pool of direct-write buffers, once the first large writer made it (tests). */
    DirectStage.Pool directPool() {
        return directPool;
    }

    private static FileChannel open(Path temp, Set<java.nio.file.OpenOption> options) throws IOException {
        return FileChannel.open(temp, options, OwnerOnly.file());
    }

    /**
     * The temporary file opened with O_DIRECT (docs/performance.md "Writing around the page cache"), or
     * null when it fails otherwise than for a full disk: the file the failed open may have created is
     * removed first and this writer writes through the page cache. Only the file system's own answer to
     * O_DIRECT (EINVAL: tmpfs on older kernels, some network file systems; EOPNOTSUPP; the JDK's
     * unsupported option) stops every later writer from trying again: a passing failure such as too
     * many open files costs this one writer its direct write, not the store for good.
     */
    private FileChannel openDirect(Path temp, DirectStage stage) throws IOException {
        try {
            return directChannels.apply(open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT)));
        } catch (UnsupportedOperationException | IOException e) {
            if (e instanceof IOException io && DiskFullException.isNoSpace(io)) throw io;
            if (refusesDirect(e)) refuseDirect(e);
            Files.deleteIfExists(temp);
            return null;
        }
    }

    private static boolean refusesDirect(Exception e) {
        String m = e.getMessage();
        return e instanceof UnsupportedOperationException
                || m != null && (m.contains("Invalid argument") || m.contains("Operation not supported"));
    }

    /**
     * A stage for a direct write, or null: direct writes off ({@link #direct} false, or refused once by
     * the file system), an alignment this code does not take, or every pooled buffer in use.
     */
    private DirectStage directStage() {
        if (!direct || directRefused) return null;
        DirectStage.Pool p = directPool;
        if (p == null) {
            synchronized (this) {
                if ((p = directPool) == null) {
                    try {
                        long align = fileStore().getBlockSize();
                        if (align < 512 || align > DirectStage.SIZE || Long.bitCount(align) != 1) {
                            directRefused = true;
                            return null;
                        }
                        directPool = p = new DirectStage.Pool((int) Math.max(4096, align), DIRECT_BUFFERS);
                    } catch (IOException | UnsupportedOperationException e) {
                        directRefused = true;
                        return null;
                    }
                }
            }
        }
        return p.take();
    }

    /**
     * For a writer of unknown size (chunked PUT, cold-tier copy), every {@link DiskBlobWriter#CHECK_BYTES}
     * written: it passed {@link #create(long)} with size 0, so without this it could write through
     * the whole reserve to ENOSPC. Writers of declared size were checked for all of it up front.
     */
    void checkInFlight() throws IOException {
        if (reserve.equals(FreeSpaceReserve.NONE)) return;
        checkReserve(0);
    }

    @Override
    public void checkFree(long bytes) throws IOException {
        checkReserve(Math.max(0, bytes));
    }

    private void checkReserve(long expectedSize) throws IOException {
        if (reserve.equals(FreeSpaceReserve.NONE) && expectedSize == 0) return; // nothing to check without a reserve or a size
        FileStore fs = fileStore();
        long free = fs.getUsableSpace(), keep = reserve.bytesFor(fs.getTotalSpace());
        if (free - expectedSize < keep) {
            throw new DiskFullException("disk full: " + free + " bytes free, " + expectedSize + " needed, "
                    + keep + " bytes reserved (--min-free-space " + reserve + ")");
        }
    }

    private FileStore fileStore() throws IOException {
        FileStore fs = fileStore;
        if (fs == null) fileStore = fs = Files.getFileStore(ownTmp);
        return fs;
    }

    @Override
    public long freeBytes() {
        try {
            return fileStore().getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public FileChannel open(String blobId) throws IOException {
        return FileChannel.open(pathOf(blobId), StandardOpenOption.READ);
    }

    @Override
    public long size(String blobId) throws IOException {
        return Files.size(pathOf(blobId));
    }

    /**
     * Idempotent. The directory is not fsynced: a delete lost to a crash leaves an unreferenced blob,
     * which the start-up orphan scan removes again.
     */
    @Override
    public void delete(String blobId) {
        try {
            Files.deleteIfExists(pathOf(blobId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + blobId, e);
        }
    }

    /**
     * Every temporary file, or with a grace only those older than it (another node may be writing the
     * rest, ST-R2); but this node's own directory, which no other process writes, at once.
     */
    @Override
    public int collectTemporary() {
        try {
            int removed = ownTmp.equals(tmp) ? 0 : collect(ownTmp, true);
            removed += collect(tmp, false);
            try (DirectoryStream<Path> nodes = Files.newDirectoryStream(tmp, p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
                for (Path other : nodes) {
                    if (!other.equals(ownTmp)) removed += collect(other, false);
                }
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + tmp, e);
        }
    }

    private int collect(Path dir, boolean all) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && (all || old(f)) && Files.deleteIfExists(f)) removed++;
            }
        }
        return removed;
    }

    /**
     * Whether an unreferenced blob may be taken for an orphan: always without a grace; with one, only
     * when its mtime is older than the grace, since on a shared root another node may have committed
     * it a moment ago and be about to commit its metadata (ST-R2). A blob that is gone counts as collectable.
     */
    @Override
    public boolean mayCollect(String blobId) {
        try {
            return old(pathOf(blobId));
        } catch (UncheckedIOException e) {
            return false; // cannot tell its age: keep it
        }
    }

    /**
     * SC-F1: a new mtime, "now" on the file system's clock ({@link #fsNow}), which also makes the
     * kernel (or the NFS server) set a new ctime. A SETATTR goes to the server on NFS, so a blob
     * another node deleted is found gone here, not in a cached lookup.
     * <p>
     * The access time is set to the same "now": {@code Files.setLastModifiedTime} leaves it as it
     * was, which costs the JDK an {@code fstat} to read it first, on the group-commit thread, once
     * per PUT (docs/performance.md "The 1 MiB PUT at c=16"). Nothing reads a blob's atime.
     */
    @Override
    public void touch(String blobId) throws IOException {
        FileTime now = FileTime.from(fsNow());
        Files.getFileAttributeView(pathOf(blobId), BasicFileAttributeView.class).setTimes(now, now, null);
    }

    // The orphan sweep's file work (SC-F1 stamps, SC-F4 moves into swept/ and back): SweepFiles.
    @Override public Object stamp(String blobId) throws IOException { return sweep.stamp(blobId); }
    @Override public Object sweepMark() throws IOException { return sweep.mark(); }
    @Override public boolean untouchedSince(String blobId, Object mark) throws IOException { return sweep.untouchedSince(blobId, mark); }
    @Override public boolean sweepAway(String blobId) throws IOException { return sweep.sweepAway(blobId); }
    @Override public void purgeSwept(String blobId) throws IOException { sweep.purge(blobId); }
    @Override public void unsweep(String blobId) throws IOException { sweep.unsweep(blobId); }
    @Override public int unsweepLeftovers() throws IOException { return sweep.unsweepLeftovers(); }

    private boolean old(Path f) {
        if (grace.isZero()) return true;
        try {
            FileTime mtime = Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS);
            return CollectRule.expired(mtime.toInstant(), fsNow(), grace);
        } catch (java.nio.file.NoSuchFileException gone) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the age of " + f, e);
        }
    }

    /**
     * "Now" on the clock that stamps the files' mtimes: the mtime of a file created here now. On NFS
     * that is the file server's clock (the server sets mtime), so nodes whose clocks differ still
     * agree on a file's age (docs/scale-out.md "Shared blob root"). Read once, then advanced by
     * this process's monotonic clock; if the probe fails, this machine's clock.
     */
    Instant fsNow() {
        FileTime base = fsNowBase;
        if (base == null) {
            Path probe = ownTmp.resolve(".now-" + newId());
            try {
                Files.write(probe, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                base = Files.getLastModifiedTime(probe);
            } catch (IOException e) {
                base = FileTime.from(Instant.now());
            } finally {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // an empty probe; a later cleanup takes it
                }
            }
            fsNowNanos = System.nanoTime();
            fsNowBase = base;
        }
        return base.toInstant().plusNanos(System.nanoTime() - fsNowNanos);
    }

    /**
     * The health check's write probe (docs/scale-out.md "Operations"): one byte into a new file in this
     * node's own temporary directory, fsynced, then deleted, so a read-only, full or unmounted root
     * (an NFS server gone away) shows here before a client's PUT finds it. Named like a temporary file,
     * so a crash in between leaves nothing start-up cleanup would not remove.
     */
    public void probeWritable() throws IOException {
        Path probe = ownTmp.resolve("health-" + newId() + TMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(probe, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.file())) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'h'}));
            ch.force(true);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** Every id, ascending (see {@link #forEach(String, String, Consumer)}). */
    @Override
    public void forEach(Consumer<String> visitor) throws IOException {
        forEach(null, null, visitor);
    }

    /**
     * Visits, in ascending order, the ids {@code from <= id < to} (null: unbounded) of files at their
     * expected place ({@code ab/cd/abcd…}, a valid id); anything else in the tree is ignored, as is a
     * valid id in another id's directory (it would break the order). Directories are read one at a time
     * and each sorted, so memory holds one directory's names: {@code ab/cd/} orders ids by their first
     * four characters, the sort within it does the rest.
     */
    @Override
    public void forEach(String from, String to, Consumer<String> visitor) throws IOException {
        for (String top : sortedNames(blobs, 2)) {
            // every id under top starts with it: id >= top, and id < top + "~" ('~' sorts after every hex digit)
            if (to != null && top.compareTo(to) >= 0) break;
            if (from != null && (top + "~").compareTo(from) < 0) continue;
            for (String second : sortedNames(blobs.resolve(top), 2)) {
                String prefix = top + second;
                for (String id : sortedNames(blobs.resolve(top).resolve(second), 32)) {
                    if (!isId(id) || !id.startsWith(prefix)) continue;
                    if (from != null && id.compareTo(from) < 0) continue;
                    if (to != null && id.compareTo(to) >= 0) continue;
                    if (Files.isRegularFile(blobs.resolve(top).resolve(second).resolve(id))) visitor.accept(id);
                }
            }
        }
    }

    /** The names of length {@code length} in {@code dir} made of lower-case hex digits, sorted; none when it is not a directory. */
    private static java.util.List<String> sortedNames(Path dir, int length) throws IOException {
        java.util.List<String> names = new java.util.ArrayList<>();
        if (!Files.isDirectory(dir)) return names;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (n.length() == length && isHex(n)) names.add(n);
            }
        }
        java.util.Collections.sort(names);
        return names;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) return false;
        }
        return true;
    }

    private static boolean lowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    /** {@code blobs/ab/cd/<id>}; rejects anything that is not a store-made id. */
    Path pathOf(String blobId) {
        if (!isId(blobId)) throw new IllegalArgumentException("invalid blob id: " + blobId);
        // One resolve of "ab/cd/abcd…" (every GET builds this path twice: ST-I1's stat and the open).
        return blobs.resolve(blobId.substring(0, 2) + '/' + blobId.substring(2, 4) + '/' + blobId);
    }

    /** 32 lower-case hex digits, without a regex matcher per call. */
    static boolean isId(String s) {
        if (s == null || s.length() != 32) return false;
        for (int i = 0; i < 32; i++) {
            if (!lowerHex(s.charAt(i))) return false;
        }
        return true;
    }

    /**
     * 128 random bits. Ids are internal file names, never shown to clients, so they need uniqueness,
     * not unpredictability: ThreadLocalRandom avoids SecureRandom's shared lock and /dev/urandom read
     * on every write (measured at ~1% of a 4 KiB PUT). CREATE_NEW in {@link #create} still refuses a
     * collision rather than overwrite.
     */
    private String newId() {
        var r = ThreadLocalRandom.current();
        String random = HexFormat.of().toHexDigits(r.nextLong()) + HexFormat.of().toHexDigits(r.nextLong());
        return fanOut() + random.substring(4);
    }

    /**
     * The first four hex digits (the fan-out directories {@code ab/cd}) are shared by about
     * {@link #IDS_PER_FAN_OUT} consecutive ids, then drawn afresh: concurrent writers then rename into
     * the same directory and share its fsync ({@link DirSync}, ST-W4), while over time blobs still
     * spread over all 65,536 directories. The other 112 bits stay random.
     */
    private String fanOut() {
        long n = idCount.getAndIncrement();
        String p = fanOutPrefix;
        if (p == null || n % IDS_PER_FAN_OUT == 0) {
            p = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt(1 << 16));
            fanOutPrefix = p;
        }
        return p;
    }

    static final int IDS_PER_FAN_OUT = 1024;
    private final java.util.concurrent.atomic.AtomicLong idCount = new java.util.concurrent.atomic.AtomicLong();
    private volatile String fanOutPrefix;
    private final DirSync dirSync = new DirSync();

    /** Makes the rename of a blob into {@code dir} durable, sharing the fsync with concurrent writers (ST-W4). */
    void syncRename(Path dir) throws IOException {
        dirSync.sync(dir);
    }

    /** Directory fsyncs made for renames so far (tests). */
    long dirFsyncs() {
        return dirSync.fsyncs();
    }

    /**
     * Creates {@code blobs/ab/cd} if missing. A new directory's entry lives in its parent, so the
     * parent is fsynced too; otherwise a crash could drop the directory with the blob inside it.
     */
    void ensureFanOut(Path leafDir) throws IOException {
        if (durableDirs.contains(leafDir)) return;
        // A directory found already there may have been made by a concurrent writer that has not
        // fsynced its parent yet, or by a process killed before it did: this process fsyncs each
        // parent once (shared with concurrent writers) before relying on a directory (ST-W4).
        Path level1 = leafDir.getParent();
        if (!durableDirs.contains(level1)) {
            if (!Files.isDirectory(level1)) createDir(level1);
            dirSync.sync(blobs);
            durableDirs.add(level1);
        }
        if (!Files.isDirectory(leafDir)) createDir(leafDir);
        dirSync.sync(level1);
        durableDirs.add(leafDir);
    }

    /** Fan-out directories whose entries in their parents this process made durable (at most 65,792). */
    private final java.util.Set<Path> durableDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static void createDir(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, OwnerOnly.dir());
        } catch (FileAlreadyExistsException raced) {
            // Another writer created it; we still fsync the parent ourselves before relying on it.
        }
    }

    static void ensureDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            OwnerOnly.createDirectories(dir);
            fsyncDir(dir.getParent());
        }
    }

    /** Makes a directory's entries (renames, new files, new sub-directories) durable. */
    static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
