package io.cosd.app;

import io.cosd.api.error.ApiException;
import io.cosd.api.policy.PolicyParser;
import io.cosd.service.UserPolicyService;
import io.cosd.store.meta.MetadataStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code cosd admin user policy put|get|delete}: a sub-user's identity policy (docs/policy.md
 * "Identity policies", POL-I1). The document is validated with the server's own parser before it is
 * stored; a running server picks the change up on the user's next request.
 */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Put, get or delete a sub-user's identity policy (COS CAM or IAM grammar, no Principal).")
final class AdminUserPolicy {
    @ParentCommand
    Admin.UserCmd user;

    @Option(names = "--region", paramLabel = "<region>", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The deployment's region COS resources must name (env COSD_REGION, default ap-guangzhou)")
    String region;

    private UserPolicyService service(MetadataStore m) {
        String r = region != null ? region : Main.env("COSD_REGION", "ap-guangzhou");
        return new UserPolicyService(m, (text, account) -> PolicyParser.parseIdentity(text, account.appId(), r));
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Attach a policy document to a sub-user (replaces any previous one).")
    int put(@Option(names = "--uin", required = true, paramLabel = "<uin>") String uin,
            @Option(names = "--file", required = true, paramLabel = "<policy.json>", description = "The JSON document; - reads stdin") Path file) {
        String text;
        try {
            text = file.toString().equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(file);
        } catch (IOException e) {
            System.err.println("cosd: cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        try (MetadataStore m = Main.openStore(user.admin.dataDir)) {
            service(m).put(Main.rootAccount(m, user.admin.appId), uin, text);
            System.out.println("put identity policy of user " + uin);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("cosd: " + e.getMessage());
            return 2;
        } catch (ApiException e) {
            System.err.println("cosd: " + e.getMessage());
            return 2;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print a sub-user's policy document as it was put.")
    int get(@Option(names = "--uin", required = true, paramLabel = "<uin>") String uin) {
        try (MetadataStore m = Main.openStore(user.admin.dataDir)) {
            var doc = service(m).document(Main.rootAccount(m, user.admin.appId), uin);
            if (doc.isEmpty()) {
                System.err.println("cosd: user " + uin + " has no identity policy");
                return 1;
            }
            System.out.println(doc.get());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("cosd: " + e.getMessage());
            return 2;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove a sub-user's policy document.")
    int delete(@Option(names = "--uin", required = true, paramLabel = "<uin>") String uin) {
        try (MetadataStore m = Main.openStore(user.admin.dataDir)) {
            boolean had = service(m).delete(Main.rootAccount(m, user.admin.appId), uin);
            System.out.println(had ? "deleted identity policy of user " + uin : "user " + uin + " had no identity policy");
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("cosd: " + e.getMessage());
            return 2;
        }
    }
}
