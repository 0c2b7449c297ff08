package io.cosd.domain.kms;

import java.util.regex.Pattern;

/**
 * How keys of the built-in key service are named and referred to (docs/encryption.md "Key service",
 * KMS-1, KMS-2, KMS-9). A key has an id (a UUID unless the operator chose one) and at most one alias,
 * from one namespace. A request, a bucket default or a command may name a key by
 * <ul>
 *   <li>its id or alias as is ({@code 6f1c…}, {@code testkey-1});</li>
 *   <li>{@code alias/<alias>} (AWS's alias form): an alias only;</li>
 *   <li>an ARN whose resource is {@code key/<id>} (an id only) or {@code alias/<alias>} (an alias
 *       only) ({@code arn:aws:kms:us-east-1:111122223333:key/<id>}, {@code arn:cosd:kms:…}): tools
 *       build these, and only the resource part can mean anything to a server with one key namespace.</li>
 * </ul>
 * A typed form names only its own kind (KMS-2): {@code alias/<id>} or {@code key/<alias>} names no
 * key, as in AWS, so a reference never means something other than it says.
 * Responses report the bare key id (KMS-2), as COS reports its KMS key ids. The key aliased
 * {@value #DEFAULT_ALIAS} is the deployment's default key (KMS-9): SSE-KMS that names no key uses it,
 * as AWS uses {@code aws/s3} and COS its own default CMK. The bare name {@value #DEFAULT_ALIAS} is how
 * the data path asks for that key, so it too names the alias only: a key whose id is
 * {@value #DEFAULT_ALIAS} is not the default key (and is named by its ARN {@code key/default}).
 */
public final class KeyNames {
    /** KMS-9: the alias of the key used when SSE-KMS names none. */
    public static final String DEFAULT_ALIAS = "default";

    /** Ids and aliases: 1-64 of letters, digits, {@code - _ .}, starting with a letter or digit; no {@code /} or {@code :}, so no form above is ambiguous. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Partition, region and account in their AWS shapes only, so an accepted reference is plain ASCII that any response may echo. */
    private static final Pattern ARN = Pattern.compile("arn:[a-z-]+:kms:[a-z0-9-]*:[0-9]*:(key|alias)/(.+)");

    private KeyNames() {}

    /** What kind of name a reference may match. */
    public enum Kind { ID, ALIAS, ID_OR_ALIAS }

    /** A parsed reference: the name it carries and which kind of name it may match. */
    public record Reference(String name, Kind kind) {
        /** Whether this reference names the key with this id and alias ({@code alias} may be null). */
        public boolean names(String id, String alias) {
            return switch (kind) {
                case ID -> name.equals(id);
                case ALIAS -> name.equals(alias);
                case ID_OR_ALIAS -> name.equals(id) || name.equals(alias);
            };
        }
    }

    /** Whether {@code name} may be a key id or alias. */
    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The reference's name and kind, or null if it is none of the forms above. */
    public static Reference parse(String reference) {
        if (reference == null) return null;
        String r = reference.trim();
        Kind kind = Kind.ID_OR_ALIAS;
        if (r.startsWith("alias/")) {
            r = r.substring(6);
            kind = Kind.ALIAS;
        } else {
            var m = ARN.matcher(r);
            if (m.matches()) {
                r = m.group(2);
                kind = m.group(1).equals("key") ? Kind.ID : Kind.ALIAS;
            } else if (r.equals(DEFAULT_ALIAS)) {
                kind = Kind.ALIAS;
            }
        }
        return valid(r) ? new Reference(r, kind) : null;
    }

    /** The id or alias a reference names, or null if it is none of the forms above. */
    public static String lookupName(String reference) {
        Reference r = parse(reference);
        return r == null ? null : r.name();
    }
}
