package io.cosd.app;

import io.cosd.api.auth.HeaderView;
import io.cosd.api.http.BodyStream;
import io.cosd.api.http.Exchange;
import io.cosd.api.http.Response;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A request on the event loop never waits for start-up: it is given back to run on a virtual thread. */
class DeferredApiTest {
    private static Exchange exchange(boolean onLoop) {
        return new Exchange() {
            public String method() { return "GET"; }
            public String uri() { return "/b/k"; }
            public HeaderView headers() { return HeaderView.of(List.of(Map.entry("Host", "h"))); }
            public InetSocketAddress remote() { return new InetSocketAddress("127.0.0.1", 1); }
            public BodyStream body() { return null; }
            public long contentLength() { return -1; }
            public boolean chunked() { return false; }
            public void respond(Response response) {}
            public boolean onEventLoop() { return onLoop; }
        };
    }

    @Test
    void anEventLoopRequestBeforeTheServerIsReadyIsGivenBackAndOneAfterIsHandled() {
        DeferredApi api = new DeferredApi();
        assertThatThrownBy(() -> api.accept(exchange(true))).isInstanceOf(Exchange.OffLoop.class);
        List<Exchange> handled = new ArrayList<>();
        api.ready(handled::add);
        Exchange ex = exchange(true);
        api.accept(ex);
        assertThat(handled).containsExactly(ex);
    }
}
