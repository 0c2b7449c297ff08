package io.cosd.app;

import io.cosd.domain.Refusal;
import io.cosd.service.BuiltInKeyService;
import io.cosd.store.meta.KmsKeyRepository.StoredKey;
import io.cosd.store.meta.MetadataStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Clock;
import java.util.function.Function;

/**
 * {@code cosd admin kms key create|list|rotate|disable|enable}: the built-in key service's keys
 * (docs/encryption.md "Key service"), directly on the metadata database beside a running server.
 * Key material is never printed; it is stored sealed under the master key (KMS-7).
 */
@Command(name = "kms", mixinStandardHelpOptions = true, description = "The built-in key service of SSE-KMS: its keys.",
        subcommands = AdminKms.KeyCmd.class)
final class AdminKms {
    @ParentCommand
    Admin admin;

    @Command(name = "key", mixinStandardHelpOptions = true, description = "Create, list, rotate, disable or enable KMS keys.")
    static final class KeyCmd {
        @ParentCommand
        AdminKms kms;

        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Create a key with fresh material (version 1, enabled); prints its id.")
        int create(@Option(names = "--alias", paramLabel = "<alias>", description = "Another name for the key (1-64 of letters, digits, - _ .); the alias default makes it the default key (an id of default does not)") String alias,
                   @Option(names = "--id", paramLabel = "<id>", description = "The key id (default: a random UUID); the id is what responses report") String id) {
            return run(s -> {
                StoredKey k = s.create(id, alias);
                System.out.println("created key " + k.id() + (k.alias() == null ? "" : " alias " + k.alias()));
                return 0;
            });
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys: id, alias, state, current version, created (no material).")
        int list() {
            return run(s -> {
                for (StoredKey k : s.list()) System.out.println(line(k));
                return 0;
            });
        }

        @Command(name = "rotate", mixinStandardHelpOptions = true,
                description = "New material for new data keys; objects encrypted under older versions stay readable.")
        int rotate(@Parameters(paramLabel = "ID", description = "Key id or alias") String ref) {
            return run(s -> {
                StoredKey k = s.rotate(ref);
                System.out.println("rotated key " + k.id() + " to version " + k.currentVersion());
                return 0;
            });
        }

        @Command(name = "disable", mixinStandardHelpOptions = true,
                description = "No new data keys under this key (uploads naming it fail); objects already encrypted under it stay readable.")
        int disable(@Parameters(paramLabel = "ID", description = "Key id or alias") String ref) {
            return run(s -> {
                System.out.println("disabled key " + s.setEnabled(ref, false).id());
                return 0;
            });
        }

        @Command(name = "enable", mixinStandardHelpOptions = true, description = "Use a disabled key again.")
        int enable(@Parameters(paramLabel = "ID", description = "Key id or alias") String ref) {
            return run(s -> {
                System.out.println("enabled key " + s.setEnabled(ref, true).id());
                return 0;
            });
        }

        private int run(Function<BuiltInKeyService, Integer> command) {
            try (MetadataStore m = Main.openStore(kms.admin.dataDir)) {
                return command.apply(new BuiltInKeyService(m.kmsKeys(), Clock.systemUTC()));
            } catch (IllegalArgumentException e) {
                System.err.println("cosd: " + e.getMessage());
                return 2;
            } catch (Refusal e) {
                System.err.println("cosd: " + e.detail());
                return 1;
            }
        }

        static String line(StoredKey k) {
            return k.id() + "\t" + (k.alias() == null ? "-" : k.alias()) + "\t" + (k.enabled() ? "enabled" : "disabled")
                    + "\tv" + k.currentVersion() + "\t" + k.created();
        }
    }
}
