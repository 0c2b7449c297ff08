package io.cosd.e2e;

/**
 * A {@code /-/metrics} answer without its {@code node} label (docs/scale-out.md "Operations"), for
 * the tests that look for one series by its own labels; {@code OpsEndpointsTest} checks the label.
 */
final class MetricsText {
    private MetricsText() {}

    static String withoutNode(String text) {
        return text.replaceAll("\\{node=\"[0-9a-f]{16}\"}", "").replaceAll("\\{node=\"[0-9a-f]{16}\",", "{");
    }
}
