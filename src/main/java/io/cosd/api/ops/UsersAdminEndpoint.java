package io.cosd.api.ops;

import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.User;
import io.cosd.service.IdentityAdmin;
import io.cosd.service.UserPolicyService;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The users, keys and identity policies of the caller's account over HTTP, as {@code cosd admin user|key}
 * manage them (docs/security.md ADM-1..ADM-8), for the console's admin pages:
 * <pre>
 * GET    /-/admin/users                     list          POST /-/admin/users?uin=&amp;name=   add
 * DELETE /-/admin/users?uin=                remove (and its keys)
 * GET|PUT|DELETE /-/admin/users/policy?uin= a sub-user's identity policy (PUT: the JSON document, body signed)
 * GET    /-/admin/keys                      list, never a secret
 * POST   /-/admin/keys?uin=                 create: the SecretKey in this answer only (no-store)
 * DELETE /-/admin/keys?secret-id=           revoke
 * </pre>
 * The caller is the account's root (AdminGate); the rules are the CLI's (service/IdentityAdmin).
 */
public final class UsersAdminEndpoint {
    /** The identity policy size cap, as a bucket policy's (docs/policy.md). */
    static final int MAX_POLICY = 20 * 1024;

    private final IdentityAdmin ids;
    private final UserPolicyService policies;

    public UsersAdminEndpoint(IdentityAdmin ids, UserPolicyService policies) {
        this.ids = ids;
        this.policies = policies;
    }

    IdentityAdmin identities() { return ids; }

    record UserView(String uin, String name, boolean root, Instant created) {
        static UserView of(User u) { return new UserView(u.uin(), u.name(), u.isRoot(), u.createdAt()); }
    }

    record Users(String account, String appid, List<UserView> users) {}

    record KeyView(String secretId, String uin, boolean root, boolean active, Instant created) {
        static KeyView of(AccessKey k) {
            return new KeyView(k.secretId(), k.userUin(), k.userUin().equals(k.account().rootUin()), k.active(), k.createdAt());
        }
    }

    record Keys(String account, List<KeyView> keys) {}

    /** The one answer that holds a SecretKey (ADM-8). */
    record NewKey(String secretId, String secretKey, String uin, Instant created) {}

    record Done(String action, String uin, String secretId) {}

    public Response listUsers(Request rc) {
        Account a = AdminGate.root(rc);
        return AdminJson.ok(new Users(a.rootUin(), a.appId(), ids.users(a).stream().map(UserView::of).toList()));
    }

    public Response addUser(Request rc) {
        Account a = AdminGate.root(rc);
        return AdminJson.ok(UserView.of(ids.addUser(a, rc.query().get("uin"), rc.query().get("name"))));
    }

    public Response removeUser(Request rc) {
        Account a = AdminGate.root(rc);
        String uin = rc.query().get("uin");
        ids.removeUser(a, uin);
        return AdminJson.ok(new Done("removed", uin, null));
    }

    public Response listKeys(Request rc) {
        Account a = AdminGate.root(rc);
        return AdminJson.ok(new Keys(a.rootUin(), ids.keys(a).stream().map(KeyView::of).toList()));
    }

    public Response createKey(Request rc) {
        Account a = AdminGate.root(rc);
        AccessKey k = ids.createKey(a, rc.query().get("uin"));
        return AdminJson.secret(new NewKey(k.secretId(), k.secretKey(), k.userUin(), k.createdAt()));
    }

    public Response revokeKey(Request rc) {
        Account a = AdminGate.root(rc);
        String id = rc.query().get("secret-id");
        ids.revokeKey(a, id);
        return AdminJson.ok(new Done("revoked", null, id));
    }

    /** The document exactly as it was put (POL-I1), as {@code cosd admin user policy get} prints it. */
    public Response getPolicy(Request rc) {
        String uin = subUser(rc);
        String doc = policies.document(AdminGate.root(rc), uin).orElseThrow(() ->
                ErrorCode.NO_SUCH_ENTITY.exception("The user " + uin + " has no identity policy."));
        return Response.status(200).header("Cache-Control", "no-store").bytes(doc.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** Validated by the server's own parser before it is stored, as the CLI's put (POL-I1); the body is signed (ADM-6). */
    public Response putPolicy(Request rc) {
        String uin = subUser(rc);
        byte[] body = AdminGate.signedBody(rc, MAX_POLICY);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ErrorCode.MALFORMED_POLICY.exception("The policy is not UTF-8.");
        }
        try {
            policies.put(AdminGate.root(rc), uin, text);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.MALFORMED_POLICY.exception(e.getMessage());
        }
        return AdminJson.ok(new Done("put", uin, null));
    }

    public Response deletePolicy(Request rc) {
        String uin = subUser(rc);
        boolean had = policies.delete(AdminGate.root(rc), uin);
        if (!had) throw ErrorCode.NO_SUCH_ENTITY.exception("The user " + uin + " has no identity policy.");
        return AdminJson.ok(new Done("deleted", uin, null));
    }

    /** A sub-user of the caller's account: roots take no identity policy (POL-I1); checked before the body is read. */
    private String subUser(Request rc) {
        Account a = AdminGate.root(rc);
        String uin = rc.query().get("uin");
        ids.requireUser(a, uin);
        if (uin.equals(a.rootUin())) {
            throw ErrorCode.INVALID_ARGUMENT.exception(uin + " is the account's root: it may do everything in its account and takes no identity policy.");
        }
        return uin;
    }
}
