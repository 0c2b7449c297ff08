package io.cosd.api.auth;

import io.cosd.domain.identity.AccessKey;

import java.time.Instant;
import java.util.Set;

/** Outcome of authentication: anonymous, or a verified key plus what the body must still prove. */
public sealed interface AuthResult {
    record Anonymous() implements AuthResult {}

    /**
     * @param scheme        how the request was signed
     * @param payload       what the body must still satisfy
     * @param signedHeaders lower-case names of the headers the verified signature covers
     * @param signedParams  lower-case names of the query parameters the signature covers: q-sign's
     *                      {@code q-url-param-list}; SigV2 none but sub-resources (empty); null when the whole
     *                      query is signed (SigV4). The /-/admin endpoints read only covered parameters (ADM-2).
     * @param validUntil    the last second the signature verifies, as signed: q-sign's {@code q-sign-time} end;
     *                      null where the request time bounds it instead (SigV4 and SigV2 headers: AUTH-10's
     *                      15 minutes) or for presigned SigV4/SigV2, which the /-/admin endpoints refuse (ADM-9)
     */
    record Authenticated(AccessKey key, Scheme scheme, Payload payload, Set<String> signedHeaders, Set<String> signedParams,
                         Instant validUntil) implements AuthResult {
        public Authenticated(AccessKey key, Scheme scheme, Payload payload, Set<String> signedHeaders, Set<String> signedParams) {
            this(key, scheme, payload, signedHeaders, signedParams, null);
        }

        /** A query-string signature: a URL made to be handed on (ADM-9). */
        public boolean presigned() {
            return scheme == Scheme.COS_PRESIGNED || scheme == Scheme.SIGV4_PRESIGNED || scheme == Scheme.SIGV2_PRESIGNED;
        }

        /** Whether the signature covers query parameter {@code name} (ADM-2). */
        public boolean signsParam(String name) {
            return signedParams == null || signedParams.contains(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    enum Scheme { COS_HEADER, COS_PRESIGNED, SIGV4_HEADER, SIGV4_PRESIGNED, SIGV2_HEADER, SIGV2_PRESIGNED }

    /** Body obligations. COS q-sign never signs the body, so COS requests are {@link Unsigned}. */
    sealed interface Payload {
        /** Nothing to verify (COS, {@code UNSIGNED-PAYLOAD}, presigned). */
        record Unsigned() implements Payload {}

        /** {@code x-amz-content-sha256} carried a hex digest the body must match. */
        record Sha256(String hex) implements Payload {}

        /**
         * {@code aws-chunked} body ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]} or
         * {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}). {@code signingKey}/{@code seedSignature} are
         * null for the unsigned variant. {@code decodedLength} is x-amz-decoded-content-length or -1.
         */
        record AwsChunked(boolean signedChunks, boolean trailer, byte[] signingKey, String amzDate, String scope,
                          String seedSignature, long decodedLength) implements Payload {}
    }
}
