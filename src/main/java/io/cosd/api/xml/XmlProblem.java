package io.cosd.api.xml;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;

import java.util.Collection;

/**
 * Messages for XML validation errors: every one names the element (as a path from the document's
 * root element, {@code Rule/Transition/StorageClass}) and, for an enumerated value, the accepted
 * values, so a user can fix the document from the error alone. The code stays the one the rule
 * names (docs/spec/semantics.md; docs/spec/protocol.md §4.4): this class only words the message.
 */
public final class XmlProblem {
    private XmlProblem() {}

    /** {@code MalformedXML} naming the element and what is wrong with it. */
    public static ApiException malformed(String element, String problem) {
        return ErrorCode.MALFORMED_XML.exception(element + ": " + problem);
    }

    /** {@code <code>} for an element that is required but absent (or empty). */
    public static ApiException missing(ErrorCode code, String element) {
        return code.exception(element + ": required element is missing.");
    }

    public static ApiException missing(String element) {
        return missing(ErrorCode.MALFORMED_XML, element);
    }

    /** {@code MalformedXML} for an element that may appear once but appears more often. */
    public static ApiException repeated(String element) {
        return malformed(element, "must appear at most once.");
    }

    /** {@code <code>} for a value outside an enumeration, listing the accepted values. */
    public static ApiException notOneOf(ErrorCode code, String element, String got, Collection<String> accepted) {
        return code.exception(element + ": '" + (got == null ? "" : got) + "' is not one of " + String.join(", ", accepted) + ".");
    }

    public static ApiException notOneOf(String element, String got, Collection<String> accepted) {
        return notOneOf(ErrorCode.MALFORMED_XML, element, got, accepted);
    }

    /** {@code MalformedXML} for a value that must be an integer. */
    public static ApiException notInteger(String element, String got) {
        return malformed(element, "'" + got + "' is not an integer.");
    }
}
