package io.cosd.api.ops;

import io.cosd.api.auth.AuthResult;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.DomainErrors;
import io.cosd.api.http.Response;
import io.cosd.api.route.Operation;
import io.cosd.api.route.QueryParams;
import io.cosd.domain.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * ADM-10: every change through the user, key, policy, account, replication and lifecycle run endpoints, done or
 * refused, is one line on the {@code io.cosd.audit} logger (the request id comes with the log pattern's
 * MDC): the operation, the caller's uin and SecretId and how it signed, the parameters it sent, and the
 * outcome. Never a SecretKey: the only one an admin answer holds is in its body, which is not logged,
 * and a signature riding in the query is left out. What the caller sent is escaped, so a crafted
 * value cannot forge a line. Reads (GET, and the policy explain, a POST only to carry its JSON) are not
 * changes and write no line.
 */
public final class AdminAudit {
    private static final Logger AUDIT = LoggerFactory.getLogger("io.cosd.audit");
    private static final int MAX_VALUE = 200;

    private AdminAudit() {}

    /** Runs {@code action} (the gate and the dispatch) and writes its line; what it returns or throws passes unchanged. */
    public static Response record(Operation op, String method, AuthResult auth, QueryParams q, Supplier<Response> action) {
        if (AdminGate.params(op) == null || method.equals("GET") || op == Operation.ADMIN_POLICY_EXPLAIN) return action.get();
        String who = line(op, auth, q);
        try {
            Response r = action.get();
            AUDIT.info("{} -> ok {}", who, r.status());
            return r;
        } catch (ApiException e) {
            AUDIT.warn("{} -> refused {} {}", who, e.code().status(), e.code().code());
            throw e;
        } catch (Refusal e) {
            ApiException api = DomainErrors.toApi(e);
            AUDIT.warn("{} -> refused {} {}", who, api.code().status(), api.code().code());
            throw e;
        } catch (RuntimeException e) {
            AUDIT.warn("{} -> failed {}", who, e.getClass().getSimpleName());
            throw e;
        }
    }

    static String line(Operation op, AuthResult auth, QueryParams q) {
        StringBuilder sb = new StringBuilder("admin ").append(op.name());
        if (auth instanceof AuthResult.Authenticated a) {
            sb.append(" caller=").append(a.key().userUin()).append(" account=").append(a.key().account().rootUin())
                    .append(" key=").append(escape(a.key().secretId())).append(" via=").append(a.scheme());
        } else {
            sb.append(" caller=anonymous");
        }
        for (String k : q.keys()) {
            if (AdminGate.authParam(k)) continue;
            sb.append(' ').append(escape(k)).append('=').append(escape(q.get(k)));
        }
        return sb.toString();
    }

    /** Control characters, line and paragraph separators and the backslash as escapes; long values cut. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_VALUE) + 8);
        for (int i = 0; i < s.length() && i < MAX_VALUE; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case ' ' -> sb.append("\\x20"); // fields are space-separated
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (s.length() > MAX_VALUE) sb.append("...(").append(s.length()).append(" chars)");
        return sb.toString();
    }
}
