package io.cosd.api.policy;

import io.cosd.api.core.EarlyBody;
import io.cosd.api.core.Request;
import io.cosd.api.lock.ObjectLockXml;
import io.cosd.api.route.Operation;

import java.util.function.Function;

/**
 * The object lock condition keys of PutObjectRetention and PutObjectLegalHold (LOCK-11, LOCK-A1): as on S3,
 * what the request body asks for, {@code s3:object-lock-mode} and {@code s3:object-lock-retain-until-date}
 * from its {@code <Retention>}, {@code s3:object-lock-legal-hold} from its {@code <LegalHold>}. These requests
 * send no lock headers, so read from headers the keys were always absent, and a Deny naming them (no
 * COMPLIANCE retention, no date beyond a cap, no legal hold) never applied to them. The body is read before
 * the decision, at most {@link EarlyBody#MAX_BYTES} (a valid document is under 200 bytes; more is MalformedXML,
 * as an over-cap tagging body is: LOCK-A1e), and handed to the handler unchanged, so the condition judges exactly
 * what is stored (as TaggingBody does for PutObjectTagging, POL-S11).
 */
public final class LockBody {
    private LockBody() {}

    /** Whether {@code op}'s lock keys come from its body. */
    public static boolean holds(Operation op) {
        return op == Operation.PUT_OBJECT_RETENTION || op == Operation.PUT_OBJECT_LEGAL_HOLD;
    }

    /**
     * ApiHandler: the request with its retention or legal-hold body read, checked (EarlyBody: UB-3, UB-7) and held.
     * LOCK-A1e: capped as every early read is, not at the handler's 2 MiB XML limit: this read comes before any
     * authorization, so an anonymous caller would otherwise get a 100 and 2 MiB read for a document of 200 bytes.
     */
    public static Request hold(Request rc) {
        return HeldBody.hold(rc);
    }

    /**
     * The header facts of a PutObjectRetention or PutObjectLegalHold: the lock header names answer what its body
     * asks for (null when the body is not a valid document: the handler refuses it), never a header of the
     * request; other headers as sent. Any other request's facts are {@code header} unchanged.
     */
    static Function<String, String> facts(Request rc, Function<String, String> header) {
        byte[] held = HeldBody.of(rc);
        if (!holds(rc.operation()) || held == null) return header;
        return facts(rc.operation(), held, header);
    }

    /**
     * As above from the body's bytes ({@code null}: no body, no lock fact): the one reading of a retention or
     * legal-hold body for both the served decision and {@code policy explain} (Explainer, POL-X1).
     */
    static Function<String, String> facts(Operation op, byte[] body, Function<String, String> header) {
        if (!holds(op)) return header;
        return name -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (!lower.startsWith("x-amz-object-lock-") && !lower.startsWith("x-cos-object-lock-")) return header.apply(name);
            return body == null ? null : fact(op, body, lower.substring("x-amz-object-lock-".length()));
        };
    }

    /** {@code mode}, {@code retain-until-date} or {@code legal-hold} as the body asks, or null. */
    private static String fact(Operation op, byte[] body, String suffix) {
        try {
            if (op == Operation.PUT_OBJECT_RETENTION) {
                ObjectLockXml.Retention r = ObjectLockXml.parseRetention(body.clone());
                return switch (suffix) {
                    case "mode" -> r.mode() == null ? null : r.mode().name();
                    case "retain-until-date" -> r.until() == null ? null : ObjectLockXml.isoMillis(r.until());
                    default -> null;
                };
            }
            return suffix.equals("legal-hold") ? (ObjectLockXml.parseLegalHold(body.clone()) ? "ON" : "OFF") : null;
        } catch (RuntimeException malformed) {
            return null; // the handler answers it (MalformedXML), before anything changes
        }
    }
}
