package io.cosd.api.acl;

import io.cosd.api.core.Request;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.dialect.Owners;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.route.Operation;
import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.CannedAcl;
import io.cosd.domain.acl.GrantHeaders;
import io.cosd.domain.acl.Grantee;
import io.cosd.domain.acl.ObjectOwnership;
import io.cosd.domain.acl.Permission;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.EmailAddress;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.policy.PublicAccess;
import io.cosd.service.AclService;
import io.cosd.service.PublicAccessService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The ACL a write asks for through {@code x-cos-acl}/{@code x-amz-acl} or the grant headers
 * (docs/acl.md "Canned ACLs", "Grant headers"; ACL-C1..C3, ACL-H1..H3), on CreateBucket, PutObject,
 * CopyObject, InitiateMultipartUpload, PUT {@code ?acl}, and as form fields on POST Object. Both a canned ACL and grant headers: 400 InvalidRequest, as S3.
 */
public final class AclHeaders {
    private static final Pattern CAM = Pattern.compile("qcs::cam::uin/(\\d{1,20}):uin/(\\d{1,20})");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private final AclService acls;
    /** BlockPublicAcls (POL-P6); null where no public access block is wired (tests). */
    private final PublicAccessService publicAccess;

    public AclHeaders(AclService acls) {
        this(acls, null);
    }

    public AclHeaders(AclService acls, PublicAccessService publicAccess) {
        this.acls = acls;
        this.publicAccess = publicAccess;
    }

    /**
     * POL-P6 BlockPublicAcls: an ACL granting AllUsers or AuthenticatedUsers is 403 AccessDenied and
     * nothing is stored. Every way an ACL is asked for (headers, PUT {@code ?acl} body) passes here.
     * The block read is the one of the bucket row the request was authorized against (AUTH-15); a
     * bucket being created ({@code bucket} null) has none yet.
     */
    void refuseIfPublicAndBlocked(Bucket bucket, Acl acl) {
        if (publicAccess == null || acl == null || bucket == null || !acl.isPublic()) return;
        if (PublicAccess.blocksAcl(publicAccess.effective(bucket), true)) throw ErrorCode.ACCESS_DENIED.exception();
    }

    /**
     * As {@link #refuseIfPublicAndBlocked(Bucket, Acl)} for an object's ACL in an existing bucket: COS
     * {@code default} is public when the bucket's READ grants are (ACL-C2), so it is judged by what
     * it grants now. Also at multipart completion, on the ACL chosen at initiation (ACL-E3).
     */
    public void refuseIfBlocked(Bucket bucket, Acl acl) {
        if (acl != null && acl.followsBucket()) acl = Acl.effective(acl, bucket.ownerUin(), acls.bucketAcl(bucket));
        refuseIfPublicAndBlocked(bucket, acl);
    }

    /** What the headers say. {@code present} false: no ACL header at all. COS {@code default} is {@link Acl#cosDefault}. */
    public record Asked(boolean present, Acl acl) {
        static final Asked NONE = new Asked(false, null);
    }

    /**
     * @param ownerUin       the resource's owner (a new object's writer, an existing resource's owner)
     * @param bucketOwnerUin the bucket's owner (for {@code bucket-owner-*})
     * @param forBucket      a bucket's ACL: {@code bucket-owner-*} and {@code default} are InvalidArgument (ACL-C3)
     */
    public Asked read(Request rc, String ownerUin, String bucketOwnerUin, boolean forBucket) {
        refuseUnknownGrants(headerNames(rc), "header");
        return read(rc::dialectHeader, rc.bucketName(), rc.bucket(), ownerUin, bucketOwnerUin, forBucket);
    }

    /**
     * The one reading of a canned ACL and grants, for headers and for POST Object form fields alike.
     *
     * @param value  {@code "acl"} or {@code "grant-<p>"} → the value given (either dialect's spelling), or null
     * @param bucket the bucket the resource is in, null when it is the bucket being created
     */
    private Asked read(Function<String, String> value, String bucketName, Bucket bucket, String ownerUin, String bucketOwnerUin,
                       boolean forBucket) {
        String canned = value.apply("acl");
        Map<Permission, String> grants = grants(value);
        if (canned == null && grants.isEmpty()) return Asked.NONE;
        if (canned != null && !grants.isEmpty()) {
            throw ErrorCode.INVALID_REQUEST.exception("Specifying both Canned ACLs and Header Grants is not allowed");
        }
        if (canned != null) {
            CannedAcl c = CannedAcl.parse(canned);
            if (c == null || (forBucket ? !c.forBuckets() : !c.forObjects())) throw ErrorCode.INVALID_ARGUMENT.exception("Invalid canned ACL: " + canned);
            if (c == CannedAcl.DEFAULT) {
                Acl acl = Acl.cosDefault(ownerUin); // ACL-C2: stored as such; only objects, in an existing bucket
                refuseIfBlocked(bucket, acl);
                return new Asked(true, acl);
            }
            Acl acl = c.toAcl(ownerUin, bucketOwnerUin);
            refuseIfPublicAndBlocked(bucket, acl);
            return new Asked(true, acl);
        }
        GrantHeaders.Parsed p = GrantHeaders.parse(grants, this::resolve, this::resolveEmail);
        Acl acl = new Acl(ownerUin, p.grants());
        refuseIfPublicAndBlocked(bucket, acl);
        return new Asked(true, acl);
    }

