package io.cosd.domain.acl;

import io.cosd.domain.Refusal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The grant headers {@code x-cos-grant-<p>} / {@code x-amz-grant-<p>} (p: read, write, read-acp,
 * write-acp, full-control), each a comma-separated list of {@code id="…"}, {@code uri="…"} or
 * {@code emailAddress="…"}, and COS {@code uin="…"} (docs/acl.md "Grant headers", ACL-H1..H3). Pure: header values and
 * resolvers in, grants out.
 */
public final class GrantHeaders {
    /**
     * Header suffix (after {@code x-cos-grant-} / {@code x-amz-grant-}) → permission, iterated in
     * this order (read, write, read-acp, write-acp, full-control) so the grants are stored in it (ACL-M3).
     */
    public static final Map<String, Permission> SUFFIXES = suffixes();

    private GrantHeaders() {}

    private static Map<String, Permission> suffixes() {
        Map<String, Permission> m = new LinkedHashMap<>();
        m.put("read", Permission.READ);
        m.put("write", Permission.WRITE);
        m.put("read-acp", Permission.READ_ACP);
        m.put("write-acp", Permission.WRITE_ACP);
        m.put("full-control", Permission.FULL_CONTROL);
        return Collections.unmodifiableMap(m);
    }

    /** The grants the headers name, in the fixed order (ACL-M3). */
    public record Parsed(List<Grant> grants) {}

    /**
     * @param values   permission → the header's value, in header order
     * @param resolver an {@code id} value → its grantee, or null when it names no account cosd knows
     * @param byEmail  an {@code emailAddress} value → its account (ACL-H3); the caller's resolver
     *                 refuses an address no account has with its own error (S3: UnresolvableGrantByEmailAddress)
     * @throws Refusal INVALID_ARGUMENT for a malformed entry, an unknown uri or id (ACL-H2)
     */
    public static Parsed parse(Map<Permission, String> values, Function<String, Grantee> resolver, Function<String, Grantee> byEmail) {
        List<Grant> out = new ArrayList<>();
        for (var e : values.entrySet()) {
            for (String item : split(e.getValue())) {
                int eq = item.indexOf('=');
                if (eq <= 0) throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "Invalid grant: " + item);
                String kind = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String v = unquote(item.substring(eq + 1).trim());
                Grantee g = switch (kind) {
                    // COS also writes an account as uin="<uin>" (docs/spec/protocol.md §2 example)
                    case "id", "uin" -> resolver.apply(v);
                    case "uri" -> Grantee.fromUri(v);
                    // S3 resolves an address to its account once, at PUT time; the grant is stored as that account's (ACL-H3)
                    case "emailaddress" -> byEmail.apply(v);
                    default -> throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "Invalid grant: " + item);
                };
                if (g == null) throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "Invalid " + kind + ": " + v);
                out.add(new Grant(g, e.getKey()));
            }
        }
        if (out.size() > Acl.MAX_GRANTS) throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "Too many grants");
        return new Parsed(out);
    }

    /** Commas inside quotes do not split. */
    private static List<String> split(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted) {
                if (!cur.toString().isBlank()) items.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "Invalid grant: unbalanced quote in " + value);
        if (!cur.toString().isBlank()) items.add(cur.toString().trim());
        if (items.isEmpty()) throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "Invalid grant: empty header");
        return items;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
