package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.ListVersionsRequest;
import io.cosd.e2e.CrashLoopModel.Key;
import io.cosd.e2e.CrashLoopModel.Version;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads back, over HTTP, everything the crash loop wrote, right after a restart and before any new
 * write: every key with a full GET (body MD5, and the ETag and length the GET answered), every
 * version listed by ListObjectVersions with a full GET ?versionId, both listings against the GETs
 * (a listed key that 404s or whose listed ETag or size differs from its body is a failure, and so
 * is a key GET finds that the listing leaves out), and then hands what it saw to
 * {@link CrashLoopModel} to judge.
 */
final class CrashLoopVerifier {
    record Result(int objects, int versions, int landed, List<String> failures) {}

    /** What one full GET read: null md5 means 404. */
    private record Read(String md5, long bytes, String etag, String failure) {}

    private record Listed(String etag, long size, boolean marker, String versionId) {}

    /** The "MD5" of a GET that failed other than 404: no write has it, so the model reports the key too. */
    static final String UNREADABLE = "(unreadable)";

    private final int port;
    private final List<Key> keys;
    private final Path dataDir;
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    CrashLoopVerifier(int port, List<Key> keys, Path dataDir) {
        this.port = port;
        this.keys = keys;
        this.dataDir = dataDir;
    }

    /**
     * Start-up cleanup deletes every temporary file before the port opens (docs/storage.md "Start-up
     * cleanup"), so a started server's {@code tmp/} holds none.
     */
    static List<String> leftoverTemporaryFiles(Path dataDir) throws IOException {
        Path tmp = dataDir.resolve("tmp");
        if (!Files.isDirectory(tmp)) return List.of();
        // The restarted server is live: a worker's temporary file may come and go while this looks.
        return LiveDir.files(tmp).stream().map(p -> "temporary file left after restart: " + p).toList();
    }

    Result verify() throws Exception {
        int objects = 0, versions = 0;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (S3Client s3 = CrashLoopClient.s3(port)) {
            COSClient cos = CrashLoopClient.cos(port);
            try {
                Map<String, Listed> plainListed = listPlain(s3);
                Map<String, List<Listed>> versionListed = listVersions(cos);
                Map<Key, Future<Read>> current = new HashMap<>();
                Map<Key, List<Future<Read>>> perVersion = new HashMap<>();
                for (Key k : keys) {
                    current.put(k, pool.submit(() -> read(s3, k, null)));
                    if (!k.versioned) continue;
                    List<Future<Read>> reads = new ArrayList<>();
                    for (Listed l : versionListed.getOrDefault(k.name, List.of())) {
                        reads.add(l.marker() ? null : pool.submit(() -> read(s3, k, l.versionId())));
                    }
                    perVersion.put(k, reads);
                }
                Set<String> plainNames = new HashSet<>(), versionedNames = new HashSet<>();
                for (Key k : keys) {
                    Read now = current.get(k).get();
                    if (now.failure() != null) failures.add(now.failure());
                    if (!k.versioned) {
                        plainNames.add(k.name);
                        objects++;
                        if (now.failure() == null) agree(k.bucket + "/" + k.name, plainListed.get(k.name), now);
                        failures.addAll(CrashLoopModel.verifyPlain(k, now.md5()));
                        continue;
                    }
                    versionedNames.add(k.name);
                    List<Listed> listed = versionListed.getOrDefault(k.name, List.of());
                    List<Future<Read>> reads = perVersion.get(k);
                    List<Version> seen = new ArrayList<>();
                    for (int i = 0; i < listed.size(); i++) {
                        Listed l = listed.get(i);
                        if (l.marker()) {
                            seen.add(new Version(l.versionId(), null));
                            continue;
                        }
                        Read r = reads.get(i).get();
                        if (r.failure() != null) failures.add(r.failure());
                        String where = k.bucket + "/" + k.name + "?versionId=" + l.versionId();
                        if (r.md5() == null) failures.add(where + ": listed but GET answered 404");
                        else if (r.failure() == null) agree(where, l, r);
                        seen.add(new Version(l.versionId(), r.md5() == null ? "404" : r.md5()));
                        versions++;
                    }
                    failures.addAll(CrashLoopModel.verifyVersioned(k, seen, now.md5()));
                }
                for (String name : plainListed.keySet()) {
                    if (!plainNames.contains(name)) failures.add(CrashLoop.PLAIN + "/" + name + ": listed but never written");
                }
                for (String name : versionListed.keySet()) {
                    if (!versionedNames.contains(name)) failures.add(CrashLoop.VERSIONED + "/" + name + ": listed but never written");
                }
                blobFilesWithinVersions(objects(plainListed), versions);
            } finally {
                cos.shutdown();
            }
        } finally {
            pool.shutdownNow();
        }
        int landed = 0;
        for (Key k : keys) landed += k.landed;
        return new Result(objects, versions, landed, List.copyOf(failures));
    }

