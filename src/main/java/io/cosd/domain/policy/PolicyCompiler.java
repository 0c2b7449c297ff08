package io.cosd.domain.policy;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a policy document (already decoded from JSON into maps, lists and scalars) and compiles
 * it into matchers. Both grammars are accepted, element names case-insensitively (POL-C1): COS
 * "2.0" (principal {@code qcs}, {@code name/cos:*} actions, {@code qcs::cos:...} resources, snake-case
 * operators) and S3 "2012-10-17"/"2008-10-17" (principal {@code AWS}, {@code s3:*} actions,
 * {@code arn:aws:s3:::} resources, camel-case operators). The first defect throws a
 * {@link PolicyException} whose message names it (POL-C12, POL-S1..S3 texts).
 */
public final class PolicyCompiler {
    private static final Set<String> VERSIONS = Set.of("2.0", "2012-10-17", "2008-10-17");
    private static final Set<String> TOP = Set.of("version", "id", "statement", "principal");
    private static final Set<String> STATEMENT = Set.of("sid", "effect", "principal", "notprincipal", "action", "notaction",
            "resource", "notresource", "condition");
    /** An identity policy speaks for the user it is attached to: it names no principal (POL-I1). */
    private static final Set<String> IDENTITY_TOP = Set.of("version", "id", "statement");
    private static final Set<String> IDENTITY_STATEMENT = Set.of("sid", "effect", "action", "notaction", "resource", "notresource", "condition");
    /** The principal of every identity-policy statement: the user it is attached to, whoever that is. */
    private static final Principals SELF = new Principals(true, false, false, Set.of(), Set.of(), false, false, List.of());

    private static final Pattern CAM =
            Pattern.compile("qcs::cam::uin/(\\d+):(uin|roleName|roleid|groupid)/([^/:\\s]+)");
    private static final Pattern ARN =
            Pattern.compile("arn:aws:iam::(\\d+):(root|user/[^\\s]+|role/[^\\s]+)");

    private PolicyCompiler() {}

    /** @param doc the decoded JSON; @param bucket the full bucket name; appId and region are the bucket's */
    public static Policy compile(Object doc, String bucket, String appId, String region) {
        return compile(doc, bucket, appId, region, false);
    }

    /**
     * An identity policy (POL-I1): the same grammars without {@code Principal}; resources may name any
     * bucket of the user's account (COS resources must carry its APPID) and, in both grammars, {@code *}.
     *
     * @param appId the user's account's APPID; @param region the deployment's region
     */
    public static Policy compileIdentity(Object doc, String appId, String region) {
        return compile(doc, null, appId, region, true);
    }

