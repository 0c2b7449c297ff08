package io.cosd.app;

import io.cosd.domain.signing.CosSigner;
import io.cosd.store.meta.ChangeFeed;

/**
 * Forgets the signers' derived-key memos when a key is revoked or its user or account removed, on
 * this node or another (docs/scale-out.md "Caches across nodes", SC-C6). Authentication never relies
 * on them to refuse a key (the key row is read on every request), so this only keeps keys derived
 * from a dead secret out of memory.
 */
final class KeyMemos implements ChangeFeed.Subscriber {
    @Override
    public void changed(ChangeFeed.Change change) {
        switch (change.kind()) {
            case KEY, USER, ACCOUNT -> CosSigner.forgetDerivedKeys();
            default -> { }
        }
    }

    @Override
    public void forgetAll() {
        CosSigner.forgetDerivedKeys();
    }
}
