package io.cosd.api.core;

import io.cosd.api.error.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * S3's opaque continuation tokens, one form for every listing that pages by name (ListObjectsV2,
 * ListBuckets): the last name of the page, base64url without padding. A token that does not decode is
 * {@code 400 InvalidArgument}.
 */
public final class ContinuationTokens {
    private ContinuationTokens() {}

    public static String encode(String lastName) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.INVALID_ARGUMENT.exception("The continuation token provided is incorrect");
        }
    }
}
