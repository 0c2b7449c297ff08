package io.cosd.domain.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One compiled condition test: {@code operator: {key: values}}. Values in the array are ORed
 * (POL-C6). Missing keys (POL-C8): a plain positive operator is false and a plain negated one
 * ({@code string_not_equal}/{@code StringNotEquals}, {@code ip_not_equal}/{@code NotIpAddress}, ...)
 * is true, in both spellings: nothing in the request matches the listed values, so "matches none"
 * holds. That is AWS IAM's rule, and the one under which leaving a key out cannot slip past a Deny
 * such as {@code StringNotEquals {"s3:x-amz-acl": "bucket-owner-full-control"}}.
 * {@code _if_exist}/{@code IfExists} is true; {@code for_all_value:}/{@code ForAllValues:} holds on
 * an absent key (the empty set is a subset of everything), {@code for_any_value:} does not, negated
 * or not.
 *
 * @param text the condition as written ({@code ip_equal {"qcs:ip": [...]}}), for explain output
 */
record Condition(Operator op, Qualifier qualifier, boolean ifExists, ContextKey key, String keyArg,
                 List<String> strings, List<Glob> globs, List<Cidr> cidrs, List<BigDecimal> numbers,
                 List<Instant> dates, Boolean bool, String text) {

    enum Qualifier { NONE, FOR_ANY_VALUE, FOR_ALL_VALUES }

    /** @param values the request's values for the key, null when the request lacks it */
    boolean holds(List<String> values) {
        boolean absent = values == null || values.isEmpty();
        if (op.type == Operator.Type.NULL) return bool == absent;
        if (absent) {
            if (ifExists) return true;
            return switch (qualifier) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> false;
                case NONE -> op.negated();   // POL-C8: a negated operator holds when the key is absent
            };
        }
        if (qualifier == Qualifier.FOR_ALL_VALUES) {
            for (String v : values) if (!holdsFor(v)) return false;
            return true;
        }
        for (String v : values) if (holdsFor(v)) return true;
        return false;
    }

    private boolean holdsFor(String v) {
        boolean any = anyMatches(v);
        return op.negated() != any;
    }

    /** Whether {@code v} matches at least one policy value under the operator's positive sense. */
    private boolean anyMatches(String v) {
        switch (op.type) {
            case STRING -> { return strings.contains(v); }
            case STRING_IC -> {
                for (String s : strings) if (s.equalsIgnoreCase(v)) return true;
                return false;
            }
            case LIKE -> {
                for (Glob g : globs) if (g.matches(v)) return true;
                return false;
            }
            case IP -> {
                byte[] ip = Cidr.literal(v);
                for (Cidr c : cidrs) if (c.contains(ip)) return true;
                return false;
            }
            case NUMERIC -> {
                BigDecimal n = ConditionValues.number(v);
                if (n == null) return false;
                for (BigDecimal p : numbers) if (compare(n.compareTo(p))) return true;
                return false;
            }
            case DATE -> {
                Instant t = ConditionValues.date(v);
                if (t == null) return false;
                for (Instant p : dates) if (compare(t.compareTo(p))) return true;
                return false;
            }
            case BOOL -> { return bool ? v.equalsIgnoreCase("true") : v.equalsIgnoreCase("false"); }
            default -> { return false; }
        }
    }

    /** NE compares as EQ; the negation is applied by {@link #holdsFor}. */
    private boolean compare(int c) {
        return switch (op.cmp) {
            case EQ, NE -> c == 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            case LT -> c < 0;
            case LE -> c <= 0;
        };
    }
}
