package io.cosd.domain;

/**
 * A request the domain or a service refuses, named by a domain {@link Reason} rather than a wire error.
 * The HTTP layer translates each reason once, in one exhaustive switch ({@code api/error/DomainErrors});
 * services and domain code never choose a status or an error code (docs/spec/design.md, "Errors").
 * The detail, when given, is the message the client sees; null means the wire error's default message.
 * No stack trace: a refusal is an answer, not a fault.
 */
public final class Refusal extends RuntimeException {
    /** Why a request is refused, in the domain's words. Each maps to exactly one wire error. */
    public enum Reason {
        NO_SUCH_BUCKET,
        NO_SUCH_KEY,
        NO_SUCH_VERSION,
        NO_SUCH_UPLOAD,
        /** A configuration or request document that cannot be read as the expected shape. */
        MALFORMED_DOCUMENT,
        /** One value in the request is out of range or not allowed. */
        INVALID_ARGUMENT,
        /** The request as a whole is not allowed in the resource's current state or combination. */
        INVALID_REQUEST,
        /** A storage class the request names that this server does not offer for that use. */
        UNSUPPORTED_STORAGE_CLASS,
    }

    private final Reason reason;

    public Refusal(Reason reason) { this(reason, null); }

    public Refusal(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() { return reason; }

    /** The message for the client, or null for the wire error's default. */
    public String detail() { return getMessage(); }
}
