package io.cosd.domain.policy;

import java.util.Locale;

/**
 * Condition operators in both spellings: COS snake case (POL-C7) and S3 camel case (POL-S5). The
 * {@code _if_exist} / {@code IfExists} suffix and the {@code for_any_value:} / {@code ForAnyValue:}
 * qualifiers are parsed around them (see {@link Condition}).
 */
enum Operator {
    STRING_EQUAL("string_equal", "StringEquals", Type.STRING, Cmp.EQ),
    STRING_NOT_EQUAL("string_not_equal", "StringNotEquals", Type.STRING, Cmp.NE),
    STRING_EQUAL_IGNORE_CASE("string_equal_ignore_case", "StringEqualsIgnoreCase", Type.STRING_IC, Cmp.EQ),
    STRING_NOT_EQUAL_IGNORE_CASE("string_not_equal_ignore_case", "StringNotEqualsIgnoreCase", Type.STRING_IC, Cmp.NE),
    STRING_LIKE("string_like", "StringLike", Type.LIKE, Cmp.EQ),
    STRING_NOT_LIKE("string_not_like", "StringNotLike", Type.LIKE, Cmp.NE),
    IP_EQUAL("ip_equal", "IpAddress", Type.IP, Cmp.EQ),
    IP_NOT_EQUAL("ip_not_equal", "NotIpAddress", Type.IP, Cmp.NE),
    NUMERIC_EQUAL("numeric_equal", "NumericEquals", Type.NUMERIC, Cmp.EQ),
    NUMERIC_NOT_EQUAL("numeric_not_equal", "NumericNotEquals", Type.NUMERIC, Cmp.NE),
    NUMERIC_GREATER_THAN("numeric_greater_than", "NumericGreaterThan", Type.NUMERIC, Cmp.GT),
    NUMERIC_GREATER_THAN_EQUAL("numeric_greater_than_equal", "NumericGreaterThanEquals", Type.NUMERIC, Cmp.GE),
    NUMERIC_LESS_THAN("numeric_less_than", "NumericLessThan", Type.NUMERIC, Cmp.LT),
    NUMERIC_LESS_THAN_EQUAL("numeric_less_than_equal", "NumericLessThanEquals", Type.NUMERIC, Cmp.LE),
    DATE_EQUAL("date_equal", "DateEquals", Type.DATE, Cmp.EQ),
    DATE_NOT_EQUAL("date_not_equal", "DateNotEquals", Type.DATE, Cmp.NE),
    DATE_GREATER_THAN("date_greater_than", "DateGreaterThan", Type.DATE, Cmp.GT),
    DATE_GREATER_THAN_EQUAL("date_greater_than_equal", "DateGreaterThanEquals", Type.DATE, Cmp.GE),
    DATE_LESS_THAN("date_less_than", "DateLessThan", Type.DATE, Cmp.LT),
    DATE_LESS_THAN_EQUAL("date_less_than_equal", "DateLessThanEquals", Type.DATE, Cmp.LE),
    BOOL_EQUAL("bool_equal", "Bool", Type.BOOL, Cmp.EQ),
    NULL_EQUAL("null_equal", "Null", Type.NULL, Cmp.EQ),
    // S3 only: binary values and ARNs compare as strings here.
    BINARY_EQUALS(null, "BinaryEquals", Type.STRING, Cmp.EQ),
    ARN_EQUALS(null, "ArnEquals", Type.STRING, Cmp.EQ),
    ARN_NOT_EQUALS(null, "ArnNotEquals", Type.STRING, Cmp.NE),
    ARN_LIKE(null, "ArnLike", Type.LIKE, Cmp.EQ),
    ARN_NOT_LIKE(null, "ArnNotLike", Type.LIKE, Cmp.NE);

    enum Type { STRING, STRING_IC, LIKE, IP, NUMERIC, DATE, BOOL, NULL }

    enum Cmp { EQ, NE, GT, GE, LT, LE }

    final String cos;
    final String s3;
    final Type type;
    final Cmp cmp;

    Operator(String cos, String s3, Type type, Cmp cmp) {
        this.cos = cos;
        this.s3 = s3;
        this.type = type;
        this.cmp = cmp;
    }

    /** The negated operators hold when the request value matches none of the policy values, or the request lacks the key (POL-C8). */
    boolean negated() { return cmp == Cmp.NE; }

    /** COS names compare case-sensitively lower case; S3 names case-insensitively. Null if unknown. */
    static Operator byName(String name) {
        for (Operator o : values()) {
            if (name.equals(o.cos) || name.equalsIgnoreCase(o.s3)) return o;
        }
        return null;
    }

    String label(boolean s3) { return s3 || cos == null ? this.s3 : cos; }

    @Override
    public String toString() { return cos != null ? cos : s3.toLowerCase(Locale.ROOT); }
}
