package io.cosd.api.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.policy.Policy;
import io.cosd.domain.policy.PolicyCompiler;
import io.cosd.domain.policy.PolicyException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one entry point from policy JSON to a compiled {@link Policy} (docs/spec/design.md rule 7): any defect
 * is 400 MalformedPolicy with a message naming it (POL-C12, POL-S2) and nothing is stored.
 */
public final class PolicyParser {
    /** 20 KB (POL-A5). */
    public static final int MAX_BYTES = 20 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private PolicyParser() {}

    public static Policy parse(byte[] body, Bucket bucket) {
        return parse(new String(body, StandardCharsets.UTF_8), bucket);
    }

    public static Policy parse(String text, Bucket bucket) {
        Object doc = json(text);
        try {
            return PolicyCompiler.compile(doc, bucket.name(), bucket.appId(), bucket.region());
        } catch (PolicyException e) {
            throw ErrorCode.MALFORMED_POLICY.exception(e.getMessage());
        }
    }

    /**
     * An identity policy of a user of the account with {@code appId} in {@code region} (POL-I1);
     * defects are MalformedPolicy as for bucket policies, and the same size limit holds.
     */
    public static Policy parseIdentity(String text, String appId, String region) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ErrorCode.POLICY_TOO_LARGE.exception();
        }
        Object doc = json(text);
        try {
            return PolicyCompiler.compileIdentity(doc, appId, region);
        } catch (PolicyException e) {
            throw ErrorCode.MALFORMED_POLICY.exception(e.getMessage());
        }
    }

    private static Object json(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.charAt(0) != '{') {
            throw ErrorCode.MALFORMED_POLICY.exception("Policies must be valid JSON and the first byte must be '{'");
        }
        Object doc;
        try {
            doc = JSON.readValue(t, Object.class);
        } catch (JsonProcessingException e) {
            throw ErrorCode.MALFORMED_POLICY.exception("This policy contains invalid Json: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ErrorCode.MALFORMED_POLICY.exception("This policy contains invalid Json");
        }
        return doc;
    }
}