    private static int objects(Map<String, Listed> plainListed) { return plainListed.size(); }

    /**
     * No orphan survives start-up cleanup: every version holds at most one blob file (small ones
     * may hold none), so the files under {@code blobs/} are at most the versions the listings show.
     */
    private void blobFilesWithinVersions(int plainObjects, int versions) throws IOException {
        Path blobs = dataDir.resolve("blobs");
        if (!Files.isDirectory(blobs)) return;
        long files = LiveDir.count(blobs); // the restarted server's workers may release a blob meanwhile
        if (files > plainObjects + versions) {
            failures.add("orphans after restart: " + files + " blob files for " + plainObjects + " objects and " + versions + " versions");
        }
    }

    /** The listing and the GET agree: listed iff found, with the body's MD5 as ETag and its length as size. */
    private void agree(String where, Listed listed, Read read) {
        if (listed == null && read.md5() != null) failures.add(where + ": GET finds md5=" + read.md5() + " but the listing leaves it out");
        if (listed != null && read.md5() == null) failures.add(where + ": listed (ETag " + listed.etag() + ") but GET answered 404");
        if (listed != null && read.md5() != null && (!read.md5().equals(listed.etag()) || listed.size() != read.bytes())) {
            failures.add(where + ": listed ETag " + listed.etag() + " size " + listed.size() + ", GET read md5=" + read.md5() + " size " + read.bytes());
        }
    }

    /** A full GET of the key (or of one version), its body streamed through MD5. */
    private static Read read(S3Client s3, Key k, String versionId) {
        String where = k.bucket + "/" + k.name + (versionId != null ? "?versionId=" + versionId : "");
        try (var in = s3.getObject(b -> b.bucket(k.bucket).key(k.name).versionId(versionId))) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            long n = digest(in, md);
            String md5 = HexFormat.of().formatHex(md.digest());
            String etag = in.response().eTag() == null ? null : in.response().eTag().replace("\"", "");
            Long length = in.response().contentLength();
            String failure = null;
            if (!md5.equals(etag)) failure = where + ": GET answered ETag " + etag + " with a body of md5=" + md5 + " (" + n + " bytes)";
            else if (length != null && length != n) failure = where + ": GET answered Content-Length " + length + " and sent " + n + " bytes";
            return new Read(md5, n, etag, failure);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return new Read(null, 0, null, null);
            return new Read(UNREADABLE, 0, null, where + ": GET failed: " + e.getMessage());
        } catch (Exception e) {
            return new Read(UNREADABLE, 0, null, where + ": GET failed: " + e);
        }
    }

    private static long digest(InputStream in, MessageDigest md) throws IOException {
        byte[] b = new byte[64 << 10];
        long n = 0;
        for (int r; (r = in.read(b)) > 0; n += r) md.update(b, 0, r);
        return n;
    }

    private static Map<String, Listed> listPlain(S3Client s3) {
        Map<String, Listed> out = new HashMap<>();
        for (var page : s3.listObjectsV2Paginator(b -> b.bucket(CrashLoop.PLAIN).maxKeys(1000))) {
            for (var o : page.contents()) out.put(o.key(), new Listed(o.eTag().replace("\"", ""), o.size(), false, null));
        }
        return out;
    }

    /** Every key's versions and delete markers, newest first, as the listing orders them. */
    private static Map<String, List<Listed>> listVersions(COSClient cos) {
        Map<String, List<Listed>> out = new HashMap<>();
        var listing = cos.listVersions(new ListVersionsRequest().withBucketName(CrashLoop.VERSIONED).withMaxResults(1000));
        while (true) {
            for (var v : listing.getVersionSummaries()) {
                String etag = v.getETag() == null ? null : v.getETag().replace("\"", "");
                out.computeIfAbsent(v.getKey(), x -> new ArrayList<>()).add(new Listed(etag, v.getSize(), v.isDeleteMarker(), v.getVersionId()));
            }
            if (!listing.isTruncated()) return out;
            listing = cos.listNextBatchOfVersions(listing);
        }
    }

    static String md5(byte[] b, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(b, 0, length);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
