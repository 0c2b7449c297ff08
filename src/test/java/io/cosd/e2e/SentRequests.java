package io.cosd.e2e;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The requests an AWS SDK client put on the wire, as it signed them: a test asserts what the SDK really
 * sends (the payload hash, a trailer, a checksum header), not what it was asked to send.
 */
final class SentRequests implements ExecutionInterceptor {
    private final List<SdkHttpRequest> sent = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
        sent.add(c.httpRequest());
    }

    /** How many requests were sent. */
    int count() { return sent.size(); }

    /** The headers of the last request of {@code method} (e.g. PUT). */
    Map<String, List<String>> last(String method) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).method().name().equals(method)) return sent.get(i).headers();
        }
        throw new AssertionError("no " + method + " was sent");
    }
}