    private static Policy compile(Object doc, String bucket, String appId, String region, boolean identity) {
        if (identity && doc instanceof Map<?, ?> m && hasPrincipal(m)) throw new PolicyException("Policy document should not specify a principal.");
        Map<String, Object> top = fields(doc, identity ? IDENTITY_TOP : TOP, "policy");
        Object v = top.get("version");
        String version = v == null ? "2008-10-17" : v instanceof String s ? s : null;   // POL-S1: absent means 2008-10-17
        if (version == null || !VERSIONS.contains(version)) {
            throw new PolicyException("The policy must contain a valid version string" + (v == null ? "" : ": " + v));
        }
        boolean s3 = !version.equals("2.0");
        Object st = top.get("statement");
        if (st == null) throw new PolicyException("Missing required field Statement");
        List<?> list = st instanceof List<?> l ? l : List.of(st);
        if (list.isEmpty()) throw new PolicyException("Could not parse the policy: Statement is empty!");
        List<Statement> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (identity && list.get(i) instanceof Map<?, ?> m && hasPrincipal(m)) {
                throw new PolicyException("Policy document should not specify a principal.");
            }
            out.add(statement(i, list.get(i), top.get("principal"), bucket, appId, region, s3, identity));
        }
        return new Policy(version, List.copyOf(out));
    }

    private static boolean hasPrincipal(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            String n = String.valueOf(k).toLowerCase(Locale.ROOT);
            if (n.equals("principal") || n.equals("notprincipal")) return true;
        }
        return false;
    }

    private static Statement statement(int i, Object raw, Object policyPrincipal, String bucket, String appId, String region, boolean s3,
                                       boolean identity) {
        String where = "statement[" + i + "]";
        Map<String, Object> f = fields(raw, identity ? IDENTITY_STATEMENT : STATEMENT, where);
        Object sid = f.get("sid");
        Object e = f.get("effect");
        if (e == null) throw new PolicyException("Missing required field Effect in " + where);
        Effect effect;
        if (e instanceof String es && es.equalsIgnoreCase("allow")) effect = Effect.ALLOW;
        else if (e instanceof String es && es.equalsIgnoreCase("deny")) effect = Effect.DENY;
        else throw new PolicyException("Invalid effect in " + where + ": " + e);

        Principals principals;
        if (identity) {
            principals = SELF;
        } else {
            boolean notPrincipal = f.containsKey("notprincipal");
            Object p = notPrincipal ? f.get("notprincipal") : f.containsKey("principal") ? f.get("principal") : policyPrincipal;
            if (p == null) throw new PolicyException("Missing required field Principal in " + where);
            if (notPrincipal && f.containsKey("principal")) throw new PolicyException("Principal and NotPrincipal together in " + where);
            principals = principals(p, notPrincipal, s3, where);
        }

        boolean notAction = f.containsKey("notaction");
        List<String> actions = strings(notAction ? f.get("notaction") : f.get("action"), "Action", where);
        String[] bad = new String[1];
        Actions a = Actions.compile(actions, notAction, bad);
        if (a == null) throw new PolicyException("Policy has invalid action in " + where + ": " + bad[0]);

        boolean notResource = f.containsKey("notresource");
        List<String> resources = strings(notResource ? f.get("notresource") : f.get("resource"), "Resource", where);
        Resources r = Resources.compile(resources, notResource, bucket, appId, region, s3, bad);
        if (r == null) throw new PolicyException(bad[0] + " (in " + where + ")");

        List<Condition> conditions = f.get("condition") == null ? List.of() : conditions(f.get("condition"), where);
        return new Statement(i, sid == null ? null : String.valueOf(sid), effect, principals, a, r, conditions);
    }

    private static Principals principals(Object p, boolean not, boolean s3, String where) {
        List<String> raw = new ArrayList<>();
        if (p instanceof String s) {
            if (!s.equals("*")) throw new PolicyException("Invalid principal in policy (" + where + "): " + s);
            raw.add(s);
        } else if (p instanceof Map<?, ?> m && !m.isEmpty()) {
            for (var en : m.entrySet()) {
                String k = String.valueOf(en.getKey());
                if (!k.equalsIgnoreCase("qcs") && !k.equalsIgnoreCase("aws")) {
                    throw new PolicyException("Invalid principal in policy (" + where + "): unsupported principal type " + k);
                }
                raw.addAll(strings(en.getValue(), "Principal", where));
            }
        } else {
            throw new PolicyException("Invalid principal in policy (" + where + "): " + p);
        }
        boolean star = false, anyone = false, anonymous = false;
        Set<String> roots = new HashSet<>(), users = new HashSet<>();
        for (String s : raw) {
            if (s.equals("*")) { star = true; continue; }
            if (s.equals("qcs::cam::anyone:anyone")) { anyone = true; continue; }
            if (s.equals("qcs::cam::anonymous:anonymous")) { anonymous = true; continue; }
            var cam = CAM.matcher(s);
            if (cam.matches()) {
                if (cam.group(2).equals("uin")) {
                    if (cam.group(1).equals(cam.group(3))) roots.add(cam.group(1)); else users.add(cam.group(1) + "/" + cam.group(3));
                } // roles and groups: accepted (POL-C2), never match (cosd has none)
                continue;
            }
            var arn = ARN.matcher(s);
            if (arn.matches()) {
                if (arn.group(2).equals("root")) roots.add(arn.group(1));
                else if (arn.group(2).startsWith("user/")) users.add(arn.group(1) + "/" + arn.group(2).substring(5));
                continue;
            }
            if (s.matches("\\d{1,20}")) { roots.add(s); continue; }   // an AWS account id: its root
            throw new PolicyException("Invalid principal in policy (" + where + "): " + s);
        }
        return new Principals(star, anyone, anonymous, Set.copyOf(roots), Set.copyOf(users), not, s3, List.copyOf(raw));
    }

    private static List<Condition> conditions(Object c, String where) {
        if (!(c instanceof Map<?, ?> ops)) throw new PolicyException("Invalid Condition in " + where + ": must be an object");
        List<Condition> out = new ArrayList<>();
        for (var en : ops.entrySet()) {
            String name = String.valueOf(en.getKey());
            Condition.Qualifier q = Condition.Qualifier.NONE;
            String base = name;
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("for_any_value:") || lower.startsWith("foranyvalue:")) {
                q = Condition.Qualifier.FOR_ANY_VALUE;
                base = name.substring(name.indexOf(':') + 1);
            } else if (lower.startsWith("for_all_value:") || lower.startsWith("forallvalues:")) {
                q = Condition.Qualifier.FOR_ALL_VALUES;
                base = name.substring(name.indexOf(':') + 1);
            }
            boolean ifExists = false;
            if (base.endsWith("_if_exist")) {
                ifExists = true;
                base = base.substring(0, base.length() - "_if_exist".length());
            } else if (base.length() > 8 && base.regionMatches(true, base.length() - 8, "IfExists", 0, 8)) {
                ifExists = true;
                base = base.substring(0, base.length() - 8);
            }
            Operator op = Operator.byName(base);
            if (op == null || (ifExists && op.type == Operator.Type.NULL)) {
                throw new PolicyException("Unknown condition operator in " + where + ": " + name);
            }
            boolean s3Spelling = op.cos == null || !base.equals(op.cos);
            if (!(en.getValue() instanceof Map<?, ?> keys) || keys.isEmpty()) {
                throw new PolicyException("Invalid Condition in " + where + ": " + name + " must map keys to values");
            }
            for (var kv : keys.entrySet()) {
                String keyName = String.valueOf(kv.getKey());
                ContextKey.Parsed key = ContextKey.parse(keyName);
                if (key == null) throw new PolicyException("Unknown condition key in " + where + ": " + keyName);
                List<String> values = strings(kv.getValue(), "Condition value", where);
                out.add(condition(op, q, ifExists, key, s3Spelling, name, keyName, values, where));
            }
        }
        return List.copyOf(out);
    }

    private static Condition condition(Operator op, Condition.Qualifier q, boolean ifExists, ContextKey.Parsed key, boolean s3Spelling,
                                       String opName, String keyName, List<String> values, String where) {
        List<String> vals = new ArrayList<>(values.size());
        for (String v : values) vals.add(key.cosParameter() ? decode(v) : v);
        List<Glob> globs = new ArrayList<>();
        List<Cidr> cidrs = new ArrayList<>();
        List<BigDecimal> numbers = new ArrayList<>();
        List<Instant> dates = new ArrayList<>();
        Boolean bool = null;
        for (String v : vals) {
            boolean ok = switch (op.type) {
                case STRING, STRING_IC -> true;
                case LIKE -> globs.add(new Glob(v, s3Spelling, false));
                case IP -> { Cidr c = Cidr.parse(v); yield c != null && cidrs.add(c); }
                case NUMERIC -> { BigDecimal n = ConditionValues.number(v); yield n != null && numbers.add(n); }
                case DATE -> { Instant t = ConditionValues.date(v); yield t != null && dates.add(t); }
                case BOOL, NULL -> {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false") || vals.size() != 1) yield false;
                    bool = v.equalsIgnoreCase("true");
                    yield true;
                }
            };
            if (!ok) throw new PolicyException("Invalid value for condition " + opName + " on " + keyName + " in " + where + ": " + v);
        }
        String text = opName + " {\"" + keyName + "\": " + values + "}";
        return new Condition(op, q, ifExists, key.key(), key.arg(), List.copyOf(vals), List.copyOf(globs), List.copyOf(cidrs),
                List.copyOf(numbers), List.copyOf(dates), bool, text);
    }

    private static String decode(String v) {
        try {
            return URLDecoder.decode(v, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return v;
        }
    }

    /** A JSON object's members by lower-cased name (POL-C1); an unknown or twice-spelled name is a defect. */
    private static Map<String, Object> fields(Object o, Set<String> allowed, String where) {
        if (!(o instanceof Map<?, ?> m)) throw new PolicyException("Invalid " + where + ": must be a JSON object");
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            String k = String.valueOf(e.getKey()).toLowerCase(Locale.ROOT);
            if (!allowed.contains(k)) throw new PolicyException("Unknown field " + e.getKey() + " in " + where);
            if (out.put(k, e.getValue()) != null) throw new PolicyException("Duplicate field " + e.getKey() + " in " + where);
        }
        return out;
    }

    /** A string or a non-empty array of scalars. */
    private static List<String> strings(Object o, String field, String where) {
        if (o == null) throw new PolicyException("Missing required field " + field + " in " + where);
        List<?> l = o instanceof List<?> x ? x : List.of(o);
        if (l.isEmpty()) throw new PolicyException("Empty " + field + " in " + where);
        List<String> out = new ArrayList<>(l.size());
        for (Object x : l) {
            if (x == null || x instanceof Map || x instanceof List) throw new PolicyException("Invalid " + field + " in " + where + ": " + x);
            out.add(String.valueOf(x));
        }
        return out;
    }
}
