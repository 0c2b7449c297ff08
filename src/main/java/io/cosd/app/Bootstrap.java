package io.cosd.app;

import io.cosd.domain.identity.Account;
import io.cosd.store.fs.OwnerOnly;
import io.cosd.store.meta.MetadataStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * First start: creates the root account. Credentials come from COSD_ROOT_SECRET_ID/KEY, COSD_ROOT_UIN
 * and COSD_APPID, or are generated, printed once and stored (mode 0600) under the data dir. There
 * are never fixed default credentials.
 */
final class Bootstrap {
    static final String CREDENTIALS_FILE = "root-credentials.properties";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Bootstrap() {}

    /**
     * Creates the root account on first start; on a later start, compares COSD_ROOT_* with the stored
     * root account. Returns the lines to show (Main prints them once the server listens); never prints
     * itself, so credentials are never shown by a start that then fails.
     */
    static List<String> ensureRootAccount(MetadataStore meta, Path dataDir, Map<String, String> env) throws IOException {
        List<Account> accounts = meta.identity().listAccounts();
        if (!accounts.isEmpty()) return RootEnvCheck.warnings(meta, accounts.getFirst(), env);
        String uin = env.getOrDefault("COSD_ROOT_UIN", "1000" + digits(8));
        String appId = env.getOrDefault("COSD_APPID", "125" + digits(7));
        String secretId = env.get("COSD_ROOT_SECRET_ID");
        String secretKey = env.get("COSD_ROOT_SECRET_KEY");
        boolean generated = secretId == null || secretKey == null;
        if (generated) {
            secretId = "AKID" + random(32);
            secretKey = random(32);
        }
        Account account = meta.identity().createAccount(uin, appId);
        meta.identity().createKey(account, uin, secretId, secretKey);
        String props = "# cosd root account, created on first start\nuin=" + uin + "\nappid=" + appId
                + "\nsecret_id=" + secretId + "\nsecret_key=" + secretKey + "\n";
        Path file = dataDir.resolve(CREDENTIALS_FILE);
        // Created 0600, so the key is never readable by others, not even between create and chmod.
        Files.deleteIfExists(file);
        Files.createFile(file, OwnerOnly.file());
        Files.writeString(file, props, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        List<String> lines = new ArrayList<>();
        lines.add("cosd: created root account uin=" + uin + " appid=" + appId);
        if (generated) {
            lines.add("cosd: generated root credentials (shown once; also stored in " + file.toAbsolutePath() + "):");
            lines.add("  SecretId:  " + secretId);
            lines.add("  SecretKey: " + secretKey);
        }
        return List.copyOf(lines);
    }

    static String digits(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append((char) ('0' + RANDOM.nextInt(10)));
        return sb.toString();
    }

    static String random(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        return sb.toString();
    }
}
