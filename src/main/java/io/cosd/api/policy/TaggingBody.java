package io.cosd.api.policy;

import io.cosd.api.core.EarlyBody;
import io.cosd.api.core.Request;
import io.cosd.api.error.ApiException;
import io.cosd.api.object.TaggingHandler;
import io.cosd.api.object.TaggingHeader;
import io.cosd.api.route.Operation;

import java.util.Map;
import java.util.function.Function;

/**
 * PutObjectTagging's tags for {@code s3:RequestObjectTag/<k>} and {@code s3:RequestObjectTagKeys}
 * (POL-S11): as in S3, the tags in the request body. The body is read before the decision, at most
 * {@link EarlyBody#MAX_BYTES}, the handler's own limit too (a tag set is a few hundred bytes; more is
 * MalformedXML, as the handler answers), and handed to the handler unchanged, so the condition judges exactly the tags stored.
 */
public final class TaggingBody {
    private TaggingBody() {}

    /** ApiHandler: the request with its tagging body read, checked (EarlyBody: UB-3, UB-7) and held for the decision and the handler. */
    public static Request hold(Request rc) {
        return HeldBody.hold(rc);
    }

    /**
     * The header facts of a PutObjectTagging: its body's tags where the tagging header is read
     * (RequestValues), so one code path serves every write; other headers as sent.
     */
    static Function<String, String> facts(Request rc, Operation op, Function<String, String> header) {
        if (op != Operation.PUT_OBJECT_TAGGING) return header;
        return facts(op, HeldBody.of(rc), header);
    }

    /**
     * As above from the body's bytes ({@code null}: no body, no tags): the one reading of a tagging body for
     * both the served decision and {@code policy explain} (Explainer, POL-X1).
     */
    static Function<String, String> facts(Operation op, byte[] body, Function<String, String> header) {
        if (op != Operation.PUT_OBJECT_TAGGING) return header;
        // Never the request's own tagging header: PutObjectTagging stores its body's tags, nothing else.
        return name -> !name.equalsIgnoreCase("x-cos-tagging") && !name.equalsIgnoreCase("x-amz-tagging") ? header.apply(name)
                : body == null ? null : asHeader(body);
    }

    /** The body's tags in the tagging header's encoding; null when the body is no valid tag set (the write refuses it). */
    private static String asHeader(byte[] body) {
        Map<String, String> tags;
        try {
            tags = TaggingHandler.bodyTags(body.clone());
        } catch (ApiException malformed) {
            return null;
        }
        return TaggingHeader.encode(tags);
    }

}
