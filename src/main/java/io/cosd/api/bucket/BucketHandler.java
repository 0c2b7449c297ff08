package io.cosd.api.bucket;

import io.cosd.api.Formats;
import io.cosd.api.Limits;
import io.cosd.api.RequestContext;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.xml.Xml;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Principal;
import io.cosd.service.BucketService;


/**
 * PUT/HEAD/DELETE bucket, GET service and GET ?location.
 * https://cloud.tencent.com/document/product/436/7738 (PUT Bucket), 436/8291 (GET Service)
 */
public final class BucketHandler {
    private final BucketService buckets;
    private final String region;

    public BucketHandler(BucketService buckets, String region) {
        this.buckets = buckets;
        this.region = region;
    }

    public Response listBuckets(RequestContext rc) {
        var account = ((Principal.Root) rc.principal).account();
        var entries = buckets.list(account).stream()
                .map(b -> new BucketWire.BucketEntry(b.name(), b.region(), Formats.ISO.format(b.createdAt()), "cos"))
                .toList();
        String owner = rc.principal.camName();
        var body = new BucketWire.ListAllMyBucketsResult(new BucketWire.Owner(owner, account.rootUin()), entries, null, "false");
        return Response.status(200).bytes(Xml.write(body), "application/xml");
    }

    public Response create(RequestContext rc) {
        // An optional CreateBucketConfiguration (MAZ/OFS, S3 LocationConstraint) is read and ignored:
        // a deployment serves one region.
        rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.XML_SIZE_LIMIT);
        var account = ((Principal.Root) rc.principal).account();
        Bucket b = buckets.create(account, rc.bucketName(), region);
        return Response.status(200).header("Location", "/" + b.name()).empty();
    }

    public Response head(RequestContext rc) {
        return Response.status(200).header(rc.out("bucket-region"), rc.bucket.region()).empty();
    }

    public Response delete(RequestContext rc) {
        buckets.delete(rc.bucket.name());
        return Response.status(204).empty();
    }

    public Response location(RequestContext rc) {
        return Response.status(200).bytes(Xml.write(new BucketWire.LocationConstraint(rc.bucket.region())), "application/xml");
    }
}
