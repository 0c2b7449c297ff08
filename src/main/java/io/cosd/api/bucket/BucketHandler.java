package io.cosd.api.bucket;

import io.cosd.service.ObjectLockService;
import io.cosd.api.acl.AclHeaders;
import io.cosd.domain.Refusal;
import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.ObjectOwnership;
import io.cosd.domain.bucket.Recreate;
import io.cosd.store.meta.ConfigKind;
import io.cosd.service.AclService;

import io.cosd.api.core.ContinuationTokens;
import io.cosd.api.core.Formats;
import io.cosd.api.core.Limits;
import io.cosd.api.core.Request;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.dialect.Owners;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.bucket.AzType;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.BucketListing;
import io.cosd.domain.bucket.BucketNames;
import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.Principal;
import io.cosd.service.BucketService;
import io.cosd.service.BucketTaggingService;
import io.cosd.api.route.Operation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;


/**
 * PUT/HEAD/DELETE bucket, GET service and GET ?location.
 * https://cloud.tencent.com/document/product/436/7738 (PUT Bucket), 436/8291 (GET Service)
 */
public final class BucketHandler {
    private final BucketService buckets;
    private final String region;
    private final Set<String> regionAliases;

    public BucketHandler(BucketService buckets, String region) {
        this(buckets, region, Set.of());
    }

    /** @param regionAliases other names of this deployment's region (SigV4 aliases, docs/signing.md AUTH-5) */
    public BucketHandler(BucketService buckets, String region, Set<String> regionAliases) {
        this.buckets = buckets;
        this.region = region;
        this.regionAliases = Set.copyOf(regionAliases);
    }

    /** The caller's account: a root's, or a sub-user's that its identity policy let through (POL-I5). */
    private static Account account(Request rc) {
        return switch (rc.principal()) {
            case Principal.Root r -> r.account();
            case Principal.SubUser s -> s.account();
            case Principal.Anonymous a -> throw ErrorCode.ACCESS_DENIED.exception();
        };
    }

    /** The tags of the listed bucket row (AUTH-15: never a namesake's); none when that row is gone since the listing read it. */
    private java.util.Optional<Map<String, String>> tagsOf(io.cosd.domain.bucket.Bucket b) {
        try {
            return tags.find(b);
        } catch (io.cosd.store.meta.NoSuchBucketException gone) {
            return java.util.Optional.empty();
        }
    }

    public Response listBuckets(Request rc) {
        var account = account(rc);
        var tagFilter = tagFilter(rc);
        BucketListing listing = ListBucketsParams.read(rc.query());
        var page = listing.page(buckets.list(account),
                b -> tagFilter == null || tagsOf(b).map(t -> tagFilter.getValue().equals(t.get(tagFilter.getKey()))).orElse(false));
        var entries = page.buckets().stream()
                .map(b -> new BucketWire.BucketEntry(b.name(), b.region(), Formats.ISO.format(b.createdAt()), "cos"))
                .toList();
        var owner = Owners.owner(rc.dialect(), account.rootUin()); // the same in every listing (docs/buckets.md "Owner IDs")
        // BKT-L3: COS pages with Marker/NextMarker, S3 with ContinuationToken (the next page's) and echoes Prefix.
        boolean s3 = rc.dialect() == Dialect.S3;
        var body = new BucketWire.ListAllMyBucketsResult(new BucketWire.Owner(owner.id(), owner.displayName()), entries,
                s3 ? null : rc.query().nonEmpty("marker"), s3 ? null : Boolean.toString(page.truncated()),
                !s3 && page.truncated() ? page.next() : null,
                s3 && page.truncated() ? ContinuationTokens.encode(page.next()) : null,
                s3 ? rc.query().nonEmpty("prefix") : null);
        return Response.status(200).bytes(Xml.write(body), "application/xml");
    }

