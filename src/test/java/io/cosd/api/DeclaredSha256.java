package io.cosd.api;

import java.io.InputStream;

/** The body the API hands on for a request that declared {@code x-amz-content-sha256: <hex>}, for tests in other packages. */
public final class DeclaredSha256 {
    private DeclaredSha256() {}

    public static InputStream verifying(InputStream body, String hex) {
        return Sha256VerifyingStream.of(body, hex);
    }
}
