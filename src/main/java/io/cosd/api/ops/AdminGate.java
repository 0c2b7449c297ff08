package io.cosd.api.ops;

import io.cosd.api.auth.AuthResult;
import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.route.Operation;
import io.cosd.api.route.QueryParams;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.Principal;
import io.cosd.service.IdentityAdmin;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Who may call the endpoints under {@code /-/admin/} (accounts, users, keys, replication, lifecycle
 * preview and run, policy explain), and which of their inputs a signature must cover: decided here and
 * nowhere else (docs/security.md ADM-1..ADM-3, ADM-6, ADM-9). The endpoints read only what passed this gate.
 */
public final class AdminGate {
    /** Query parameters that carry the signature itself (q-sign and SigV4 presigned forms). */
    private static final Set<String> AUTH_PARAMS = Set.of("q-sign-algorithm", "q-ak", "q-sign-time", "q-key-time",
            "q-header-list", "q-url-param-list", "q-signature", "sign", "x-cos-security-token", "X-Amz-Algorithm",
            "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token");

    private AdminGate() {}

    /**
     * The parameters an admin operation reads; every one decides what it does, so every one present
     * must be signed (ADM-2). Every admin operation has its set, the lifecycle and explain endpoints
     * (older than this gate) too; null only for an operation outside {@code /-/admin/}.
     */
    static Set<String> params(Operation op) {
        return switch (op) {
            // a lifecycle run changes the bucket, so a leaked presigned URL must not trigger it; the
            // preview and explain only read, but they answer what a bucket holds and what its policy
            // allows, so they take the same signatures (the console signs them in a header, console/cos.js)
            case ADMIN_LIFECYCLE_PREVIEW -> Set.of("bucket", "at", "max-items");
            case ADMIN_LIFECYCLE_RUN -> Set.of("bucket");
            case ADMIN_POLICY_EXPLAIN -> Set.of(); // its input is the JSON body (ExplainEndpoint)
            case ADMIN_LIST_USERS, ADMIN_LIST_KEYS, ADMIN_LIST_ACCOUNTS -> Set.of();
            case ADMIN_ADD_USER -> Set.of("uin", "name");
            case ADMIN_REMOVE_USER, ADMIN_GET_USER_POLICY, ADMIN_PUT_USER_POLICY, ADMIN_DELETE_USER_POLICY, ADMIN_CREATE_KEY,
                 ADMIN_REMOVE_ACCOUNT -> Set.of("uin");
            case ADMIN_REVOKE_KEY -> Set.of("secret-id");
            case ADMIN_ADD_ACCOUNT -> Set.of("uin", "appid", "email");
            case ADMIN_SET_ACCOUNT_EMAIL -> Set.of("uin", "email");
            case ADMIN_CLEAR_ACCOUNT_EMAIL -> Set.of("uin");
            case ADMIN_REPLICATION_STATUS -> Set.of("bucket", "problems");
            case ADMIN_REPLICATION_RESYNC -> Set.of("bucket", "existing");
            default -> null;
        };
    }

    /**
     * ADM-2: before dispatch, after authentication. A parameter the operation does not read is
     * {@code 400 InvalidArgument} (never ignored), and one it reads but the signature does not cover
     * is {@code 403 AccessDenied}, in the words AUTH-4 uses: q-sign must list it in
     * {@code q-url-param-list}; SigV4 signs the whole query; SigV2 signs none of these.
     */
    public static void requireSignedParams(Operation op, QueryParams q, AuthResult auth) {
        Set<String> reads = params(op);
        if (reads == null) return;
        for (String k : q.keys()) {
            if (AUTH_PARAMS.contains(k)) continue;
            if (!reads.contains(k)) throw ErrorCode.INVALID_ARGUMENT.exception("This admin endpoint takes no parameter " + k + ".");
            if (auth instanceof AuthResult.Authenticated a && !a.signsParam(k)) {
                throw ErrorCode.ACCESS_DENIED.exception("The signature does not cover the query parameter " + k
                        + ": it must be in q-url-param-list (or signed with SigV4).");
            }
        }
    }

    /**
     * ADM-9: the longest a q-sign header signature may still verify when an admin request arrives. A
     * SigV4 header is replayable for AUTH-10's 15 minutes around its {@code x-amz-date}; q-sign names its
     * own end (up to {@code --qsign-max-window}, 7 days), so without this bound one signed "create key"
     * would mint a key on every replay for a week. The console signs for 15 minutes (console/cos.js);
     * 20 leave room for its clock estimate and the time on the wire.
     */
    static final Duration MAX_VALIDITY = Duration.ofMinutes(20);

