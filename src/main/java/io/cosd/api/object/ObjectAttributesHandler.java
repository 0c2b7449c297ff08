package io.cosd.api.object;

import io.cosd.api.core.Formats;
import io.cosd.api.core.Request;
import io.cosd.api.http.Response;
import io.cosd.api.route.Operation;
import io.cosd.api.xml.Xml;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.UploadedPart;
import io.cosd.service.ObjectService;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code GET /<key>?attributes[&versionId=]}: S3's GetObjectAttributes (docs/object-attributes.md,
 * OBJ-A1..A6). Answers from the version's metadata only, never its bytes.
 */
public final class ObjectAttributesHandler {
    /** ListParts' cap, which S3 applies to {@code x-amz-max-parts} too. */
    static final int MAX_PARTS = 1000;

    private final ObjectService objects;
    private final SseHeaders sse;

    public ObjectAttributesHandler(ObjectService objects) {
        this(objects, SseHeaders.DEFAULT);
    }

    /** @param sse the SSE-C key rule (SSE-8): an SSE-C object's attributes need its key, as on S3 */
    public ObjectAttributesHandler(ObjectService objects, SseHeaders sse) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.sse = Objects.requireNonNull(sse, "sse");
    }

    public Response get(Request rc) {
        ObjectHandler.drainEmpty(rc);
        // OBJ-A1, A4: a bad request is refused before anything is looked up.
        Set<ObjectAttributesWire.Attribute> asked = ObjectAttributesWire.parse(joined(rc, rc.out("object-attributes")));
        int maxParts = ObjectAttributesWire.intHeader(rc.header(rc.out("max-parts")), "max-parts", MAX_PARTS, MAX_PARTS);
        int marker = ObjectAttributesWire.intHeader(rc.header(rc.out("part-number-marker")), "part-number-marker", 0, Integer.MAX_VALUE);
        String versionId = rc.query().get("versionId");
        boolean byId = versionId != null && !versionId.isEmpty();
        // OBJ-A5: the attributes are a read of the object, so S3 also asks for s3:GetObject(Version)
        // besides s3:GetObject(Version)Attributes (checked before dispatch).
        rc.authorize(Operation.GET_OBJECT, rc.bucket(), rc.key(), byId ? versionId : null);
        byte[] customerKey = sse.customerKey(rc, false);
        ObjectVersion v = version(rc, versionId);
        objects.sse().open(v.encryption(), customerKey); // SSE-8: an SSE-C object's attributes need its key

        String etag = asked.contains(ObjectAttributesWire.Attribute.ETag) ? unquoted(v.etag()) : null;
        ObjectAttributesWire.ObjectParts parts = asked.contains(ObjectAttributesWire.Attribute.ObjectParts) ? parts(rc.bucket(), v, maxParts, marker) : null;
        String storageClass = asked.contains(ObjectAttributesWire.Attribute.StorageClass) ? v.storageClass().name() : null;
        Long size = asked.contains(ObjectAttributesWire.Attribute.ObjectSize) ? v.size() : null;
        // OBJ-K4: the stored checksum with its type; none when the version has none.
        var checksum = asked.contains(ObjectAttributesWire.Attribute.Checksum) ? ChecksumWire.Values.of(v.checksum(), true) : null;
        var b = Response.status(200).header("Last-Modified", Formats.HTTP_DATE.format(v.lastModified()));
        if (!ObjectVersion.NULL_VERSION.equals(v.versionId())) b.header(rc.out("version-id"), v.versionId());
        return b.bytes(Xml.write(new ObjectAttributesWire.Response(etag, checksum, parts, storageClass, size)), "application/xml");
    }

    /**
     * OBJ-A3: a multipart version's parts, from the part numbers and sizes stored at completion, one
     * page after {@code marker}; a simple object has no ObjectParts element (null).
     */
    private ObjectAttributesWire.ObjectParts parts(io.cosd.domain.bucket.Bucket bucket, ObjectVersion v, int maxParts, int marker) {
        if (v.partsCount() == 0) return null;
        List<UploadedPart> all = objects.parts(bucket, v).orElse(List.of()); // AUTH-15
        List<UploadedPart> after = all.stream().filter(p -> p.partNumber() > marker).toList();
        List<UploadedPart> page = after.subList(0, Math.min(maxParts, after.size()));
        boolean truncated = page.size() < after.size();
        int next = page.isEmpty() ? marker : page.get(page.size() - 1).partNumber();
        return new ObjectAttributesWire.ObjectParts(v.partsCount(), marker, next, maxParts, truncated,
                page.isEmpty() ? null : page.stream().map(p -> new ObjectAttributesWire.Part(p.partNumber(),
                        ChecksumWire.Values.of(p.checksum(), false), p.size())).toList());
    }

    /**
     * OBJ-A6: the version asked for, as GET resolves it (VER-G1..G4): a current delete marker is 404
     * NoSuchKey with {@code delete-marker: true}; a marker named by id 405 on S3 (404 on COS); then
     * ACL-E4 on the version served, for both actions.
     */
    private ObjectVersion version(Request rc, String versionId) {
        return ObjectHandler.served(objects, rc, versionId, v -> {
            rc.authorizeServed(rc.operation(), rc.bucket(), rc.key(), null, v);
            rc.authorizeServed(Operation.GET_OBJECT, rc.bucket(), rc.key(), null, v);
        });
    }

    /**
     * Every value of a list header joined by commas: the AWS SDK v2 sends one header per attribute, and
     * SigV4 signs exactly this join (AUTH-3c, SignedCoverage.JOINED_LISTS); null when absent.
     */
    static String joined(Request rc, String name) {
        List<String> all = rc.headers().all(name);
        return all == null || all.isEmpty() ? null : String.join(",", all);
    }

    /** OBJ-A2: S3 gives the ETag here without the quotes its ETag header carries. */
    static String unquoted(String etag) {
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }
}
