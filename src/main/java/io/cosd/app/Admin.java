package io.cosd.app;

import io.cosd.api.error.ApiException;
import io.cosd.api.policy.Explainer;
import io.cosd.api.policy.PolicyParser;
import io.cosd.api.policy.PublicAccessXml;
import io.cosd.domain.Refusal;
import io.cosd.service.AclService;
import io.cosd.service.IdentityAdmin;
import io.cosd.service.PolicyService;
import io.cosd.service.PublicAccessService;
import io.cosd.service.UserPolicyService;
import io.cosd.store.meta.MetadataStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** {@code cosd admin user|key ...}: identity management directly on the metadata database. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Manage accounts, users, their identity policies and keys; show the root credentials; explain policy decisions; replication status and resync; run or preview lifecycle; scrub; KMS keys; list nodes and their worker leases.",
        subcommands = {AdminAccounts.class, Admin.UserCmd.class, Admin.KeyCmd.class, AdminCredentials.class, Admin.PolicyCmd.class, ReplicationAdmin.class, AdminLifecycle.class, AdminScrub.class, AdminKms.class, AdminNodes.class})
final class Admin {
    /** A refusal of service/IdentityAdmin (the rules the /-/admin endpoints apply too, ADM-4): exit 2 for bad input, 1 otherwise. */
    static int refused(Refusal e) {
        System.err.println("cosd: " + e.getMessage());
        return e.reason() == Refusal.Reason.INVALID_ARGUMENT ? 2 : 1;
    }

