package io.cosd.api.policy;

import io.cosd.api.route.Operation;

import java.util.Arrays;
import java.util.Locale;

/** Operation to policy action names, shared by the server's check and explain. */
public final class PolicyActions {
    private PolicyActions() {}

    /**
     * POL-S6: versioned reads and deletes need the S3 {@code ...Version} actions; COS uses the same
     * action names plus the {@code cos:versionid} condition (§5.2).
     */
    public static String s3Action(Operation op, boolean versioned) {
        if (versioned) {
            switch (op) {
                case GET_OBJECT, HEAD_OBJECT -> { return "s3:GetObjectVersion"; }
                case DELETE_OBJECT, DELETE_OBJECTS -> { return "s3:DeleteObjectVersion"; }
                case GET_OBJECT_TAGGING -> { return "s3:GetObjectVersionTagging"; }
                case PUT_OBJECT_TAGGING -> { return "s3:PutObjectVersionTagging"; }
                case DELETE_OBJECT_TAGGING -> { return "s3:DeleteObjectVersionTagging"; }
                case GET_OBJECT_ACL -> { return "s3:GetObjectVersionAcl"; }
                case GET_OBJECT_ATTRIBUTES -> { return "s3:GetObjectVersionAttributes"; }
                case PUT_OBJECT_ACL -> { return "s3:PutObjectVersionAcl"; }
                default -> { }
            }
        }
        return op.s3Action();
    }

    /**
     * The operation an action names, for explain: an enum name ({@code GET_OBJECT}), a COS action
     * ({@code name/cos:GetObject}, {@code GetObject}) or an S3 action ({@code s3:GetObject}). The first
     * operation carrying the name wins. Null if none.
     */
    public static Operation byName(String action) {
        String a = action.trim();
        var ops = Arrays.stream(Operation.values()).filter(PolicyActions::hasAction).toList();
        for (Operation op : ops) if (op.name().equalsIgnoreCase(a)) return op;
        String cos = a.startsWith("name/cos:") ? a.substring(9) : a.startsWith("cos:") ? a.substring(4) : a;
        for (Operation op : ops) if (op.cosNames().contains(cos)) return op;
        String s3 = a.toLowerCase(Locale.ROOT);
        for (Operation op : ops) if (op.s3Action().toLowerCase(Locale.ROOT).equals(s3)) return op;
        return null;
    }

    /** cosd's own endpoints (OPS, ADMIN) are not API actions: no policy names them. */
    private static boolean hasAction(Operation op) {
        return op.scope() != Operation.Scope.OPS && op.scope() != Operation.Scope.ADMIN;
    }
}
