package io.cosd.domain.signing;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;

/**
 * An HMAC key that is used for many messages (a cached q-sign SignKey or SigV4 signing key). The
 * key schedule (inner and outer pad blocks) runs once; each message clones the keyed prototype,
 * which is never updated itself, so concurrent use is safe. If the provider's Mac cannot be cloned,
 * each message re-keys a fresh instance instead.
 */
final class KeyedMac {
    private final String alg;
    private final byte[] key;
    private final Mac prototype; // null when the provider's Mac is not cloneable

    KeyedMac(String alg, byte[] key) {
        this.alg = alg;
        this.key = key.clone();
        Mac keyed = Hashes.keyedMac(alg, this.key);
        Mac proto;
        try {
            keyed.clone();
            proto = keyed;
        } catch (CloneNotSupportedException e) {
            proto = null;
        }
        this.prototype = proto;
    }

    byte[] doFinal(String data) {
        return fresh().doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private Mac fresh() {
        if (prototype != null) {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                // checked in the constructor; fall through to re-keying
            }
        }
        return Hashes.keyedMac(alg, key);
    }

    /** A copy of the raw key bytes. */
    byte[] key() { return key.clone(); }
}
