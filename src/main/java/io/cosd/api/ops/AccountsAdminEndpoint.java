package io.cosd.api.ops;

import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.service.IdentityAdmin;
import io.cosd.store.meta.IdentityRepository;

import java.time.Instant;
import java.util.List;

/**
 * Accounts (tenants) over HTTP, as {@code cosd admin account add|list|remove} manage them
 * (docs/accounts.md; docs/security.md ADM-3): {@code GET /-/admin/accounts}, {@code POST
 * /-/admin/accounts[?uin=&appid=&email=]} (uin and APPID generated when absent; the new root
 * SecretKey in that answer only, ADM-8), {@code DELETE /-/admin/accounts?uin=}. Only the root of the
 * first account, the operator (ACC-4), may call them; an account's e-mail address (ADM-12) also its own root.
 */
public final class AccountsAdminEndpoint {
    private final IdentityAdmin ids;

    public AccountsAdminEndpoint(IdentityAdmin ids) {
        this.ids = ids;
    }

    record AccountView(String uin, String appid, Instant created, int buckets, String email, boolean first) {}

    record Accounts(List<AccountView> accounts) {}

    record NewAccount(String uin, String appid, String email, String secretId, String secretKey) {}

    record Removed(String action, String uin) {}

    public Response list(Request rc) {
        AdminGate.operator(rc, ids);
        List<IdentityRepository.AccountSummary> all = ids.accounts();
        return AdminJson.ok(new Accounts(all.stream().map(s -> new AccountView(s.account().rootUin(), s.account().appId(),
                s.createdAt(), s.buckets(), s.email(), s == all.getFirst())).toList()));
    }

    public Response add(Request rc) {
        AdminGate.operator(rc, ids);
        var q = rc.query();
        var a = ids.addAccount(q.get("uin"), q.get("appid"), q.get("email"), null, null);
        return AdminJson.secret(new NewAccount(a.account().rootUin(), a.account().appId(), a.email(), a.key().secretId(), a.key().secretKey()));
    }

    record Email(String uin, String email) {}

    /**
     * {@code PUT /-/admin/accounts/email?uin=&email=} and {@code DELETE /-/admin/accounts/email?uin=}
     * (ADM-12): {@code cosd admin account set-email} over HTTP. The operator may change any account's
     * address, an account's root only its own: the address is how S3 grants name the account (ACC-7),
     * so no sub-user and no other account may move it.
     */
    public Response setEmail(Request rc, boolean clear) {
        String uin = rc.query().get("uin");
        AdminGate.accountRoot(rc, ids, uin);
        String email = clear ? null : rc.query().get("email");
        if (!clear && email == null) throw ErrorCode.INVALID_ARGUMENT.exception("email is required (DELETE removes the address).");
        return AdminJson.ok(new Email(uin, ids.setAccountEmail(uin, email)));
    }

    public Response remove(Request rc) {
        AdminGate.operator(rc, ids);
        String uin = rc.query().get("uin");
        ids.removeAccount(uin);
        return AdminJson.ok(new Removed("removed", uin));
    }
}