    /**
     * BT-9: COS GET Service's {@code tagkey} and {@code tagvalue} keep the buckets carrying that one tag
     * (COS: "only one tag can be passed in", both required). Null when neither is given (empty counts
     * as not given: Python sends optional parameters empty); one without the other is InvalidArgument.
     */
    private static Map.Entry<String, String> tagFilter(Request rc) {
        String key = rc.query().get("tagkey"), value = rc.query().get("tagvalue");
        boolean hasKey = key != null && !key.isEmpty(), hasValue = value != null && !value.isEmpty();
        if (!hasKey && !hasValue) return null;
        if (!hasKey || !hasValue) throw ErrorCode.INVALID_ARGUMENT.exception("tagkey and tagvalue filter buckets together; give both.");
        return Map.entry(key, value);
    }

    /** ACL-C1, C3: a CreateBucket's canned ACL or grants; set once at wiring (Server). */
    private AclHeaders aclHeaders;
    private AclService acls;

    public BucketHandler withAcls(AclHeaders headers, AclService service) {
        this.aclHeaders = headers;
        this.acls = service;
        return this;
    }

    /** LOCK-1: object lock enabled at creation; set once at wiring (Server). */
    private ObjectLockService objectLock;

    public BucketHandler withObjectLock(ObjectLockService service) {
        this.objectLock = service;
        return this;
    }

    /**
     * LOCK-1: {@code x-amz-bucket-object-lock-enabled} (or x-cos-): {@code true} creates the bucket with lock
     * enabled and versioning on, which needs s3:PutBucketObjectLockConfiguration and s3:PutBucketVersioning
     * besides CreateBucket (as S3); {@code false} or absent creates a plain bucket; anything else is 400.
     */
    private boolean lockAtCreation(Request rc) {
        String v = rc.dialectHeader("bucket-object-lock-enabled");
        if (v == null || v.trim().equalsIgnoreCase("false")) return false;
        if (!v.trim().equalsIgnoreCase("true")) throw ErrorCode.INVALID_ARGUMENT.exception("x-amz-bucket-object-lock-enabled must be true or false.");
        if (objectLock == null) throw ErrorCode.NOT_IMPLEMENTED.exception();
        return true;
    }

    /** BT-6: tags given at creation; set once at wiring (Server). */
    private BucketTaggingService tags;

    public BucketHandler withTags(BucketTaggingService service) {
        this.tags = service;
        return this;
    }

