package io.cosd.service;

import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.ObjectOwnership;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Account;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;

import java.util.List;
import java.util.Optional;

/**
 * Bucket and object ACLs (docs/acl.md, ACL-S1): the bucket's is a config row (absent: the owner
 * has FULL_CONTROL), an object version's is a column of its row (null: private to the bucket owner; COS {@code default}: the bucket's READ grants too, ACL-C2).
 */
public final class AclService {
    private final MetadataStore meta;
    private final OwnershipService ownership;

    public AclService(MetadataStore meta) {
        this(meta, new OwnershipService(meta.buckets()));
    }

    public AclService(MetadataStore meta, OwnershipService ownership) {
        this.meta = meta;
        this.ownership = ownership;
    }

    /** The bucket's Object Ownership setting (ACL-O1..O5). */
    public OwnershipService ownership() {
        return ownership;
    }

    /** The bucket's ACL in force: the stored one, or the owner's FULL_CONTROL while ACLs are disabled (ACL-O3). */
    public Acl bucketAcl(Bucket bucket) {
        return ObjectOwnership.inForce(ownership.effective(bucket), storedBucketAcl(bucket), bucket.ownerUin());
    }

    /**
     * The bucket's stored ACL, in force or not (ACL-O5 checks it before ACLs are disabled), of the row
     * the request was authorized against only (AUTH-15: the row's incarnation is read with it in one
     * statement; a namesake created since is NoSuchBucket, never its ACL).
     */
    public Acl storedBucketAcl(Bucket bucket) {
        return meta.buckets().config(bucket.name(), ConfigKind.ACL, bucket.incarnation()).map(Acl::decode).orElseGet(() -> Acl.ownerOnly(bucket.ownerUin()));
    }

    public void putBucketAcl(Bucket bucket, Acl acl) {
        meta.buckets().putConfig(bucket.name(), ConfigKind.ACL, acl.encode(), bucket.incarnation()); // AUTH-13
    }

    /**
     * The ACL that decides access to a version (ACL-C2): its own; owner-only when it has none; COS {@code default} adds the bucket's READ grants.
     * Empty for a missing version or a delete marker: there is nothing an ACL could grant on.
     */
    public Optional<Acl> effectiveObjectAcl(Bucket bucket, String key, String versionId) {
        return version(bucket, key, versionId).filter(x -> !x.deleteMarker()).map(x -> effective(bucket, x));
    }

    /**
     * The version an object ACL is read from: the named one, or the current one (possibly a delete
     * marker), in the bucket row it was authorized against only (AUTH-15: a namesake's is NoSuchBucket).
     */
    public Optional<ObjectVersion> version(Bucket bucket, String key, String versionId) {
        return versionId == null || versionId.isEmpty() ? meta.objects().latest(bucket.name(), key, bucket.incarnation())
                : meta.objects().version(bucket.name(), key, versionId, bucket.incarnation());
    }

    /** A version's ACL in force (ACL-C2); the bucket owner's FULL_CONTROL while ACLs are disabled (ACL-O3). */
    public Acl effective(Bucket bucket, ObjectVersion v) {
        if (!ObjectOwnership.aclsEnabled(ownership.effective(bucket))) return Acl.ownerOnly(bucket.ownerUin());
        if (v.acl() != null && !v.acl().followsBucket()) return v.acl();
        return Acl.effective(v.acl(), bucket.ownerUin(), v.acl() == null ? null : bucketAcl(bucket));
    }

    /** Every account, to resolve an S3 canonical user id to the account it names. */
    public List<Account> accounts() {
        return meta.identity().listAccounts();
    }

    /** The account with this e-mail address, in its stored form (ACL-H3, ACC-7). */
    public Optional<Account> accountByEmail(String normalizedEmail) {
        return meta.identity().findAccountByEmail(normalizedEmail);
    }

    public Optional<Account> account(String rootUin) {
        return meta.identity().findAccount(rootUin);
    }
}
