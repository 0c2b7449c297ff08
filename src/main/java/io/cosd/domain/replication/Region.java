package io.cosd.domain.replication;

import java.net.URI;

/**
 * Another region this deployment can replicate to: its endpoint, and credentials when the
 * destination is not the same account (null: sign with the source bucket owner's own root key,
 * which a peer cosd of the same account also holds). {@code signer}: {@code cos} (q-sign) or
 * {@code s3} (SigV4). {@code cosd}: whether the peer is a cosd and honours the private replica
 * headers (same version id and creation time); plain COS/S3 endpoints get ordinary writes.
 */
public record Region(String name, URI endpoint, String secretId, String secretKey, Signer signer, boolean cosd) {
    public enum Signer { COS, S3 }

    public boolean hasCredentials() {
        return secretId != null && secretKey != null;
    }
}
