package io.cosd.api.ops;

import io.cosd.api.dialect.Addressing;
import io.cosd.api.route.Operation;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header decision of docs/console.md "One origin for the console" (docs/security.md
 * CON-O2..CON-O4), as a table over the request's host, operation and status.
 */
class ConsoleOriginTest {
    private static final Addressing ADDRESSING = new Addressing(Set.of("cos.local.test"));
    private static final Addressing.Target CONSOLE_HOST = ADDRESSING.resolve("/b-1250000000/page.html", "127.0.0.1:9000");
    private static final Addressing.Target COS_BUCKET_HOST =
            ADDRESSING.resolve("/page.html", "b-1250000000.cos.ap-guangzhou.myqcloud.com");
    private static final Addressing.Target SUFFIX_BUCKET_HOST = ADDRESSING.resolve("/page.html", "b-1250000000.cos.local.test:9000");

    @Test
    void everyPathStyleAnswerOnTheConsolesHostIsSandboxedWhateverTheOperationOrStatus_CON_O2() {
        assertThat(CONSOLE_HOST.virtualHosted()).isFalse();
        for (Operation op : new Operation[] {Operation.GET_OBJECT, Operation.HEAD_OBJECT, Operation.LIST_OBJECTS,
                Operation.POST_OBJECT, Operation.HEALTH, Operation.OPTIONS_OBJECT}) {
            for (int status : new int[] {200, 206, 304, 403, 404, 412}) {
                assertThat(ConsoleOrigin.sandboxes(true, CONSOLE_HOST, op, status)).as("%s %d", op, status).isTrue();
            }
        }
    }

    @Test
    void aRequestThatFailedBeforeItsHostOrRouteWasKnownIsSandboxed_CON_O2() {
        assertThat(ConsoleOrigin.sandboxes(true, null, null, 400)).isTrue();
        assertThat(ConsoleOrigin.sandboxes(true, CONSOLE_HOST, null, 400)).isTrue();
    }

    @Test
    void theConsolesOwnFilesKeepTheirOwnPolicyAndOnlyAConsolePathsErrorIsSandboxed_CON_O2() {
        // a second policy would be enforced too and stop the console's own scripts
        for (int status : new int[] {200, 301, 304}) {
            assertThat(ConsoleOrigin.sandboxes(true, CONSOLE_HOST, Operation.CONSOLE, status)).as("%d", status).isFalse();
        }
        assertThat(ConsoleOrigin.sandboxes(true, CONSOLE_HOST, Operation.CONSOLE, 404)).isTrue();
        assertThat(ConsoleOrigin.sandboxes(true, CONSOLE_HOST, Operation.CONSOLE, 400)).isTrue();
    }

    @Test
    void virtualHostedAnswersKeepPlainS3BehaviourOnCosAndSuffixBucketHosts_CON_O3() {
        assertThat(COS_BUCKET_HOST.virtualHosted()).isTrue();
        assertThat(SUFFIX_BUCKET_HOST.virtualHosted()).isTrue();
        for (var target : new Addressing.Target[] {COS_BUCKET_HOST, SUFFIX_BUCKET_HOST}) {
            assertThat(ConsoleOrigin.sandboxes(true, target, Operation.GET_OBJECT, 200)).isFalse();
            assertThat(ConsoleOrigin.sandboxes(true, target, Operation.GET_OBJECT, 404)).isFalse();
        }
    }

    @Test
    void withTheConsoleOffNothingIsAdded_CON_O4() {
        for (var target : new Addressing.Target[] {CONSOLE_HOST, COS_BUCKET_HOST, null}) {
            assertThat(ConsoleOrigin.sandboxes(false, target, Operation.GET_OBJECT, 200)).isFalse();
            assertThat(ConsoleOrigin.sandboxes(false, target, null, 400)).isFalse();
        }
    }

    @Test
    void theSandboxAllowsNothingAndTheTypeIsNeverSniffed_CON_O2() {
        // no allow-* token: no script, no form, no popup, no top navigation, and an opaque origin
        assertThat(ConsoleOrigin.SANDBOX).containsExactly(
                Map.entry("Content-Security-Policy", "sandbox"),
                Map.entry("X-Content-Type-Options", "nosniff"));
    }
}
