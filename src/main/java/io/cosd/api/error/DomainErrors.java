package io.cosd.api.error;

import io.cosd.domain.Refusal;

/**
 * The one place a domain {@link Refusal} becomes a wire error: one exhaustive switch, no default, so a
 * new reason does not compile until it has an answer (docs/spec/design.md, "Errors").
 */
public final class DomainErrors {
    private DomainErrors() {}

    public static ApiException toApi(Refusal r) {
        ErrorCode code = switch (r.reason()) {
            case NO_SUCH_BUCKET -> ErrorCode.NO_SUCH_BUCKET;
            case NO_SUCH_KEY -> ErrorCode.NO_SUCH_KEY;
            case NO_SUCH_VERSION -> ErrorCode.NO_SUCH_VERSION;
            case NO_SUCH_UPLOAD -> ErrorCode.NO_SUCH_UPLOAD;
            case MALFORMED_DOCUMENT -> ErrorCode.MALFORMED_XML;
            case INVALID_ARGUMENT -> ErrorCode.INVALID_ARGUMENT;
            case INVALID_REQUEST -> ErrorCode.INVALID_REQUEST;
            case UNSUPPORTED_STORAGE_CLASS -> ErrorCode.NOT_SUPPORTED_STORAGE_CLASS;
        };
        return code.exception(r.detail());
    }
}
