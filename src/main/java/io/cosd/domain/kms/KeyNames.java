package io.cosd.domain.kms;

import java.util.regex.Pattern;

/**
 * How keys of the built-in key service are named and referred to (docs/encryption.md "Key service",
 * KMS-1, KMS-2). A key has an id (a UUID unless the operator chose one) and at most one alias, from
 * one namespace. A request, a bucket default or a command may name a key by
 * <ul>
 *   <li>its id or alias as is ({@code 6f1c…}, {@code testkey-1});</li>
 *   <li>{@code alias/<alias>} (AWS's alias form);</li>
 *   <li>an ARN whose resource is {@code key/<id>} or {@code alias/<alias>}
 *       ({@code arn:aws:kms:us-east-1:111122223333:key/<id>}, {@code arn:cosd:kms:…}): tools build
 *       these, and only the resource part can mean anything to a server with one key namespace.</li>
 * </ul>
 * Responses report the bare key id (KMS-2), as COS reports its KMS key ids. The key aliased
 * {@value #DEFAULT_ALIAS} is the deployment's default key (KMS-9): SSE-KMS that names no key uses it,
 * as AWS uses {@code aws/s3} and COS its own default CMK.
 */
public final class KeyNames {
    /** KMS-9: the alias of the key used when SSE-KMS names none. */
    public static final String DEFAULT_ALIAS = "default";

    /** Ids and aliases: 1-64 of letters, digits, {@code - _ .}, starting with a letter or digit; no {@code /} or {@code :}, so no form above is ambiguous. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Partition, region and account in their AWS shapes only, so an accepted reference is plain ASCII that any response may echo. */
    private static final Pattern ARN = Pattern.compile("arn:[a-z-]+:kms:[a-z0-9-]*:[0-9]*:(key|alias)/(.+)");

    private KeyNames() {}

    /** Whether {@code name} may be a key id or alias. */
    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The id or alias a reference names, or null if it is none of the forms above. */
    public static String lookupName(String reference) {
        if (reference == null) return null;
        String r = reference.trim();
        if (r.startsWith("alias/")) r = r.substring(6);
        else {
            var m = ARN.matcher(r);
            if (m.matches()) r = m.group(2);
        }
        return valid(r) ? r : null;
    }
}