    /**
     * UB-1 for grants: an {@code x-cos-grant-*} / {@code x-amz-grant-*} name that is not one of the five cosd
     * reads ({@link GrantHeaders#SUFFIXES}: read, write, read-acp, write-acp, full-control), e.g. the typo
     * {@code x-amz-grant-write-acl}, is 400 InvalidArgument naming it, never ignored: the writer would believe it
     * granted something (docs/acl.md "Grant headers", ACL-H4). S3 documents no answer for such a header; the
     * operations that apply no ACL refuse every grant 501 before this (api/route/UnbuiltHeaders).
     *
     * @param names header or form field names, any case
     * @param what  "header" or "form field", for the message
     */
    public static void refuseUnknownGrants(Iterable<String> names, String what) {
        for (String n : names) {
            String lower = n.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("x-cos-grant-") && !lower.startsWith("x-amz-grant-")) continue;
            if (GrantHeaders.SUFFIXES.containsKey(lower.substring("x-cos-grant-".length()))) continue;
            throw ErrorCode.INVALID_ARGUMENT.exception("The " + what + " " + n + " is not a grant cosd knows: the grants are "
                    + "x-cos-grant-/x-amz-grant- followed by " + String.join(", ", GrantHeaders.SUFFIXES.keySet()) + ".");
        }
    }

    private static List<String> headerNames(Request rc) {
        return rc.headers().entries().stream().map(Map.Entry::getKey).toList();
    }

    /**
     * An ID as a grant names it (ACL-M2): a root uin, its COS CAM name {@code qcs::cam::uin/<u>:uin/<u>},
     * an S3 canonical id (resolved against every account), or COS {@code qcs::cam::anyone:anyone}
     * (AllUsers), or a sub-user's CAM name {@code qcs::cam::uin/<root>:uin/<sub>} (ACL-M6: any uin under an
     * existing account). Null for anything else.
     */
    Grantee resolve(String id) {
        if (id.equals("qcs::cam::anyone:anyone")) return Grantee.Group.ALL_USERS;
        String uin = null;
        var m = CAM.matcher(id);
        if (m.matches() && !m.group(1).equals(m.group(2))) {
            String root = m.group(1), sub = m.group(2);
            // ACL-M6: the account must exist (as for an account grant, ACL-M2), the sub-user need not: whether
            // another account has a user is never told (POL-I6); a grant to no user matches no caller.
            return acls.account(root).map(a -> (Grantee) new Grantee.SubUser(root, sub)).orElse(null);
        }
        if (m.matches()) uin = m.group(1);
        else if (id.matches("\\d{1,20}")) uin = id;
        if (uin != null) return acls.account(uin).map(a -> (Grantee) new Grantee.Account(a.rootUin())).orElse(null);
        if (HEX64.matcher(id).matches()) {
            for (Account a : acls.accounts()) {
                if (Owners.owner(Dialect.S3, a.rootUin()).id().equals(id)) return new Grantee.Account(a.rootUin());
            }
        }
        return null;
    }

    /**
     * ACL-H3: an e-mail address → the account that has it (docs/accounts.md ACC-7), compared without
     * regard to case; one no account has, or not an address at all, is 400 UnresolvableGrantByEmailAddress.
     */
    Grantee resolveEmail(String address) {
        String normalized;
        try {
            normalized = EmailAddress.normalize(address);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.UNRESOLVABLE_GRANT_BY_EMAIL_ADDRESS.exception();
        }
        return acls.accountByEmail(normalized).map(a -> (Grantee) new Grantee.Account(a.rootUin()))
                .orElseThrow(ErrorCode.UNRESOLVABLE_GRANT_BY_EMAIL_ADDRESS::exception);
    }

    /** The grant headers present, permission → value, in the fixed order (ACL-M3). */
    /** The grants given, by permission: {@code value} maps {@code "grant-<p>"} to a header's or form field's value. */
    private static Map<Permission, String> grants(Function<String, String> value) {
        Map<Permission, String> grants = new LinkedHashMap<>();
        for (var e : GrantHeaders.SUFFIXES.entrySet()) {
            String v = value.apply("grant-" + e.getKey());
            if (v != null) grants.put(e.getValue(), v);
        }
        return grants;
    }

    /** Does the request ask for an ACL at all (a canned ACL or a grant header)? */
    static boolean asksForAcl(Request rc) {
        return asksForAcl(rc::dialectHeader);
    }

    private static boolean asksForAcl(Function<String, String> value) {
        return value.apply("acl") != null || !grants(value).isEmpty();
    }

    /** ACL-O3: is the bucket's setting BucketOwnerEnforced now (ACLs disabled)? */
    public boolean aclsDisabled(Bucket bucket) {
        return !ObjectOwnership.aclsEnabled(acls.ownership().effective(bucket));
    }

    /** The account a new object belongs to (ACL-M5): the caller's, or the bucket owner's for an anonymous writer. */
    public static String writer(Principal p, Bucket bucket) {
        return switch (p) {
            case Principal.Root r -> r.account().rootUin();
            case Principal.SubUser s -> s.account().rootUin();
            case Principal.Anonymous a -> bucket.ownerUin();
        };
    }

    /**
     * A new object's own ACL from the request (ACL-C2): the one asked for; with no header, none
     * (private to the bucket owner, {@link Acl#effective}) in the COS dialect and {@code private} in the S3 dialect, as each service does.
     * Its owner is the writer's account, or the bucket owner's as the bucket's Object Ownership says (ACL-O3, ACL-O4); while ACLs are
     * disabled only none or {@code bucket-owner-full-control} may be asked for, else 400 AccessControlListNotSupported.
     */
    public Optional<Acl> forNewObject(Request rc, Bucket bucket) {
        refuseUnknownGrants(headerNames(rc), "header");
        // ACL-C5: an ACL granting beyond the owners is a PutObjectAcl too (S3 asks s3:PutObjectAcl), same facts
        return forNewObject(rc::dialectHeader, rc.dialect(), rc.principal(), bucket,
                () -> rc.authorize(Operation.PUT_OBJECT_ACL, bucket, rc.key()));
    }

    /**
     * A POST Object form's ACL (docs/post-object.md "Fields"): its {@code acl} and grant fields read exactly
     * as the PutObject headers they stand for (ACL-C1..C3, ACL-H1..H3, POL-P6, ACL-O3, ACL-O4), for the form's signer.
     *
     * @param field     {@code "acl"} or {@code "grant-<p>"} → the form's value, or null
     * @param dialect   whose default applies without an acl or grant field (ACL-C2)
     * @param aclAction authorizes the signer for PutObjectAcl on the key, with the form's facts (ACL-C5)
     */
    public Optional<Acl> forPostForm(Function<String, String> field, Dialect dialect, Principal signer, Bucket bucket, Runnable aclAction) {
        return forNewObject(field, dialect, signer, bucket, aclAction);
    }

    /** @param aclAction run when the ACL asked for grants beyond the two owners (ACL-C5); throws 403 when refused */
    private Optional<Acl> forNewObject(Function<String, String> value, Dialect dialect, Principal writer, Bucket bucket, Runnable aclAction) {
        // ACL-O3, ACL-O4: the bucket's Object Ownership decides who owns the object and which ACLs a write may ask for.
        ObjectOwnership ownership = acls.ownership().effective(bucket);
        String canned = value.apply("acl");
        CannedAcl c = CannedAcl.parse(canned);
        if (!ObjectOwnership.acceptsWriteAcl(ownership, asksForAcl(value), c)) throw ErrorCode.ACCESS_CONTROL_LIST_NOT_SUPPORTED.exception();
        String owner = ObjectOwnership.newObjectOwner(ownership, writer(writer, bucket), bucket.ownerUin(), c);
        Asked a = read(value, bucket.name(), bucket, owner, bucket.ownerUin(), false);
        if (a.acl() != null && a.acl().grantsBeyondOwners(bucket.ownerUin())) aclAction.run();
        if (a.present()) return Optional.ofNullable(a.acl());
        return dialect == Dialect.S3 ? Optional.of(Acl.ownerOnly(owner)) : Optional.empty();
    }
}
