package io.cosd.api.object;

import io.cosd.api.core.ContinuationTokens;
import io.cosd.api.core.Formats;
import io.cosd.api.core.Request;
import io.cosd.api.dialect.Owners;
import io.cosd.domain.signing.UriCodec;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.xml.Xml;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.service.ListingService;
import io.cosd.service.ObjectService;
import io.cosd.api.dialect.Dialect;
import io.cosd.domain.bucket.VersioningState;

import java.util.List;

/**
 * GET bucket (ListObjects v1 with marker, v2 with continuation-token/start-after).
 * https://cloud.tencent.com/document/product/436/7734
 */
public final class ListHandler {
    private final ListingService listing;

    public ListHandler(ListingService listing) { this.listing = listing; }

    public Response listV1(Request rc) {
        ObjectHandler.drainEmpty(rc);
        var q = rc.query();
        boolean url = encodingType(rc);
        int max = maxKeys(q.get("max-keys"));
        String prefix = orEmpty(q.get("prefix")), delimiter = q.nonEmpty("delimiter"), marker = orEmpty(q.get("marker"));
        var page = listing.list(rc.bucket().name(), rc.bucket().incarnation(), prefix, delimiter, marker, max);
        var body = new ObjectWire.ListBucketResult(rc.bucket().name(), url ? "url" : null, enc(prefix, url), enc(marker, url), max,
                delimiter, Boolean.toString(page.truncated()), page.truncated() ? enc(page.next(), url) : null,
                prefixes(page, url), contents(rc, page.objects(), url, true));
        return Response.status(200).bytes(Xml.write(body), "application/xml");
    }

    public Response listV2(Request rc) {
        ObjectHandler.drainEmpty(rc);
        var q = rc.query();
        boolean url = encodingType(rc);
        int max = maxKeys(q.get("max-keys"));
        String prefix = orEmpty(q.get("prefix")), delimiter = q.nonEmpty("delimiter");
        // An empty continuation-token is no token, and is echoed as sent (S3 answers <ContinuationToken/>).
        String sentToken = q.get("continuation-token"), startAfter = q.nonEmpty("start-after");
        String token = sentToken == null || sentToken.isEmpty() ? null : sentToken;
        String after = token != null ? ContinuationTokens.decode(token) : startAfter;
        // ListObjectsV2 names each object's owner only when asked (fetch-owner=true), as S3 does; v1 always.
        boolean fetchOwner = "true".equalsIgnoreCase(q.get("fetch-owner"));
        var page = listing.list(rc.bucket().name(), rc.bucket().incarnation(), prefix, delimiter, after, max);
        String next = page.truncated() ? ContinuationTokens.encode(page.next()) : null;
        var body = new ObjectWire.ListBucketResultV2(rc.bucket().name(), url ? "url" : null, enc(prefix, url), enc(startAfter, url),
                sentToken, next, page.objects().size() + page.commonPrefixes().size(), max, delimiter,
                Boolean.toString(page.truncated()), prefixes(page, url), contents(rc, page.objects(), url, fetchOwner));
        return Response.status(200).bytes(Xml.write(body), "application/xml");
    }

    /** GET ?versions (VER-L1..L9): versions and delete markers, keys ascending, newest first per key. */
    public Response listVersions(Request rc) {
        ObjectHandler.drainEmpty(rc);
        var q = rc.query();
        boolean url = encodingType(rc);
        int max = maxKeys(q.get("max-keys"));
        String prefix = orEmpty(q.get("prefix")), delimiter = q.nonEmpty("delimiter");
        String keyMarker = orEmpty(q.get("key-marker")), versionIdMarker = orEmpty(q.get("version-id-marker"));
        if (!versionIdMarker.isEmpty()) {
            if (keyMarker.isEmpty()) throw ErrorCode.INVALID_ARGUMENT.exception("A version-id marker cannot be specified without a key marker.");
            ObjectService.checkVersionId(versionIdMarker);
        }
        var page = listing.listVersions(rc.bucket().name(), rc.bucket().incarnation(), prefix, delimiter, keyMarker, versionIdMarker, max);
        // VER-L5: COS shows a never-versioned bucket's versions with an empty id, S3 with "null".
        boolean blankNull = rc.bucket().versioning() == VersioningState.UNVERSIONED && rc.dialect() == Dialect.COS;
        var head = new VersionsXml.Head(rc.bucket().name(), url, prefix, keyMarker, versionIdMarker, max, delimiter,
                page.truncated(), page.next(), blankNull && ObjectVersion.NULL_VERSION.equals(page.nextVersionId()) ? "" : page.nextVersionId());
        byte[] xml = VersionsXml.write(head, page.objects(), page.commonPrefixes(), Owners.owner(rc.dialect(), rc.bucket().ownerUin()),
                id -> blankNull && ObjectVersion.NULL_VERSION.equals(id) ? "" : id, s -> enc(s, url));
        return Response.status(200).bytes(xml, "application/xml");
    }

    private static List<ObjectWire.CommonPrefix> prefixes(ListingService.Page page, boolean url) {
        return page.commonPrefixes().stream().map(p -> new ObjectWire.CommonPrefix(enc(p, url))).toList();
    }

    private static List<ObjectWire.Contents> contents(Request rc, List<ObjectVersion> objects, boolean url, boolean withOwner) {
        var o = Owners.owner(rc.dialect(), rc.bucket().ownerUin()); // the same in every listing (docs/buckets.md "Owner IDs")
        var owner = withOwner ? new ObjectWire.Owner(o.id(), o.displayName()) : null;
        return objects.stream().map(v -> new ObjectWire.Contents(enc(v.key(), url), Formats.ISO.format(v.lastModified()), v.etag(),
                v.size(), owner, v.storageClass().name(),
                // the stored additional checksum's algorithm and type, as S3 lists them (docs/checksums.md)
                v.checksum() == null ? null : v.checksum().algorithm().name(),
                v.checksum() == null ? null : v.checksum().type().name())).toList();
    }

    private static boolean encodingType(Request rc) {
        String e = rc.query().nonEmpty("encoding-type");
        if (e == null) return false;
        if (!e.equalsIgnoreCase("url")) throw ErrorCode.INVALID_ARGUMENT.exception("Invalid Encoding Method specified in Request");
        return true;
    }

    static int maxKeys(String v) {
        if (v == null || v.isEmpty()) return 1000;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) throw ErrorCode.INVALID_ARGUMENT.exception("max-keys must be non-negative");
            return Math.min(n, 1000);
        } catch (NumberFormatException e) {
            throw ErrorCode.INVALID_ARGUMENT.exception("max-keys must be an integer");
        }
    }

    private static String orEmpty(String s) { return s == null ? "" : s; }

    /**
     * {@code encoding-type=url}: RFC 3986 percent-encoding of UTF-8 with space as %20 and '+' as %2B
     * (never '+'), '/' kept; Python's unquote and Java's URLDecoder then agree (docs/spec/protocol.md §3.4).
     */
    static String enc(String s, boolean url) {
        return s == null || !url ? s : UriCodec.encode(s, true);
    }
}
