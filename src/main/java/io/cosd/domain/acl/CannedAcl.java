package io.cosd.domain.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The canned ACLs of {@code x-cos-acl} / {@code x-amz-acl} and the grants each stands for
 * (docs/acl.md "Canned ACLs", ACL-C1..C3). The owner always has FULL_CONTROL.
 */
public enum CannedAcl {
    PRIVATE("private"),
    PUBLIC_READ("public-read"),
    PUBLIC_READ_WRITE("public-read-write"),
    AUTHENTICATED_READ("authenticated-read"),
    BUCKET_OWNER_READ("bucket-owner-read"),
    BUCKET_OWNER_FULL_CONTROL("bucket-owner-full-control"),
    /** S3, buckets only: LogDelivery WRITE and READ_ACP (ACL-M7; a grant no caller matches, as cosd delivers no logs). */
    LOG_DELIVERY_WRITE("log-delivery-write"),
    /** COS: the object follows its bucket's READ grants (ACL-C2), stored as {@link Acl#cosDefault}; it has no canned grants. */
    DEFAULT("default");

    private final String wire;

    CannedAcl(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    /** The canned ACL a header value names (exact, lower case as the APIs define them), or null. */
    public static CannedAcl parse(String value) {
        if (value == null) return null;
        for (CannedAcl c : values()) if (c.wire.equals(value.trim())) return c;
        return null;
    }

    /** Valid on an object? {@code log-delivery-write} only means something on a bucket (ACL-C3). */
    public boolean forObjects() {
        return this != LOG_DELIVERY_WRITE;
    }

    /** Valid on a bucket? {@code bucket-owner-*} and {@code default} only mean something on objects (ACL-C3). */
    public boolean forBuckets() {
        return this != BUCKET_OWNER_READ && this != BUCKET_OWNER_FULL_CONTROL && this != DEFAULT;
    }

    /**
     * The ACL this names for a resource owned by {@code ownerUin} in a bucket owned by {@code bucketOwnerUin}.
     * {@code bucket-owner-*} add the bucket owner only when it is another account (ACL-C1).
     *
     * @throws IllegalStateException for {@link #DEFAULT}, which has no grants of its own
     */
    public Acl toAcl(String ownerUin, String bucketOwnerUin) {
        if (this == DEFAULT) throw new IllegalStateException("default is Acl.cosDefault: it follows the bucket's READ grants");
        // Groups, the owner, then the bucket owner: the order Acl keeps anyway (ACL-M3).
        List<Grant> g = new ArrayList<>(3);
        switch (this) {
            case PRIVATE -> { }
            case PUBLIC_READ -> g.add(new Grant(Grantee.Group.ALL_USERS, Permission.READ));
            case PUBLIC_READ_WRITE -> {
                g.add(new Grant(Grantee.Group.ALL_USERS, Permission.READ));
                g.add(new Grant(Grantee.Group.ALL_USERS, Permission.WRITE));
            }
            case AUTHENTICATED_READ -> g.add(new Grant(Grantee.Group.AUTHENTICATED_USERS, Permission.READ));
            default -> { }
        }
        g.add(new Grant(new Grantee.Account(ownerUin), Permission.FULL_CONTROL));
        switch (this) {
            case BUCKET_OWNER_READ -> {
                if (!bucketOwnerUin.equals(ownerUin)) g.add(new Grant(new Grantee.Account(bucketOwnerUin), Permission.READ));
            }
            case BUCKET_OWNER_FULL_CONTROL -> {
                if (!bucketOwnerUin.equals(ownerUin)) g.add(new Grant(new Grantee.Account(bucketOwnerUin), Permission.FULL_CONTROL));
            }
            case LOG_DELIVERY_WRITE -> {
                g.add(new Grant(Grantee.LogDelivery.LOG_DELIVERY, Permission.WRITE));
                g.add(new Grant(Grantee.LogDelivery.LOG_DELIVERY, Permission.READ_ACP));
            }
            default -> { }
        }
        return new Acl(ownerUin, g);
    }

    @Override
    public String toString() { return wire.toLowerCase(Locale.ROOT); }
}
