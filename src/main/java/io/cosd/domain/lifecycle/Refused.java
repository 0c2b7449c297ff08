package io.cosd.domain.lifecycle;

import io.cosd.domain.Refusal;
import io.cosd.domain.Refusal.Reason;

import java.util.Collection;

/**
 * The lifecycle validator's refusals, worded like every other document's errors (api/xml/XmlProblem):
 * the element as a path from the root's child ({@code Rule/Transition/StorageClass}) and, for an
 * enumerated value, the accepted values, so a user can fix the document from the message alone.
 */
final class Refused {
    private Refused() {}

    static Refusal malformed(String element, String problem) {
        return new Refusal(Reason.MALFORMED_DOCUMENT, element + ": " + problem);
    }

    static Refusal missing(String element) {
        return malformed(element, "required element is missing.");
    }

    static Refusal repeated(String element) {
        return malformed(element, "must appear at most once.");
    }

    static Refusal notOneOf(Reason reason, String element, String got, Collection<String> accepted) {
        return new Refusal(reason, element + ": '" + (got == null ? "" : got) + "' is not one of " + String.join(", ", accepted) + ".");
    }

    static Refusal notInteger(String element, String got) {
        return malformed(element, "'" + got + "' is not an integer.");
    }

    static Refusal argument(String message) {
        return new Refusal(Reason.INVALID_ARGUMENT, message);
    }

    static Refusal request(String message) {
        return new Refusal(Reason.INVALID_REQUEST, message);
    }
}
