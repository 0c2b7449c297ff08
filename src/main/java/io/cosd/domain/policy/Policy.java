package io.cosd.domain.policy;

import java.util.List;

/**
 * A bucket policy compiled for evaluation: parsed and validated once per change (by
 * {@code api.policy.PolicyParser}), never per request.
 *
 * @param version the document's version string ({@code 2.0}, {@code 2012-10-17} or {@code 2008-10-17})
 */
public record Policy(String version, List<Statement> statements) {
    public int size() { return statements.size(); }
}
