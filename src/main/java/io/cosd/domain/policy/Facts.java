package io.cosd.domain.policy;

import java.util.List;

/**
 * The request facts conditions read. Implementations may compute a value lazily (object tags are
 * loaded only when a statement asks for {@link ContextKey#EXISTING_OBJECT_TAG}). Time keys are
 * supplied by the evaluator from its {@code now} argument.
 */
@FunctionalInterface
public interface Facts {
    /** @return the values, or null when the request lacks the key; {@code arg} is the tag key for EXISTING_OBJECT_TAG */
    List<String> values(ContextKey key, String arg);

    Facts NONE = (k, a) -> null;
}
