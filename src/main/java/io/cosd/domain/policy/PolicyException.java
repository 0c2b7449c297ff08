package io.cosd.domain.policy;

/** A policy document defect; the message names it (mapped to 400 MalformedPolicy at the API edge). */
public final class PolicyException extends RuntimeException {
    public PolicyException(String message) {
        super(message, null, false, false);
    }
}
