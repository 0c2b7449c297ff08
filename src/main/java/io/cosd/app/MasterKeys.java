package io.cosd.app;

import io.cosd.store.fs.MasterKeyFile;
import io.cosd.store.meta.MasterKeyException;
import io.cosd.store.meta.MasterKeySource;

import java.nio.file.Path;
import java.util.Map;

/**
 * Which master key seals SecretKeys (docs/storage.md "Security at rest"), from the environment:
 * COSD_MASTER_KEY (base64 of 32 bytes), else COSD_MASTER_KEY_FILE, else {@code <data>/master.key}.
 * A file is generated only while the database holds no sealed secret.
 */
final class MasterKeys {
    private MasterKeys() {}

    static MasterKeySource from(Path dataDir, Map<String, String> env) {
        String inline = env.get("COSD_MASTER_KEY");
        String file = env.get("COSD_MASTER_KEY_FILE");
        if (inline != null && !inline.isBlank()) {
            if (file != null && !file.isBlank()) throw new MasterKeyException("set COSD_MASTER_KEY or COSD_MASTER_KEY_FILE, not both");
            return MasterKeySource.of(MasterKeyFile.parse(inline, "COSD_MASTER_KEY"));
        }
        if (file != null && !file.isBlank()) return new MasterKeyFile(Path.of(file.strip()), "COSD_MASTER_KEY_FILE");
        return new MasterKeyFile(dataDir.resolve(MasterKeyFile.DEFAULT_NAME), "the default master key file");
    }
}
