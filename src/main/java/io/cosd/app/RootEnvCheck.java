package io.cosd.app;

import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.identity.Account;
import io.cosd.store.meta.MetadataStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * COSD_ROOT_* only create the root account on a data dir's first start (docs/storage.md ST-B4). Set on a later start with
 * other values they would be silently ignored and clients signing with them refused as unknown keys;
 * so the start says so in one line. The SecretKey is compared, never printed: the stored key is
 * opened with the master key (sealed at rest) and compared in constant time.
 */
final class RootEnvCheck {
    private RootEnvCheck() {}

    static List<String> warnings(MetadataStore meta, Account root, Map<String, String> env) {
        String uin = env.get("COSD_ROOT_UIN"), appId = env.get("COSD_APPID");
        String id = env.get("COSD_ROOT_SECRET_ID"), key = env.get("COSD_ROOT_SECRET_KEY");
        List<String> differ = new ArrayList<>();
        if (uin != null && !uin.equals(root.rootUin())) differ.add("COSD_ROOT_UIN");
        if (appId != null && !appId.equals(root.appId())) differ.add("COSD_APPID");
        Optional<AccessKey> stored = id == null ? Optional.empty() : meta.identity().findKey(id)
                .filter(k -> k.active() && k.account().equals(root) && k.userUin().equals(root.rootUin()));
        if (id != null && stored.isEmpty()) differ.add("COSD_ROOT_SECRET_ID");
        if (key != null && stored.isPresent() && !same(key, stored.get().secretKey())) differ.add("COSD_ROOT_SECRET_KEY");
        if (key != null && id == null) differ.add("COSD_ROOT_SECRET_KEY (without COSD_ROOT_SECRET_ID)");
        if (differ.isEmpty()) return List.of();
        String storedIds = String.join(",", meta.identity().listKeys(root).stream()
                .filter(k -> k.active() && k.userUin().equals(root.rootUin())).map(AccessKey::secretId).toList());
        return List.of("cosd: warning: " + String.join(", ", differ) + (differ.size() == 1 ? " differs" : " differ")
                + " from the stored root account (uin=" + root.rootUin() + " appid=" + root.appId() + " SecretId=" + storedIds
                + ") and " + (differ.size() == 1 ? "is" : "are") + " ignored: COSD_ROOT_* apply only on a data dir's first start;"
                + " sign with the stored credentials (cosd admin credentials show) or unset them");
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8));
    }
}
