package io.cosd.domain.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.Principal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Fixtures for the policy tables: the docs' example bucket and its account. */
final class Policies {
    static final String BUCKET = "examplebucket-1250000000";
    static final String APPID = "1250000000";
    static final String REGION = "ap-guangzhou";
    static final String RES = "qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/";
    static final Account ACCOUNT = new Account("100000000001", APPID);
    static final Principal ROOT = new Principal.Root(ACCOUNT);
    static final Principal SUB = new Principal.SubUser(ACCOUNT, "100000000011");
    static final Principal OTHER_SUB = new Principal.SubUser(ACCOUNT, "100000000012");
    static final Principal FOREIGN_ROOT = new Principal.Root(new Account("100000000002", "1250000001"));
    static final Principal ANON = Principal.ANONYMOUS;
    static final String SUB_CAM = "qcs::cam::uin/100000000001:uin/100000000011";
    static final String ROOT_CAM = "qcs::cam::uin/100000000001:uin/100000000001";
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Policies() {}

    static Policy compile(String json) {
        try {
            return PolicyCompiler.compile(JSON.readValue(json, Object.class), BUCKET, APPID, REGION);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A COS 2.0 document with one statement. */
    static String cos(String principal, String effect, String action, String resource, String condition) {
        return "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"" + principal + "\"]},\"effect\":\"" + effect
                + "\",\"action\":[\"" + action + "\"],\"resource\":[\"" + resource + "\"]"
                + (condition == null ? "" : ",\"condition\":" + condition) + "}]}";
    }

    static PolicyRequest req(Principal who, String cosAction, String s3Action, String key, Map<ContextKey, String> facts) {
        return new PolicyRequest(who, BUCKET, "100000000001", List.of(cosAction), s3Action, key,
                (k, arg) -> k == ContextKey.EXISTING_OBJECT_TAG ? (facts.containsKey(k) ? List.of(facts.get(k)) : null)
                        : facts.containsKey(k) ? List.of(facts.get(k)) : null);
    }

    static PolicyRequest get(Principal who, String key) {
        return req(who, "GetObject", "s3:GetObject", key, Map.of());
    }

    static Decision eval(Policy p, PolicyRequest r) {
        return PolicyEvaluator.evaluate(p, r, NOW, true);
    }
}
