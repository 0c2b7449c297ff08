package io.cosd.domain.acl;

/**
 * S3 Object Ownership (docs/acl.md "Object Ownership", ACL-O1..O5), pure. A bucket without
 * ownership controls behaves as {@link #OBJECT_WRITER} (ACL-O1), as before the feature existed.
 */
public enum ObjectOwnership {
    /** ACLs are disabled: the bucket owner owns every object and only policies decide (ACL-O3). */
    BUCKET_OWNER_ENFORCED("BucketOwnerEnforced"),
    /** An object written with {@code bucket-owner-full-control} becomes the bucket owner's (ACL-O4). */
    BUCKET_OWNER_PREFERRED("BucketOwnerPreferred"),
    /** The writer owns what it writes; ACLs decide as ACL-E1 says. */
    OBJECT_WRITER("ObjectWriter");

    private final String wire;

    ObjectOwnership(String wire) { this.wire = wire; }

    /** The name on the wire and in the stored configuration row. */
    public String wire() { return wire; }

    /** The setting a value names exactly, or null (the APIs spell them in this one case). */
    public static ObjectOwnership parse(String value) {
        if (value == null) return null;
        for (ObjectOwnership o : values()) if (o.wire.equals(value.trim())) return o;
        return null;
    }

    /** Are ACLs in force? Null (no controls) is ObjectWriter (ACL-O1). */
    public static boolean aclsEnabled(ObjectOwnership o) {
        return o != BUCKET_OWNER_ENFORCED;
    }

    /**
     * The ACL in force for a bucket or an object version (ACL-O3): under BucketOwnerEnforced the bucket
     * owner's FULL_CONTROL whatever is stored (kept, and in force again if ACLs are re-enabled), so no
     * ACL grant reaches anyone but the bucket owner, who is allowed anyway; otherwise the stored one.
     */
    public static Acl inForce(ObjectOwnership o, Acl stored, String bucketOwnerUin) {
        if (aclsEnabled(o)) return stored;
        return Acl.ownerOnly(bucketOwnerUin);
    }

    /**
     * May a write under {@code o} carry this ACL request (ACL-O3)? Under BucketOwnerEnforced only none
     * or {@code bucket-owner-full-control}; anything else is 400 AccessControlListNotSupported.
     *
     * @param present whether the request asks for an ACL at all (a canned ACL or grant headers)
     * @param canned  the canned ACL asked for, null when none or when grant headers are used
     */
    public static boolean acceptsWriteAcl(ObjectOwnership o, boolean present, CannedAcl canned) {
        if (aclsEnabled(o)) return true;
        return !present || canned == CannedAcl.BUCKET_OWNER_FULL_CONTROL;
    }

    /**
     * Who owns a new object (ACL-M5, ACL-O3, ACL-O4): the bucket owner under BucketOwnerEnforced, and
     * under BucketOwnerPreferred when the writer asked for {@code bucket-owner-full-control};
     * otherwise the writer.
     */
    public static String newObjectOwner(ObjectOwnership o, String writerUin, String bucketOwnerUin, CannedAcl canned) {
        if (o == BUCKET_OWNER_ENFORCED) return bucketOwnerUin;
        if (o == BUCKET_OWNER_PREFERRED && canned == CannedAcl.BUCKET_OWNER_FULL_CONTROL) return bucketOwnerUin;
        return writerUin;
    }

    /**
     * The ACL a new version is committed with (ACL-O6), given the setting read again at the commit: a write
     * authorized, or an upload initiated, before ACLs were disabled must not store an ACL chosen while they were
     * on. Under BucketOwnerEnforced the object is the bucket owner's: no ACL of its own stays none, any other
     * becomes the bucket owner's FULL_CONTROL (wider grants asked for earlier are dropped). Otherwise as asked.
     *
     * @param asked the ACL chosen when the write was accepted (or at initiation), null for none
     */
    public static Acl atCommit(ObjectOwnership o, Acl asked, String bucketOwnerUin) {
        if (aclsEnabled(o) || asked == null) return asked;
        return Acl.ownerOnly(bucketOwnerUin);
    }

    /**
     * May ACLs be disabled on a bucket with this ACL (ACL-O5)? Only when it grants nothing to anyone
     * but the owner (S3: else 400 InvalidBucketAclWithObjectOwnership). Other settings take any ACL.
     */
    public static boolean acceptsBucketAcl(ObjectOwnership o, Acl bucketAcl, String bucketOwnerUin) {
        if (aclsEnabled(o)) return true;
        Grantee owner = new Grantee.Account(bucketOwnerUin);
        for (Grant g : bucketAcl.grants()) if (!g.grantee().equals(owner)) return false;
        return true;
    }
}
