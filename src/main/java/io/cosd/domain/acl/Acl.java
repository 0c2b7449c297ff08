package io.cosd.domain.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bucket's or an object version's access control list: its owner (an account's root uin) and its
 * grants, groups first, then accounts, each in the order given (docs/acl.md, ACL-M3). At most 100 grants, as S3 and COS allow.
 *
 * <p>{@link #encode()} / {@link #decode} are the stored form: one line per entry,
 * {@code owner <uin>} then {@code <grantee> <PERMISSION>} with grantee {@code uin:<uin>},
 * {@code sub:<root>/<uin>}, {@code group:<GROUP>} or {@code logdelivery}; a second line {@code default} marks COS {@code default} ({@link #cosDefault}). Uins are digits and group names are fixed, so no escaping is needed.
 */
public record Acl(String ownerUin, List<Grant> grants, boolean followsBucket) {
    public static final int MAX_GRANTS = 100;

    public Acl {
        if (ownerUin == null || ownerUin.isEmpty()) throw new IllegalArgumentException("an ACL has an owner");
        grants = groupsFirst(grants);
    }

    public Acl(String ownerUin, List<Grant> grants) {
        this(ownerUin, grants, false);
    }

    /**
     * COS {@code default} on an object, stored as such (ACL-C2): the owner's FULL_CONTROL plus, when
     * decided, the bucket's READ grants ({@link #effective}); never the bucket's READ_ACP or WRITE_ACP.
     */
    public static Acl cosDefault(String ownerUin) {
        return new Acl(ownerUin, ownerOnly(ownerUin).grants(), true);
    }

    /**
     * The ACL that decides for an object stored with {@code acl} (ACL-C2): none of its own (null) is
     * private to the bucket owner, whatever the bucket's ACL says, as S3 objects are; COS
     * {@code default} adds every bucket grant that covers READ, as READ only.
     */
    public static Acl effective(Acl acl, String bucketOwnerUin, Acl bucketAcl) {
        if (acl == null) return ownerOnly(bucketOwnerUin);
        if (!acl.followsBucket()) return acl;
        List<Grant> out = new ArrayList<>(acl.grants());
        for (Grant g : bucketAcl.grants()) {
            if (!g.permission().covers(Permission.READ)) continue;
            Grant read = new Grant(g.grantee(), Permission.READ);
            if (!out.contains(read) && !(g.grantee() instanceof Grantee.Account a && a.rootUin().equals(acl.ownerUin()))) out.add(read);
        }
        return new Acl(acl.ownerUin(), out, true);
    }

    /**
     * ACL-M3: group grants before account grants, each kind in the order given. This is the order
     * RGW answers in and s3-tests compare grants in; it changes no decision.
     */
    private static List<Grant> groupsFirst(List<Grant> in) {
        List<Grant> out = new ArrayList<>(in.size());
        for (Grant g : in) if (isGroup(g.grantee())) out.add(g);
        for (Grant g : in) if (!isGroup(g.grantee())) out.add(g);
        return List.copyOf(out);
    }

    /** A group in the order's sense: the two global groups and LogDelivery (ACL-M3, ACL-M7); only the first two are public. */
    private static boolean isGroup(Grantee g) {
        return g instanceof Grantee.Group || g instanceof Grantee.LogDelivery;
    }

    /** The default of every bucket and of S3 objects written without an ACL: the owner has FULL_CONTROL (ACL-M4). */
    public static Acl ownerOnly(String ownerUin) {
        return new Acl(ownerUin, List.of(new Grant(new Grantee.Account(ownerUin), Permission.FULL_CONTROL)));
    }

    /** The first grant letting {@code grantee} do {@code needed}, if any. */
    public Optional<Grant> granting(Grantee grantee, Permission needed) {
        for (Grant g : grants) if (g.grantee().equals(grantee) && g.permission().covers(needed)) return Optional.of(g);
        return Optional.empty();
    }

    /**
     * ACL-C5: does this ACL, asked for on a write, grant anyone but its owner and the bucket's owner (a group,
     * another account)? Then the write is also the ACL action. COS {@code default} grants nothing of its own
     * (it follows the bucket's grants, which the bucket owner chose).
     */
    public boolean grantsBeyondOwners(String bucketOwnerUin) {
        if (followsBucket) return false;
        for (Grant g : grants) {
            if (g.grantee() instanceof Grantee.Account a && (a.rootUin().equals(ownerUin) || a.rootUin().equals(bucketOwnerUin))) continue;
            return true;
        }
        return false;
    }

    /** Does any grant name AllUsers or AuthenticatedUsers? (public access block's "public ACL" test; LogDelivery is not public, ACL-M7) */
    public boolean isPublic() {
        for (Grant g : grants) if (g.grantee() instanceof Grantee.Group) return true;
        return false;
    }

    public String encode() {
        StringBuilder b = new StringBuilder("owner ").append(ownerUin);
        if (followsBucket) b.append("\ndefault");
        for (Grant g : grants) {
            b.append('\n');
            switch (g.grantee()) {
                case Grantee.Account a -> b.append("uin:").append(a.rootUin());
                case Grantee.SubUser u -> b.append("sub:").append(u.rootUin()).append('/').append(u.uin());
                case Grantee.Group gr -> b.append("group:").append(gr.name());
                case Grantee.LogDelivery ld -> b.append("logdelivery");
            }
            b.append(' ').append(g.permission().name());
        }
        return b.toString();
    }

    /** @throws IllegalArgumentException on text {@link #encode()} did not write */
    public static Acl decode(String text) {
        String[] lines = text.split("\n");
        if (!lines[0].startsWith("owner ")) throw new IllegalArgumentException("not an encoded ACL: " + text);
        List<Grant> grants = new ArrayList<>(lines.length - 1);
        boolean follows = lines.length > 1 && lines[1].equals("default");
        for (int i = follows ? 2 : 1; i < lines.length; i++) {
            int sp = lines[i].indexOf(' ');
            String who = lines[i].substring(0, sp);
            Permission p = Permission.valueOf(lines[i].substring(sp + 1));
            Grantee g;
            if (who.startsWith("uin:")) g = new Grantee.Account(who.substring(4));
            else if (who.startsWith("sub:")) {
                int slash = who.indexOf('/');
                g = new Grantee.SubUser(who.substring(4, slash), who.substring(slash + 1));
            } else if (who.startsWith("group:")) g = Grantee.Group.valueOf(who.substring(6));
            else if (who.equals("logdelivery")) g = Grantee.LogDelivery.LOG_DELIVERY;
            else throw new IllegalArgumentException("not an encoded grantee: " + who);
            grants.add(new Grant(g, p));
        }
        return new Acl(lines[0].substring(6), grants, follows);
    }
}