    @Option(names = "--data-dir", description = "Data directory (env COSD_DATA_DIR, default ./data)", scope = picocli.CommandLine.ScopeType.INHERIT)
    Path dataDir;
    @Option(names = "--blob-dir", description = "Shared blob root, as given to serve (env COSD_BLOB_DIR, default <data-dir>/blobs; docs/scale-out.md)", scope = picocli.CommandLine.ScopeType.INHERIT)
    Path blobDir;
    @Option(names = "--appid", description = "Account APPID: the account the user, key and credentials commands act on (default: the first account); for account add, the new account's", scope = picocli.CommandLine.ScopeType.INHERIT)
    String appId;

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Add, remove or list sub-users; manage their identity policies.",
            subcommands = AdminUserPolicy.class)
    static final class UserCmd {
        @ParentCommand
        Admin admin;

        @Command(name = "add", description = "Add a sub-user (uin: 1 to 20 digits; name: 1 to 64 characters, default the uin).")
        int add(@Option(names = "--uin", required = true) String uin, @Option(names = "--name") String name) {
            try (MetadataStore m = Main.openStore(admin.dataDir)) {
                var a = Main.rootAccount(m, admin.appId);
                new IdentityAdmin(m.identity()).addUser(a, uin, name);
                System.out.println("added user " + uin + " to account " + a.rootUin());
                return 0;
            } catch (Refusal e) {
                return refused(e);
            }
        }

        @Command(name = "remove", description = "Remove a sub-user and its keys.")
        int remove(@Option(names = "--uin", required = true) String uin) {
            try (MetadataStore m = Main.openStore(admin.dataDir)) {
                new IdentityAdmin(m.identity()).removeUser(Main.rootAccount(m, admin.appId), uin);
                System.out.println("removed user " + uin);
                return 0;
            } catch (Refusal e) {
                if (e.reason() == Refusal.Reason.NO_SUCH_ENTITY) {
                    System.out.println("no such user " + uin);
                    return 1;
                }
                return refused(e);
            }
        }

        @Command(name = "list", description = "List users.")
        int list() {
            try (MetadataStore m = Main.openStore(admin.dataDir)) {
                for (var u : m.identity().listUsers(Main.rootAccount(m, admin.appId))) {
                    System.out.println(u.uin() + "\t" + (u.isRoot() ? "root" : "sub-user") + "\t" + u.name());
                }
                return 0;
            }
        }
    }

    @Command(name = "key", mixinStandardHelpOptions = true, description = "Create, revoke or list keys.")
    static final class KeyCmd {
        @ParentCommand
        Admin admin;

        @Command(name = "create", description = "Create a key for a user (prints the SecretKey once).")
        int create(@Option(names = "--uin", required = true) String uin) {
            try (MetadataStore m = Main.openStore(admin.dataDir)) {
                var k = new IdentityAdmin(m.identity()).createKey(Main.rootAccount(m, admin.appId), uin);
                System.out.println("SecretId:  " + k.secretId());
                System.out.println("SecretKey: " + k.secretKey());
                return 0;
            } catch (Refusal e) {
                return refused(e);
            }
        }

        @Command(name = "revoke", description = "Revoke a key (of any account).")
        int revoke(@Option(names = "--secret-id", required = true) String id) {
            try (MetadataStore m = Main.openStore(admin.dataDir)) {
                boolean ok = new IdentityAdmin(m.identity()).revokeAnyKey(id);
                System.out.println(ok ? "revoked " + id : "no such key " + id);
                return ok ? 0 : 1;
            } catch (Refusal e) {
                return refused(e);
            }
        }

        @Command(name = "list", description = "List keys (SecretIds only).")
        int list() {
            try (MetadataStore m = Main.openStore(admin.dataDir)) {
                for (var k : m.identity().listKeys(Main.rootAccount(m, admin.appId))) {
                    System.out.println(k.secretId() + "\t" + k.userUin() + "\t" + (k.active() ? "active" : "revoked"));
                }
                return 0;
            }
        }
    }

    @Command(name = "policy", mixinStandardHelpOptions = true, description = "Bucket policy tools.")
    static final class PolicyCmd {
        @ParentCommand
        Admin admin;

        /** Uses the server's own services, request builder and decision function (api.policy.Explainer, POL-X1). */
        @Command(name = "explain", mixinStandardHelpOptions = true,
                description = "Say whether the server would allow a request (bucket policy, the caller's identity policy, ACLs, public access block), and which document, statement, ACL grant or switch decided.")
        int explain(@Option(names = "--bucket", paramLabel = "<bucket>",
                            description = "Full bucket name, e.g. examplebucket-1250000000 (for CreateBucket: the one to create; none for ListBuckets)") String bucket,
                    @Option(names = "--principal", required = true, paramLabel = "<principal>",
                            description = "anonymous, qcs::cam::uin/<root>:uin/<uin>, an account's root uin, or a uin of the owner's account") String principal,
                    @Option(names = "--action", required = true, paramLabel = "<action>",
                            description = "name/cos:GetObject, GetObject, s3:GetObject or an operation (GET_OBJECT)") String action,
                    @Option(names = "--key", paramLabel = "<key>", description = "Object key (object actions)") String key,
                    @Option(names = "--version-id", paramLabel = "<versionId>", description = "Object version addressed (default: the current one); its ACL is the one read") String versionId,
                    @Option(names = "--ip", defaultValue = "127.0.0.1", paramLabel = "<ip>", description = "Client address (default ${DEFAULT-VALUE})") String ip,
                    @Option(names = "--secure", description = "The request came over HTTPS (through a trusted proxy)") boolean secure,
                    @Option(names = "--header", paramLabel = "<name=value>", description = "Request header name=value (repeatable)") Map<String, String> headers,
                    @Option(names = "--query", paramLabel = "<name=value>", description = "Query parameter name=value (repeatable), e.g. prefix=photos/") Map<String, String> query,
                    @Option(names = "--body", paramLabel = "<xml>", description = "Request body of PutObjectTagging, PutObjectRetention or "
                            + "PutObjectLegalHold, whose tags or lock the decision reads (docs/policy.md \"Explain\")") String body) {
            try (MetadataStore m = Main.openStore(admin.dataDir)) {
                var in = new Explainer.Input(bucket, principal, action, key, ip, secure, headers, query, versionId, body);
                var policies = new PolicyService(m, PolicyParser::parse);
                var blocks = new PublicAccessService(m.buckets(), PublicAccessXml::decode, PublicAccessXml::encode);
                var users = new UserPolicyService(m, (text, account) -> PolicyParser.parseIdentity(text, account.appId(), Main.env("COSD_REGION", "ap-guangzhou")));
                var r = Explainer.explain(new Explainer.Sources(policies, blocks, users, new AclService(m)), in, Instant.now());
                System.out.print(Explainer.text(r));
                return r.decision().allowed() ? 0 : 3;
            } catch (IllegalArgumentException e) {
                System.err.println("cosd: " + e.getMessage());
                return 2;
            } catch (io.cosd.store.meta.NoSuchBucketException e) {
                System.err.println("cosd: no such bucket: " + bucket + " (deleted or created again while explaining; AUTH-15)");
                return 2;
            } catch (ApiException e) {
                System.err.println("cosd: stored policy: " + e.getMessage());
                return 2;
            }
        }
    }
}
