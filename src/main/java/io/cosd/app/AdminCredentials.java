package io.cosd.app;

import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.identity.Account;
import io.cosd.store.meta.MetadataStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code cosd admin credentials show}: the root account and its SecretIds, for the operator who
 * missed the first start (docs/storage.md ST-B3). Metadata-only, so it works beside a running server (ST-L2).
 * <p>
 * The SecretKey is printed only with {@code --show-secret}, and only from the key file
 * {@code <data>/root-credentials.properties} that the first start wrote, when that file still names an
 * active root key with the stored secret. So this command never reveals a secret that is not already
 * in plain text on disk: an operator who deleted the file has nothing shown, and creates a new key
 * ({@code cosd admin key create}) instead.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true, description = "Show the root account's credentials.",
        subcommands = AdminCredentials.Show.class)
final class AdminCredentials {
    @ParentCommand
    Admin admin;

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print the root account (uin, APPID), its SecretIds and where the key file is.",
                    "The SecretKey only with --show-secret, and only if the key file (written on first start) still holds it."})
    static final class Show implements Callable<Integer> {
        @ParentCommand
        AdminCredentials parent;
        @Option(names = "--show-secret", description = "Also print the SecretKey, from the key file <data>/root-credentials.properties")
        boolean showSecret;

        @Override
        public Integer call() throws IOException {
            Admin admin = parent.admin;
            Path dir = admin.dataDir != null ? admin.dataDir : Path.of(Main.env("COSD_DATA_DIR", "data"));
            Path file = dir.resolve(Bootstrap.CREDENTIALS_FILE).toAbsolutePath();
            try (MetadataStore m = Main.openStore(dir)) {
                Account root = Main.rootAccount(m, admin.appId);
                List<AccessKey> keys = m.identity().listKeys(root).stream()
                        .filter(k -> k.active() && k.userUin().equals(root.rootUin())).toList();
                System.out.println("root account: uin=" + root.rootUin() + " appid=" + root.appId());
                for (AccessKey k : keys) System.out.println("SecretId:  " + k.secretId());
                if (keys.isEmpty()) System.out.println("SecretId:  (none active; cosd admin key create --uin " + root.rootUin() + ")");
                Optional<String[]> inFile = read(file);
                if (inFile.isEmpty()) {
                    System.out.println("key file:  " + file + " (absent; the SecretKey is only stored sealed in meta.db)");
                } else {
                    System.out.println("key file:  " + file + " (SecretId " + inFile.get()[0] + ")");
                }
                if (!showSecret) return 0;
                if (inFile.isEmpty()) {
                    System.err.println("cosd: --show-secret needs the key file " + file + ", which is absent; create a new key with"
                            + " cosd admin key create --uin " + root.rootUin());
                    return 1;
                }
                String id = inFile.get()[0], secret = inFile.get()[1];
                Optional<AccessKey> live = m.identity().findKey(id)
                        .filter(k -> k.active() && k.account().equals(root) && secret.equals(k.secretKey()));
                if (live.isEmpty()) {
                    System.err.println("cosd: the key file " + file + " no longer holds an active root key (revoked or changed);"
                            + " create a new key with cosd admin key create --uin " + root.rootUin());
                    return 1;
                }
                System.out.println("SecretKey: " + secret);
                return 0;
            }
        }

        /** {secret_id, secret_key} from the key file, if it exists and names both. */
        private static Optional<String[]> read(Path file) throws IOException {
            if (!Files.isRegularFile(file)) return Optional.empty();
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            String id = p.getProperty("secret_id"), key = p.getProperty("secret_key");
            return id == null || key == null ? Optional.empty() : Optional.of(new String[] {id.strip(), key.strip()});
        }
    }
}
