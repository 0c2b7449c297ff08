package io.cosd.app;

import io.cosd.domain.Refusal;
import io.cosd.domain.identity.Account;
import io.cosd.service.IdentityAdmin;
import io.cosd.store.meta.ConflictException;
import io.cosd.domain.identity.EmailAddress;
import io.cosd.store.meta.MetadataStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@code cosd admin account add|list|remove|set-email}: several accounts (tenants) on one server, each with its
 * own APPID, root uin, root keys, buckets and sub-users (docs/accounts.md). Metadata-only, so it works
 * beside a running server (ST-L2): the server reads accounts and keys from the database on every request.
 */
@Command(name = "account", mixinStandardHelpOptions = true, description = "Add, list or remove accounts (tenants).")
final class AdminAccounts {
    @ParentCommand
    Admin admin;

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add an account and a root key for it; prints the root SecretId and SecretKey once.",
                    "The uin and APPID (--appid) are generated unless given."})
    int add(@Option(names = "--uin", paramLabel = "<uin>", description = "Root uin (digits; default: generated)") String uin,
            @Option(names = "--secret-id", paramLabel = "<id>", description = "Use this SecretId (with --secret-key-stdin) instead of a generated key") String secretId,
            @Option(names = "--secret-key-stdin", description = "Read the SecretKey from the first line of stdin, so it is never in argv") boolean keyFromStdin,
            @Option(names = "--email", paramLabel = "<address>", description = "The account's e-mail address (unique, any case), which S3 grants by e-mail name it with") String email)
            throws IOException {
        if ((secretId == null) != !keyFromStdin) {
            System.err.println("cosd: --secret-id and --secret-key-stdin go together");
            return 2;
        }
        String normalizedEmail = null;
        if (email != null) {
            try {
                normalizedEmail = EmailAddress.normalize(email);
            } catch (IllegalArgumentException e) {
                System.err.println("cosd: --email: " + e.getMessage());
                return 2;
            }
        }
        // --appid is the admin command's inherited option (the account user/key commands act on); here it names the new account.
        String appid = admin.appId;
        String secretKey = keyFromStdin ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine() : null;
        if (keyFromStdin && (secretKey == null || secretKey.isBlank())) {
            System.err.println("cosd: --secret-key-stdin: no SecretKey on stdin");
            return 2;
        }
        try (MetadataStore m = Main.openStore(admin.dataDir)) {
            var added = new IdentityAdmin(m.identity()).addAccount(uin, appid, normalizedEmail, secretId,
                    secretKey == null ? null : secretKey.strip());
            Account a = added.account();
            System.out.println("added account uin=" + a.rootUin() + " appid=" + a.appId()
                    + (normalizedEmail != null ? " email=" + normalizedEmail : ""));
            System.out.println("SecretId:  " + added.key().secretId());
            if (secretId == null) System.out.println("SecretKey: " + added.key().secretKey() + "   (shown once; not stored in plain text)");
            return 0;
        } catch (Refusal e) {
            return Admin.refused(e);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts: uin, APPID, created, bucket count, e-mail (no secrets).")
    int list() {
        try (MetadataStore m = Main.openStore(admin.dataDir)) {
            System.out.println("uin\tappid\tcreated\tbuckets\temail");
            for (var s : m.identity().accountSummaries()) {
                System.out.println(s.account().rootUin() + "\t" + s.account().appId() + "\t" + s.createdAt() + "\t" + s.buckets()
                        + "\t" + (s.email() == null ? "-" : s.email()));
            }
            return 0;
        }
    }

    @Command(name = "set-email", mixinStandardHelpOptions = true,
            description = {"Set or remove an account's e-mail address (docs/accounts.md).",
                    "Grants already made by e-mail stay with the account they named."})
    int setEmail(@Option(names = "--uin", required = true, paramLabel = "<uin>", description = "The account's root uin") String uin,
                 @Option(names = "--email", paramLabel = "<address>", description = "The new address (unique, any case)") String email,
                 @Option(names = "--clear", description = "Remove the address") boolean clear) {
        if ((email == null) == !clear) {
            System.err.println("cosd: give --email <address> or --clear");
            return 2;
        }
        // one set of rules with PUT /-/admin/accounts/email (service/IdentityAdmin, ADM-4, ADM-12)
        try (MetadataStore m = Main.openStore(admin.dataDir)) {
            String stored = new IdentityAdmin(m.identity()).setAccountEmail(uin, email);
            System.out.println(stored == null ? "removed the e-mail of account " + uin : "account " + uin + " email=" + stored);
            return 0;
        } catch (Refusal e) {
            return Admin.refused(e);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an account with its users and keys; refused while it owns buckets.")
    int remove(@Option(names = "--uin", required = true, paramLabel = "<uin>", description = "The account's root uin") String uin) {
        try (MetadataStore m = Main.openStore(admin.dataDir)) {
            new IdentityAdmin(m.identity()).removeAccount(uin);
            System.out.println("removed account " + uin + " with its users and keys");
            return 0;
        } catch (Refusal e) {
            return Admin.refused(e);
        }
    }
}
