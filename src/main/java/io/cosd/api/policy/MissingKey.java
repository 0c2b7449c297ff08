package io.cosd.api.policy;

import io.cosd.api.core.Request;
import io.cosd.api.route.Operation;

import java.util.function.Function;

/**
 * POL-S13, S3's documented answer for a key that does not exist: a GET or HEAD the policies do not
 * allow is {@code 404 NoSuchKey} when the caller may list the bucket (s3:ListBucket with
 * {@code s3:prefix} = the key) and {@code 403 AccessDenied} otherwise. The 404 tells the caller no more
 * than a listing would. Only the request's own read of the current version qualifies (not a copy
 * source, not a named version), and only when no statement decided: an explicit Deny stays 403.
 */
final class MissingKey {
    private MissingKey() {}

    static boolean asked(Request rc, Operation op, String key, String versionId) {
        if (op != rc.operation() || (op != Operation.GET_OBJECT && op != Operation.HEAD_OBJECT) || key == null) return false;
        String own = rc.query().get("versionId");
        return versionId == null && (own == null || own.isEmpty());
    }

    /** The ListBucket that would show the key: its query is {@code prefix=<key>} and nothing else. */
    static Function<String, String> listing(String key) {
        return name -> name.equals("prefix") ? key : null;
    }
}