    /**
     * ADM-9, before dispatch: a presigned URL (any signature in the query) is made to be handed on, ends
     * up in logs, histories and Referer headers, and lives up to 7 days, so it is a bearer token; it
     * never calls an admin endpoint ({@code 403 AccessDenied}), nor does a q-sign
     * header valid more than {@link #MAX_VALIDITY} after {@code now}. Anonymous callers pass here and
     * are refused by the endpoint (ADM-1).
     */
    public static void requireShortLivedSignature(Operation op, AuthResult auth, Instant now) {
        if (params(op) == null || !(auth instanceof AuthResult.Authenticated a)) return;
        if (a.presigned()) {
            throw ErrorCode.ACCESS_DENIED.exception("The admin endpoints take no presigned URL: sign the request in its Authorization header.");
        }
        if (a.validUntil() != null && a.validUntil().isAfter(now.plus(MAX_VALIDITY))) {
            throw ErrorCode.ACCESS_DENIED.exception("An admin request's signature may be valid for at most "
                    + MAX_VALIDITY.toMinutes() + " minutes: shorten q-sign-time.");
        }
    }

    /** Whether {@code name} carries the signature itself rather than an input of the operation. */
    static boolean authParam(String name) {
        return AUTH_PARAMS.contains(name);
    }

    /** ADM-1: the caller is an account's root (a sub-user or anonymous caller is AccessDenied); its account. */
    static Account root(Request rc) {
        if (rc.principal() instanceof Principal.Root r) return r.account();
        throw ErrorCode.ACCESS_DENIED.exception("Only the account's root may manage its users, keys and policies.");
    }

    /** ADM-3, ACC-4: accounts are the operator's, the root of the first account; every other caller is AccessDenied. */
    static Account operator(Request rc, IdentityAdmin ids) {
        Account a = rc.principal() instanceof Principal.Root r ? r.account() : null;
        if (a == null || !ids.isFirst(a)) throw ErrorCode.ACCESS_DENIED.exception("Only the root of the first account may manage accounts.");
        return a;
    }

    /**
     * ADM-12: an account's own settings (its e-mail address) are its root's and the operator's: the
     * operator for any account (as ADM-3), any other root for its own uin only; everyone else, and a
     * root naming another account, is AccessDenied (no answer tells a tenant which accounts exist).
     */
    static void accountRoot(Request rc, IdentityAdmin ids, String uin) {
        Account a = rc.principal() instanceof Principal.Root r ? r.account() : null;
        if (a != null && a.rootUin().equals(uin)) return;
        operator(rc, ids);
    }

    /** ADM-7: a bucket's replication, lifecycle preview and run are its owner's root's. */
    static void bucketRoot(Request rc, Bucket bucket) {
        if (!(rc.principal() instanceof Principal.Root r) || !r.account().rootUin().equals(bucket.ownerUin())) {
            throw ErrorCode.ACCESS_DENIED.exception();
        }
    }

    /** The admin endpoints whose input is their body, read by {@link #signedBody}; every other one reads its signed query only. */
    private static final Set<Operation> BODY_READERS = Set.of(Operation.ADMIN_PUT_USER_POLICY, Operation.ADMIN_POLICY_EXPLAIN);

    /**
     * ADM-12, UB-7: an admin endpoint that reads only its signed parameters refuses a body ({@code 400
     * InvalidArgument}), as the lifecycle preview always did: a body would be input that nothing reads or
     * checks against the signature, so it is refused, never ignored; and a {@code Content-MD5} sent with it
     * is checked against the (empty) body (InvalidDigest, BadDigest) rather than ignored. Before the
     * endpoint acts and before it looks anything up. The request returned reads an empty body.
     */
    public static Request refuseUnreadBody(Operation op, Request rc) {
        if (BODY_READERS.contains(op)) return rc;
        rc.readSmallBody(0, ErrorCode.INVALID_ARGUMENT);
        return rc.withBody(java.io.InputStream.nullInputStream()); // read and closed: the endpoint finds it empty
    }

    /**
     * ADM-6, ADM-12: a body that decides what is stored (an identity policy) or what is answered (the
     * policy explain's question) must be covered by the signature: a SigV4 payload hash (verified while
     * it is read, ApiHandler; {@code UNSIGNED-PAYLOAD} is no hash), or a signed {@code Content-MD5}
     * checked here before the body is used. q-sign never hashes the body, so a q-sign request without a
     * signed Content-MD5 is AccessDenied, and a body that is not the one the MD5 names is BadDigest.
     */
    public static byte[] signedBody(Request rc, int max) {
        String sha = rc.headers().first("x-amz-content-sha256");
        boolean sigV4Hash = rc.authScheme() == AuthResult.Scheme.SIGV4_HEADER && sha != null && sha.trim().matches("[0-9a-fA-F]{64}");
        String md5 = rc.headers().first("Content-MD5");
        if (!sigV4Hash && (md5 == null || !rc.signedHeaders().contains("content-md5"))) {
            throw ErrorCode.ACCESS_DENIED.exception("The signature must cover the body: sign a Content-MD5 header (q-sign) or its SHA-256 (SigV4).");
        }
        // A malformed Content-MD5 is InvalidDigest before the read, a body that is not the one it names BadDigest (UB-7).
        return rc.readSmallBody(max, ErrorCode.ENTITY_TOO_LARGE);
    }
}