    public Response create(Request rc) {
        Creation body = readBody(rc);
        AzType az = body.az();
        var account = account(rc);
        // Read before anything is created: a bad ACL, ownership, tagging header or tag creates nothing.
        ObjectOwnership ownership = objectOwnership(rc);
        Acl acl = aclHeaders == null ? null : aclHeaders.read(rc, account.rootUin(), account.rootUin(), true).acl();
        Acl asked = acl != null ? acl : Acl.ownerOnly(account.rootUin());
        if (ownership != null && !ObjectOwnership.acceptsBucketAcl(ownership, asked, account.rootUin())) {
            throw ErrorCode.INVALID_BUCKET_ACL_WITH_OBJECT_OWNERSHIP.exception(); // ACL-O5
        }
        boolean lock = lockAtCreation(rc);
        Map<String, String> initialTags = TaggingHeader.read(rc);
        if (body.tags() != null) {
            if (!initialTags.isEmpty()) {
                throw ErrorCode.INVALID_REQUEST.exception("Give the bucket's tags either in the tagging header or in CreateBucketConfiguration/Tags, not both.");
            }
            initialTags = BucketTaggingHandler.check(body.tags());
        }
        // BT-7: tagging at creation is a PutBucketTagging too, so a sub-user needs both actions; likewise an
        // ACL granting beyond the owner is a PutBucketAcl (ACL-C5) and Object Ownership a PutBucketOwnershipControls (ACL-O2)
        if (!initialTags.isEmpty()) rc.authorize(Operation.PUT_BUCKET_TAGGING, null, null);
        if (acl != null && acl.grantsBeyondOwners(account.rootUin())) rc.authorize(Operation.PUT_BUCKET_ACL, null, null);
        if (ownership != null) rc.authorize(Operation.PUT_OWNERSHIP_CONTROLS, null, null);
        if (lock) {
            rc.authorize(Operation.PUT_OBJECT_LOCK_CONFIGURATION, null, null);
            rc.authorize(Operation.PUT_BUCKET_VERSIONING, null, null);
        }
        // Tags and the ownership setting are rows of the bucket's own creating transaction (BT-6, ACL-O2):
        // a crash leaves the bucket with them or no bucket.
        Map<ConfigKind, String> configs = new EnumMap<>(ConfigKind.class);
        if (!initialTags.isEmpty()) configs.putAll(tags.atCreation(initialTags));
        if (ownership != null && acls != null) configs.putAll(acls.ownership().atCreation(ownership));
        if (lock) configs.putAll(objectLock.atCreation()); // LOCK-1: the lock row and versioning Enabled in the bucket's own transaction
        Bucket b;
        try {
            b = buckets.create(account, rc.bucketName(), region, az, configs);
        } catch (BucketNames.InvalidName e) {
            throw ErrorCode.INVALID_BUCKET_NAME.exception(BucketNameHint.message(e.name(), e.verdict(), buckets.naming(), account.appId()));
        } catch (Refusal r) {
            if (r.reason() != Refusal.Reason.BUCKET_OWNED_BY_CALLER || acls == null) throw r;
            return recreate(rc, new Recreate.Settings(asked, ownership, az, initialTags), r);
        }
        if (!initialTags.isEmpty()) tags.forget(b.name()); // a cached absence from a bucket of this name deleted before
        if (ownership != null && acls != null) acls.ownership().forget(b.name());
        if (objectLock != null) objectLock.forget(b.name()); // a cached absence from a bucket of this name deleted before
        // The ACL after the bucket: a crash in between leaves the bucket private (the default), never more
        // open than asked (ACL-O5 already refused an enforced bucket with a wider ACL).
        if (acl != null && !acl.equals(Acl.ownerOnly(account.rootUin()))) acls.putBucketAcl(b, acl);
        return Response.status(200).header("Location", "/" + b.name()).empty();
    }

    /**
     * ACC-6: the caller's account owns the bucket. S3 in us-east-1 answers 200 when the request asks
     * for nothing the bucket does not have, and changes nothing; else 409 BucketAlreadyExists. Every
     * other region and the COS dialect: 409 BucketAlreadyOwnedByYou, as before.
     */
    private Response recreate(Request rc, Recreate.Settings asked, Refusal ownedByCaller) {
        Bucket existing = buckets.find(rc.bucketName()).orElseThrow(() -> ownedByCaller);
        var has = new Recreate.Settings(acls.storedBucketAcl(existing), acls.ownership().effective(existing), existing.az(),
                tags == null ? Map.of() : tags.find(existing).orElse(Map.of()));
        return switch (Recreate.decide(rc.dialect() == Dialect.S3, region, asked, has)) {
            case UNCHANGED -> Response.status(200).header("Location", "/" + existing.name()).empty();
            case ALREADY_OWNED_BY_YOU -> throw ownedByCaller;
            case ALREADY_EXISTS -> throw ErrorCode.BUCKET_ALREADY_EXISTS.exception();
        };
    }

    /**
     * ACL-O2: {@code x-amz-object-ownership} on CreateBucket (an S3 header; COS has none), or null when
     * absent (no controls: ObjectWriter behaviour, ACL-O1). A value naming no setting is 400 InvalidArgument.
     */
    private static ObjectOwnership objectOwnership(Request rc) {
        String v = rc.header(OWNERSHIP_HEADER);
        if (v == null) return null;
        ObjectOwnership o = ObjectOwnership.parse(v);
        if (o == null) {
            throw XmlProblem.notOneOf(ErrorCode.INVALID_ARGUMENT, OWNERSHIP_HEADER, v,
                    java.util.Arrays.stream(ObjectOwnership.values()).map(ObjectOwnership::wire).toList());
        }
        return o;
    }

    private static final String OWNERSHIP_HEADER = "x-amz-object-ownership";

