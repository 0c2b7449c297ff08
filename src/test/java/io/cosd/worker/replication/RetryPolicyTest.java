package io.cosd.worker.replication;

import io.cosd.worker.replication.RetryPolicy.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What replication retries and after how long (docs/replication.md REP-S4), as tables. */
class RetryPolicyTest {
    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "200 | DELIVERED", "201 | DELIVERED", "204 | DELIVERED", "206 | DELIVERED",
            // the destination is overloaded, restarting or slow: try again later
            "500 | RETRY", "501 | RETRY", "502 | RETRY", "503 | RETRY", "504 | RETRY", "599 | RETRY",
            "408 | RETRY", "429 | RETRY",
            // a refusal that sending again would not change
            "400 | FAIL", "401 | FAIL", "403 | FAIL", "404 | FAIL", "405 | FAIL", "409 | FAIL", "411 | FAIL",
            "412 | FAIL", "413 | FAIL",
            // neither success nor a retryable error: not delivered, and not retried
            "100 | FAIL", "301 | FAIL", "304 | FAIL", "307 | FAIL",
    })
    void aReplyStatusIsDeliveredTransientOrPermanent_REP_S4(int status, Verdict verdict) {
        assertThat(RetryPolicy.classify(status)).isEqualTo(verdict);
        var reply = new RegionClient.Reply(status, "");
        assertThat(reply.ok()).isEqualTo(verdict == Verdict.DELIVERED);
        assertThat(reply.transientFailure()).isEqualTo(verdict == Verdict.RETRY);
    }

    @ParameterizedTest(name = "{0} -> RETRY")
    @ValueSource(classes = {ConnectException.class, SocketTimeoutException.class,
            UnknownHostException.class, SocketException.class, SSLHandshakeException.class,
            EOFException.class, org.apache.hc.core5.http.NoHttpResponseException.class,
            HttpTimeoutException.class, IOException.class})
    void everyIoErrorIsTransient_REP_S4(Class<? extends IOException> type) throws Exception {
        IOException e = type.getConstructor(String.class).newInstance("boom");
        assertThat(RetryPolicy.classify(e)).isEqualTo(Verdict.RETRY);
    }

    /** Jitter 0 is the shortest wait, "1" (the largest double below 1) the longest. */
    @ParameterizedTest(name = "attempts {0}, jitter {1} -> {2} ms")
    @CsvSource(delimiter = '|', value = {
            "0    | 0   | 250",
            "0    | 0.5 | 375",
            "0    | 1   | 500",
            "1    | 0   | 500",
            "1    | 1   | 1000",
            "2    | 0   | 1000",
            "2    | 1   | 2000",
            "3    | 1   | 4000",
            "4    | 0   | 4000",
            "4    | 1   | 8000",
            // capped at 10 s from the sixth attempt on, however long the destination stays down
            "5    | 0   | 5000",
            "5    | 1   | 10000",
            "20   | 1   | 10000",
            "21   | 0   | 5000",
            "1000 | 1   | 10000",
            "2147483647 | 1 | 10000",
    })
    void theRetryDelayDoublesFromHalfASecondToTenSecondsWithJitterInItsUpperHalf_REP_S4(int attempts, double jitter, long millis) {
        double j = jitter == 1 ? Math.nextDown(1.0) : jitter;
        assertThat(RetryPolicy.delay(attempts, j).toMillis()).isEqualTo(millis);
    }

    /** The bounds of the formula the worker computed inline before (base << attempts, cap, nextLong jitter). */
    @Test
    void theDelaysSpanExactlyWhatTheInlineFormulaDrewFrom() {
        for (int attempts = 0; attempts <= 40; attempts++) {
            long delay = Math.min(10_000L, 500L << Math.min(attempts, 20));
            long lowest = delay / 2, highest = delay / 2 + delay / 2; // nextLong(delay / 2 + 1) is 0..delay/2
            assertThat(RetryPolicy.delay(attempts, 0).toMillis()).as("attempts %d", attempts).isEqualTo(lowest);
            assertThat(RetryPolicy.delay(attempts, Math.nextDown(1.0)).toMillis()).as("attempts %d", attempts).isEqualTo(highest);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
    void aJitterOutsideZeroToOneIsAProgrammingError(double jitter) {
        assertThatThrownBy(() -> RetryPolicy.delay(0, jitter)).isInstanceOf(IllegalArgumentException.class);
    }
}
