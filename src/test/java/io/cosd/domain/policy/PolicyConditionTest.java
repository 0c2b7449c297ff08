package io.cosd.domain.policy;

import io.cosd.domain.identity.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.cosd.domain.policy.Policies.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Conditions: operators, missing keys, qualifiers and both key spellings (POL-C6..C10, POL-S5). */
class PolicyConditionTest {
    /** An allow for SUB with one condition {op: {key: values}}; true if SUB is allowed given the facts. */
    private static boolean allows(String op, String key, String valuesJson, Map<ContextKey, String> facts) {
        Policy p = compile(cos(SUB_CAM, "allow", "*", "*", "{\"" + op + "\":{\"" + key + "\":" + valuesJson + "}}"));
        return PolicyEvaluator.evaluate(p, req(SUB, "GetObject", "s3:GetObject", "k", facts), NOW).allowed();
    }

    private static Map<ContextKey, String> f(ContextKey k, String v) {
        Map<ContextKey, String> m = new HashMap<>();
        m.put(k, v);
        return m;
    }

    @ParameterizedTest(name = "{0} {1} {2} vs {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
            // op                            | key                       | values                     | request value       | allowed
            "string_equal                    | cos:x-cos-acl             | [\"private\",\"public-read\"] | public-read       | true",
            "string_equal                    | cos:x-cos-acl             | [\"private\"]              | Private             | false",
            "string_not_equal                | cos:x-cos-acl             | [\"private\",\"x\"]        | public-read         | true",
            "string_not_equal                | cos:x-cos-acl             | [\"private\"]              | private             | false",
            "string_equal_ignore_case        | cos:x-cos-storage-class   | \"archive\"                | ARCHIVE             | true",
            "string_not_equal_ignore_case    | cos:x-cos-storage-class   | \"archive\"                | ARCHIVE             | false",
            "string_like                     | cos:content-type          | \"image/*\"                | image/png           | true",
            "string_like                     | cos:content-type          | \"image/*\"                | text/plain          | false",
            "string_not_like                 | cos:content-type          | \"image/*\"                | text/plain          | true",
            "ip_equal                        | qcs:ip                    | [\"10.121.2.10/24\",\"101.226.100.185\"] | 10.121.2.77 | true",
            "ip_equal                        | qcs:ip                    | [\"10.121.2.10/24\",\"101.226.100.185\"] | 101.226.100.185 | true",
            "ip_equal                        | qcs:ip                    | [\"10.121.2.10/24\"]       | 10.121.3.1          | false",
            "ip_not_equal                    | qcs:ip                    | [\"10.0.0.0/8\"]           | 192.168.0.1         | true",
            "ip_equal                        | qcs:ip                    | [\"2001:db8::/32\"]        | 2001:db8::1         | true",
            "numeric_equal                   | cos:content-length        | 10                         | 10                  | true",
            "numeric_not_equal               | cos:content-length        | 10                         | 10                  | false",
            "numeric_greater_than            | cos:content-length        | 10                         | 11                  | true",
            "numeric_greater_than_equal      | cos:content-length        | 10                         | 10                  | true",
            "numeric_less_than               | cos:content-length        | \"1048576\"                | 2097152             | false",
            "numeric_less_than_equal         | cos:content-length        | 10                         | 10                  | true",
            "date_equal                      | qcs:current_time          | \"2026-11-23T12:00:00Z\"   | -                   | true",
            "date_not_equal                  | qcs:current_time          | \"2026-11-23T12:00:00Z\"   | -                   | false",
            "date_greater_than               | qcs:current_time          | \"2026-01-01T00:00:00Z\"   | -                   | true",
            "date_greater_than_equal         | qcs:current_time          | \"2027-01-01\"             | -                   | false",
            "date_less_than                  | qcs:current_time          | \"2027-01-01T00:00:00+08:00\" | -                | true",
            "date_less_than_equal            | qcs:current_time          | \"2026-11-23T12:00:00Z\"   | -                   | true",
            "bool_equal                      | cos:secure-transport      | \"true\"                   | false               | false",
            "bool_equal                      | cos:secure-transport      | \"false\"                  | false               | true",
            "null_equal                      | cos:x-cos-acl             | \"true\"                   | ~absent             | true",
            "null_equal                      | cos:x-cos-acl             | \"false\"                  | ~absent             | false",
            "null_equal                      | cos:x-cos-acl             | \"false\"                  | private             | true",
            // S3 spellings read the same facts
            "StringEquals                    | s3:x-amz-storage-class    | \"STANDARD\"               | STANDARD            | true",
            "StringLike                      | aws:Referer               | \"http://www.example.com/*\" | http://www.example.com/a | true",
            "StringLike                      | aws:UserAgent             | \"curl/?.*\"               | curl/8.5            | true",
            "IpAddress                       | aws:SourceIp              | \"127.0.0.0/8\"            | 127.0.0.1           | true",
            "NotIpAddress                    | aws:SourceIp              | \"127.0.0.0/8\"            | 127.0.0.1           | false",
            "Bool                            | aws:SecureTransport       | \"false\"                  | false               | true",
            "NumericLessThanEquals           | s3:max-keys               | \"100\"                    | 1000                | false",
            "StringEquals                    | s3:delimiter              | \"/\"                      | /                   | true",
            "StringEquals                    | s3:prefix                 | [\"home/\",\"\"]           | home/               | true",
            "StringEquals                    | s3:VersionId              | \"v1\"                     | v1                  | true",
            "DateLessThan                    | aws:CurrentTime           | \"2026-11-23T11:00:00Z\"   | -                   | false",
            "NumericGreaterThan              | aws:EpochTime             | \"1700000000\"             | -                   | true",
            "Null                            | s3:x-amz-acl              | \"true\"                   | private             | false",
    })
    void operatorTable_POL_C7_C9_S5(String op, String key, String values, String request, boolean allowed) {
        ContextKey.Parsed k = ContextKey.parse(key);
        Map<ContextKey, String> facts = request.equals("-") || request.equals("~absent") ? Map.of() : f(k.key(), request);
        assertThat(allows(op, key, values, facts)).isEqualTo(allowed);
    }

    /**
     * A Deny with one condition for {@code who}, beside an unconditional Allow for the sub-user: what
     * decides a request given the facts. The Deny applies exactly when its condition holds (POL-E4).
     */
    private static Decision denyBesideAllow(String denied, String op, String key, String valuesJson, Principal who,
                                            Map<ContextKey, String> facts) {
        Policy p = compile("{\"version\":\"2.0\",\"statement\":["
                + "{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"]},"
                + "{\"principal\":{\"qcs\":[\"" + denied + "\"]},\"effect\":\"deny\",\"action\":[\"*\"],\"resource\":[\"*\"],"
                + "\"condition\":{\"" + op + "\":{\"" + key + "\":" + valuesJson + "}}}]}");
        return PolicyEvaluator.evaluate(p, req(who, "GetObject", "s3:GetObject", "k", facts), NOW);
    }

    private static Map<ContextKey, String> facts(String key, String request) {
        return request.equals("-") || request.equals("~absent") ? Map.of() : f(ContextKey.parse(key).key(), request);
    }

    /**
     * The operator table again with the Deny effect: "deny" means the conditional Deny matched
     * (EXPLICIT_DENY), "allow" that it did not and the Allow beside it decided (EXPLICIT_ALLOW). The
     * common forms: Deny unless from a network (ip_not_equal), Deny when a header has a value
     * (string_equal), Deny plain HTTP (bool_equal false), and missing keys (POL-C8): a plain positive
     * operator is false on an absent key, so its Deny does not apply; a plain negated operator,
     * {@code _if_exist}, {@code null_equal true} and {@code for_all_value:} hold there, so their Deny
     * does.
     */
    @ParameterizedTest(name = "deny if {0} {1} {2}, request {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
            // op                            | key                       | values                     | request value       | outcome
            // Deny unless the caller is in a network (the COS console's "IP restriction" policy)
            "ip_not_equal                    | qcs:ip                    | [\"10.0.0.0/8\"]           | 10.1.2.3            | allow",
            "ip_not_equal                    | qcs:ip                    | [\"10.0.0.0/8\",\"192.168.0.0/16\"] | 192.168.9.9 | allow",
            "ip_not_equal                    | qcs:ip                    | [\"10.0.0.0/8\"]           | 172.16.0.1          | deny",
            "ip_not_equal                    | qcs:ip                    | [\"10.0.0.0/8\"]           | ~absent             | deny",
            "ip_equal                        | qcs:ip                    | [\"192.168.0.0/16\"]       | 192.168.3.4         | deny",
            "ip_equal                        | qcs:ip                    | [\"192.168.0.0/16\"]       | 10.0.0.1            | allow",
            "ip_equal                        | qcs:ip                    | [\"2001:db8::/32\"]        | 2001:db8::1         | deny",
            "NotIpAddress                    | aws:SourceIp              | \"127.0.0.0/8\"            | 10.0.0.1            | deny",
            "NotIpAddress                    | aws:SourceIp              | \"127.0.0.0/8\"            | 127.0.0.1           | allow",
            "IpAddress                       | aws:SourceIp              | \"127.0.0.0/8\"            | 127.0.0.1           | deny",
            // Deny when a header has (or lacks) a value
            "string_equal                    | cos:x-cos-acl             | \"public-read\"            | public-read         | deny",
            "string_equal                    | cos:x-cos-acl             | [\"public-read\",\"public-read-write\"] | public-read-write | deny",
            "string_equal                    | cos:x-cos-acl             | \"public-read\"            | private             | allow",
            "string_equal                    | cos:x-cos-acl             | \"public-read\"            | Public-Read         | allow",
            "string_equal                    | cos:x-cos-acl             | \"public-read\"            | ~absent             | allow",
            "string_equal_if_exist           | cos:x-cos-acl             | \"public-read\"            | ~absent             | deny",
            "string_equal_if_exist           | cos:x-cos-acl             | \"public-read\"            | private             | allow",
            "string_not_equal                | cos:x-cos-storage-class   | \"STANDARD\"               | ARCHIVE             | deny",
            "string_not_equal                | cos:x-cos-storage-class   | \"STANDARD\"               | STANDARD            | allow",
            "string_not_equal                | cos:x-cos-storage-class   | \"STANDARD\"               | ~absent             | deny",
            "string_not_equal_if_exist       | cos:x-cos-storage-class   | \"STANDARD\"               | ~absent             | deny",
            "StringNotEqualsIgnoreCase       | s3:x-amz-storage-class    | \"standard\"               | STANDARD            | allow",
            "string_equal_ignore_case        | cos:x-cos-storage-class   | \"archive\"                | ARCHIVE             | deny",
            "string_like                     | cos:content-type          | \"text/*\"                 | text/html           | deny",
            "string_like                     | cos:content-type          | \"text/*\"                 | image/png           | allow",
            "StringNotLike                   | aws:Referer               | \"https://example.com/*\"  | https://evil.test/  | deny",
            "StringNotLike                   | aws:Referer               | \"https://example.com/*\"  | https://example.com/a | allow",
            "StringNotLike                   | aws:Referer               | \"https://example.com/*\"  | ~absent             | deny",
            // numbers and dates
            "numeric_greater_than            | cos:content-length        | 1048576                    | 2097152             | deny",
            "numeric_greater_than            | cos:content-length        | 1048576                    | 10                  | allow",
            "NumericGreaterThan              | s3:max-keys               | \"100\"                    | 1000                | deny",
            "date_greater_than               | qcs:current_time          | \"2026-01-01T00:00:00Z\"   | -                   | deny",
            "date_less_than                  | qcs:current_time          | \"2026-01-01T00:00:00Z\"   | -                   | allow",
            "NumericLessThan                 | aws:EpochTime             | \"1700000000\"             | -                   | allow",
            // Deny plain HTTP
            "bool_equal                      | cos:secure-transport      | \"false\"                  | false               | deny",
            "bool_equal                      | cos:secure-transport      | \"false\"                  | true                | allow",
            "Bool                            | aws:SecureTransport       | \"false\"                  | ~absent             | allow",
            // Deny when a key is (not) sent
            "null_equal                      | cos:x-cos-acl             | \"true\"                   | ~absent             | deny",
            "null_equal                      | cos:x-cos-acl             | \"true\"                   | private             | allow",
            "Null                            | s3:x-amz-acl              | \"false\"                  | private             | deny",
            "Null                            | s3:x-amz-acl              | \"false\"                  | ~absent             | allow",
            // qualifiers
            "for_any_value:string_equal      | cos:x-cos-acl             | [\"a\",\"b\"]              | b                   | deny",
            "for_any_value:string_equal      | cos:x-cos-acl             | [\"a\",\"b\"]              | ~absent             | allow",
            "for_all_value:string_equal      | cos:x-cos-acl             | [\"a\",\"b\"]              | ~absent             | deny",
            "ForAllValues:StringEquals       | s3:x-amz-acl              | [\"a\"]                    | c                   | allow",
            // a qualifier keeps its own absent-key rule, negated or not (POL-C8)
            "for_any_value:string_not_equal  | cos:x-cos-acl             | [\"a\"]                    | ~absent             | allow",
            "ForAnyValue:StringNotEquals     | s3:x-amz-acl              | [\"a\"]                    | ~absent             | allow",
            "for_all_value:string_not_equal  | cos:x-cos-acl             | [\"a\"]                    | ~absent             | deny",
            "ForAllValues:StringNotLike      | s3:x-amz-acl              | [\"a*\"]                   | ~absent             | deny",
    })
    void aConditionalDenyAppliesExactlyWhenItsConditionHolds_POL_E4_C7_C8(String op, String key, String values, String request,
                                                                         String outcome) {
        Decision d = denyBesideAllow(SUB_CAM, op, key, values, SUB, facts(key, request));
        assertThat(d.reason()).isEqualTo(outcome.equals("deny") ? Decision.Reason.EXPLICIT_DENY : Decision.Reason.EXPLICIT_ALLOW);
        assertThat(d.allowed()).isEqualTo(outcome.equals("allow"));
    }

    /**
     * Who a conditional Deny binds (POL-E1, POL-E4): the owner's root only where the Deny names it,
     * and then only while its condition holds; a {@code *} Deny binds the sub-user, never the root.
     */
    @ParameterizedTest(name = "deny {0} unless 10/8: {1} from {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            // Deny principal | caller | source ip | reason
            "root             | root   | 172.16.0.1 | EXPLICIT_DENY",
            "root             | root   | 10.0.0.1   | OWNER",
            "root             | root   | ~absent    | EXPLICIT_DENY",   // POL-C8: "not in 10/8" holds without an address
            "root             | sub    | 172.16.0.1 | EXPLICIT_ALLOW",
            "*                | root   | 172.16.0.1 | OWNER",
            "*                | sub    | 172.16.0.1 | EXPLICIT_DENY",
            "*                | sub    | 10.0.0.1   | EXPLICIT_ALLOW",
            "sub              | sub    | 172.16.0.1 | EXPLICIT_DENY",
            "sub              | root   | 172.16.0.1 | OWNER",
    })
    void aConditionalDenyBindsTheOwnersRootOnlyWhereItNamesIt_POL_E1_E4(String denied, String caller, String ip,
                                                                       Decision.Reason reason) {
        String principal = switch (denied) {
            case "root" -> ROOT_CAM;
            case "sub" -> SUB_CAM;
            default -> "*";
        };
        Principal who = caller.equals("root") ? ROOT : SUB;
        Decision d = denyBesideAllow(principal, "ip_not_equal", "qcs:ip", "[\"10.0.0.0/8\"]", who, facts("qcs:ip", ip));
        assertThat(d.reason()).isEqualTo(reason);
    }

    /** A conditional Allow and a conditional Deny together: the Deny wins whenever its condition holds (POL-E4). */
    @ParameterizedTest(name = "from {0} with acl {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "10.1.1.1    | private     | EXPLICIT_ALLOW",
            "10.1.1.1    | public-read | EXPLICIT_DENY",
            "10.1.1.1    | ~absent     | EXPLICIT_ALLOW",
            "192.168.1.1 | private     | IMPLICIT_DENY",
            "192.168.1.1 | public-read | EXPLICIT_DENY",
            "~absent     | private     | IMPLICIT_DENY",
    })
    void aMatchingConditionalDenyBeatsAMatchingConditionalAllow_POL_E4(String ip, String acl, Decision.Reason reason) {
        Policy p = compile("{\"version\":\"2.0\",\"statement\":["
                + "{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"],"
                + "\"condition\":{\"ip_equal\":{\"qcs:ip\":\"10.0.0.0/8\"}}},"
                + "{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"deny\",\"action\":[\"*\"],\"resource\":[\"*\"],"
                + "\"condition\":{\"string_equal\":{\"cos:x-cos-acl\":\"public-read\"}}}]}");
        Map<ContextKey, String> facts = new HashMap<>();
        if (!ip.equals("~absent")) facts.put(ContextKey.SOURCE_IP, ip);
        if (!acl.equals("~absent")) facts.put(ContextKey.ACL, acl);
        assertThat(PolicyEvaluator.evaluate(p, req(SUB, "PutObject", "s3:PutObject", "k", facts), NOW).reason()).isEqualTo(reason);
    }

    /**
     * Every negated operator, in both spellings, holds on a key the request does not have (POL-C8):
     * its Allow allows, and its Deny denies, so leaving a header or parameter out cannot slip past a
     * Deny written as "unless the key has this value". {@code date_not_equal} is tried on a key that
     * can be absent (the time keys never are); the compiler does not type keys.
     */
    @ParameterizedTest(name = "{0} {1} {2} on an absent key holds")
    @CsvSource(delimiter = '|', value = {
            // op                            | key                       | values
            "string_not_equal                | cos:x-cos-acl             | \"bucket-owner-full-control\"",
            "string_not_equal_ignore_case    | cos:x-cos-storage-class   | \"standard\"",
            "string_not_like                 | cos:content-type          | \"image/*\"",
            "ip_not_equal                    | qcs:ip                    | [\"10.0.0.0/8\"]",
            "numeric_not_equal               | cos:content-length        | 10",
            "date_not_equal                  | cos:x-cos-acl             | \"2026-11-23T12:00:00Z\"",
            "StringNotEquals                 | s3:x-amz-acl              | \"bucket-owner-full-control\"",
            "StringNotEqualsIgnoreCase       | s3:x-amz-storage-class    | \"standard\"",
            "StringNotLike                   | aws:Referer               | \"https://example.com/*\"",
            "NotIpAddress                    | aws:SourceIp              | \"127.0.0.0/8\"",
            "NumericNotEquals                | s3:max-keys               | \"100\"",
            "DateNotEquals                   | s3:prefix                 | \"2026-11-23T12:00:00Z\"",
            "ArnNotEquals                    | aws:UserAgent             | \"arn:aws:iam::1:user/x\"",
            "ArnNotLike                      | s3:delimiter              | \"arn:aws:*\"",
    })
    void aNegatedOperatorHoldsOnAnAbsentKeySoItsAllowAllowsAndItsDenyDenies_POL_C8(String op, String key, String values) {
        assertThat(allows(op, key, values, Map.of())).as("allow").isTrue();
        Decision d = denyBesideAllow(SUB_CAM, op, key, values, SUB, Map.of());
        assertThat(d.reason()).as("deny").isEqualTo(Decision.Reason.EXPLICIT_DENY);
        assertThat(d.allowed()).isFalse();
        // the _if_exist / IfExists form agrees on an absent key
        String ifExists = op.equals(op.toLowerCase()) ? op + "_if_exist" : op + "IfExists";
        assertThat(denyBesideAllow(SUB_CAM, ifExists, key, values, SUB, Map.of()).reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
    }

    @Test
    void aPlainPositiveOperatorOnAnAbsentKeyIsFalseANegatedOneTrueAndIfExistTrue_POL_C8() {
        Map<ContextKey, String> none = Map.of();
        assertThat(allows("string_equal", "cos:x-cos-acl", "\"private\"", none)).isFalse();
        assertThat(allows("StringEquals", "s3:x-amz-acl", "\"private\"", none)).isFalse();
        assertThat(allows("ip_equal", "qcs:ip", "\"10.0.0.0/8\"", none)).isFalse();
        assertThat(allows("numeric_less_than", "cos:content-length", "10", none)).isFalse();
        assertThat(allows("bool_equal", "cos:secure-transport", "\"false\"", none)).isFalse();
        assertThat(allows("string_not_equal", "cos:x-cos-acl", "\"private\"", none)).isTrue();
        assertThat(allows("string_equal_if_exist", "cos:x-cos-acl", "\"private\"", none)).isTrue();
        assertThat(allows("StringEqualsIfExists", "s3:x-amz-acl", "\"private\"", none)).isTrue();
        assertThat(allows("string_equal_if_exist", "cos:x-cos-acl", "\"private\"", f(ContextKey.ACL, "public-read"))).isFalse();
        // deny + string_equal_if_exist on an absent key denies
        Policy deny = compile("{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"]},"
                + "{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"deny\",\"action\":[\"*\"],\"resource\":[\"*\"],"
                + "\"condition\":{\"string_equal_if_exist\":{\"cos:x-cos-acl\":\"public-read\"}}}]}");
        assertThat(PolicyEvaluator.evaluate(deny, get(SUB, "k"), NOW).reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
    }

    @Test
    void forAnyValueAndForAllValuesQualifiers_POL_C7_S5() {
        assertThat(allows("for_any_value:string_equal", "cos:x-cos-acl", "[\"a\",\"b\"]", f(ContextKey.ACL, "b"))).isTrue();
        assertThat(allows("for_any_value:string_equal", "cos:x-cos-acl", "[\"a\",\"b\"]", Map.of())).isFalse();
        assertThat(allows("for_all_value:string_equal", "cos:x-cos-acl", "[\"a\",\"b\"]", Map.of())).as("empty set").isTrue();
        assertThat(allows("ForAllValues:StringEquals", "s3:x-amz-acl", "[\"a\"]", f(ContextKey.ACL, "c"))).isFalse();
        assertThat(allows("ForAnyValue:StringLike", "s3:x-amz-acl", "[\"a*\"]", f(ContextKey.ACL, "abc"))).isTrue();
        // multi-valued facts: every value must be in the policy set for ForAllValues
        Condition all = compile(cos(SUB_CAM, "allow", "*", "*", "{\"ForAllValues:StringEquals\":{\"s3:x-amz-acl\":[\"a\",\"b\"]}}"))
                .statements().get(0).conditions().get(0);
        assertThat(all.holds(List.of("a", "b"))).isTrue();
        assertThat(all.holds(List.of("a", "z"))).isFalse();
        Condition any = compile(cos(SUB_CAM, "allow", "*", "*", "{\"for_any_value:string_equal\":{\"cos:x-cos-acl\":[\"a\"]}}"))
                .statements().get(0).conditions().get(0);
        assertThat(any.holds(List.of("z", "a"))).isTrue();
    }

    @Test
    void valuesInAnArrayAreOredKeysAndOperatorsAreAnded_POL_C6() {
        String cond = "{\"ip_equal\":{\"qcs:ip\":[\"10.0.0.0/8\",\"192.168.0.0/16\"]},\"string_equal\":{\"cos:x-cos-acl\":\"private\",\"cos:x-cos-storage-class\":\"STANDARD\"}}";
        Policy p = compile(cos(SUB_CAM, "allow", "*", "*", cond));
        Map<ContextKey, String> ok = Map.of(ContextKey.SOURCE_IP, "192.168.1.1", ContextKey.ACL, "private", ContextKey.STORAGE_CLASS, "STANDARD");
        assertThat(PolicyEvaluator.evaluate(p, req(SUB, "PutObject", "s3:PutObject", "k", ok), NOW).allowed()).isTrue();
        Map<ContextKey, String> wrongClass = new HashMap<>(ok);
        wrongClass.put(ContextKey.STORAGE_CLASS, "ARCHIVE");
        assertThat(PolicyEvaluator.evaluate(p, req(SUB, "PutObject", "s3:PutObject", "k", wrongClass), NOW).allowed()).isFalse();
        Map<ContextKey, String> wrongIp = new HashMap<>(ok);
        wrongIp.put(ContextKey.SOURCE_IP, "172.16.0.1");
        assertThat(PolicyEvaluator.evaluate(p, req(SUB, "PutObject", "s3:PutObject", "k", wrongIp), NOW).allowed()).isFalse();
    }

    @Test
    void requestParameterKeysAreWrittenUrlEncodedInCosPolicies_POL_C10() {
        assertThat(allows("string_equal", "cos:response-content-type", "\"image%2Fjpeg\"", f(ContextKey.RESPONSE_CONTENT_TYPE, "image/jpeg"))).isTrue();
        assertThat(allows("string_equal", "cos:prefix", "\"photos%2F\"", f(ContextKey.PREFIX, "photos/"))).isTrue();
        assertThat(allows("string_equal", "cos:prefix", "\"photos/\"", f(ContextKey.PREFIX, "photos/"))).isTrue();
    }

    @Test
    void existingObjectTagsAreAskedForOnlyWhenAConditionNamesThem_POL_S5() {
        int[] asked = {0};
        Facts facts = (k, arg) -> {
            if (k == ContextKey.EXISTING_OBJECT_TAG) {
                asked[0]++;
                return arg.equals("team") ? List.of("blue") : null;
            }
            return null;
        };
        Policy tagged = compile(cos(SUB_CAM, "allow", "*", "*", "{\"StringEquals\":{\"s3:ExistingObjectTag/team\":\"blue\"}}"));
        var r = new PolicyRequest(SUB, BUCKET, "100000000001", List.of("GetObject"), "s3:GetObject", "k", facts);
        assertThat(PolicyEvaluator.evaluate(tagged, r, NOW).allowed()).isTrue();
        assertThat(asked[0]).isEqualTo(1);
        Policy plain = compile(cos(SUB_CAM, "allow", "*", "*", null));
        asked[0] = 0;
        PolicyEvaluator.evaluate(plain, r, NOW);
        assertThat(asked[0]).isZero();
    }

    @Test
    void theSeedSampleAllowsTheSubUserFromItsNetworkOnly_POL_C7() {
        Policy p = compile("{\"Statement\": [{\"Principal\": {\"qcs\": [\"qcs::cam::uin/100000000001:uin/100000000011\"]}, \"Effect\": \"allow\","
                + " \"Action\": [\"name/cos:GetBucket\"], \"Resource\": [\"qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*\"],"
                + " \"condition\": {\"ip_equal\": {\"qcs:ip\": \"10.121.2.10/24\"}}}], \"version\": \"2.0\"}");
        Decision in = PolicyEvaluator.evaluate(p, req(SUB, "GetBucket", "s3:ListBucket", null, f(ContextKey.SOURCE_IP, "10.121.2.200")), NOW);
        assertThat(in.allowed()).isTrue();
        assertThat(in.conditions()).containsExactly("ip_equal {\"qcs:ip\": [10.121.2.10/24]}");
        assertThat(PolicyEvaluator.evaluate(p, req(SUB, "GetBucket", "s3:ListBucket", null, f(ContextKey.SOURCE_IP, "10.121.9.1")), NOW).allowed()).isFalse();
    }
}