    /**
     * The optional CreateBucketConfiguration, read before anything is created: {@code BucketAZConfig}
     * {@code MAZ} makes a multi-AZ bucket, absent (or {@code OAZ}) a single-AZ one; any other value is
     * {@code 400 InvalidArgument} (docs/spec/protocol.md §4.4: a bad parameter value). Nothing in it is
     * silently ignored (docs/unbuilt.md): an S3 {@code LocationConstraint} must name this deployment's
     * region or one of its aliases (else {@code 400 IllegalLocationConstraintException}, as S3 answers a
     * constraint for another region), and a {@code BucketArchConfig} (OFS, a namespace cosd does not
     * build) is {@code 501 NotImplemented}. S3's {@code Tags} are the bucket's first tags (BT-6), checked
     * by the caller. An empty body is the common case (Python and Java createBucket).
     */
    private Creation readBody(Request rc) {
        byte[] body = rc.readSmallBody(Limits.MAX_XML_BODY, ErrorCode.XML_SIZE_LIMIT);
        if (new String(body, StandardCharsets.UTF_8).isBlank()) return new Creation(AzType.OAZ, null);
        var config = Xml.readCounted(body, BucketWire.CreateBucketConfiguration.class);
        String lc = config.locationConstraint() == null ? "" : config.locationConstraint().trim();
        if (!lc.isEmpty() && !lc.equals(region) && !regionAliases.contains(lc)) {
            throw ErrorCode.ILLEGAL_LOCATION_CONSTRAINT.exception("The " + lc
                    + " location constraint is incompatible for the region specific endpoint this request was sent to (" + region + ").");
        }
        if (config.archConfig() != null && !config.archConfig().isBlank()) {
            throw ErrorCode.NOT_IMPLEMENTED.exception("BucketArchConfig (" + config.archConfig().trim() + ") is not implemented: cosd has no OFS buckets.");
        }
        var tags = config.tags() == null ? null : BucketTaggingXml.tags(config.tags(), "CreateBucketConfiguration/Tags");
        if (config.azConfig() == null) return new Creation(AzType.OAZ, tags);
        return new Creation(AzType.parse(config.azConfig()).orElseThrow(() -> XmlProblem.notOneOf(ErrorCode.INVALID_ARGUMENT,
                "CreateBucketConfiguration/BucketAZConfig", config.azConfig(), List.of("MAZ", "OAZ"))), tags);
    }

    /** What a PUT Bucket body asks for: the AZ type and S3's tags (null when the body has no Tags element). */
    private record Creation(AzType az, List<Map.Entry<String, String>> tags) {}

    /**
     * {@code x-cos-bucket-az-type: MAZ} only for a multi-AZ bucket, as COS does (PUT/HEAD Bucket docs:
     * "returned only for MAZ buckets"; the Java SDK's HeadBucketResult.isMazBucket reads it). The name is
     * the COS one in both dialects: S3 has no such header, and a replication probe (REP-V9) reads
     * one name whichever signer it uses.
     */
    public Response head(Request rc) {
        return Response.status(200).header(rc.out("bucket-region"), rc.bucket().region())
                .header(AZ_TYPE_HEADER, rc.bucket().multiAz() ? AzType.MAZ.name() : null) // null: no header
                .empty();
    }

    /** The HEAD Bucket header naming a multi-AZ bucket. */
    public static final String AZ_TYPE_HEADER = AzType.HEADER;

    /**
     * DELETE Bucket. A bucket holding only incomplete multipart uploads is deleted in the S3 dialect,
     * its uploads aborted, as AWS and RGW do; COS answers {@code 409 BucketNotEmpty} ("objects,
     * versions or uploads", docs/spec/protocol.md §4.4), so the COS dialect keeps refusing (docs/buckets.md).
     */
    public Response delete(Request rc) {
        buckets.delete(rc.bucket(), rc.dialect() == Dialect.S3);
        return Response.status(204).empty();
    }

    public Response location(Request rc) {
        return Response.status(200).bytes(Xml.write(new BucketWire.LocationConstraint(rc.bucket().region())), "application/xml");
    }
}
